/* mail_pages.c: where the links in mails lead.  A GET only shows a page
 * whose buttons POST: a mail scanner that follows links changes nothing.
 * The one exception is RFC 8058's one-click POST, which a mail client
 * sends itself: the body "List-Unsubscribe=One-Click" and the token in the
 * URL, no cookie, no form token; it unsubscribes the address from
 * everything at once and answers 200. */
#include "features/mail/mail.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/page_shell.h"
#include "markdown/escape.h"
#include "store/mail.h"
#include "util/log.h"

const struct input_spec mail_unsubscribe_input = INPUT(IN_FORM, "action",
	FIELD("action", FT_TEXT, 0, 16),
	FIELD("List-Unsubscribe", FT_TEXT, 0, 64));

/* The ids an unsubscribe link's token names; false after refusing it. */
static bool link_ids(struct req *r, struct resp *rs, int64_t *address_id, int64_t *comment_id)
{
	struct app *app = req_app(r);
	if (unsubscribe_token_check(&app->comment_keys, req_param(r, 0), address_id,
				    comment_id) == 0)
		return true;
	fail(r, rs, ERR_NOT_FOUND, NULL, "this link is not one of ours; copy the whole link from "
					 "the mail");
	return false;
}

/* The same for a confirmation link, which holds a week. */
static bool confirm_ids(struct req *r, struct resp *rs, int64_t *address_id, int64_t *upto)
{
	struct app *app = req_app(r);
	enum confirm_verdict v = confirm_token_check(&app->comment_keys, req_param(r, 0),
						     (int64_t)time(NULL), MAIL_CONFIRM_VALID_S,
						     address_id, upto);
	if (v == CONFIRM_OK)
		return true;
	fail(r, rs, ERR_NOT_FOUND, NULL, v == CONFIRM_EXPIRED
		? "this confirmation link has expired; ask for replies again with your next comment"
		: "this link is not one of ours; copy the whole link from the mail");
	return false;
}

static void gone(struct req *r, struct resp *rs)
{
	fail(r, rs, ERR_NOT_FOUND, NULL, "this address is not known (any more): nothing is sent to "
					 "it");
}

/* A form of one button posting (the action) to path/token. */
static void button(struct buf *b, const char *path, const char *t, const char *action,
		   const char *label)
{
	buf_addf(b, "<form method=\"post\" action=\"%s/", path);
	html_attr(b, t);
	buf_adds(b, "\">");
	if (action)
		buf_addf(b, "<input type=\"hidden\" name=\"action\" value=\"%s\">", action);
	buf_adds(b, "<button type=\"submit\">");
	html_txt(b, label);
	buf_adds(b, "</button></form>\n");
}

static void said(struct resp *rs, const char *title, const char *message)
{
	struct buf b = BUF_INIT;
	page_begin(&b, title);
	buf_adds(&b, "<h1>");
	html_txt(&b, title);
	buf_adds(&b, "</h1><p id=\"mail-done\">");
	html_txt(&b, message);
	buf_adds(&b, "</p>");
	page_end(&b);
	resp_page(rs, HTTP_OK, &b);
}

int handle_mail_confirm_page(struct req *r, struct resp *rs)
{
	int64_t address_id, upto;
	if (!confirm_ids(r, rs, &address_id, &upto))
		return 0;
	struct buf b = BUF_INIT;
	page_begin(&b, "Reply notifications");
	buf_adds(&b, "<h1>Reply notifications</h1><p>Do you want a mail for each reply to the "
		     "comments the mail listed? Every mail has a link to stop them.</p>\n");
	button(&b, "/mail/confirm", req_param(r, 0), NULL, "Yes, confirm my address");
	page_end(&b);
	resp_page(rs, HTTP_OK, &b);
	return 0;
}

int handle_mail_confirm(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	int64_t address_id, upto, n = 0;
	if (!confirm_ids(r, rs, &address_id, &upto))
		return 0;
	struct buf err = BUF_INIT;
	int done = store_mail_confirm(app->store, address_id, upto, (int64_t)time(NULL), &n, &err);
	if (done < 0)
		fail(r, rs, ERR_UNAVAILABLE, NULL, "the address could not be confirmed; try again");
	else if (done == 0)
		gone(r, rs);
	else if (n == 0)
		said(rs, "Already confirmed", "Nothing more to confirm: replies to the comments "
					     "the mail listed are mailed to you.");
	else
		said(rs, "Address confirmed", n == 1 ? "You will get a mail for each reply to your "
						       "comment."
						     : "You will get a mail for each reply to your "
						       "comments.");
	if (done > 0 && n > 0)
		log_info("mail: address %lld confirmed %lld comments", (long long)address_id,
			 (long long)n);
	buf_release(&err);
	return 0;
}

