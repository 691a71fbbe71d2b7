/* import_run.c: the importers' shared steps and `newsdesk import` */
#include "features/comments/import.h"
#include "features/comments/import_internal.h"

#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/cli_store.h"
#include "features/comments/comment_input.h"
#include "github/app_auth.h"
#include "markdown/markdown.h"
#include "github/login.h"
#include "util/text_fmt.h"
#include "util/url.h"
#include "util/xalloc.h"
#include "store/comments.h"

#define ATTEMPTS 6
#define LONGEST_WAIT_S 900   /* a rate limit resets within the hour; we say so, then wait */

int import_request(struct importer *im, const char *method, const char *path, json_t *body,
		   struct gh_response *r)
{
	for (int attempt = 1;; attempt++) {
		if (gh_request(&im->gh, method, path, body, r) == 0)
			return 0;
		if (!gh_retryable(r->kind) || attempt == ATTEMPTS) {
			fprintf(stderr, "newsdesk: %s\n", r->message.p);
			gh_response_free(r);
			return -1;
		}
		long wait = r->retry_after ? r->retry_after : 1L << (attempt - 1);
		if (wait > LONGEST_WAIT_S)
			wait = LONGEST_WAIT_S;
		printf("  GitHub asks to wait (%s): retrying in %lds\n", r->message.p, wait);
		fflush(stdout);
		gh_response_free(r);
		sleep((unsigned)wait);
	}
}

int import_each_page(struct importer *im, const char *path,
		     int (*fn)(struct importer *im, json_t *page, void *arg), void *arg)
{
	char *next = xstrdup(path);
	int rc = 0;
	while (next && rc == 0) {
		struct gh_response r;
		rc = import_request(im, "GET", next, NULL, &r);
		free(next);
		next = NULL;
		if (rc < 0)
			break;
		im->pages_read++;
		next = r.next ? xstrdup(r.next) : NULL;
		rc = fn(im, r.json, arg);
		gh_response_free(&r);
	}
	free(next);
	return rc;
}

int import_graphql(struct importer *im, const char *query, json_t *variables, json_t **data)
{
	if (!variables)
		variables = json_object();
	json_object_set_new(variables, "owner", json_string(im->owner));
	json_object_set_new(variables, "name", json_string(im->name));
	json_t *req = json_pack("{s:s,s:o}", "query", query, "variables", variables);
	struct gh_response r;
	int rc = import_request(im, "POST", "/graphql", req, &r);
	json_decref(req);
	if (rc < 0)
		return -1;
	json_t *errors = json_object_get(r.json, "errors");
	json_t *d = json_object_get(r.json, "data");
	if (json_array_size(errors) || !json_is_object(d)) {
		const char *m = json_string_value(json_object_get(json_array_get(errors, 0),
								  "message"));
		fprintf(stderr, "newsdesk: GraphQL: %s\n", m ? m : "no data in the answer");
		gh_response_free(&r);
		return -1;
	}
	*data = json_incref(d);
	gh_response_free(&r);
	return 0;
}

int import_next_cursor(const json_t *page_info, char next[IMPORT_CURSOR_MAX])
{
	const char *end = json_string_value(json_object_get(page_info, "endCursor"));
	if (!json_is_true(json_object_get(page_info, "hasNextPage")) || !end ||
	    strlen(end) >= IMPORT_CURSOR_MAX)
		return 0;
	snprintf(next, IMPORT_CURSOR_MAX, "%s", end);
	return 1;
}

int import_graphql_each(struct importer *im, const char *query, json_t *vars, const char *after,
			const char *const path[],
			int (*fn)(struct importer *im, json_t *nodes, void *arg), void *arg)
{
	char next[IMPORT_CURSOR_MAX];
	int rc = 0;
	if (!vars)
		vars = json_object();
	do {
		json_object_set_new(vars, "after", after ? json_string(after) : json_null());
		json_t *data = NULL;
		if (import_graphql(im, query, json_incref(vars), &data) < 0) {
			rc = -1;
			break;
		}
		json_t *conn = data;
		for (size_t i = 0; path[i]; i++)
			conn = json_object_get(conn, path[i]);
		rc = fn(im, json_object_get(conn, "nodes"), arg);
		after = rc == 0 && import_next_cursor(json_object_get(conn, "pageInfo"), next) ? next
											       : NULL;
		json_decref(data);
	} while (after);
	json_decref(vars);
	return rc;
}

