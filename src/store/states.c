/* states.c: one name table per state (states.h) */
#include "store/states.h"
#include "store/store_internal.h"

#include <stddef.h>
#include <string.h>

static const char *const sub_names[SUB__COUNT] = {
	[SUB_PENDING] = "pending", [SUB_APPROVED] = "approved", [SUB_PR_OPEN] = "pr_open",
	[SUB_MERGED] = "merged",   [SUB_REJECTED] = "rejected", [SUB_CLOSED] = "closed",
	[SUB_CHANGES_REQUESTED] = "changes_requested", [SUB_WITHDRAWN] = "withdrawn",
};

static const char *const comment_names[COMMENT__COUNT] = {
	[COMMENT_PENDING] = "pending", [COMMENT_APPROVED] = "approved",
	[COMMENT_REJECTED] = "rejected", [COMMENT_SPAM] = "spam",
};

static const char *const job_names[JOB_STATE__COUNT] = {
	[JOB_STATE_QUEUED] = "queued", [JOB_STATE_RUNNING] = "running",
	[JOB_STATE_DONE] = "done",     [JOB_STATE_FAILED] = "failed",
};

static const char *const job_kind_names[JOB_KIND__COUNT] = {
	[JOB_OPEN_PR] = "open_pr",         [JOB_REFRESH_PRS] = "refresh_prs",
	[JOB_MONTHLY_PR] = "monthly_pr",   [JOB_CHECK_LINKS] = "check_links",
	[JOB_NOTIFY_COMMENT] = "notify_comment",
	[JOB_NOTIFY_SUB_PENDING] = "notify_submission_pending",
	[JOB_NOTIFY_PR_OPENED] = "notify_pr_opened", [JOB_NOTIFY_PR_MERGED] = "notify_pr_merged",
	[JOB_NOTIFY_SUB_MOVED] = "notify_submission_moved",
	[JOB_NOTIFY_SUB_CHANGES] = "notify_submission_changes_requested",
	[JOB_NOTIFY_SUB_UPDATED] = "notify_submission_updated",
	[JOB_HARVEST] = "harvest",
	[JOB_MAIL_CONFIRM] = "mail_confirm",
	[JOB_MAIL_REPLY] = "mail_reply",
	[JOB_MAIL_DIGEST] = "mail_digest",
};

static const char *const reaction_names[REACTION__COUNT] = {
	[REACTION_PLUS1] = "+1",
	[REACTION_MINUS1] = "-1",
	[REACTION_LAUGH] = "laugh",
	[REACTION_HOORAY] = "hooray",
	[REACTION_CONFUSED] = "confused",
	[REACTION_HEART] = "heart",
	[REACTION_ROCKET] = "rocket",
	[REACTION_EYES] = "eyes",
};

/* (a NULL entry is a value with no name: JOB_KIND_NONE) */
int store_name_find(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static const char *name_of(const char *const *names, size_t n, unsigned v)
{
	return v < n && names[v] ? names[v] : "?";
}

/* TYPE's PREFIX_name and PREFIX_parse (states.h), both from its table. */
#define NAMES(type, prefix, names, count)                                     \
	const char *prefix##_name(type v)                                     \
	{                                                                     \
		return name_of(names, count, (unsigned)v);                    \
	}                                                                     \
	bool prefix##_parse(const char *name, type *out)                      \
	{                                                                     \
		int i = store_name_find(names, count, name);                  \
		if (i >= 0)                                                   \
			*out = (type)i;                                       \
		return i >= 0;                                                \
	}

NAMES(enum sub_status, sub_status, sub_names, SUB__COUNT)
NAMES(enum comment_status, comment_status, comment_names, COMMENT__COUNT)
NAMES(enum reaction_content, reaction_content, reaction_names, REACTION__COUNT)
NAMES(enum job_state, job_state, job_names, JOB_STATE__COUNT)
NAMES(enum job_kind, job_kind, job_kind_names, JOB_KIND__COUNT)

bool comment_action_status(const char *action, enum comment_status *out)
{
	static const struct {
		const char *action;
		enum comment_status status;
	} actions[] = {
		{ "approve", COMMENT_APPROVED },
		{ "reject", COMMENT_REJECTED },
		{ "spam", COMMENT_SPAM },
	};
	for (size_t i = 0; action && i < sizeof actions / sizeof *actions; i++)
		if (strcmp(action, actions[i].action) == 0) {
			*out = actions[i].status;
			return true;
		}
	return false;
}
