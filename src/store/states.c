/* states.c: one name table per state (states.h) */
#include "store/states.h"

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
};

/* (a NULL entry is a value with no name: JOB_KIND_NONE) */
static bool find(const char *const *names, size_t n, const char *name, int *out)
{
	for (size_t i = 0; name && i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0) {
			*out = (int)i;
			return true;
		}
	return false;
}

const char *sub_status_name(enum sub_status s)
{
	return (unsigned)s < SUB__COUNT ? sub_names[s] : "?";
}

bool sub_status_parse(const char *name, enum sub_status *out)
{
	int i;
	if (!find(sub_names, SUB__COUNT, name, &i))
		return false;
	*out = (enum sub_status)i;
	return true;
}

const char *comment_status_name(enum comment_status s)
{
	return (unsigned)s < COMMENT__COUNT ? comment_names[s] : "?";
}

bool comment_status_parse(const char *name, enum comment_status *out)
{
	int i;
	if (!find(comment_names, COMMENT__COUNT, name, &i))
		return false;
	*out = (enum comment_status)i;
	return true;
}

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

const char *job_state_name(enum job_state s)
{
	return (unsigned)s < JOB_STATE__COUNT ? job_names[s] : "?";
}

bool job_state_parse(const char *name, enum job_state *out)
{
	int i;
	if (!find(job_names, JOB_STATE__COUNT, name, &i))
		return false;
	*out = (enum job_state)i;
	return true;
}

const char *job_kind_name(enum job_kind k)
{
	return (unsigned)k < JOB_KIND__COUNT && job_kind_names[k] ? job_kind_names[k] : "?";
}

bool job_kind_parse(const char *name, enum job_kind *out)
{
	int i;
	if (!find(job_kind_names, JOB_KIND__COUNT, name, &i))
		return false;
	*out = (enum job_kind)i;
	return true;
}
