/* encoding.h: content codings (RFC 9110 §8.4): which one a client's
 * Accept-Encoding prefers, and compressing bytes into it (zlib's gzip,
 * libbrotlienc's br, libzstd's zstd).
 *
 * resp_send compresses a JSON body above ENC_JSON_MIN bytes itself; the
 * static files (app/static_files.c) keep each text file precompressed in
 * memory and only pick a representation per request.
 */
#ifndef NEWSDESK_HTTP_ENCODING_H
#define NEWSDESK_HTTP_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

enum enc {
	ENC_IDENTITY = 0,
	ENC_GZIP,
	ENC_BR,
	ENC_ZSTD,
	ENC_COUNT
};

#define ENC_ALL ((1u << ENC_GZIP) | (1u << ENC_BR) | (1u << ENC_ZSTD))
#define ENC_JSON_MIN 1024   /* JSON bodies above this many bytes are compressed */

/* The coding to send, of those in avail (a mask of 1u << enc; identity is
 * always possible): the highest q the header gives it, by name or by "*";
 * on a tie the smaller one (br, zstd, gzip, then identity).  identity
 * named neither by name nor by "*" comes after any coding named with
 * q > 0 ("zstd;q=0.5" gives zstd).  No header, or
 * nothing acceptable in avail: identity (RFC 9110 lets an origin send it
 * even when "identity;q=0" — newsdesk never answers 406 for this). */
enum enc enc_choose(const char *accept_encoding, unsigned avail);
/* "gzip", "br", "zstd"; NULL for identity. */
const char *enc_name(enum enc e);
/* What a representation's ETag gets before its closing quote: "-gz",
 * "-br", "-zst"; "" for identity. */
const char *enc_etag_suffix(enum enc e);
/* Writes "\"abc-gz\"" for base "\"abc\"" into out (n bytes); a weak or
 * unquoted base is copied as it is. */
void enc_etag(const char *base, enum enc e, char *out, size_t n);
/* Compresses len bytes at in into out (replacing what it held); best
 * spends time for size (files, compressed once), else a fast level (per
 * request).  0, or -1 (out then empty). */
int enc_compress(enum enc e, const void *in, size_t len, bool best, struct buf *out);

#endif
