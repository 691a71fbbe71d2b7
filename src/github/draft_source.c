/* draft_source.c: a cached copy of the live draft */
#include "github/draft_source.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "github/repo_api.h"
#include "util/log.h"
#include "util/xalloc.h"

struct draft_source {
	const struct config *cfg;
	pthread_mutex_t mu;
	struct gh_client gh;
	bool have;        /* a fetch succeeded at least once */
	bool found;       /* ... and found a draft */
	char *text, *path;
	int64_t fetched;  /* 0 = stale */
};

struct draft_source *draft_source_new(const struct config *cfg, const char *token)
{
	struct draft_source *ds = xcalloc(1, sizeof *ds);
	ds->cfg = cfg;
	pthread_mutex_init(&ds->mu, NULL);
	if (gh_client_init(&ds->gh, cfg->github.api_url, token) < 0) {
		pthread_mutex_destroy(&ds->mu);
		free(ds);
		return NULL;
	}
	ds->gh.timeout_ms = (long)cfg->github.timeout_seconds * 1000;
	return ds;
}

void draft_source_free(struct draft_source *ds)
{
	if (!ds)
		return;
	gh_client_free(&ds->gh);
	free(ds->text);
	free(ds->path);
	pthread_mutex_destroy(&ds->mu);
	free(ds);
}

void draft_source_invalidate(struct draft_source *ds)
{
	if (!ds)
		return;
	pthread_mutex_lock(&ds->mu);
	ds->fetched = 0;
	pthread_mutex_unlock(&ds->mu);
}

/* Reads the draft from GitHub; caller holds mu. */
static int fetch(struct draft_source *ds, struct buf *err)
{
	const struct config *cfg = ds->cfg;
	struct gh_response r = { 0 };
	char head[GH_SHA_HEX], tree[GH_SHA_HEX], month[8];
	struct buf text = BUF_INIT, path = BUF_INIT;
	int rc = -1;
	if (gh_get_branch(&ds->gh, cfg->github.repo, cfg->github.branch, head, tree, &r) < 0 ||
	    gh_newest_month(&ds->gh, cfg->github.repo, cfg->github.posts_dir, head, month, &r) < 0)
		goto done;
	if (!*month) {
		rc = 0;
		goto done;
	}
	buf_addf(&path, "%s/%s/index.md", cfg->github.posts_dir, month);
	if (gh_get_file(&ds->gh, cfg->github.repo, path.p, head, &text, &r) < 0) {
		if (r.status == 404)
			rc = 0;
		goto done;
	}
	free(ds->text);
	free(ds->path);
	ds->text = text.p ? buf_detach(&text, NULL) : xstrdup("");
	ds->path = buf_detach(&path, NULL);
	rc = 1;
done:
	if (rc < 0)
		buf_addf(err, "cannot read the draft: %s", r.message.p ? r.message.p : "GitHub failed");
	gh_response_free(&r);
	buf_release(&text);
	buf_release(&path);
	return rc;
}

int draft_source_get(struct draft_source *ds, char **text, char **path, struct buf *err)
{
	pthread_mutex_lock(&ds->mu);
	int64_t now = (int64_t)time(NULL);
	if (!ds->have || !ds->fetched || now - ds->fetched >= DRAFT_SOURCE_TTL_S) {
		struct buf why = BUF_INIT;
		int rc = fetch(ds, &why);
		if (rc >= 0) {
			ds->have = true;
			ds->found = rc == 1;
			ds->fetched = now;
		} else if (ds->have) {
			log_warn("%s; serving the copy from %llds ago", why.p,
				 (long long)(now - ds->fetched));
		} else {
			buf_adds(err, why.p);
			buf_release(&why);
			pthread_mutex_unlock(&ds->mu);
			return -1;
		}
		buf_release(&why);
	}
	int found = ds->found;
	if (found) {
		*text = xstrdup(ds->text);
		*path = xstrdup(ds->path);
	}
	pthread_mutex_unlock(&ds->mu);
	return found;
}
