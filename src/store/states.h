/* states.h: the states a row can be in, by name only at the store's
 * boundary (the database keeps the names, and so do the JSON answers). */
#ifndef NEWSDESK_STATES_H
#define NEWSDESK_STATES_H

#include <stdbool.h>

enum sub_status {
	SUB_PENDING,   /* waiting for review */
	SUB_APPROVED,  /* approved; its pull request is being opened */
	SUB_PR_OPEN,
	SUB_MERGED,
	SUB_REJECTED,
	SUB_CLOSED,    /* its pull request was closed without merging */
	SUB__COUNT
};

enum comment_status {
	COMMENT_PENDING,
	COMMENT_APPROVED,
	COMMENT_REJECTED,
	COMMENT_SPAM,
	COMMENT__COUNT
};

/* A job of the persistent queue (jobs/queue.h). */
enum job_state {
	JOB_STATE_QUEUED,   /* waiting for its run_after */
	JOB_STATE_RUNNING,  /* claimed by the worker */
	JOB_STATE_DONE,
	JOB_STATE_FAILED,   /* gave up after its attempts */
	JOB_STATE__COUNT
};

const char *sub_status_name(enum sub_status s);
/* true with *out set when name is one of the names above */
bool sub_status_parse(const char *name, enum sub_status *out);
const char *comment_status_name(enum comment_status s);
bool comment_status_parse(const char *name, enum comment_status *out);

const char *job_state_name(enum job_state s);
bool job_state_parse(const char *name, enum job_state *out);

/* What a moderator's action makes of a comment: "approve", "reject" and
 * "spam" (false for anything else, "delete" included). */
bool comment_action_status(const char *action, enum comment_status *out);

#endif
