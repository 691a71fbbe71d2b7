/* client.h: GitHub's REST API over libcurl + jansson (libcurl is used only
 * here and in outgoing.c, beside it).
 *
 * Every request carries Accept: application/vnd.github+json,
 * X-GitHub-Api-Version: 2022-11-28, a User-Agent naming newsdesk and its
 * version, and Authorization: Bearer TOKEN when a token is set.  TLS is
 * verified; connect and total timeouts are bounded.  The base URL comes
 * from config (api_url), so tests point it at a stand-in on 127.0.0.1.
 *
 * Each answer is classified so that the job worker knows what to do:
 *   GH_OK     2xx;
 *   GH_RETRY  5xx, timeouts, connection errors, and rate limits (403/429)
 *             with the wait GitHub asked for in retry_after (seconds; 0 =
 *             unknown: back off exponentially);
 *   GH_FINAL  anything else (401, 404, 409, 422, …) with GitHub's message.
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

enum gh_outcome { GH_OK, GH_RETRY, GH_FINAL };

struct gh_app;

struct gh_client {
	char *api_url;   /* no trailing slash */
	char *token;     /* may be NULL */
	struct gh_app *app;  /* when set, tokens come from the App (app_auth.h), not token */
	const char *accept;  /* Accept header; NULL: GitHub's JSON media type */
	long connect_timeout_ms;
	long timeout_ms;
	long write_interval_ms;  /* least time between two writes (GitHub asks >= 1 s) */
	int64_t last_write_us;   /* monotonic time of the last write */
	void *curl;      /* CURL *, reused for keep-alive */
};

struct gh_response {
	long status;            /* 0 when no HTTP answer arrived */
	enum gh_outcome outcome;
	long retry_after;       /* seconds to wait before retrying, 0 = unknown */
	json_t *json;           /* parsed body, or NULL */
	struct buf message;     /* one line for logs and the admin page */
	char *next;             /* the Link header's rel="next" as a path under api_url, or NULL */
	bool not_modified;      /* GitHub said 304: json is the kept answer (etag_cache.h) */
};

/* What every client of the process did (for /metrics). */
struct gh_stats {
	unsigned long long ok, retry, final;   /* answers by outcome */
	long ratelimit_remaining;              /* the last x-ratelimit-remaining, -1 unknown */
};
void gh_stats_get(struct gh_stats *out);

/* Once per process, before any thread starts (libcurl's global state;
 * libsodium is the caller's). */
int gh_global_init(void);

int gh_client_init(struct gh_client *c, const char *api_url, const char *token);
void gh_client_free(struct gh_client *c);

/* Sends METHOD api_url+path with body (may be NULL; not stolen).  Always
 * fills out (release with gh_response_free); returns 0 when outcome is
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

/* Classification alone, for tests: status, headers as found (NULL when
 * absent), now = current unix time. */
enum gh_outcome gh_classify(long status, const char *retry_after,
			    const char *ratelimit_remaining,
			    const char *ratelimit_reset, int64_t now,
			    long *wait_seconds);

#endif
