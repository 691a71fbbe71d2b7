/* draft_source.c: the live draft, refreshed in the background (see
 * draft_source.h).  The mutex guards pointers and flags only; no GitHub
 * call and no parse ever runs under it. */
#include "draft/draft_source.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "github/repo_api.h"
#include "util/deadline.h"
#include "util/log.h"
#include "util/worker_thread.h"
#include "util/xalloc.h"

struct draft_source {
	const struct config *cfg;
	struct gh_client gh;     /* the refresher's own */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake;     /* for the refresher */
	pthread_cond_t changed;  /* for requests waiting for a first copy */
	struct draft_copy *copy; /* NULL until the first success */
	bool want;               /* a refresh is asked for */
	bool stopping;
	unsigned failures;       /* in a row */
	int64_t retry_at;        /* no attempt before this (backoff) */
	int64_t attempts;        /* finished attempts, for waiters */
};

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static void copy_free(struct draft_copy *c)
{
	if (c->parsed)
		draft_free(&c->d);
	free(c->text);
	free(c->path);
	free(c->parse_error);
	free(c);
}

void draft_copy_release(struct draft_copy *c)
{
	if (c && atomic_fetch_sub_explicit((_Atomic int *)&c->refs, 1, memory_order_acq_rel) == 1)
		copy_free(c);
}

static struct draft_copy *copy_ref(struct draft_copy *c)
{
	atomic_fetch_add_explicit((_Atomic int *)&c->refs, 1, memory_order_relaxed);
	return c;
}

/* Reads the branch from GitHub: a new copy, or NULL with err. */
static struct draft_copy *fetch(struct draft_source *ds, struct buf *err)
{
	const struct config *cfg = ds->cfg;
	struct gh_response r = { 0 };
	char head[GH_SHA_HEX], tree[GH_SHA_HEX], month[8];
	struct buf text = BUF_INIT, path = BUF_INIT;
	struct draft_copy *c = xcalloc(1, sizeof *c);
	c->refs = 1;
	c->fetched_at = now_s();
	bool ok = false;
	if (gh_get_branch(&ds->gh, cfg->github.branch, head, tree, &r) < 0 ||
	    gh_newest_month(&ds->gh, cfg->github.posts_dir, head, month, &r) < 0)
		goto done;
	ok = true;
	if (!*month)
		goto done;
	buf_addf(&path, "%s/%s/index.md", cfg->github.posts_dir, month);
	if (gh_get_file(&ds->gh, path.p, head, &text, &r) < 0) {
		ok = r.kind == GH_NOT_FOUND;
		goto done;
	}
	c->found = true;
	c->text = buf_detach(&text, NULL);
	c->path = buf_detach(&path, NULL);
	struct buf perr = BUF_INIT;
	/* parsed once here, shared read-only by every request */
	if (draft_parse(&c->d, c->text, strlen(c->text), &perr) == 0)
		c->parsed = true;
	else
		c->parse_error = buf_detach(&perr, NULL);
	buf_release(&perr);
	c->published = c->parsed && c->d.published;
	/* the post on the site's own branch is out, whatever its date says */
	if (!c->published && *cfg->github.published_branch) {
		struct buf there = BUF_INIT;
		c->published = gh_get_file(&ds->gh, c->path,
					   cfg->github.published_branch, &there, &r) == 0;
		buf_release(&there);
	}
done:
	if (!ok) {
		buf_addf(err, "cannot read the draft: %s", r.message.p ? r.message.p : "GitHub failed");
		copy_free(c);
		c = NULL;
	}
	gh_response_free(&r);
	buf_release(&text);
	buf_release(&path);
	return c;
}

