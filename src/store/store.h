/* store.h: the only place that talks SQL.
 *
 * A store is shared by all threads; each thread gets its own SQLite
 * connection on first use (WAL, foreign keys, busy timeout), with its
 * prepared statements cached by id.  Every function returns 0 on success
 * and -1 on failure with a one-line reason in err (when err is given);
 * none of them exits the process.
 */
#ifndef NEWSDESK_STORE_H
#define NEWSDESK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/states.h"
#include "util/buf.h"

struct store;

/* Opens (creating the file and its folder when missing) and checks that the
 * schema is not newer than this binary knows.  Does not migrate. */
struct store *store_open(const char *path, int64_t busy_timeout_ms,
			 struct buf *err);
/* Closes every per-thread connection.  No thread may use the store after. */
void store_close(struct store *s);

int store_schema_version(struct store *s, int *version, struct buf *err);
int store_latest_version(void);
/* Applies migrations up to target (store_latest_version() for all), each in
 * its own transaction that also bumps PRAGMA user_version. */
int store_migrate(struct store *s, int target, struct buf *err);
/* Consistent copy to dest through SQLite's online backup API. */
int store_backup(struct store *s, const char *dest, struct buf *err);
/* A trivial query: is the database answering? */
/* SQLite's data_version on this thread's connection: it changes when any
 * other connection (another process: `newsdesk import`) commits. */
int64_t store_data_version(struct store *s);
/* The last commit failed (a full disk, an I/O error): reads may still
 * answer while nothing can be written (for /healthz). */
bool store_commits_failing(struct store *s);
int store_ping(struct store *s);

/* Durability (durability.c).  full: a commit is on disk before
 * store_durable_barrier() returns, with one fsync for every commit that
 * arrived meanwhile; process (false): commits survive a crash of the
 * process, not of the machine, and the barrier returns at once. */
int store_durability_start(struct store *s, bool full, struct buf *err);
/* Waits until this thread's commits are on disk (see above); every answer
 * that acknowledges a write calls it first. */
void store_durable_barrier(struct store *s);
/* The same without blocking a thread: this thread's last commit that is
 * not on disk yet (0: none, answer at once), and a call of fn(arg), from
 * the flusher's thread, once it is. */
uint64_t store_take_pending_commit(struct store *s);
void store_when_durable(struct store *s, uint64_t seq, void (*fn)(void *arg), void *arg);
const char *store_durability_name(const struct store *s);

/* A write that nobody waits for (writer.c): queued for the store's writer
 * thread, which runs every write waiting in one transaction.  run() runs
 * there, as a write section of its own (a failure, -1 with err set, undoes
 * it alone); done() is called on the same thread after the commit, with
 * run's result or -1 when the commit failed (err then says why), and the
 * commit's number for store_when_durable.  w must live until done(). */
struct store_async {
	int (*run)(struct store *s, void *arg, struct buf *err);
	void (*done)(void *arg, int rc, const char *err, uint64_t seq);
	void *arg;
	/* the store's own */
	struct store_async *next;
	int rc;
	struct buf err;
};
void store_write_async(struct store *s, struct store_async *w);

/* Accounts (users.c) */
/* Creates the account or sets its password; either way every session of
 * the account ends (*ended says how many). */
int store_user_set_password(struct store *s, const char *name,
			    const char *password_hash, int64_t now,
			    int *ended, struct buf *err);
/* 1 removed (its sessions end with it), 0 no such account, -1 error. */
int store_user_remove(struct store *s, const char *name, struct buf *err);
struct store_user {
	const char *name, *github_login;   /* github_login "" when none */
	bool has_password;
	int64_t created_at, updated_at, sessions;  /* sessions not expired */
};
typedef void (*store_user_fn)(const struct store_user *u, void *arg);
int store_user_list(struct store *s, int64_t now, store_user_fn fn, void *arg, struct buf *err);

/* The persistent job queue (jobs.c).  A job is (kind, subject); at most
 * one of each is live (queued or running) at a time. */
