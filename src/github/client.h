/* client.h: GitHub's REST API over libcurl + jansson (libcurl is used only
 * here and in outgoing.c, beside it).
 *
 * Every request carries Accept: application/vnd.github+json,
 * X-GitHub-Api-Version: 2022-11-28, a User-Agent naming newsdesk and its
 * version, and Authorization: Bearer TOKEN when a token is set.  TLS is
 * verified; connect and total timeouts are bounded.  The base URL comes
 * from config (api_url), so tests point it at a stand-in on 127.0.0.1.
 *
 * Each answer is classified once, here, into a kind (enum gh_kind below),
 * and r->message holds GitHub's words as one line for logs and the admin
 * page.  Callers outside src/github/ test the kind, never a status number
 * or a message substring; gh_retryable() says whether a job should try
 * again (after retry_after seconds, 0 = unknown: back off exponentially).
 * A client is not shared between threads.
 */
#ifndef NEWSDESK_GH_CLIENT_H
#define NEWSDESK_GH_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

#define GH_API_VERSION "2022-11-28"
#define GH_USER_AGENT "newsdesk/0.1.0 (+https://github.com/rust-osdev/homepage)"
#define GH_MAX_RESPONSE (8u * 1024u * 1024u)

/* What an answer means, by GitHub's documented semantics
 * (../shared/github-api/README.md and operations*.json: each operation's
 * statuses; tests/fixtures/github-operations.json: the operations newsdesk
 * calls).  For a 422, "GitHub says X" means X is in its "message" or in
 * an "errors[].message" (the Validation Error body). */
enum gh_kind {
	GH_OK,            /* 2xx, and a 304 answered from the kept copy (etag_cache.h) */
	GH_NOT_FOUND,     /* 404: absent, or not visible to this token (GitHub hides
			   * what it will not show behind a 404); 422 "Reference does
			   * not exist" (PATCH git/refs/{ref} of a ref that is gone) */
	GH_EXISTS,        /* 422 that says "already exists" or has an error of code
			   * "already_exists": POST git/refs "Reference already exists",
			   * POST pulls "A pull request already exists for OWNER:BRANCH." */
	GH_NO_CHANGE,     /* 422 "No commits between BASE and HEAD" (POST pulls: the
			   * head is in the base already, merged by hand) */
	GH_INVALID,       /* any other 422 ("Validation Failed", "Object does not exist",
			   * "Update is not a fast forward", "… endpoint has been spammed") */
	GH_CONFLICT,      /* 409: a stale sha (contents PUT), a merge conflict, an empty
			   * repository */
	GH_RATE_LIMITED,  /* 429; a 403 with retry-after or x-ratelimit-remaining: 0.
			   * retry_after: retry-after first, else the quota's reset
			   * (0: unknown, a 429 without either) */
	GH_UNAVAILABLE,   /* no answer (timeout, refused or dropped connection, an answer
			   * over GH_MAX_RESPONSE), 5xx, a 304 whose kept copy is gone, an
			   * App token GitHub could not give just now */
	GH_REFUSED,       /* 401 (bad or revoked credentials), a 403 without rate-limit
			   * headers (no permission, no User-Agent), and every other
			   * status (400, 406, 410, 3xx …); an App key GitHub refuses */
	GH_MALFORMED,     /* a 2xx without what the operation needs (repo_api.h) */
	GH_KIND__COUNT
};

/* GH_RATE_LIMITED and GH_UNAVAILABLE: the same request may work later.
 * Every other kind but GH_OK is final for this request. */
bool gh_retryable(enum gh_kind k);
/* "ok", "not_found", "exists" … (for logs and tests). */
const char *gh_kind_name(enum gh_kind k);

struct gh_app;

struct gh_client {
	char *api_url;   /* no trailing slash */
	char *token;     /* may be NULL */
	char *repo;      /* "OWNER/NAME" the repository calls address (repo_api.h), or NULL */
	struct gh_app *app;  /* when set, tokens come from the App (app_auth.h), not token */
	const char *accept;  /* Accept header; NULL: GitHub's JSON media type */
	long connect_timeout_ms;
	long timeout_ms;
	long write_interval_ms;  /* least time between two writes (GitHub asks >= 1 s) */
	int64_t last_write_us;   /* monotonic time of the last write */
	void *curl;      /* CURL *, reused for keep-alive */
};

struct gh_response {
	long status;            /* 0 when no HTTP answer arrived (src/github/ only:
				 * callers read kind) */
	enum gh_kind kind;
	long retry_after;       /* seconds to wait before retrying, 0 = unknown */
	json_t *json;           /* parsed body, or NULL */
	struct buf message;     /* one line for logs and the admin page */
	char *next;             /* the Link header's rel="next" as a path under api_url, or NULL */
	bool not_modified;      /* GitHub said 304: json is the kept answer (etag_cache.h) */
};

/* What every client of the process did (for /metrics). */
struct gh_stats {
	unsigned long long ok, retry, final;   /* answers: GH_OK, retryable, the rest */
	long ratelimit_remaining;              /* the last x-ratelimit-remaining, -1 unknown */
};
void gh_stats_get(struct gh_stats *out);

/* Once per process, before any thread starts (libcurl's global state;
 * libsodium is the caller's). */
int gh_global_init(void);

int gh_client_init(struct gh_client *c, const char *api_url, const char *token);
/* The repository the client's repository calls (repo_api.h) address,
 * "OWNER/NAME": set once, where the client is made. */
void gh_client_set_repo(struct gh_client *c, const char *repo);
void gh_client_free(struct gh_client *c);

/* Sends METHOD api_url+path with body (may be NULL; not stolen).  Always
 * fills out (release with gh_response_free); returns 0 when its kind is
 * GH_OK, -1 otherwise. */
int gh_request(struct gh_client *c, const char *method, const char *path,
	       json_t *body, struct gh_response *out);
void gh_response_free(struct gh_response *r);

/* The rel="next" target of a Link header when it lies under api_url, as a
 * path with its query (malloc'd), else NULL.  A next page elsewhere is
 * not followed: the token must not travel to another host. */
char *gh_link_next(const char *link, const char *api_url);

/* Decodes GitHub's base64 (with a line break every 60 characters) into
 * out; -1 on malformed input. */
int gh_base64_decode(const char *in, size_t len, struct buf *out);
void gh_base64_encode(const void *in, size_t len, struct buf *out);

/* The classification alone (exposed for tests): status, the parsed body
 * (NULL when none), headers as found (NULL when absent), now = current
 * unix time; *wait_seconds gets retry_after. */
enum gh_kind gh_classify(long status, const json_t *body, const char *retry_after,
			 const char *ratelimit_remaining, const char *ratelimit_reset,
			 int64_t now, long *wait_seconds);

#endif
