/* encoding.c: Accept-Encoding and the three codings newsdesk sends. */
#include "http/encoding.h"

#include <brotli/encode.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>

static const struct {
	const char *name, *alias, *suffix;
} codings[ENC_COUNT] = {
	[ENC_IDENTITY] = { "identity", NULL, "" },
	[ENC_GZIP] = { "gzip", "x-gzip", "-gz" },
	[ENC_BR] = { "br", NULL, "-br" },
	[ENC_ZSTD] = { "zstd", NULL, "-zst" },
};

const char *enc_name(enum enc e)
{
	return e == ENC_IDENTITY || e >= ENC_COUNT ? NULL : codings[e].name;
}

const char *enc_etag_suffix(enum enc e)
{
	return e < ENC_COUNT ? codings[e].suffix : "";
}

void enc_etag(const char *base, enum enc e, char *out, size_t n)
{
	size_t len = strlen(base);
	if (e == ENC_IDENTITY || len < 2 || base[0] != '"' || base[len - 1] != '"')
		snprintf(out, n, "%s", base);
	else
		snprintf(out, n, "%.*s%s\"", (int)(len - 1), base, codings[e].suffix);
}

/* q=… in thousandths (0..1000); anything unreadable counts as 0. */
static int parse_q(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || (*p != '0' && *p != '1'))
		return 0;
	int q = (*p++ - '0') * 1000;
	if (p < end && *p == '.') {
		p++;
		for (int scale = 100; scale > 0 && p < end && isdigit((unsigned char)*p); scale /= 10)
			q += (*p++ - '0') * scale;
	}
	return q > 1000 ? 1000 : q;
}

enum enc enc_choose(const char *ae, unsigned avail)
{
	if (!ae)
		return ENC_IDENTITY;
	int q[ENC_COUNT] = { -1, -1, -1, -1 }, star = -1;
	for (const char *p = ae; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		const char *name_end = p;
		while (name_end < end && *name_end != ';' && *name_end != ' ' && *name_end != '\t')
			name_end++;
		size_t n = (size_t)(name_end - p);
		int qv = 1000;
		for (const char *s = name_end; s < end; s++) {
			if (*s != ';')
				continue;
			const char *t = s + 1;
			while (t < end && (*t == ' ' || *t == '\t'))
				t++;
			if (t + 1 < end && (t[0] == 'q' || t[0] == 'Q') && t[1] == '=')
				qv = parse_q(t + 2, end);
		}
		if (n == 1 && *p == '*')
			star = qv;
		for (int e = 0; e < ENC_COUNT; e++)
			if ((strlen(codings[e].name) == n && strncasecmp(p, codings[e].name, n) == 0) ||
			    (codings[e].alias && strlen(codings[e].alias) == n &&
			     strncasecmp(p, codings[e].alias, n) == 0))
				q[e] = qv;
		p = end;
	}
	/* identity not named (nor "*"): acceptable, but after every coding the
	 * client did name with a q above 0 */
	for (int e = 0; e < ENC_COUNT; e++)
		if (q[e] < 0)
			q[e] = star >= 0 ? star : (e == ENC_IDENTITY ? 1 : 0);
	static const enum enc order[] = { ENC_BR, ENC_ZSTD, ENC_GZIP, ENC_IDENTITY };
	enum enc best = ENC_IDENTITY;
	int best_q = 0;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		enum enc e = order[i];
		if (e != ENC_IDENTITY && !(avail & (1u << e)))
			continue;
		if (q[e] > best_q) {
			best = e;
			best_q = q[e];
		}
	}
	return best;
}

static int gzip_into(const void *in, size_t len, int level, struct buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	size_t cap = deflateBound(&z, (uLong)len) + 32;
	buf_grow(out, cap);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->p;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	out->len = z.total_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

int enc_compress(enum enc e, const void *in, size_t len, bool best, struct buf *out)
{
	buf_reset(out);
	int rc = -1;
	if (len > (size_t)1 << 30)
		return -1;
	switch (e) {
	case ENC_GZIP:
		rc = gzip_into(in, len, best ? 9 : 5, out);
		break;
	case ENC_BR: {
		size_t cap = BrotliEncoderMaxCompressedSize(len);
		if (cap == 0)
			cap = len + 1024;
		buf_grow(out, cap);
		size_t n = cap;
		/* the smallest window that holds the input: the same output for
		 * files this small, and quality 11 with the default 4 MB window
		 * costs ~10 MB of peak memory at start (issue 29, item 2) */
		int lgwin = BROTLI_MIN_WINDOW_BITS;
		while (lgwin < BROTLI_MAX_WINDOW_BITS && ((size_t)1 << lgwin) - 16 < len)
			lgwin++;
		if (BrotliEncoderCompress(best ? BROTLI_MAX_QUALITY : 4, lgwin,
					  BROTLI_MODE_TEXT, len, in, &n, (uint8_t *)out->p)) {
			out->len = n;
			rc = 0;
		}
		break;
	}
	case ENC_ZSTD: {
		size_t cap = ZSTD_compressBound(len);
		buf_grow(out, cap);
		size_t n = ZSTD_compress(out->p, cap, in, len, best ? 19 : 3);
		if (!ZSTD_isError(n)) {
			out->len = n;
			rc = 0;
		}
		break;
	}
	default:
		break;
	}
	if (rc < 0)
		out->len = 0;
	out->p[out->len] = '\0';
	return rc;
}
