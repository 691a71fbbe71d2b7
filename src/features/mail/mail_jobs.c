/* mail_jobs.c: the mail jobs — what each is about, checked when it runs,
 * then sent once (see mail.h) */
#include "features/mail/mail.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "features/mail/mail_text.h"
#include "jobs/job_env.h"
#include "net/mail_msg.h"
#include "net/smtp.h"
#include "store/comments.h"
#include "store/mail.h"
#include "store/submissions.h"
#include "util/log.h"
#include "util/mail_addr.h"
#include "util/url.h"
#include "util/xalloc.h"

void mail_ctx_init(struct mail_ctx *m, struct store *s, const struct config *cfg,
		   const struct comment_keys *keys)
{
	*m = (struct mail_ctx){ .store = s, .cfg = cfg, .keys = keys };
	/* keyed, so two installations with one domain never share an id */
	unsigned char h[8];
	static const char label[] = "newsdesk message-id";
	crypto_generichash(h, sizeof h, (const unsigned char *)label, sizeof label - 1, keys->key,
			   sizeof keys->key);
	sodium_bin2hex(m->tag, sizeof m->tag, h, sizeof h);
}

/* The relay as [mail] describes it (the password from its variable). */
static void relay_of(const struct config *cfg, struct smtp_relay *r)
{
	static const enum smtp_tls tls[] = { [MAIL_TLS_STARTTLS] = SMTP_STARTTLS,
					     [MAIL_TLS_IMPLICIT] = SMTP_TLS,
					     [MAIL_TLS_NONE] = SMTP_PLAIN };
	*r = (struct smtp_relay){
		.host = cfg->mail.host, .port = (long)cfg->mail.port, .tls = tls[cfg->mail.tls],
		.user = cfg->mail.user, .password = cfg_secret(cfg->mail.password_env),
		.helo = mail_addr_domain(cfg->mail.from),
		.timeout_ms = (long)cfg->mail.timeout_seconds * 1000,
		.ca_file = cfg->mail.ca_file,
	};
}

/* One mail on its way: to whom, under which Message-ID, saying what. */
struct outgoing {
	const char *to;
	char message_id[200];
	struct mail_body body;
	struct buf unsub;
};

static void outgoing_init(struct mail_ctx *m, struct outgoing *o, const char *to,
			  int64_t address_id, int64_t comment_id)
{
	memset(o, 0, sizeof *o);
	o->to = to;
	char t[MAIL_TOKEN_CHARS + 1];
	unsubscribe_token_make(m->keys, address_id, comment_id, t);
	buf_addf(&o->unsub, "%s/mail/unsubscribe/%s", m->cfg->server.public_url, t);
}

static void outgoing_free(struct outgoing *o)
{
	mail_body_free(&o->body);
	buf_release(&o->unsub);
}

/* Sends o unless its Message-ID went already; the relay's acceptance is
 * recorded with the job's end when job_id is given.  0 sent (or sent
 * before), -1 with out set: a retry, or a refusal. */
static int deliver(struct mail_ctx *m, struct outgoing *o, int64_t job_id, int64_t address_id,
		   struct job_outcome *out)
{
	struct buf err = BUF_INIT;
	int sent = store_mail_was_sent(m->store, o->message_id, &err);
	if (sent != 0) {
		if (sent < 0)
			job_fail(out, JOB_RETRY, "%s", err.p);
		buf_release(&err);
		return sent < 0 ? -1 : 0;
	}
	if (!mail_addr_valid(o->to)) {
		job_fail(out, JOB_FAILED, "address %lld cannot take mail", (long long)address_id);
		return -1;
	}
	struct buf msg = BUF_INIT;
	struct mail_msg mm = {
		.from = m->cfg->mail.from, .from_name = m->cfg->mail.from_name, .to = o->to,
		.subject = o->body.subject.p, .message_id = o->message_id,
		.date = (int64_t)time(NULL), .unsubscribe_url = o->unsub.p,
		.text = o->body.text.p, .html = o->body.html.p,
	};
	mail_msg_build(&mm, &msg);
	struct smtp_relay relay;
	relay_of(m->cfg, &relay);
	enum smtp_result r = smtp_send(&relay, m->cfg->mail.from, o->to, msg.p, msg.len, &err);
	buf_release(&msg);
	int rc = 0;
	if (r == SMTP_SENT) {
		buf_reset(&err);
		if (store_mail_sent(m->store, o->message_id, job_id, (int64_t)time(NULL), &err) < 0)
			log_error("mail %s: sent, but not recorded: %s", o->message_id, err.p);
		else
			log_info("mail %s sent to address %lld", o->message_id, (long long)address_id);
	} else {
		/* the address is never logged: its id says which */
		buf_addf(&out->message, "mail to address %lld: %s", (long long)address_id, err.p);
		out->result = r == SMTP_RETRY ? JOB_RETRY : JOB_FAILED;
		rc = -1;
	}
	buf_release(&err);
	return rc;
}