struct store_job {
	int64_t id;
	char kind[32];
	int64_t subject_id;
	enum job_state state;
	int attempts;
	int64_t run_after;
	char last_error[512];
};

/* Queues a job unless one is live already; *id gets the live job's id. */
int store_job_enqueue(struct store *s, const char *kind, int64_t subject_id,
		      int64_t now, int64_t *id, struct buf *err);
/* Claims the oldest due job: 1 with *job filled, 0 when none is due. */
int store_job_claim(struct store *s, int64_t now, struct store_job *job,
		    struct buf *err);
/* The same for one lane of the worker: only jobs of kind (only), or all
 * but them (!only); kind NULL claims any. */
int store_job_claim_lane(struct store *s, int64_t now, const char *kind, bool only,
			 struct store_job *job, struct buf *err);
int store_job_done(struct store *s, int64_t id, int64_t now, struct buf *err);
/* Back in the queue at run_after without counting the attempt: the job
 * waits for something that is no failure (a draft not there yet). */
int store_job_wait(struct store *s, int64_t id, int64_t run_after,
		   const char *why, int64_t now, struct buf *err);
int store_job_retry(struct store *s, int64_t id, int64_t run_after,
		    const char *error, int64_t now, struct buf *err);
int store_job_fail(struct store *s, int64_t id, const char *error, int64_t now,
		   struct buf *err);
/* Puts jobs left running by a stopped process back in the queue; *count
 * gets how many. */
int store_job_requeue_running(struct store *s, int64_t now, int *count,
			      struct buf *err);
/* 1 found, 0 no such job, -1 error (as every lookup). */
int store_job_get(struct store *s, int64_t id, struct store_job *job,
		  struct buf *err);

/* Submissions (submissions.c).  Text fields are malloc'd, NULL when
 * unset; release with store_submission_free. */
#define SUBMISSION_TOKEN_HASH_BYTES 32
struct store_submission {
	int64_t id;
	enum sub_status status;
	char *section, *payload, *author, *reason;
	char *branch, *commit_sha, *prev_commit_sha, *base_sha;
	int64_t pr_number;    /* 0 = none */
	char *pr_url, *last_error, *draft_path, *note;
	int64_t created_at, updated_at, approved_at;
	char *status_token;
	int64_t author_github_id;  /* 0: the author did not sign in (unverified) */
	char *checks;              /* the checks' last result (JSON text), or NULL */
};
void store_submission_free(struct store_submission *sub);

#define ENTRY_KEY_BYTES 16

/* A new submission; entry_key may be NULL (no twin check). */
struct store_submission_new {
	const char *token;
	const unsigned char *token_hash;
	const char *section, *payload, *author;
	const char *draft_path;          /* NULL when no draft existed */
	const unsigned char *entry_key;  /* ENTRY_KEY_BYTES */
	int64_t now;
	int64_t author_github_id;        /* 0: not signed in (insert only) */
};

/* A live submission (pending, approved, pull request open) holding the
 * same entry key. */
struct store_twin {
	int64_t id;
	enum sub_status status;
	char status_token[64];  /* "" for rows from before tokens were kept */
	int64_t author_github_id;  /* who GitHub vouched sent it, 0: nobody */
};

/* 1 stored (*id set), 0 refused because a live twin exists (*twin set),
 * -1 error; the check and the insert are one transaction. */
int store_submission_insert(struct store *s, const struct store_submission_new *n,
			    int64_t *id, struct store_twin *twin, struct buf *err);
/* 1 found (*twin set), 0 none, -1 error.  exclude_id is left out. */
int store_submission_twin(struct store *s, const unsigned char *entry_key, int64_t exclude_id,
			  struct store_twin *twin, struct buf *err);
/* 1 found, 0 not found, -1 error. */
int store_submission_get(struct store *s, int64_t id, struct store_submission *sub,
			 struct buf *err);
int store_submission_get_by_token(struct store *s, const unsigned char *token_hash,
				  struct store_submission *sub, struct buf *err);
