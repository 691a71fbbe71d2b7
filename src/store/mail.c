/* mail.c: addresses, subscriptions and sent mails (see mail.h) */
#include "store/store_internal.h"
#include "store/mail.h"

#include <stdlib.h>
#include <string.h>

void store_mail_address_free(struct store_mail_address *a)
{
	free(a->email);
	a->email = NULL;
}

bool store_mail_address_active(const struct store_mail_address *a)
{
	return a->confirmed_at > 0 && a->unsubscribed_at == 0;
}

/* Columns: id, email, confirm_queued_at, confirmed_at, unsubscribed_at
 * (0 for NULL). */
static void read_address(sqlite3_stmt *st, void *out)
{
	struct store_mail_address *a = out;
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->email = store_col_text(st, 1);
	a->confirm_queued_at = sqlite3_column_int64(st, 2);
	a->confirmed_at = sqlite3_column_int64(st, 3);
	a->unsubscribed_at = sqlite3_column_int64(st, 4);
}

/* The upsert returns the row, new or old. */
static int address_upsert(struct store *s, const char *email, struct store_mail_address *a,
			  struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(email) };
	const struct store_one q = STORE_ONE(STMT_MAIL_ADDRESS_UPSERT, "save mail address", p);
	int found = store_row(s, &q, read_address, a, err);
	if (found == 0 && err)
		buf_adds(err, "save mail address: no row");
	return found == 1 ? 0 : -1;
}

struct subscribe {
	int64_t comment_id, now;
	const char *email;
	int64_t *confirm;
};

static int subscribe_run(struct store *s, void *arg, struct buf *err)
{
	struct subscribe *a = arg;
	struct store_mail_address addr;
	*a->confirm = 0;
	if (address_upsert(s, a->email, &addr, err) < 0)
		return -1;
	const struct store_param p[] = { PARAM_INT(a->comment_id), PARAM_INT(addr.id) };
	struct store_one sub = STORE_ONE(STMT_MAIL_SUBSCRIBE, "save subscription", p);
	int rc = store_step_one(s, &sub, err);
	bool due = !store_mail_address_active(&addr) &&
		   (!addr.confirm_queued_at || a->now - addr.confirm_queued_at >= MAIL_CONFIRM_EVERY_S);
	if (rc == 0 && due) {
		const struct store_param q[] = { PARAM_INT(addr.id), PARAM_INT(a->now) };
		struct store_one mark = STORE_ONE(STMT_MAIL_CONFIRM_QUEUED, "save subscription", q);
		rc = store_step_one(s, &mark, err);
		if (rc == 0)
			*a->confirm = addr.id;
	}
	store_mail_address_free(&addr);
	return rc;
}

int store_mail_subscribe(struct store *s, int64_t comment_id, const char *email, int64_t now,
			 int64_t *confirm, struct buf *err)
{
	struct subscribe a = { comment_id, now, email, confirm };
	return store_write(s, subscribe_run, &a, err);
}

struct address_of {
	const char *email;
	struct store_mail_address *out;
};

static int address_of_run(struct store *s, void *arg, struct buf *err)
{
	struct address_of *a = arg;
	return address_upsert(s, a->email, a->out, err);
}

int store_mail_address_of(struct store *s, const char *email, struct store_mail_address *out,
			  struct buf *err)
{
	struct address_of a = { email, out };
	return store_write(s, address_of_run, &a, err);
}

int store_mail_address_get(struct store *s, int64_t id, struct store_mail_address *out,
			   struct buf *err)
{
	return store_row_by_id(s, STMT_MAIL_ADDRESS_GET, "read mail address", id, read_address,
			       out, err);
}

int store_mail_subscription_of(struct store *s, int64_t comment_id, int64_t *address_id,
			       struct buf *err)
{
	*address_id = 0;
	return store_row_by_id(s, STMT_MAIL_SUBSCRIPTION_OF, "read subscription", comment_id,
			       store_read_int, address_id, err);
}

