/* codings.c: zlib, libbrotlidec and libzstd, backwards. */
#include "support/codings.h"

#include <brotli/decode.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define DECODED_MAX (1u << 20)

int decode_body(const char *coding, const void *in, size_t len, struct buf *out)
{
	buf_reset(out);
	buf_grow(out, DECODED_MAX);
	int rc = -1;
	if (!coding) {
		buf_add(out, in, len);
		return 0;
	} else if (strcmp(coding, "gzip") == 0) {
		z_stream z;
		memset(&z, 0, sizeof z);
		if (inflateInit2(&z, 15 + 16) != Z_OK)
			return -1;
		z.next_in = (Bytef *)in;
		z.avail_in = (uInt)len;
		z.next_out = (Bytef *)out->p;
		z.avail_out = DECODED_MAX;
		if (inflate(&z, Z_FINISH) == Z_STREAM_END && z.avail_in == 0) {
			out->len = z.total_out;
			rc = 0;
		}
		inflateEnd(&z);
	} else if (strcmp(coding, "br") == 0) {
		size_t n = DECODED_MAX;
		if (BrotliDecoderDecompress(len, in, &n, (uint8_t *)out->p) ==
		    BROTLI_DECODER_RESULT_SUCCESS) {
			out->len = n;
			rc = 0;
		}
	} else if (strcmp(coding, "zstd") == 0) {
		size_t n = ZSTD_decompress(out->p, DECODED_MAX, in, len);
		if (!ZSTD_isError(n)) {
			out->len = n;
			rc = 0;
		}
	}
	out->p[out->len] = '\0';
	return rc;
}

int http_do_coded(const char *method, unsigned port, const char *path, const char *ae,
		  const char *inm, struct http_result *out)
{
	char h1[256], h2[256];
	const char *h[3] = { NULL, NULL, NULL };
	size_t n = 0;
	if (ae) {
		snprintf(h1, sizeof h1, "Accept-Encoding: %s", ae);
		h[n++] = h1;
	}
	if (inm) {
		snprintf(h2, sizeof h2, "If-None-Match: %s", inm);
		h[n++] = h2;
	}
	return http_do(method, port, path, NULL, 0, h, 0, out);
}
