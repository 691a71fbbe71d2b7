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
	return a->unsubscribed_at == 0;
}

/* Columns: id, email, confirm_mailed_at, confirmed_at, unsubscribed_at
 * (0 for NULL). */
static void read_address(sqlite3_stmt *st, void *out)
{
	struct store_mail_address *a = out;
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->email = store_col_text(st, 1);
	a->confirm_mailed_at = sqlite3_column_int64(st, 2);
	a->confirmed_at = sqlite3_column_int64(st, 3);
	a->unsubscribed_at = sqlite3_column_int64(st, 4);
}

/* The upsert returns the row, new or old. */
static int address_upsert(struct store *s, enum stmt stmt, const char *email,
			  struct store_mail_address *a, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(email) };
	const struct store_one q = STORE_ONE(stmt, "save mail address", p);
	int found = store_row(s, &q, read_address, a, err);
	if (found == 0 && err)
		buf_adds(err, "save mail address: no row");
	return found == 1 ? 0 : -1;
}

int store_mail_suppressed(struct store *s, const char *email, const unsigned char *hash,
			  struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(email), PARAM_BLOB(hash, MAIL_HASH_BYTES) };
	const struct store_one q = STORE_ONE(STMT_MAIL_SUPPRESSED, "read suppressed mail", p);
	int64_t v = 0;
	return store_row(s, &q, store_read_int, &v, err) < 0 ? -1 : v != 0;
}

struct subscribe {
	int64_t comment_id, now;
	const char *email;
	const unsigned char *hash;
	int done;
};

static int subscribe_run(struct store *s, void *arg, struct buf *err)
{
	struct subscribe *a = arg;
	int suppressed = store_mail_suppressed(s, a->email, a->hash, err);
	if (suppressed != 0)
		return suppressed < 0 ? -1 : 0;
	struct store_mail_address addr;
	if (address_upsert(s, STMT_MAIL_ADDRESS_UPSERT, a->email, &addr, err) < 0)
		return -1;
	const struct store_param p[] = { PARAM_INT(a->comment_id), PARAM_INT(addr.id),
					 PARAM_INT(a->now) };
	struct store_one sub = STORE_ONE(STMT_MAIL_SUBSCRIBE, "save subscription", p);
	int rc = store_step_one(s, &sub, err);
	store_mail_address_free(&addr);
	a->done = rc == 0;
	return rc;
}

int store_mail_subscribe(struct store *s, int64_t comment_id, const char *email,
			 const unsigned char *hash, int64_t now, struct buf *err)
{
	struct subscribe a = { comment_id, now, email, hash, 0 };
	return store_write(s, subscribe_run, &a, err) < 0 ? -1 : a.done;
}

struct due {
	int64_t address_id, mailed_at;
};

static void read_due(sqlite3_stmt *st, void *out)
{
	struct due *d = out;
	d->address_id = sqlite3_column_int64(st, 0);
	d->mailed_at = sqlite3_column_int64(st, 1);
}

int store_mail_confirm_due(struct store *s, int64_t comment_id, int64_t now,
			   int64_t *address_id, int64_t *run_after, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(comment_id) };
	const struct store_one q = STORE_ONE(STMT_MAIL_CONFIRM_DUE, "read subscription", p);
	struct due d = { 0, 0 };
	int found = store_row(s, &q, read_due, &d, err);
	*address_id = d.address_id;
	*run_after = d.mailed_at && d.mailed_at + MAIL_CONFIRM_EVERY_S > now
			     ? d.mailed_at + MAIL_CONFIRM_EVERY_S : now;
	return found;
}

static void read_awaiting(sqlite3_stmt *st, void *arg)
{
	struct store_mail_awaiting_list *l = arg;
	if (l->n >= MAIL_CONFIRM_LIST)
		return;
	struct store_mail_awaiting *w = &l->v[l->n++];
	w->comment_id = sqlite3_column_int64(st, 0);
	w->created_at = sqlite3_column_int64(st, 1);
	w->page = store_col_text(st, 2);
	w->body_md = store_col_text(st, 3);
}

struct confirm_begin {
	int64_t address_id, now;
	struct store_mail_awaiting_list *out;
};

static int confirm_begin_run(struct store *s, void *arg, struct buf *err)
{
	struct confirm_begin *a = arg;
	const struct store_param p[] = { PARAM_INT(a->address_id), PARAM_INT(MAIL_CONFIRM_LIST) };
	const struct store_one q = STORE_ONE(STMT_MAIL_AWAITING, "read subscriptions", p);
	if (store_rows(s, &q, read_awaiting, a->out, err) < 0)
		return -1;
	const struct store_param m[] = { PARAM_INT(a->address_id), PARAM_INT(a->now) };
	struct store_one mark = STORE_ONE(STMT_MAIL_CONFIRM_MAILED, "save confirmation", m);
	return a->out->n ? store_step_one(s, &mark, err) : 0;
}

