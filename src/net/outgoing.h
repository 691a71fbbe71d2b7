/* outgoing.h: plain HTTP out of newsdesk that is not GitHub's API.
 *
 * http_post_json: a JSON POST to a URL from config (the notification
 * webhook); no GitHub headers, no token, no redirects, http(s) only, the
 * answer's body discarded.  What the answer means is decided here, once
 * (enum post_result), so its caller compares no status.
 *
 * link_fetch: what a link in a contribution answers (the checks before
 * approval).  GET with a bounded time and body, at most LINK_MAX_REDIRECTS
 * redirects, http(s) only; every address DNS gives (each redirect's too)
 * is checked before a socket is opened, and an internal one (loopback,
 * private, link-local…, util/ip_match.h) gets no packet at all unless
 * allow_internal is set, with one answer whatever listens there — a
 * contribution must not make newsdesk probe its own network. */
#ifndef NEWSDESK_NET_OUTGOING_H
#define NEWSDESK_NET_OUTGOING_H

#include <stdbool.h>

#include "util/buf.h"

enum post_result {
	POST_DELIVERED,  /* a 2xx */
	POST_RETRY,      /* worth sending again later: no answer (a network error, the
			  * timeout), 408 Request Timeout, 429 Too Many Requests, a 5xx */
	POST_REFUSED,    /* any other answer (4xx, a redirect, 1xx): sending the same
			  * again would not help */
};

/* why (optional) gets one line when not delivered: the network's error,
 * or "HTTP N". */
enum post_result http_post_json(const char *url, const char *body, long timeout_ms,
				struct buf *why);

#define LINK_MAX_REDIRECTS 5

struct link_result {
	long status;             /* the last answer's, 0 when none came */
	int redirects;
	char final_url[2048];
	char error[160];         /* why no answer came, or "" */
	bool blocked;            /* an internal address was refused */
	bool ok;                 /* the last answer was a 2xx, and nothing went wrong */
	long ms;
};

void link_fetch(const char *url, long timeout_ms, bool allow_internal, struct link_result *out);

#endif