int store_submission_set_status(struct store *s, int64_t id, enum sub_status status,
				const char *reason, int64_t now, struct buf *err);
/* Marks it approved and queues its pull-request job, in one transaction:
 * 1 done (*job_id set), 0 when its status does not allow approval. */
int store_submission_approve(struct store *s, int64_t id, const char *job_kind,
			     int64_t now, int64_t *job_id, struct buf *err);
/* The branch and the draft file its pull request changes. */
int store_submission_set_branch(struct store *s, int64_t id, const char *branch,
				const char *draft_path, int64_t now, struct buf *err);
/* Records a new commit of ours on base_sha, before the branch is moved to
 * it; prev_sha is the commit the branch holds until then (either counts as
 * ours when telling our pushes from a human's). */
int store_submission_set_commit(struct store *s, int64_t id, const char *commit_sha,
				const char *prev_sha, const char *base_sha, int64_t now,
				struct buf *err);
int store_submission_set_pr(struct store *s, int64_t id, int64_t number,
			    const char *url, enum sub_status status, int64_t now,
			    struct buf *err);
/* error/note NULL clears it. */
int store_submission_set_error(struct store *s, int64_t id, const char *error,
			       int64_t now, struct buf *err);
int store_submission_set_note(struct store *s, int64_t id, const char *note,
			      int64_t now, struct buf *err);
/* Ids of the submissions in a status, oldest first (malloc'd array). */
int store_submission_ids(struct store *s, enum sub_status status, int64_t **ids,
			 size_t *n, struct buf *err);

/* Maintainers' review (submissions.c).  fn is called per row, newest
 * first; status NULL = all.  Edit and reject apply to pending ones only:
 * 1 done, 0 not pending (or no such id). */
int store_submission_list(struct store *s, const enum sub_status *status, int limit,
			  void (*fn)(const struct store_submission *sub, void *arg),
			  void *arg, struct buf *err);
/* 1 done, 0 not pending any more, 2 refused because a live twin holds
 * the new entry key (*twin set), -1 error. */
int store_submission_edit(struct store *s, int64_t id, const struct store_submission_new *n,
			  struct store_twin *twin, struct buf *err);
/* The entries of the issue at draft_path (or still without one) that are
 * approved or in a monthly pull request, oldest approval first. */
int store_submission_batch(struct store *s, const char *draft_path,
			   struct store_submission **out, size_t *n, struct buf *err);
void store_submissions_free(struct store_submission *v, size_t n);
int store_submission_set_checks(struct store *s, int64_t id, const char *checks_json,
				struct buf *err);
int store_submission_reject(struct store *s, int64_t id, const char *reason,
			    int64_t now, struct buf *err);
/* Its contributor takes it back while it waits for review: closed, with
 * SUB_WITHDRAWN_REASON.  1 done, 0 when it no longer waits. */
#define SUB_WITHDRAWN_REASON "withdrawn by its contributor"
int store_submission_withdraw(struct store *s, int64_t id, int64_t now, struct buf *err);

/* Sessions and the audit log (sessions.c). */
#define SESSION_BOX_MAX 600   /* an encrypted GitHub token (identity.c) */
struct store_session {
	int64_t user_id;
	char user[128];
	char via[16];
	char csrf[64];
	int64_t created_at, last_seen_at, expires_at;
	char github_login[40];       /* "" for a local account */
	int64_t checked_at;          /* when GitHub last said "member" */
	unsigned char box[SESSION_BOX_MAX];
	size_t box_len;              /* 0: no token kept */
};
struct store_session_new {
	const unsigned char *token_hash;
	int64_t user_id;
	const char *via, *csrf;
	int64_t now, expires_at;
	const unsigned char *box;    /* NULL: none */
	size_t box_len;
};
/* 1 with the user's id and argon2id string (may be ""), 0 unknown. */
int store_user_find(struct store *s, const char *name, int64_t *id, struct buf *hash,
		    struct buf *err);