const struct import_shape import_rest_comment = {
	"user", "id", "avatar_url", "created_at", "updated_at",
};
/* (an edit's time is lastEditedAt: updatedAt moves with reactions too) */
const struct import_shape import_graphql_comment = {
	"author", "databaseId", "avatarUrl", "createdAt", "lastEditedAt",
};

void import_comment_read(struct import_comment *c, const json_t *j,
			 const struct import_shape *shape)
{
	json_t *author = json_object_get(j, shape->author);
	c->login = json_string_value(json_object_get(author, "login"));
	c->user_id = json_integer_value(json_object_get(author, shape->author_id));
	c->avatar_url = json_string_value(json_object_get(author, shape->avatar_url));
	c->body = json_string_value(json_object_get(j, "body"));
	c->created_at = json_string_value(json_object_get(j, shape->created_at));
	c->updated_at = json_string_value(json_object_get(j, shape->updated_at));
}

/* The URL of the body's last line "[URL](URL)", copied into out. */
static bool body_link(const char *body, char *out, size_t cap)
{
	if (!body)
		return false;
	size_t n = strlen(body);
	while (n && (body[n - 1] == '\n' || body[n - 1] == '\r' || body[n - 1] == ' '))
		n--;
	size_t start = n;
	while (start && body[start - 1] != '\n')
		start--;
	const char *line = body + start;
	size_t len = n - start;
	if (len < 6 || line[0] != '[' || line[len - 1] != ')')
		return false;
	const char *mid = memmem(line, len, "](", 2);
	if (!mid)
		return false;
	size_t ul = (size_t)(mid - line - 1);
	/* both halves the same URL, as utterances and giscus write it */
	if (ul == 0 || ul >= cap || len != 2 * ul + 4 || memcmp(line + 1, mid + 2, ul) != 0)
		return false;
	memcpy(out, line + 1, ul);
	out[ul] = '\0';
	return true;
}

bool import_thread_shaped(const char *body)
{
	char url[URL_MAX_BYTES + 1];
	return body && strncmp(body, "# ", 2) == 0 && body_link(body, url, sizeof url);
}

/* url is on site: the same origin (scheme and host compared without
 * case), then a path boundary, so that https://rust-osdev.com does not
 * take https://rust-osdev.com.evil.example/ or https://rust-osdev.community. */
static bool same_site(const char *url, const char *site)
{
	size_t n = strlen(site);
	while (n && site[n - 1] == '/')
		n--;
	if (strncasecmp(url, site, n) != 0)
		return false;
	char next = url[n];
	return next == '\0' || next == '/' || next == '?' || next == '#';
}

static int page_of(const struct importer *im, const char *title, const char *body,
		   char page[PAGE_PATH_MAX + 1], const char **why)
{
	char link[URL_MAX_BYTES + 1], term[URL_MAX_BYTES + 1];
	bool has_link = body_link(body, link, sizeof link);
	switch (im->term) {
	case TERM_URL:
		snprintf(term, sizeof term, "%s", title);
		break;
	case TERM_PATHNAME:
		/* utterances and giscus drop the leading "/" and call the root "index" */
		snprintf(term, sizeof term, "/%s", strcmp(title, "index") == 0 ? "" : title);
		break;
	case TERM_TITLE:
		if (!has_link) {
			*why = "the title names no page and the body has no link to one";
			return -1;
		}
		snprintf(term, sizeof term, "%s", link);
		break;
	}
	/* a thread of another site (a repository shared by several) */
	const char *url = im->term == TERM_URL ? term : has_link ? link : NULL;
	if (im->site && url && strncmp(url, "http", 4) == 0 && !same_site(url, im->site)) {
		*why = "it belongs to another site than --site";
		return -1;
	}
	return page_path_normalise(term, page, why);
}

