/* outgoing.h: a plain JSON POST to a URL from config (the comment
 * notification webhook).  It lives beside the GitHub client so that
 * libcurl stays in this directory; it sends no GitHub headers and no
 * token, follows no redirects, speaks only http(s) and discards the
 * answer's body. */
#ifndef NEWSDESK_GH_OUTGOING_H
#define NEWSDESK_GH_OUTGOING_H

#include "util/buf.h"

/* 0 when an answer arrived (*status set), -1 with err when none did. */
int http_post_json(const char *url, const char *body, long timeout_ms, long *status,
		   struct buf *err);

#endif