static void message_id(struct mail_ctx *m, struct outgoing *o, const char *what)
{
	snprintf(o->message_id, sizeof o->message_id, "%s.%s@%s", what, m->tag,
		 mail_addr_domain(m->cfg->mail.from));
}

/* One mail listing what it confirms: the published comments whose opt-in
 * awaits confirmation (a comment held, or made after the mail, is not in
 * it and is not confirmed by its link). */
static void run_confirm(struct mail_ctx *m, const struct store_job *job, struct job_outcome *out)
{
	struct store_mail_address a;
	struct store_mail_awaiting_list l = { .n = 0 };
	struct buf err = BUF_INIT;
	int64_t now = (int64_t)time(NULL);
	int found = store_mail_address_get(m->store, job->subject_id, &a, &err);
	/* forgotten, or nothing more wanted: nothing to ask */
	if (found > 0 && store_mail_address_active(&a) &&
	    store_mail_confirm_begin(m->store, a.id, now, &l, &err) < 0)
		found = -1;
	if (found < 0)
		job_fail(out, JOB_RETRY, "%s", err.p);
	buf_release(&err);
	if (found > 0 && l.n > 0) {
		struct outgoing o;
		outgoing_init(m, &o, a.email, a.id, 0);
		char what[64], t[CONFIRM_TOKEN_CHARS + 1];
		int64_t upto = l.v[0].comment_id;
		snprintf(what, sizeof what, "confirm.%lld.%lld", (long long)a.id, (long long)upto);
		message_id(m, &o, what);
		confirm_token_make(m->keys, a.id, upto, now, t);
		struct buf url = BUF_INIT;
		buf_addf(&url, "%s/mail/confirm/%s", m->cfg->server.public_url, t);
		mail_text_confirm(m->cfg, &l, url.p, o.unsub.p, &o.body);
		deliver(m, &o, job->id, a.id, out);
		buf_release(&url);
		outgoing_free(&o);
	}
	store_mail_awaiting_free(&l);
	if (found > 0)
		store_mail_address_free(&a);
}

/* Where a reader answers the reply: the site's page, else our thread. */
static void reply_url(const struct config *cfg, const struct store_comment *c, struct buf *out)
{
	if (*cfg->comments.site_url) {
		buf_addf(out, "%s%s", cfg->comments.site_url, c->page);
	} else {
		buf_addf(out, "%s/comments?page=", cfg->server.public_url);
		url_encode_component(out, c->page);
	}
	buf_addf(out, "#comment-%lld", (long long)c->id);
}

/* The reply, its parent and the parent's address, as they are now: 1 a
 * mail is due (all three filled), 0 none, -1 the store failed. */
static int reply_due(struct mail_ctx *m, int64_t reply_id, struct store_comment *reply,
		     struct store_comment *parent, struct store_mail_address *a, struct buf *err)
{
	int64_t address_id = 0;
	int rc = store_comment_get(m->store, reply_id, reply, err);
	if (rc <= 0)
		return rc;
	rc = reply->status == COMMENT_APPROVED && reply->parent_id
		     ? store_comment_get(m->store, reply->parent_id, parent, err) : 0;
	if (rc > 0) {
		rc = store_mail_subscription_of(m->store, parent->id, &address_id, err);
		rc = rc > 0 ? store_mail_address_get(m->store, address_id, a, err) : rc;
		if (rc <= 0)
			store_comment_free(parent);
	}
	if (rc <= 0) {
		store_comment_free(reply);
		return rc;
	}
	/* not to the replier themselves */
	bool self = (reply->email && strcasecmp(reply->email, a->email) == 0) ||
		    (reply->github_id && reply->github_id == parent->github_id);
	if (!self && store_mail_address_active(a))
		return 1;
	store_comment_free(reply);
	store_comment_free(parent);
	store_mail_address_free(a);
	return 0;
}

static void run_reply(struct mail_ctx *m, const struct store_job *job, struct job_outcome *out)
{
	struct store_comment reply, parent;
	struct store_mail_address a;
	struct buf err = BUF_INIT;
	int due = reply_due(m, job->subject_id, &reply, &parent, &a, &err);
	if (due < 0)
		job_fail(out, JOB_RETRY, "%s", err.p);
	buf_release(&err);
	if (due <= 0)
		return;
	struct outgoing o;
	outgoing_init(m, &o, a.email, a.id, parent.id);
	char what[48];
	snprintf(what, sizeof what, "reply.%lld", (long long)reply.id);
	message_id(m, &o, what);
	struct buf url = BUF_INIT;
	reply_url(m->cfg, &reply, &url);
	mail_text_reply(m->cfg, &reply, url.p, o.unsub.p, &o.body);
	deliver(m, &o, job->id, a.id, out);
	buf_release(&url);
	outgoing_free(&o);
	store_comment_free(&reply);
	store_comment_free(&parent);
	store_mail_address_free(&a);
}

