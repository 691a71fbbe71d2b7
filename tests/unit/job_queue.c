/* job_queue.c: the persistent queue — one live job per subject, atomic
 * claims, backoff, a final failure, jobs that survive a restart, and the
 * kinds: one name each, and a row of a kind this binary does not know. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jobs/queue.h"
#include "store/store.h"
#include "store/jobs.h"

static char dir[64];
static struct store *st;

static void setup(void)
{
	strcpy(dir, "/tmp/newsdesk-jobs-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char p[128];
	snprintf(p, sizeof p, "%s/q.db", dir);
	struct buf err = BUF_INIT;
	st = store_open(p, 2000, &err);
	cr_assert_not_null(st, "%s", err.p);
	cr_assert_eq(store_migrate(st, store_latest_version(), &err), 0, "%s", err.p);
	buf_release(&err);
}

static void teardown(void)
{
	store_close(st);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(jobs, .init = setup, .fini = teardown, .timeout = 30);

static int64_t now(void) { return (int64_t)time(NULL); }

Test(jobs, one_live_job_per_subject)
{
	int64_t a = 0, b = 0, c = 0;
	cr_assert_eq(store_job_enqueue(st, JOB_OPEN_PR, 7, now(), &a, NULL), 0);
	cr_assert_eq(store_job_enqueue(st, JOB_OPEN_PR, 7, now(), &b, NULL), 0);
	cr_assert_eq(a, b, "approving twice must not queue a twin");
	cr_assert_eq(store_job_enqueue(st, JOB_OPEN_PR, 8, now(), &c, NULL), 0);
	cr_assert_neq(a, c);
	struct store_job j;
	cr_assert_eq(store_job_claim(st, now(), &j, NULL), 1);
	cr_assert_eq(j.id, a);
	cr_assert_eq(j.attempts, 1);
	int64_t d = 0;
	cr_assert_eq(store_job_enqueue(st, JOB_OPEN_PR, 7, now(), &d, NULL), 0);
	cr_assert_eq(d, a, "a running job is live too");
	cr_assert_eq(store_job_done(st, a, now(), NULL), 0);
	cr_assert_eq(store_job_enqueue(st, JOB_OPEN_PR, 7, now(), &d, NULL), 0);
	cr_assert_neq(d, a, "after it is done, new work may be queued");
}

Test(jobs, claims_only_due_jobs_oldest_first)
{
	int64_t later = 0, soon = 0;
	store_job_enqueue(st, JOB_REFRESH_PRS, 1, now() + 3600, &later, NULL);
	store_job_enqueue(st, JOB_REFRESH_PRS, 2, now(), &soon, NULL);
	struct store_job j;
	cr_assert_eq(store_job_claim(st, now(), &j, NULL), 1);
	cr_assert_eq(j.id, soon);
	cr_assert_eq(store_job_claim(st, now(), &j, NULL), 0, "the other is not due");
	cr_assert_eq(store_job_claim(st, now() + 3600, &j, NULL), 1);
	cr_assert_eq(j.id, later);
}

Test(jobs, backoff_doubles_up_to_the_cap)
{
	cr_assert_eq(jobs_backoff(5, 3600, 1), 5);
	cr_assert_eq(jobs_backoff(5, 3600, 2), 10);
	cr_assert_eq(jobs_backoff(5, 3600, 5), 80);
	cr_assert_eq(jobs_backoff(5, 3600, 11), 3600);
	cr_assert_eq(jobs_backoff(5, 3600, 1000), 3600);
	cr_assert_eq(jobs_backoff(0, 3600, 9), 0);
}

static atomic_int calls;

static void flaky(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	(void)ctx;
	atomic_fetch_add(&calls, 1);
	if (job->attempts < 3) {
		out->result = JOB_RETRY;
		buf_addf(&out->message, "HTTP 502 on attempt %d", job->attempts);
	} else {
		out->result = JOB_DONE;
	}
}

static void always_retry(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	(void)ctx; (void)job;
	out->result = JOB_RETRY;
	buf_adds(&out->message, "GitHub is down");
}

/* this worker runs two kinds: open_pr (flaky) and monthly_pr (down) */
#define FLAKY JOB_OPEN_PR
#define DOWN JOB_MONTHLY_PR
static const struct job_runner kinds[JOB_KIND__COUNT] = {
	[FLAKY] = { flaky, 0 },
	[DOWN] = { always_retry, 0 },
};