int store_session_create(struct store *s, const struct store_session_new *n, struct buf *err);
/* GitHub said "still a member" at now. */
int store_session_checked(struct store *s, const unsigned char *token_hash, int64_t now,
			  struct buf *err);

/* GitHub sign-in (identity.c). */
/* ANY: SPEC's plain sign-in — the contributor's identity, and the review
 * page too for maintainers. */
enum oauth_purpose { OAUTH_FOR_ADMIN, OAUTH_FOR_SUBMIT, OAUTH_FOR_COMMENT, OAUTH_FOR_ANY };
const char *oauth_purpose_name(enum oauth_purpose p);
struct store_oauth_state {
	unsigned char binding_hash[32];
	enum oauth_purpose purpose;
	char origin[256];      /* "" when none */
	char return_to[512];   /* "" when none */
	int64_t expires_at;
};
int store_oauth_state_put(struct store *s, const unsigned char *state_hash,
			  const struct store_oauth_state *st, int64_t now, struct buf *err);
/* 1 found (and removed: a state is good once), 0 none. */
int store_oauth_state_take(struct store *s, const unsigned char *state_hash,
			   struct store_oauth_state *out, struct buf *err);
/* The account of a maintainer who signs in with GitHub, made on first
 * sign-in and renamed with their login ("@login"); 1 with id and name. */
int store_github_user(struct store *s, int64_t github_id, const char *login, int64_t now,
		      int64_t *id, char name[128], struct buf *err);
/* A comment brought from GitHub (utterances or giscus). */
struct store_comment_import {
	const char *page;
	int64_t parent_id;            /* 0 = top level */
	const char *author, *author_key, *body_md, *body_html;
	const unsigned char *body_hash;  /* COMMENT_HASH_BYTES */
	enum comment_status status;
	int64_t created_at, edited_at;   /* edited_at 0 = never */
	int64_t github_id;            /* the author's account, 0 = a deleted one */
	const char *avatar_url;       /* may be NULL */
	const char *github_comment_id;   /* "issuecomment-N" / "discussioncomment-N" */
	const char *imported_from;    /* "utterances" | "giscus" */
	const char *import_note;      /* may be NULL */
};
/* 1 imported with its new id, 0 there already (*id: the one there), -1. */
int store_comment_import(struct store *s, const struct store_comment_import *c, int64_t *id,
			 struct buf *err);
struct store_imported_page {
	const char *source, *page;
	int64_t comments, shown, first_at, last_at;
};
int store_imported_pages(struct store *s, void (*fn)(const struct store_imported_page *p,
						      void *arg),
			 void *arg, struct buf *err);
/* Counts for /metrics (stats.c): fn(what, a, b, n) per group, what being
 * "jobs" (a: kind, b: state), "comments" or "submissions" (a: status). */
typedef void (*store_stats_fn)(const char *what, const char *a, const char *b, int64_t n,
			       void *arg);
int store_stats(struct store *s, store_stats_fn fn, void *arg, struct buf *err);

/* Everything as one JSON document (dump.c; the format is docs/export-format.md). */
#include <stdio.h>
int store_export(struct store *s, FILE *out, int schema, struct buf *err);
/* Reads such a document into an empty database, all or nothing. */
struct json_t;
int store_import(struct store *s, struct json_t *doc, struct buf *err);
/* 1 when one of this GitHub account's comments was approved and none was
 * marked spam or rejected (a moderator's no takes the trust back). */
int store_comment_github_trusted(struct store *s, int64_t github_id, struct buf *err);
/* 1 when a moderator marked spam or rejected the comment an author token
 * names (voucher) or any comment posted on its word. */
int store_comment_voucher_revoked(struct store *s, int64_t voucher, struct buf *err);
/* 1 found (expiry not checked here), 0 not found. */
int store_session_get(struct store *s, const unsigned char *token_hash,
		      struct store_session *out, struct buf *err);
int store_session_touch(struct store *s, const unsigned char *token_hash, int64_t now,
			struct buf *err);