static void *refresher(void *arg)
{
	struct draft_source *ds = arg;
	pthread_mutex_lock(&ds->mu);
	while (!ds->stopping) {
		int64_t now = now_s();
		bool due = ds->want && now >= ds->retry_at;
		if (!due) {
			/* wake for a request, a stop, the end of a backoff, or the
			 * copy's time running out */
			int64_t next = ds->want ? ds->retry_at
				       : ds->copy ? ds->copy->fetched_at + DRAFT_SOURCE_TTL_S
						  : now + DRAFT_SOURCE_TTL_S;
			struct timespec until = { .tv_sec = (time_t)(next > now ? next : now + 1) };
			if (pthread_cond_timedwait(&ds->wake, &ds->mu, &until) == ETIMEDOUT &&
			    !ds->want && ds->copy &&
			    now_s() >= ds->copy->fetched_at + DRAFT_SOURCE_TTL_S)
				ds->want = true;
			continue;
		}
		ds->want = false;
		pthread_mutex_unlock(&ds->mu);
		struct buf err = BUF_INIT;
		struct draft_copy *fresh = fetch(ds, &err);
		pthread_mutex_lock(&ds->mu);
		ds->attempts++;
		if (fresh) {
			struct draft_copy *old = ds->copy;
			ds->copy = fresh;
			ds->failures = 0;
			ds->retry_at = 0;
			pthread_mutex_unlock(&ds->mu);
			draft_copy_release(old);
			pthread_mutex_lock(&ds->mu);
		} else {
			unsigned shift = ds->failures < 8 ? ds->failures : 8;
			int64_t wait = (int64_t)2 << shift;
			if (wait > DRAFT_SOURCE_BACKOFF_MAX_S)
				wait = DRAFT_SOURCE_BACKOFF_MAX_S;
			ds->failures++;
			ds->retry_at = now_s() + wait;
			ds->want = true;   /* try again once the backoff ends */
			log_warn("%s; next try in %llds", err.p, (long long)wait);
		}
		buf_release(&err);
		pthread_cond_broadcast(&ds->changed);
	}
	pthread_mutex_unlock(&ds->mu);
	return NULL;
}

struct draft_source *draft_source_new(const struct config *cfg, const char *token,
				      struct gh_app *app)
{
	struct draft_source *ds = xcalloc(1, sizeof *ds);
	ds->cfg = cfg;
	if (gh_client_init(&ds->gh, cfg->github.api_url, token) < 0) {
		free(ds);
		return NULL;
	}
	gh_client_set_repo(&ds->gh, cfg->github.repo);
	ds->gh.timeout_ms = (long)cfg->github.timeout_seconds * 1000;
	ds->gh.app = app;
	/* both conditions on CLOCK_REALTIME: deadlines are unix times */
	pthread_cond_init(&ds->changed, NULL);
	ds->want = true;
	if (thread_start(&ds->thread, refresher, ds, &ds->mu, &ds->wake) < 0) {
		gh_client_free(&ds->gh);
		pthread_cond_destroy(&ds->changed);
		free(ds);
		return NULL;
	}
	return ds;
}

void draft_source_free(struct draft_source *ds)
{
	if (!ds)
		return;
	thread_end(ds->thread, &ds->mu, &ds->wake, &ds->stopping);
	pthread_cond_destroy(&ds->changed);
	draft_copy_release(ds->copy);
	gh_client_free(&ds->gh);
	free(ds);
}

void draft_source_invalidate(struct draft_source *ds)
{
	if (!ds)
		return;
	pthread_mutex_lock(&ds->mu);
	ds->want = true;
	ds->retry_at = 0;   /* a push is news: no backoff for it */
	pthread_cond_signal(&ds->wake);
	pthread_mutex_unlock(&ds->mu);
}

struct draft_copy *draft_source_get(struct draft_source *ds)
{
	pthread_mutex_lock(&ds->mu);
	struct draft_copy *c = ds->copy ? copy_ref(ds->copy) : NULL;
	pthread_mutex_unlock(&ds->mu);
	return c;
}

bool draft_source_wait_first(struct draft_source *ds, unsigned ms)
{
	struct timespec until = deadline_after_ms(ms);
	pthread_mutex_lock(&ds->mu);
	while (ds->attempts == 0 && !ds->stopping)
		if (pthread_cond_timedwait(&ds->changed, &ds->mu, &until) == ETIMEDOUT)
			break;
	bool have = ds->copy != NULL;
	pthread_mutex_unlock(&ds->mu);
	return have;
}
