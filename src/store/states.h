/* states.h: the states a row can be in, and the kinds of job, by name only
 * at the store's boundary (the database keeps the names, and so do the JSON
 * answers). */
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
	SUB_CHANGES_REQUESTED,  /* a maintainer asked for changes; its contributor revises */
	SUB_WITHDRAWN, /* its contributor took it back before review ended */
	SUB__COUNT
};

enum comment_status {
	COMMENT_PENDING,
	COMMENT_APPROVED,
	COMMENT_REJECTED,
	COMMENT_SPAM,
	COMMENT__COUNT
};

/* GitHub's eight reactions, by the content names of its API ("+1"…). */
enum reaction_content {
	REACTION_PLUS1,
	REACTION_MINUS1,
	REACTION_LAUGH,
	REACTION_HOORAY,
	REACTION_CONFUSED,
	REACTION_HEART,
	REACTION_ROCKET,
	REACTION_EYES,
	REACTION__COUNT
};

/* A job of the persistent queue (jobs/queue.h). */
enum job_state {
	JOB_STATE_QUEUED,   /* waiting for its run_after */
	JOB_STATE_RUNNING,  /* claimed by the worker */
	JOB_STATE_DONE,
	JOB_STATE_FAILED,   /* gave up after its attempts */
	JOB_STATE__COUNT
};

/* What a job of the persistent queue does (jobs/kinds.h queues them; the
 * worker's table in app/serve.c runs them).  Its subject is a submission
 * id, a comment id (notify_comment) or 0 (refresh_prs). */
enum job_kind {
	JOB_KIND_NONE,          /* no kind: no lane (jobs/queue.h), or a row's kind this
				 * binary does not know (store/jobs.h) */
	JOB_OPEN_PR,            /* "open_pr": one approved entry, one pull request */
	JOB_REFRESH_PRS,        /* "refresh_prs": our open pull requests, looked at again */
	JOB_MONTHLY_PR,         /* "monthly_pr": the one pull request */
	JOB_CHECK_LINKS,        /* "check_links": the checks before approval */
	/* the notification webhook's events (features/notify/notify.h) */
	JOB_NOTIFY_COMMENT,     /* "notify_comment" */
	JOB_NOTIFY_SUB_PENDING, /* "notify_submission_pending" */
	JOB_NOTIFY_PR_OPENED,   /* "notify_pr_opened" */
	JOB_NOTIFY_PR_MERGED,   /* "notify_pr_merged" */
	JOB_NOTIFY_SUB_MOVED,   /* "notify_submission_moved" */
	JOB_NOTIFY_SUB_CHANGES, /* "notify_submission_changes_requested" */
	JOB_NOTIFY_SUB_UPDATED, /* "notify_submission_updated" */
	JOB_HARVEST,            /* "harvest": the month's merged pull requests (subject YYYYMM) */
	/* mail (features/mail/mail.h) */
	JOB_MAIL_CONFIRM,       /* "mail_confirm": the double opt-in (subject: the address) */
	JOB_MAIL_REPLY,         /* "mail_reply": a published reply (subject: the reply) */
	JOB_MAIL_DIGEST,        /* "mail_digest": what waits, to moderators (subject: the period) */
	JOB_KIND__COUNT
};

const char *sub_status_name(enum sub_status s);
/* true with *out set when name is one of the names above */
bool sub_status_parse(const char *name, enum sub_status *out);
const char *comment_status_name(enum comment_status s);
bool comment_status_parse(const char *name, enum comment_status *out);
const char *reaction_content_name(enum reaction_content c);
bool reaction_content_parse(const char *name, enum reaction_content *out);

const char *job_state_name(enum job_state s);
bool job_state_parse(const char *name, enum job_state *out);

/* The name the database keeps ("open_pr"…); "?" for JOB_KIND_NONE or a
 * value out of range. */
const char *job_kind_name(enum job_kind k);
/* true with *out set for a known name (never JOB_KIND_NONE). */
bool job_kind_parse(const char *name, enum job_kind *out);

/* What a moderator's action makes of a comment: "approve", "reject" and
 * "spam" (false for anything else, "delete" included). */
bool comment_action_status(const char *action, enum comment_status *out);

#endif