int handle_mail_unsubscribe_page(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	int64_t address_id, comment_id;
	if (!link_ids(r, rs, &address_id, &comment_id))
		return 0;
	struct store_mail_address a;
	struct buf err = BUF_INIT;
	int found = store_mail_address_get(app->store, address_id, &a, &err);
	buf_release(&err);
	if (found <= 0) {
		if (found < 0)
			fail(r, rs, ERR_UNAVAILABLE, NULL, "try again in a moment");
		else
			gone(r, rs);
		return 0;
	}
	store_mail_address_free(&a);
	const char *t = req_param(r, 0);
	struct buf b = BUF_INIT;
	page_begin(&b, "Unsubscribe");
	buf_adds(&b, "<h1>Unsubscribe</h1><p>Choose what stops:</p>\n");
	if (comment_id > 0)
		button(&b, "/mail/unsubscribe", t, "comment", "No more replies to this comment");
	button(&b, "/mail/unsubscribe", t, "all", "No more mail to this address at all");
	button(&b, "/mail/unsubscribe", t, "forget",
	       "Remove my address from all my comments (and send nothing more)");
	page_end(&b);
	resp_page(rs, HTTP_OK, &b);
	return 0;
}

/* The address off every comment, and only its keyed hash kept. */
static int forget(struct app *app, int64_t address_id, int64_t *n, struct buf *err)
{
	struct store_mail_address a;
	int found = store_mail_address_get(app->store, address_id, &a, err);
	if (found <= 0)
		return found;
	unsigned char hash[MAIL_HASH_BYTES];
	mail_address_hash(&app->comment_keys, a.email, hash);
	store_mail_address_free(&a);
	return store_mail_forget(app->store, address_id, hash, (int64_t)time(NULL), n, err);
}

/* 1 done, 0 no such address (or subscription), -1 the store failed;
 * message tells the reader what happened. */
static int unsubscribe(struct app *app, const char *action, int64_t address_id,
		       int64_t comment_id, char *message, size_t cap)
{
	struct buf err = BUF_INIT;
	int64_t n = 0;
	int done;
	if (strcmp(action, "comment") == 0) {
		done = store_mail_unsubscribe_comment(app->store, address_id, comment_id, &err);
		snprintf(message, cap, "No more mail about replies to this comment.");
	} else if (strcmp(action, "forget") == 0) {
		done = forget(app, address_id, &n, &err);
		snprintf(message, cap, "Your address is gone from %lld comment%s, and nothing more "
			 "will be sent to it.", (long long)n, n == 1 ? "" : "s");
	} else {
		done = store_mail_unsubscribe_all(app->store, address_id, (int64_t)time(NULL), &err);
		snprintf(message, cap, "Nothing more will be sent to this address.");
	}
	if (done < 0)
		log_error("mail: unsubscribe: %s", err.p);
	else if (done > 0)
		log_info("mail: address %lld: %s", (long long)address_id, action);
	buf_release(&err);
	return done;
}

int handle_mail_unsubscribe(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	int64_t address_id, comment_id;
	if (!link_ids(r, rs, &address_id, &comment_id))
		return 0;
	const char *one_click = in_text(r, "List-Unsubscribe");
	const char *action = in_text(r, "action");
	bool one = one_click && strcmp(one_click, "One-Click") == 0;
	if (one)
		action = "all";
	if (!action || (strcmp(action, "comment") && strcmp(action, "all") &&
			strcmp(action, "forget"))) {
		fail(r, rs, ERR_INVALID_FIELD, "action", "action must be comment, all or forget");
		return 0;
	}
	if (strcmp(action, "comment") == 0 && comment_id <= 0) {
		/* a confirmation's or a digest's link is about no comment: saying
		 * "this comment" there must not quietly mean everything */
		fail(r, rs, ERR_INVALID_FIELD, "action",
		     "this mail is about no comment: choose all or forget");
		return 0;
	}
	char message[160];
	int done = unsubscribe(app, action, address_id, comment_id, message, sizeof message);
	if (done < 0)
		fail(r, rs, ERR_UNAVAILABLE, NULL, "that did not work; try again in a moment");
	else if (done == 0 && strcmp(action, "comment") != 0 && !one)
		gone(r, rs);
	else
		said(rs, "Unsubscribed", message);
	return 0;
}