/* One statement as a write: 1 when it changed a row, 0 when none. */
static int changed(struct store *s, struct store_one *one, struct buf *err)
{
	return store_write_one(s, one, err) < 0 ? -1 : one->changes > 0;
}

int store_mail_confirm(struct store *s, int64_t id, int64_t now, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_INT(now) };
	struct store_one one = STORE_ONE(STMT_MAIL_CONFIRM, "confirm mail address", p);
	return changed(s, &one, err);
}

int store_mail_unsubscribe_comment(struct store *s, int64_t address_id, int64_t comment_id,
				   struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(comment_id), PARAM_INT(address_id) };
	struct store_one one = STORE_ONE(STMT_MAIL_UNSUBSCRIBE_COMMENT, "unsubscribe", p);
	return changed(s, &one, err);
}

struct by_address {
	int64_t id, now;
	int64_t *comments;
	int done;
};

/* Nothing more to the address: its subscriptions go, and it is no longer
 * confirmed (a new opt-in asks again). */
static int unsubscribe_all_run(struct store *s, void *arg, struct buf *err)
{
	struct by_address *a = arg;
	const struct store_param p[] = { PARAM_INT(a->id), PARAM_INT(a->now) };
	struct store_one mark = STORE_ONE(STMT_MAIL_UNSUBSCRIBE_ALL, "unsubscribe", p);
	struct store_one subs = { STMT_MAIL_DROP_SUBSCRIPTIONS, "unsubscribe", p, 1, 0, 0 };
	if (store_step_one(s, &mark, err) < 0 || store_step_one(s, &subs, err) < 0)
		return -1;
	a->done = mark.changes > 0;
	return 0;
}

int store_mail_unsubscribe_all(struct store *s, int64_t id, int64_t now, struct buf *err)
{
	struct by_address a = { id, now, NULL, 0 };
	return store_write(s, unsubscribe_all_run, &a, err) < 0 ? -1 : a.done;
}

static int forget_run(struct store *s, void *arg, struct buf *err)
{
	struct by_address *a = arg;
	const struct store_param p[] = { PARAM_INT(a->id) };
	struct store_one comments = STORE_ONE(STMT_MAIL_FORGET_COMMENTS, "forget mail address", p);
	struct store_one row = STORE_ONE(STMT_MAIL_ADDRESS_DELETE, "forget mail address", p);
	if (store_step_one(s, &comments, err) < 0 || store_step_one(s, &row, err) < 0)
		return -1;
	*a->comments = comments.changes;
	a->done = row.changes > 0;
	return 0;
}

int store_mail_forget(struct store *s, int64_t id, int64_t *comments, struct buf *err)
{
	struct by_address a = { id, 0, comments, 0 };
	*comments = 0;
	return store_write(s, forget_run, &a, err) < 0 ? -1 : a.done;
}

int store_mail_was_sent(struct store *s, const char *message_id, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(message_id) };
	const struct store_one q = STORE_ONE(STMT_MAIL_WAS_SENT, "read sent mails", p);
	int64_t v = 0;
	return store_row(s, &q, store_read_int, &v, err) < 0 ? -1 : v != 0;
}

struct sent {
	const char *message_id;
	int64_t job_id, now;
};

static int sent_run(struct store *s, void *arg, struct buf *err)
{
	struct sent *a = arg;
	const struct store_param p[] = { PARAM_TEXT(a->message_id), PARAM_INT(a->now) };
	struct store_one row = STORE_ONE(STMT_MAIL_SENT, "record sent mail", p);
	if (store_step_one(s, &row, err) < 0)
		return -1;
	if (!a->job_id)
		return 0;
	const struct store_param q[] = { PARAM_INT(a->job_id), PARAM_INT(a->now) };
	struct store_one done = STORE_ONE(STMT_JOB_DONE, "finish job", q);
	return store_step_one(s, &done, err);
}

int store_mail_sent(struct store *s, const char *message_id, int64_t job_id, int64_t now,
		    struct buf *err)
{
	struct sent a = { message_id, job_id, now };
	return store_write(s, sent_run, &a, err);
}