int import_thread_page(struct importer *im, const char *what, const char *title,
		       const char *body, const char *skip, char page[PAGE_PATH_MAX + 1])
{
	const char *why = skip;
	if (!why && (!title || page_of(im, title, body, page, &why) < 0))
		why = why ? why : "no title";
	if (why) {
		printf("  left out %s: %s\n", what, why);
		im->threads_skipped++;
		return -1;
	}
	im->threads++;
	return 0;
}

int import_comment(struct importer *im, const char *page, const struct import_comment *c,
		   int64_t *id)
{
	*id = 0;
	struct buf html = BUF_INIT;
	int links = 0;
	char why[MARKDOWN_WHY];
	const char *body = c->body && *c->body ? c->body : "(empty)";
	if (c->login && !valid_github_login(c->login)) {
		/* GitHub's answer is input too: a login goes into pages and feeds */
		printf("  skipped %s on %s: its author is not a GitHub login\n", c->key, page);
		im->refused++;
		return -1;
	}
	int rc = markdown_comment_to_html(body, strlen(body), &html, &links, why);
	if (rc != 0) {
		printf("  skipped %s on %s: it %s\n", c->key, page,
		       rc > 0 ? why : "could not be rendered");
		im->refused++;
		buf_release(&html);
		return -1;
	}
	if (im->dry_run) {
		printf("  would import %s on %s by @%s%s\n", c->key, page,
		       c->login ? c->login : "ghost", c->minimized ? " (hidden)" : "");
		im->imported++;
		im->hidden += c->minimized;
		buf_release(&html);
		return 0;
	}
	unsigned char hash[COMMENT_HASH_BYTES];
	comment_body_hash(body, hash);
	char key[32], note[128] = "";
	snprintf(key, sizeof key, "gh:%lld", (long long)c->user_id);
	if (c->minimized)
		snprintf(note, sizeof note, "minimized on GitHub (%s)",
			 c->minimized_reason ? c->minimized_reason : "hidden");
	int64_t created = time_parse_rfc3339(c->created_at),
		updated = time_parse_rfc3339(c->updated_at);
	struct store_comment_import row = {
		.page = page, .parent_id = c->parent, .author = c->login ? c->login : "ghost",
		.author_key = c->user_id ? key : "name:ghost", .body_md = body,
		.body_html = html.p, .body_hash = hash,
		/* hidden on GitHub stays hidden here */
		.status = c->minimized ? COMMENT_REJECTED : COMMENT_APPROVED,
		.created_at = created ? created : (int64_t)time(NULL),
		.edited_at = updated > created + 1 ? updated : 0,
		.github_id = c->login ? c->user_id : 0,
		/* GitHub's avatar, when it is a plain http(s) URL */
		.avatar_url = c->login && c->avatar_url && valid_http_url(c->avatar_url)
				      ? c->avatar_url
				      : NULL,
		.github_comment_id = c->key, .imported_from = im->source,
		.import_note = *note ? note : NULL,
	};
	struct buf err = BUF_INIT;
	rc = store_comment_import(im->store, &row, id, &err);
	buf_release(&html);
	if (rc < 0) {
		fprintf(stderr, "newsdesk: %s\n", err.p);
		buf_release(&err);
		return -2;
	}
	buf_release(&err);
	if (rc == 1) {
		im->imported++;
		im->hidden += c->minimized;
	} else {
		im->already++;
	}
	return 0;
}

/* ---- the command ---- */

