/* codings.h: decoding a response body's Content-Encoding (gzip, br, zstd)
 * for the tests that check what newsdesk compressed. */
#ifndef NEWSDESK_TEST_CODINGS_H
#define NEWSDESK_TEST_CODINGS_H

#include <stddef.h>

#include "support/http_client.h"
#include "util/buf.h"

/* Decodes len bytes at in, sent as coding ("gzip", "br", "zstd"; NULL:
 * identity), into out (replacing what it held; 1 MiB at most).  0, or -1
 * when they do not decode. */
int decode_body(const char *coding, const void *in, size_t len, struct buf *out);

/* method path on port with Accept-Encoding ae and If-None-Match inm (each
 * left out when NULL); http_do's answer. */
int http_do_coded(const char *method, unsigned port, const char *path, const char *ae,
		  const char *inm, struct http_result *out);

#endif
