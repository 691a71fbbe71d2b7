/* http_client.h: a tiny libcurl client for the HTTP tests (127.0.0.1 only). */
#ifndef NEWSDESK_TEST_HTTP_CLIENT_H
#define NEWSDESK_TEST_HTTP_CLIENT_H

#include <stddef.h>

#include "util/buf.h"

struct http_result {
	long status;
	struct buf body;
	struct buf headers; /* raw header block, lower-cased names kept as sent */
};

/* method, port, path; body may be NULL.  extra_headers: NULL-terminated
 * list of "Name: value".  chunked: send the body with chunked encoding. */
int http_do(const char *method, unsigned port, const char *path,
	    const char *body, size_t body_len, const char *const *extra_headers,
	    int chunked, struct http_result *out);
/* Value of a response header (case-insensitive), copied into out. */
int http_header(const struct http_result *res, const char *name, struct buf *out);
void http_result_free(struct http_result *res);

#endif