static const char *opt(int argc, const char *const *argv, const char *name)
{
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

static bool flag(int argc, const char *const *argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return true;
	return false;
}

static int usage(const char *msg)
{
	fprintf(stderr, "newsdesk: %s\nusage: newsdesk import utterances --repo OWNER/NAME "
			"--issue-term url|pathname|title [--site URL] [--label L] [--dry-run]\n"
			"       newsdesk import giscus --repo OWNER/NAME --category NAME "
			"--mapping url|pathname|title [--site URL] [--dry-run]\n"
			"       newsdesk import json FILE\n", msg);
	return 2;
}

static bool parse_term(const char *s, enum page_term *out)
{
	if (!s)
		return false;
	if (strcmp(s, "url") == 0)
		*out = TERM_URL;
	else if (strcmp(s, "pathname") == 0)
		*out = TERM_PATHNAME;
	else if (strcmp(s, "title") == 0 || strcmp(s, "og:title") == 0)
		*out = TERM_TITLE;
	else
		return false;
	return true;
}

/* The client as the service would use it: the App, else the token. */
static int client_for(const struct config *cfg, struct importer *im, struct gh_app **app)
{
	struct buf err = BUF_INIT;
	if (gh_app_from_config(cfg, app, &err) < 0) {
		fprintf(stderr, "newsdesk: github app: %s\n", err.p);
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	if (gh_client_init(&im->gh, cfg->github.api_url,
			   *app ? NULL : cfg_secret(cfg->github.token_env)) < 0)
		return -1;
	gh_client_set_repo(&im->gh, cfg->github.repo);
	im->gh.app = *app;
	im->gh.timeout_ms = (long)cfg->github.timeout_seconds * 1000;
	im->gh.write_interval_ms = 0;   /* GraphQL reads are POSTs, not writes */
	return 0;
}

int cli_import(const struct config *cfg, int argc, const char *const *argv)
{
	if (argc >= 1 && strcmp(argv[0], "json") == 0)
		return argc == 2 ? import_json(cfg, argv[1]) : usage("import json needs FILE");
	bool utt = argc >= 1 && strcmp(argv[0], "utterances") == 0;
	bool gis = argc >= 1 && strcmp(argv[0], "giscus") == 0;
	if (!utt && !gis)
		return usage("import what? utterances, giscus or json");
	struct importer im = { .source = utt ? "utterances" : "giscus",
			       .site = opt(argc, argv, "--site"),
			       .dry_run = flag(argc, argv, "--dry-run") };
	const char *repo = opt(argc, argv, "--repo");
	const char *term = opt(argc, argv, utt ? "--issue-term" : "--mapping");
	const char *category = opt(argc, argv, "--category");
	const char *slash = repo ? strchr(repo, '/') : NULL;
	if (!slash || slash == repo || !slash[1] || strchr(slash + 1, '/'))
		return usage("--repo must be OWNER/NAME");
	if (!parse_term(term, &im.term))
		return usage(utt ? "--issue-term must be url, pathname or title"
				 : "--mapping must be url, pathname or title");
	if (gis && (!category || !*category))
		return usage("--category names the Discussions category giscus uses");
	char owner[128];
	snprintf(owner, sizeof owner, "%.*s", (int)(slash - repo), repo);
	im.owner = owner;
	im.name = slash + 1;
	if (!im.dry_run && !(im.store = cli_open_store(cfg)))
		return 1;
	struct gh_app *app = NULL;
	int rc = 1;
	if (client_for(cfg, &im, &app) == 0) {
		printf("importing %s threads from %s%s\n", im.source, repo,
		       im.dry_run ? " (dry run: nothing is written)" : "");
		rc = (utt ? import_utterances(&im, opt(argc, argv, "--label"))
			  : import_giscus(&im, category)) < 0;
		printf("%s: %u result pages read, %u threads (%u left out), %u comments %s, "
		       "%u there already, %u of them hidden as on GitHub, %u refused, "
		       "%lu reactions counted%s\n",
		       rc ? "stopped" : "done", im.pages_read, im.threads, im.threads_skipped,
		       im.imported, im.dry_run ? "to import" : "imported", im.already, im.hidden,
		       im.refused, im.reactions,
		       rc ? " (run the same command again to resume)" : "");
		gh_client_free(&im.gh);
	}
	gh_app_free(app);
	if (im.store)
		store_close(im.store);
	return rc;
}