static struct store_job wait_for(int64_t id, const char *state)
{
	struct store_job j;
	struct buf err = BUF_INIT;
	for (int i = 0; i < 500; i++) {
		cr_assert_eq(store_job_get(st, id, &j, &err), 1, "job %lld: %s", (long long)id,
			     err.p);
		if (strcmp(job_state_name(j.state), state) == 0)
			return j;
		usleep(10 * 1000);
	}
	cr_assert_fail("job %lld never reached %s (is %s)", (long long)id, state,
		       job_state_name(j.state));
	return j;
}

static struct jobs *start_worker(int max_attempts)
{
	struct buf err = BUF_INIT;
	struct jobs_opts o = { .store = st, .runners = &kinds,
			       .backoff_base_s = 0, .backoff_cap_s = 0,
			       .max_attempts = max_attempts, .idle_poll_ms = 20 };
	struct jobs *j = jobs_start(&o, &err);
	cr_assert_not_null(j, "%s", err.p);
	buf_release(&err);
	return j;
}

Test(jobs, retries_until_done)
{
	atomic_store(&calls, 0);
	struct jobs *w = start_worker(5);
	int64_t id = 0;
	store_job_enqueue(st, FLAKY, 1, now(), &id, NULL);
	jobs_kick(w);
	struct store_job j = wait_for(id, "done");
	cr_assert_eq(j.attempts, 3);
	cr_assert_eq(atomic_load(&calls), 3);
	jobs_stop(w);
}

/* A row as another version of newsdesk may leave it: a kind this one
 * does not know (written past the store, as that version's store would). */