static void put_item(struct digest_item *it, const char *who, const char *where,
		     const char *what)
{
	free(it->who);
	free(it->where);
	free(it->what);
	it->who = mail_first_line(who, 80);
	it->where = mail_first_line(where, 200);
	it->what = mail_first_line(what, 120);
}

/* Oldest first: the last DIGEST_ITEMS seen are the newest, in a ring. */
static void each_pending_comment(struct store_comment *c, void *arg)
{
	struct digest *d = arg;
	put_item(&d->comment[d->comments % DIGEST_ITEMS], c->author, c->page, c->body_md);
	d->comments++;
}

/* Newest first. */
static void each_pending_submission(const struct store_submission *s, void *arg)
{
	struct digest *d = arg;
	if (d->n_submission < DIGEST_ITEMS)
		put_item(&d->submission[d->n_submission++], s->author ? s->author : "?",
			 s->section ? s->section : "?", s->source ? "harvested" : "contributed");
	d->submissions++;
}

/* The ring of comments in newest-first order. */
static void newest_first(struct digest *d)
{
	struct digest_item ring[DIGEST_ITEMS];
	int n = d->comments < DIGEST_ITEMS ? (int)d->comments : DIGEST_ITEMS;
	memcpy(ring, d->comment, sizeof ring);
	for (int i = 0; i < n; i++)
		d->comment[i] = ring[(d->comments - 1 - i) % DIGEST_ITEMS];
	d->n_comment = n;
}

static int digest_gather(struct mail_ctx *m, struct digest *d, struct buf *err)
{
	enum sub_status pending = SUB_PENDING;
	memset(d, 0, sizeof *d);
	if (store_comment_list_status(m->store, COMMENT_PENDING, DIGEST_COUNT_MAX,
				      each_pending_comment, d, err) < 0 ||
	    store_submission_list(m->store, &pending, DIGEST_COUNT_MAX, each_pending_submission, d,
				  err) < 0)
		return -1;
	newest_first(d);
	return 0;
}

/* One mail per moderator, each with its own way out; one refused address
 * does not stop the others, a retry stops the round (the ones sent are
 * not sent again). */
static void run_digest(struct mail_ctx *m, const struct store_job *job, struct job_outcome *out)
{
	struct digest d;
	struct buf err = BUF_INIT;
	if (!m->cfg->mail.digest_to.n || digest_gather(m, &d, &err) < 0) {
		if (err.len)
			job_fail(out, JOB_RETRY, "%s", err.p);
		buf_release(&err);
		return;
	}
	for (size_t i = 0; i < m->cfg->mail.digest_to.n && d.comments + d.submissions > 0; i++) {
		struct store_mail_address a;
		const char *to = m->cfg->mail.digest_to.v[i];
		unsigned char hash[MAIL_HASH_BYTES];
		mail_address_hash(m->keys, to, hash);
		buf_reset(&err);
		int suppressed = store_mail_suppressed(m->store, to, hash, &err);
		if (suppressed > 0)
			continue;   /* a moderator who asked for nothing more, or to be forgotten */
		if (suppressed < 0 || store_mail_address_of(m->store, to, &a, &err) < 0) {
			job_fail(out, JOB_RETRY, "%s", err.p);
			break;
		}
		struct outgoing o;
		outgoing_init(m, &o, a.email, a.id, 0);
		char what[64];
		snprintf(what, sizeof what, "digest.%lld.%lld", (long long)job->subject_id,
			 (long long)a.id);
		message_id(m, &o, what);
		mail_text_digest(m->cfg, &d, o.unsub.p, &o.body);
		struct job_outcome one = { JOB_DONE, 0, BUF_INIT };
		if (deliver(m, &o, 0, a.id, &one) < 0) {
			if (one.result == JOB_RETRY)
				job_fail(out, JOB_RETRY, "%s", one.message.p);
			else
				log_warn("digest: %s (given up)", one.message.p);
		}
		buf_release(&one.message);
		outgoing_free(&o);
		store_mail_address_free(&a);
		if (out->result == JOB_RETRY)
			break;
	}
	digest_free(&d);
	buf_release(&err);
}

void mail_run(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	struct mail_ctx *m = ctx;
	out->result = JOB_DONE;
	if (!cfg_mail_on(m->cfg))
		return;
	switch (job->kind) {
	case JOB_MAIL_CONFIRM:
		run_confirm(m, job, out);
		break;
	case JOB_MAIL_REPLY:
		run_reply(m, job, out);
		break;
	case JOB_MAIL_DIGEST:
		run_digest(m, job, out);
		break;
	default:
		break;
	}
}
