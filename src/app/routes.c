/* routes.c: the service's route table.  The router enforces each row's
 * method, body cap and auth flags, and reads its declared input, before a
 * handler runs. */
#include "app/app_handlers.h"
#include "core/app.h"
#include "core/cors.h"
#include "core/page_shell.h"
#include "http/fields.h"
#include "features/accounts/accounts.h"
#include "features/comments/comments.h"
#include "features/harvest/harvest.h"
#include "features/mail/mail.h"
#include "features/pulls/pulls.h"
#include "features/submissions/submissions.h"

const struct route app_routes[] = {
	ROUTE("GET", "/healthz", handle_healthz, 0, 0, .input = &input_none),
	ROUTE("GET", "/metrics", handle_metrics, 0, 0, .input = &input_none),
	/* push events for one branch are small; a refused one is covered by the
	 * periodic refresh (github.refresh_seconds).  Its bytes are signed: read
	 * as sent, checked, then parsed by the handler. */
	ROUTE("POST", "/webhooks/github", handle_github_webhook, 0, 256u << 10,
	      .input = &input_raw),
	ROUTE("GET", "/api/v1/draft", handle_draft, 0, 0, .input = &input_none),
	ROUTE("POST", "/api/v1/preview", handle_preview, ROUTE_EMBEDDABLE, 128u << 10,
	      .input = &preview_input),
	ROUTE("OPTIONS", "/api/v1/preview", handle_cors_preflight, ROUTE_EMBEDDABLE, 0,
	      .input = &input_none),
	ROUTE("POST", "/api/v1/submissions", handle_submission_create, 0, 512u << 10,
	      .input = &submission_input, .refusal_page = submission_refusal_page),
	ROUTE("GET", "/api/v1/submissions/{token}", handle_submission_get, 0, 0,
	      .input = &input_none),
	ROUTE("PATCH", "/api/v1/submissions/{token}", handle_submission_revise, 0, 512u << 10,
	      .input = &submission_edit_input),
	ROUTE("DELETE", "/api/v1/submissions/{token}", handle_submission_withdraw, 0, 0,
	      .input = &input_none),
	ROUTE("GET", "/s/{token}", handle_status_page, ROUTE_PAGE, 0, .input = &input_none,
	      .refusal_page = page_refusal),
	ROUTE("GET", "/submit", handle_submit_page, 0, 0, .input = &input_none),
	ROUTE("GET", "/auth/github/login", handle_github_login, ROUTE_PAGE, 0,
	      .input = &github_login_input, .refusal_page = signin_refusal_page),
	ROUTE("GET", "/auth/github/callback", handle_github_callback, ROUTE_PAGE, 0,
	      .input = &github_callback_input, .refusal_page = signin_refusal_page),
	ROUTE("POST", "/auth/github/logout", handle_github_logout, 0, 1024, .input = &input_none),
	ROUTE("GET", "/api/v1/me", handle_me, 0, 0, .input = &input_none),
	ROUTE("GET", "/api/v1/me/submissions", handle_my_submissions, 0, 0, .input = &input_none),
	ROUTE("POST", "/api/v1/admin/login", handle_admin_login, 0, 8u << 10,
	      .input = &admin_login_input),
	ROUTE("GET", "/api/v1/admin/session", handle_admin_session, ROUTE_ADMIN, 0,
	      .input = &input_none),
	ROUTE("POST", "/api/v1/admin/logout", handle_admin_logout, ROUTE_ADMIN | ROUTE_CSRF, 1024,
	      .input = &input_none),
	ROUTE("GET", "/api/v1/admin/submissions", handle_admin_list, ROUTE_ADMIN, 0,
	      .input = &admin_list_input),
	ROUTE("GET", "/api/v1/admin/submissions/{id}/diff", handle_admin_diff, ROUTE_ADMIN, 0,
	      .input = &input_none),
	ROUTE("PATCH", "/api/v1/admin/submissions/{id}", handle_admin_edit,
	      ROUTE_ADMIN | ROUTE_CSRF, 512u << 10, .input = &submission_edit_input),
	ROUTE("POST", "/api/v1/admin/submissions/{id}/approve", handle_admin_approve,
	      ROUTE_ADMIN | ROUTE_CSRF, 1024, .input = &input_none),
	ROUTE("POST", "/api/v1/admin/submissions/{id}/checks", handle_admin_checks,
	      ROUTE_ADMIN | ROUTE_CSRF, 1024, .input = &input_none),
	ROUTE("POST", "/api/v1/admin/submissions/{id}/request-changes",
	      handle_admin_request_changes, ROUTE_ADMIN | ROUTE_CSRF, 8u << 10,
	      .input = &request_changes_input),
	ROUTE("POST", "/api/v1/admin/submissions/{id}/reject", handle_admin_reject,
	      ROUTE_ADMIN | ROUTE_CSRF, 8u << 10, .input = &admin_reject_input),
	ROUTE("POST", "/api/v1/admin/harvest", handle_admin_harvest, ROUTE_ADMIN | ROUTE_CSRF, 1024,
	      .input = &harvest_queue_input),
	ROUTE("GET", "/api/v1/admin/harvest", handle_admin_harvest_report, ROUTE_ADMIN, 0,
	      .input = &harvest_report_input),
	ROUTE("GET", "/api/v1/comments", handle_comments_list, ROUTE_EMBEDDABLE, 0,
	      .input = &comment_page_input),
	/* comments.max_length may be 100000 characters of up to 4 bytes */
	ROUTE("POST", "/api/v1/comments", handle_comment_create, ROUTE_EMBEDDABLE, 128u << 10,
	      .input = &comment_input_spec, .refusal_page = comment_refusal_page,
	      .error_field = "comment"),
	ROUTE("OPTIONS", "/api/v1/comments", handle_cors_preflight, ROUTE_EMBEDDABLE, 0,
	      .input = &input_none),
	ROUTE("GET", "/api/v1/comments/counts", handle_comments_counts, ROUTE_EMBEDDABLE, 0,
	      .input = &comment_counts_input),
	ROUTE("GET", "/api/v1/comments/form-token", handle_comments_form_token,
	      ROUTE_EMBEDDABLE, 0, .input = &input_none),
	ROUTE("PATCH", "/api/v1/comments/{id}", handle_comment_edit, ROUTE_EMBEDDABLE, 128u << 10,
	      .authorize = comment_owner, .input = &comment_edit_input),
	ROUTE("GET", "/api/v1/comments/{id}", handle_comment_own, ROUTE_EMBEDDABLE, 0,
	      .authorize = comment_owner, .input = &input_none),
	ROUTE("DELETE", "/api/v1/comments/{id}", handle_comment_delete, ROUTE_EMBEDDABLE, 0,
	      .authorize = comment_owner, .input = &input_none),
	ROUTE("OPTIONS", "/api/v1/comments/{id}", handle_cors_preflight, ROUTE_EMBEDDABLE, 0,
	      .input = &input_none),
	ROUTE("GET", "/comments", handle_comments_thread_page, ROUTE_EMBEDDABLE | ROUTE_PAGE, 0,
	      .input = &comment_thread_input, .refusal_page = comment_refusal_page),
	ROUTE("GET", "/feeds/comments.atom", handle_comments_feed, ROUTE_EMBEDDABLE, 0,
	      .input = &comment_page_input),
	ROUTE("GET", "/embed.js", handle_static, ROUTE_EMBEDDABLE, 0, .input = &input_none),
	ROUTE("GET", "/embed.css", handle_static, ROUTE_EMBEDDABLE, 0, .input = &input_none),
	ROUTE("GET", "/api/v1/widget", handle_widget_version, 0, 0, .input = &input_none),
	ROUTE("GET", "/api/v1/admin/comments", handle_admin_comments_list, ROUTE_ADMIN, 0,
	      .input = &admin_comments_input),
	ROUTE("GET", "/api/v1/admin/imports", handle_admin_imports, ROUTE_ADMIN, 0,
	      .input = &input_none),
	ROUTE("GET", "/api/v1/admin/month", handle_admin_month, ROUTE_ADMIN, 0,
	      .input = &input_none),
	ROUTE("POST", "/api/v1/admin/comments/bulk", handle_admin_comments_bulk,
	      ROUTE_ADMIN | ROUTE_CSRF, 64u << 10, .input = &admin_bulk_input),
	ROUTE("POST", "/api/v1/admin/comments/{id}/{action}", handle_admin_comment_moderate,
	      ROUTE_ADMIN | ROUTE_CSRF, 1024, .input = &input_none),
	ROUTE("DELETE", "/api/v1/admin/comments/{id}", handle_admin_comment_delete,
	      ROUTE_ADMIN | ROUTE_CSRF, 0, .input = &input_none),
	/* the links in mails (features/mail/), the token in the path: a GET
	 * shows buttons, a POST acts (RFC 8058's one-click POST included) */
	ROUTE("GET", "/mail/confirm/{token}", handle_mail_confirm_page, ROUTE_PAGE, 0,
	      .input = &input_none, .refusal_page = page_refusal),
	ROUTE("POST", "/mail/confirm/{token}", handle_mail_confirm, ROUTE_PAGE, 4096,
	      .input = &input_none, .refusal_page = page_refusal),
	ROUTE("GET", "/mail/unsubscribe/{token}", handle_mail_unsubscribe_page, ROUTE_PAGE, 0,
	      .input = &input_none, .refusal_page = page_refusal),
	ROUTE("POST", "/mail/unsubscribe/{token}", handle_mail_unsubscribe, ROUTE_PAGE, 4096,
	      .input = &mail_unsubscribe_input, .refusal_page = page_refusal),
	ROUTE("GET", "/*", handle_static, ROUTE_FALLBACK, 0, .input = &input_none),
};

const size_t app_routes_count = sizeof app_routes / sizeof app_routes[0];