int store_session_delete(struct store *s, const unsigned char *token_hash, struct buf *err);
/* Drops sessions past their absolute expiry or idle since idle_before. */
int store_session_prune(struct store *s, int64_t now, int64_t idle_before, struct buf *err);
int store_audit(struct store *s, int64_t now, const char *actor, const char *action,
		const char *subject, const char *detail, struct buf *err);

/* Webhook deliveries (webhooks.c): 1 when delivery_id is new (and now
 * recorded), 0 when it was seen before. */
int store_webhook_first_delivery(struct store *s, const char *delivery_id,
				 const char *event, int64_t now, struct buf *err);
int store_webhook_prune(struct store *s, int64_t before, struct buf *err);

/* Reader comments (comments.c).  Text fields are malloc'd (email,
 * website and client_ip may be NULL); release with store_comment_free. */
#define COMMENT_HASH_BYTES 32
struct store_comment {
	int64_t id, parent_id;   /* parent_id 0 = top level */
	char *page, *author, *email, *website, *body_md, *body_html, *client_ip;
	enum comment_status status;
	int64_t created_at, edited_at, updated_at;  /* edited_at 0 = never */
	int64_t github_id;       /* 0: not signed in; else author is their GitHub login */
	char *avatar_url;        /* GitHub's, for a signed-in author; else NULL */
};
struct store_comment_new {
	const char *page;
	int64_t parent_id;
	const char *author, *author_key, *email, *website, *body_md, *body_html;
	unsigned char body_hash[COMMENT_HASH_BYTES];
	enum comment_status status;
	const char *client_ip;
	int64_t now;
	int64_t github_id;        /* 0: anonymous */
	const char *avatar_url;   /* NULL: none */
	int64_t vouched_by;       /* the comment whose author token vouched, 0: none */
};
/* Called per row; the row is freed after the call, so fn may take its
 * strings by moving them out (leaving NULL behind). */
typedef void (*store_comment_fn)(struct store_comment *c, void *arg);

void store_comment_free(struct store_comment *c);
int store_comment_insert(struct store *s, const struct store_comment_new *c, int64_t *id,
			 struct buf *err);
/* 1 found, 0 no such comment. */
int store_comment_get(struct store *s, int64_t id, struct store_comment *out,
		      struct buf *err);
/* A page's comments in one status, oldest first, at most limit. */
int store_comment_list_page(struct store *s, const char *page, enum comment_status status,
			    int limit, store_comment_fn fn, void *arg, struct buf *err);
/* Every page's comments in one status, oldest first (the moderation queue). */
int store_comment_list_status(struct store *s, enum comment_status status, int limit,
			      store_comment_fn fn, void *arg, struct buf *err);
/* Approved comments newest first, of one page or (page NULL) of all. */
int store_comment_recent(struct store *s, const char *page, int limit,
			 store_comment_fn fn, void *arg, struct buf *err);
int store_comment_count(struct store *s, const char *page, int64_t *n, struct buf *err);
/* Is the same body on this page since `since`? */
int store_comment_duplicate(struct store *s, const char *page, const unsigned char *hash,
			    int64_t since, int *dup, struct buf *err);
/* New text (and status, unless status is NULL): 1 done, 0 no such comment. */
int store_comment_edit(struct store *s, int64_t id, const char *body_md,
		       const char *body_html, const unsigned char *hash,
		       const enum comment_status *status, int64_t now, struct buf *err);
int store_comment_set_status(struct store *s, int64_t id, enum comment_status status,
			     int64_t now,
			     struct buf *err);
/* Removes a comment; its replies move up to its parent.  1 done, 0 none. */
int store_comment_delete(struct store *s, int64_t id, struct buf *err);

/* A secret the service keeps for itself, in key_file (mode 0600, beside
 * the database, never in it, so that a backup of the database holds no
 * key that opens its sealed tokens or signs identities): read from there,
 * or made from randomness and written there at first use.  A key an older
 * version kept in server_keys moves to the file and leaves the database. */
int store_server_key(struct store *s, const char *key_file, const char *name, unsigned char *key,
		     size_t len, struct buf *err);

#endif
