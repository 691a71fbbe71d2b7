/* submissions.h: contributions and their review (submissions.c). */
#ifndef NEWSDESK_STORE_SUBMISSIONS_H
#define NEWSDESK_STORE_SUBMISSIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

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
	char *source;              /* NULL: a contributor's; "harvest": newsdesk harvest's */
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
int store_submission_approve(struct store *s, int64_t id, enum job_kind job_kind,
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

/* A contributor GitHub vouched for: their submissions, newest first
 * ("your contributions"). */
int store_submission_list_by_github(struct store *s, int64_t github_id, int limit,
				    void (*fn)(const struct store_submission *sub, void *arg),
				    void *arg, struct buf *err);

/* A harvested proposal (features/harvest/): one project's entry of a month,
 * key "YYYY-MM OWNER/NAME".  In one transaction: a proposal of that key
 * still pending takes the new text (HARVEST_UPDATED, or HARVEST_UNCHANGED
 * when it is the same); one under review or turned down is left alone
 * (HARVEST_IN_REVIEW); otherwise (none, or the last one merged) a new
 * pending row from source "harvest" (HARVEST_NEW).  *id: the row. */
enum harvest_outcome { HARVEST_NEW, HARVEST_UPDATED, HARVEST_UNCHANGED, HARVEST_IN_REVIEW };
struct store_harvest_new {
	const char *key;
	const char *token;
	const unsigned char *token_hash;
	const char *section, *payload, *author;
	const char *draft_path;   /* NULL when the month has no post yet */
	int64_t now;
};
int store_harvest_propose(struct store *s, const struct store_harvest_new *n, int64_t *id,
			  enum harvest_outcome *outcome, struct buf *err);

#endif
