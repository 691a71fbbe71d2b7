/* reviews.h: review as a conversation (reviews.c).  A maintainer asks for
 * changes, the contributor revises or withdraws; each step changes the
 * submission, keeps an event, writes its audit line and queues its
 * notification in one transaction, so none is ever half done. */
#ifndef NEWSDESK_STORE_REVIEWS_H
#define NEWSDESK_STORE_REVIEWS_H

#include <stdint.h>

#include "store/store.h"
#include "store/submissions.h"

struct store_sub_step {
	int64_t id;
	const char *actor;     /* who: a maintainer's name, "@login", "contributor" */
	const char *message;   /* changes_requested: what is asked; withdrawn: why */
	const char *detail;    /* revised: JSON, the fields that changed */
	int64_t now;
	enum job_kind notify;  /* the notification to queue; JOB_KIND_NONE: none */
};

/* pending → changes_requested (its message kept as the reason): 1 done, 0
 * when it is not pending. */
int store_submission_request_changes(struct store *s, const struct store_sub_step *st,
				     struct buf *err);
/* pending or changes_requested → pending, with the new text of n: 1 done,
 * 0 when it is neither, 2 refused because a live twin holds the same entry
 * (*twin set). */
int store_submission_revise(struct store *s, const struct store_sub_step *st,
			    const struct store_submission_new *n, struct store_twin *twin,
			    struct buf *err);
/* pending or changes_requested → withdrawn: 1 done, 0 when review is over. */
#define SUB_WITHDRAWN_REASON "withdrawn by its contributor"
int store_submission_withdraw(struct store *s, const struct store_sub_step *st,
			      struct buf *err);

struct store_sub_event {
	int64_t at;
	const char *actor, *kind, *message, *detail;   /* message, detail may be NULL */
};
/* The submission's events, oldest first. */
int store_submission_events(struct store *s, int64_t id,
			    void (*fn)(const struct store_sub_event *e, void *arg), void *arg,
			    struct buf *err);

#endif