static int64_t enqueue_foreign(const char *kind)
{
	char p[128];
	snprintf(p, sizeof p, "%s/q.db", dir);
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(p, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	sqlite3_stmt *ins;
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO jobs (kind, subject_id, run_after,"
					    " created_at, updated_at) VALUES (?1, 1, ?2, ?2, ?2)",
					-1, &ins, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_bind_text(ins, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 2, now());
	cr_assert_eq(sqlite3_step(ins), SQLITE_DONE, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(ins);
	int64_t id = sqlite3_last_insert_rowid(db);
	sqlite3_close(db);
	return id;
}

Test(jobs, gives_up_after_max_attempts_and_kinds_without_a_runner_fail)
{
	struct jobs *w = start_worker(3);
	int64_t down = 0, odd = 0;
	store_job_enqueue(st, DOWN, 1, now(), &down, NULL);
	store_job_enqueue(st, JOB_NOTIFY_COMMENT, 1, now(), &odd, NULL);
	jobs_kick(w);
	struct store_job j = wait_for(down, "failed");
	cr_assert_eq(j.attempts, 3);
	cr_assert_str_eq(j.last_error, "GitHub is down");
	j = wait_for(odd, "failed");
	cr_assert_eq(j.attempts, 1, "no runner: failed at once, not retried");
	cr_assert_str_eq(j.last_error, "no handler for job kind 'notify_comment'");
	jobs_stop(w);
}

Test(jobs, a_kind_this_binary_does_not_know_fails_with_its_name)
{
	int64_t odd = enqueue_foreign("tweet_it"), ok = 0;
	struct store_job j;
	cr_assert_eq(store_job_get(st, odd, &j, NULL), 1);
	cr_assert_eq(j.kind, JOB_KIND_NONE);
	cr_assert_str_eq(store_job_kind_name(&j), "tweet_it");
	/* the worker fails it, once, named, and goes on to the next job */
	atomic_store(&calls, 0);
	store_job_enqueue(st, FLAKY, 3, now(), &ok, NULL);
	struct jobs *w = start_worker(5);
	j = wait_for(odd, "failed");
	cr_assert_eq(j.attempts, 1);
	cr_assert_str_eq(j.last_error,
			 "unknown job kind 'tweet_it' (queued by another version of newsdesk?)");
	wait_for(ok, "done");
	jobs_stop(w);
}

/* The names are the database's: fixed, one per kind, and back again. */
Test(jobs, every_kind_has_one_name_and_back)
{
	/* in the enum's order: rows written by every earlier version read back */
	static const char stored[] = "open_pr refresh_prs monthly_pr check_links notify_comment "
				     "notify_submission_pending notify_pr_opened notify_pr_merged "
				     "notify_submission_moved notify_submission_changes_requested "
				     "notify_submission_updated harvest mail_confirm mail_reply "
				     "mail_digest";
	struct buf names = BUF_INIT;
	for (int k = JOB_KIND_NONE + 1; k < JOB_KIND__COUNT; k++) {
		const char *name = job_kind_name((enum job_kind)k);
		buf_addf(&names, "%s%s", names.len ? " " : "", name);
		enum job_kind back = JOB_KIND_NONE;
		cr_assert(job_kind_parse(name, &back), "%s", name);
		cr_assert_eq(back, k);
		/* and through a row */
		int64_t id = 0;
		struct store_job j;
		cr_assert_eq(store_job_enqueue(st, (enum job_kind)k, 42, now(), &id, NULL), 0);
		cr_assert_eq(store_job_get(st, id, &j, NULL), 1);
		cr_assert_eq(j.kind, k, "%s", name);
		cr_assert_str_eq(store_job_kind_name(&j), name);
	}
	cr_assert_str_eq(names.p, stored);
	buf_release(&names);
	enum job_kind out = JOB_OPEN_PR;
	cr_assert_str_eq(job_kind_name(JOB_KIND_NONE), "?");
	cr_assert_str_eq(job_kind_name(JOB_KIND__COUNT), "?");
	cr_assert_not(job_kind_parse("?", &out));
	cr_assert_not(job_kind_parse("", &out));
	cr_assert_not(job_kind_parse(NULL, &out));
	cr_assert_not(job_kind_parse("OPEN_PR", &out));
	cr_assert_not(job_kind_parse("open_pr ", &out));
	cr_assert_eq(out, JOB_OPEN_PR, "a failed parse leaves *out alone");
	struct buf err = BUF_INIT;
	int64_t id = 0;
	cr_assert_eq(store_job_enqueue(st, JOB_KIND_NONE, 1, now(), &id, &err), -1);
	cr_assert_eq(store_job_enqueue(st, JOB_KIND__COUNT, 1, now(), &id, &err), -1);
	cr_assert(strstr(err.p, "no job kind"), "%s", err.p);
	buf_release(&err);
}

Test(jobs, jobs_interrupted_by_a_stop_run_again_after_restart)
{
	atomic_store(&calls, 0);
	int64_t id = 0;
	store_job_enqueue(st, FLAKY, 9, now(), &id, NULL);
	struct store_job j;
	/* a process claims it twice (attempts 1 and 2) and dies each time */
	cr_assert_eq(store_job_claim(st, now(), &j, NULL), 1);
	int n = 0;
	cr_assert_eq(store_job_requeue_running(st, now(), &n, NULL), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(store_job_claim(st, now(), &j, NULL), 1);
	cr_assert_eq(j.attempts, 2);
	/* the next start puts it back and finishes it */
	struct jobs *w = start_worker(5);
	j = wait_for(id, "done");
	cr_assert_eq(j.attempts, 3);
	cr_assert_eq(atomic_load(&calls), 1);
	jobs_stop(w);
}

static atomic_bool slow_may_end;

/* A link check that waits on a server that does not answer (until let go). */
static void slow_check(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	(void)ctx;
	(void)job;
	for (int i = 0; i < 2000 && !atomic_load(&slow_may_end); i++)
		usleep(5 * 1000);
	out->result = JOB_DONE;
}

static void quick(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	(void)ctx;
	(void)job;
	out->result = JOB_DONE;
}

/* The link checks have a lane of their own: a pull request queued behind
 * a check that hangs on someone's server is done while the check waits. */
Test(jobs, a_pull_request_never_waits_behind_link_checks)
{
	static const struct job_runner lanes[JOB_KIND__COUNT] = {
		[JOB_CHECK_LINKS] = { slow_check, 0 },
		[JOB_OPEN_PR] = { quick, 0 },
	};
	atomic_store(&slow_may_end, false);
	struct buf err = BUF_INIT;
	struct jobs_opts o = { .store = st, .runners = &lanes, .max_attempts = 1,
			       .idle_poll_ms = 20, .lane_kind = JOB_CHECK_LINKS };
	struct jobs *w = jobs_start(&o, &err);
	cr_assert_not_null(w, "%s", err.p);
	int64_t check = 0, pr = 0;
	store_job_enqueue(st, JOB_CHECK_LINKS, 1, now(), &check, NULL);
	wait_for(check, "running");
	store_job_enqueue(st, JOB_OPEN_PR, 1, now(), &pr, NULL);
	jobs_kick(w);
	wait_for(pr, "done");
	struct store_job j;
	cr_assert_eq(store_job_get(st, check, &j, NULL), 1);
	cr_expect_str_eq(job_state_name(j.state), "running", "the check still waits");
	atomic_store(&slow_may_end, true);
	wait_for(check, "done");
	jobs_stop(w);
	buf_release(&err);
}