int store_mail_confirm_begin(struct store *s, int64_t address_id, int64_t now,
			     struct store_mail_awaiting_list *out, struct buf *err)
{
	memset(out, 0, sizeof *out);
	struct confirm_begin a = { address_id, now, out };
	int rc = store_write(s, confirm_begin_run, &a, err);
	if (rc < 0)
		store_mail_awaiting_free(out);
	return rc;
}

void store_mail_awaiting_free(struct store_mail_awaiting_list *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->v[i].page);
		free(l->v[i].body_md);
	}
	l->n = 0;
}

struct address_of {
	const char *email;
	struct store_mail_address *out;
};

static int address_of_run(struct store *s, void *arg, struct buf *err)
{
	struct address_of *a = arg;
	return address_upsert(s, STMT_MAIL_DIGEST_ADDRESS_UPSERT, a->email, a->out, err);
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

struct confirm {
	int64_t id, upto, now;
	int64_t *confirmed;
	int known;
};

/* Only an address still taking mail confirms anything: an old link does
 * not undo an unsubscribe. */
static int confirm_run(struct store *s, void *arg, struct buf *err)
{
	struct confirm *a = arg;
	const struct store_param p[] = { PARAM_INT(a->id), PARAM_INT(a->upto), PARAM_INT(a->now) };
	const struct store_param q[] = { PARAM_INT(a->id), PARAM_INT(a->now) };
	struct store_one addr = STORE_ONE(STMT_MAIL_CONFIRM_ADDRESS, "confirm mail address", q);
	struct store_one subs = STORE_ONE(STMT_MAIL_CONFIRM, "confirm mail address", p);
	if (store_step_one(s, &addr, err) < 0)
		return -1;
	a->known = addr.changes > 0;
	if (a->known && store_step_one(s, &subs, err) < 0)
		return -1;
	*a->confirmed = a->known ? subs.changes : 0;
	return 0;
}

int store_mail_confirm(struct store *s, int64_t id, int64_t upto, int64_t now,
		       int64_t *confirmed, struct buf *err)
{
	struct confirm a = { id, upto, now, confirmed, 0 };
	*confirmed = 0;
	return store_write(s, confirm_run, &a, err) < 0 ? -1 : a.known;
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
	int done;
};

/* Nothing more to the address: its subscriptions go, and the row stays
 * to say so to any later comment giving it. */
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
	struct by_address a = { id, now, 0 };
	return store_write(s, unsubscribe_all_run, &a, err) < 0 ? -1 : a.done;
}

struct forget {
	int64_t id, now;
	const unsigned char *hash;
	int64_t *comments;
	int done;
};

static int forget_run(struct store *s, void *arg, struct buf *err)
{
	struct forget *a = arg;
	const struct store_param p[] = { PARAM_INT(a->id) };
	const struct store_param h[] = { PARAM_BLOB(a->hash, MAIL_HASH_BYTES), PARAM_INT(a->now) };
	struct store_one comments = STORE_ONE(STMT_MAIL_FORGET_COMMENTS, "forget mail address", p);
	struct store_one row = STORE_ONE(STMT_MAIL_ADDRESS_DELETE, "forget mail address", p);
	struct store_one keep = STORE_ONE(STMT_MAIL_SUPPRESS, "forget mail address", h);
	if (store_step_one(s, &comments, err) < 0 || store_step_one(s, &row, err) < 0)
		return -1;
	*a->comments = comments.changes;
	a->done = row.changes > 0;
	return a->done ? store_step_one(s, &keep, err) : 0;
}

int store_mail_forget(struct store *s, int64_t id, const unsigned char *hash, int64_t now,
		      int64_t *comments, struct buf *err)
{
	struct forget a = { id, now, hash, comments, 0 };
	*comments = 0;
	return store_write(s, forget_run, &a, err) < 0 ? -1 : a.done;
}

struct purge {
	int64_t now;
	int64_t *gone;
};

static int purge_run(struct store *s, void *arg, struct buf *err)
{
	struct purge *a = arg;
	const struct store_param p[] = { PARAM_INT(a->now - MAIL_OPT_IN_LAPSE_S) };
	struct store_one subs = STORE_ONE(STMT_MAIL_PURGE_SUBSCRIPTIONS, "purge mail", p);
	struct store_one rows = STORE_ONE(STMT_MAIL_PURGE_ADDRESSES, "purge mail", p);
	if (store_step_one(s, &subs, err) < 0 || store_step_one(s, &rows, err) < 0)
		return -1;
	*a->gone = subs.changes + rows.changes;
	return 0;
}

int store_mail_purge(struct store *s, int64_t now, int64_t *gone, struct buf *err)
{
	struct purge a = { now, gone };
	*gone = 0;
	return store_write(s, purge_run, &a, err);
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
