/* submissions.h: the contribution routes' handlers (the form, the status
 * link, the maintainers' review), and the page a plain form's refusal gets. */
#ifndef NEWSDESK_SUBMISSIONS_H
#define NEWSDESK_SUBMISSIONS_H

#include "core/app.h"
#include "http/errors.h"
#include "http/fields.h"

int handle_draft(struct req *r, struct resp *rs);
int handle_preview(struct req *r, struct resp *rs);
int handle_submission_create(struct req *r, struct resp *rs);
int handle_submission_get(struct req *r, struct resp *rs);
int handle_submission_withdraw(struct req *r, struct resp *rs);
int handle_status_page(struct req *r, struct resp *rs);
int handle_submit_page(struct req *r, struct resp *rs);
int handle_admin_list(struct req *r, struct resp *rs);
int handle_admin_diff(struct req *r, struct resp *rs);
int handle_admin_edit(struct req *r, struct resp *rs);
int handle_admin_approve(struct req *r, struct resp *rs);
int handle_admin_reject(struct req *r, struct resp *rs);
int handle_admin_checks(struct req *r, struct resp *rs);
int handle_admin_request_changes(struct req *r, struct resp *rs);
int handle_submission_revise(struct req *r, struct resp *rs);
int handle_my_submissions(struct req *r, struct resp *rs);

/* What they read (fields.h). */
extern const struct input_spec preview_input, submission_input;
extern const struct input_spec admin_list_input, submission_edit_input, admin_reject_input;
extern const struct input_spec request_changes_input;

/* A submission's review steps, oldest first, as JSON (review_steps.c). */
json_t *submission_history(struct app *app, int64_t id);

/* Queues the checks before approval for submission id (admin_submissions.c). */
void checks_queue(struct app *app, int64_t id);

/* The route's refusal_page: the contribution form's answer. */
void submission_refusal_page(struct req *r, struct resp *rs, const struct err_def *e,
			  const char *field, const char *message, const char *back);

#endif
