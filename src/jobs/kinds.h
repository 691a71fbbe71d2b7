/* kinds.h: queueing the jobs features ask for.
 *
 * The kinds themselves are enum job_kind (store/states.h: one name table,
 * the names the database keeps).  A feature queues work by kind; the worker
 * that runs a kind is bound to it in app/serve.c's const table, so no
 * feature includes another's worker. */
#ifndef NEWSDESK_JOB_KINDS_H
#define NEWSDESK_JOB_KINDS_H

#include <stdint.h>

#include "config/config.h"
#include "jobs/queue.h"
#include "store/states.h"
#include "store/store.h"

/* The job an approval queues: open_pr, or monthly_pr in monthly mode. */
enum job_kind pr_job_kind(const struct config *cfg);

/* Queues the notification `kind` (one of the JOB_NOTIFY_* kinds) for a
 * comment or submission id, if a URL is configured, and wakes the worker
 * (jobs may be NULL: the worker itself).  Failures are logged only. */
void notify_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
		  enum job_kind kind, int64_t id, int64_t now);

#endif
