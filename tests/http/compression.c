/* compression.c: the widget and JSON on the wire (issue 29, item 4) —
 * Accept-Encoding chosen by q-values, "*" and identity;q=0; the bytes of
 * each coding decompress to the file; a strong ETag and a 304 per
 * representation; Vary; ?v= for long-lived caching; a changed file
 * recompressed; JSON above 1 KB compressed and below not; HEAD. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app_handlers.h"
#include "core/app.h"
#include "http/encoding.h"
#include "http/server.h"
#include "support/codings.h"
#include "support/http_client.h"

static struct app app;
static struct http_server *srv;
static unsigned port;
static char dir[64];

/* a JSON answer of n bytes or so, with an ETag */
static int h_json(struct req *r, struct resp *rs)
{
	const char *n = req_query(r, "n");
	size_t want = n ? (size_t)atoi(n) : 4000;
	json_t *items = json_array();
	for (size_t len = 2; len < want; len += 28)
		json_array_append_new(items, json_string("a comment, said again and again"));
	resp_header(rs, "ETag", "\"thread-7\"");
	if (etag_matches(r, "\"thread-7\"")) {
		json_decref(items);
		rs->status = HTTP_NOT_MODIFIED;
		return 0;
	}
	resp_json(rs, HTTP_OK, json_pack("{s:o}", "items", items));
	return 0;
}

static const struct route routes[] = {
	ROUTE("GET", "/json", h_json, 0, 0),
	ROUTE("GET", "/api/v1/widget", handle_widget_version, 0, 0),
	ROUTE("GET", "/embed.js", handle_static, ROUTE_EMBEDDABLE, 0),
	ROUTE("GET", "/*", handle_static, ROUTE_FALLBACK, 0),
};

static void slurp(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	char chunk[4096];
	size_t n;
	buf_reset(out);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
}

static void put(const char *name, const struct buf *b)
{
	char p[256];
	snprintf(p, sizeof p, "%s/web/%s", dir, name);
	FILE *f = fopen(p, "wb");
	cr_assert_not_null(f);
	fwrite(b->p, 1, b->len, f);
	fclose(f);
}

static void start(void)
{
	strcpy(dir, "/tmp/newsdesk-wire-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char p[256];
	snprintf(p, sizeof p, "%s/web", dir);
	mkdir(p, 0755);
	struct buf b = BUF_INIT;
	slurp(NEWSDESK_SRCDIR "/web/embed.js", &b);
	put("embed.js", &b);
	slurp(NEWSDESK_SRCDIR "/web/embed.css", &b);
	put("embed.css", &b);
	slurp(NEWSDESK_SRCDIR "/web/favicon.ico", &b);
	put("favicon.ico", &b);
	buf_release(&b);
	app.web_root = realpath(p, NULL);
	struct buf err = BUF_INIT;
	struct http_server_opts o = {
		.host = "127.0.0.1", .port = 0, .threads = 2,
		.max_connections = 64, .connection_timeout = 10,
		.routes = routes, .n_routes = sizeof routes / sizeof routes[0],
		.app = &app,
	};
	srv = http_server_start(&o, &err);
	cr_assert_not_null(srv, "%s", err.p);
	port = http_server_port(srv);
	buf_release(&err);
}

static void stop(void)
{
	if (srv)
		http_server_stop(srv, 5);
	srv = NULL;
	free(app.web_root);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(wire, .init = start, .fini = stop, .timeout = 30);

Test(wire, accept_encoding_by_q_values_star_and_identity)
{
	const unsigned all = ENC_ALL;
	static const struct {
		const char *ae;
		enum enc want;
	} cases[] = {
		{ NULL, ENC_IDENTITY },
		{ "", ENC_IDENTITY },
		{ "gzip", ENC_GZIP },
		{ "x-gzip", ENC_GZIP },
		{ "GZIP", ENC_GZIP },
		{ "br", ENC_BR },
		{ "zstd", ENC_ZSTD },
		{ "gzip, deflate, br", ENC_BR },          /* a tie: the smaller */
		{ "gzip, deflate, br, zstd", ENC_BR },
		{ "gzip, zstd", ENC_ZSTD },
		{ "gzip;q=1.0, br;q=0.5", ENC_GZIP },
		{ "br;q=0, gzip;q=0.8, zstd;q=0.9", ENC_ZSTD },
		{ "br;q=0.001, gzip;q=0.0005", ENC_BR },
		{ "zstd;q=0.5", ENC_ZSTD },               /* identity unnamed comes after */
		{ "gzip;q=0", ENC_IDENTITY },
		{ "*", ENC_BR },
		{ "*;q=0.5, gzip", ENC_GZIP },
		{ "*;q=0", ENC_IDENTITY },                /* nothing else: identity anyway */
		{ "*;q=0, zstd", ENC_ZSTD },
		{ "identity", ENC_IDENTITY },
		{ "identity, gzip", ENC_GZIP },           /* a tie: the compressed one */
		{ "identity;q=1, gzip;q=0.5", ENC_IDENTITY },
		{ "identity;q=0, gzip;q=0.1", ENC_GZIP },
		{ "identity;q=0, *", ENC_BR },
		{ "deflate, compress", ENC_IDENTITY },
		{ "gzip ; q=0.5 , br ; q=0.4", ENC_GZIP },
		{ "gzip;level=1;q=0.2, br;q=0.1", ENC_GZIP },
		{ "brotli, gz", ENC_IDENTITY },           /* names are whole tokens */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cr_expect_eq(enc_choose(cases[i].ae, all), cases[i].want, "[%s]: %d, want %d",
			     cases[i].ae ? cases[i].ae : "(none)", enc_choose(cases[i].ae, all),
			     cases[i].want);
	/* only what the server has is offered */
	cr_expect_eq(enc_choose("br, gzip;q=0.5", 1u << ENC_GZIP), ENC_GZIP);
	cr_expect_eq(enc_choose("br", 1u << ENC_GZIP), ENC_IDENTITY);
	cr_expect_eq(enc_choose("br", 0), ENC_IDENTITY);
}

static void decode(const char *coding, const struct buf *in, struct buf *out)
{
	cr_assert_eq(decode_body(coding, in->p, in->len, out), 0, "%s does not decode", coding);
}

static void get(const char *method, const char *path, const char *ae, const char *inm,
		struct http_result *res)
{
	cr_assert_eq(http_do_coded(method, port, path, ae, inm, res), 0);
}

static bool header_is(const struct http_result *res, const char *name, const char *want)
{
	struct buf v = BUF_INIT;
	int rc = http_header(res, name, &v);
	bool ok = want ? rc == 0 && strcmp(v.p, want) == 0 : rc != 0;
	if (!ok)
		cr_log_error("%s: [%s], want [%s]", name, rc == 0 ? v.p : "(none)",
			     want ? want : "(none)");
	buf_release(&v);
	return ok;
}

static void header_of(const struct http_result *res, const char *name, char *out, size_t n)
{
	struct buf v = BUF_INIT;
	cr_assert_eq(http_header(res, name, &v), 0, "no %s", name);
	snprintf(out, n, "%s", v.p);
	buf_release(&v);
}

Test(wire, each_coding_decompresses_to_the_file_with_vary_and_its_etag)
{
	static const struct {
		const char *ae, *coding, *suffix;
	} cases[] = {
		{ NULL, NULL, "" },
		{ "gzip", "gzip", "-gz" },
		{ "br", "br", "-br" },
		{ "zstd", "zstd", "-zst" },
		{ "gzip, deflate, br, zstd", "br", "-br" },
		{ "identity;q=0, gzip", "gzip", "-gz" },
		{ "br;q=0, zstd;q=0.9, gzip;q=0.8", "zstd", "-zst" },
		{ "*;q=0", NULL, "" },
	};
	static const char *const files[] = { "embed.js", "embed.css" };
	struct buf file = BUF_INIT, plain = BUF_INIT;
	for (size_t f = 0; f < 2; f++) {
		char src[256], path[64], identity_etag[100] = "";
		snprintf(src, sizeof src, "%s/web/%s", dir, files[f]);
		slurp(src, &file);
		snprintf(path, sizeof path, "/%s", files[f]);
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			struct http_result res;
			get("GET", path, cases[i].ae, NULL, &res);
			cr_assert_eq(res.status, 200);
			cr_expect(header_is(&res, "Content-Encoding", cases[i].coding), "%s [%s]",
				  path, cases[i].ae);
			cr_expect(header_is(&res, "Vary", "Accept-Encoding"));
			decode(cases[i].coding, &res.body, &plain);
			cr_expect_eq(plain.len, file.len, "%s [%s]", path, cases[i].ae);
			cr_expect(plain.len == file.len && memcmp(plain.p, file.p, file.len) == 0);
			if (cases[i].coding)
				cr_expect_lt(res.body.len * 2, file.len, "%s %s: %zu of %zu", path,
					     cases[i].coding, res.body.len, file.len);
			char etag[100];
			header_of(&res, "ETag", etag, sizeof etag);
			cr_expect_eq(etag[0], '"', "a strong ETag: %s", etag);
			if (!cases[i].coding)
				snprintf(identity_etag, sizeof identity_etag, "%s", etag);
			char want[100];
			snprintf(want, sizeof want, "%.*s%s\"", (int)strlen(identity_etag) - 1,
				 identity_etag, cases[i].suffix);
			cr_expect_str_eq(etag, want);
			http_result_free(&res);
		}
	}
	buf_release(&file);
	buf_release(&plain);
}

Test(wire, a_repeat_visit_is_a_304_per_representation)
{
	static const char *const aes[] = { "gzip", "br", "zstd", "identity" };
	char etags[4][100];
	for (size_t i = 0; i < 4; i++) {
		struct http_result res;
		get("GET", "/embed.js", aes[i], NULL, &res);
		cr_assert_eq(res.status, 200);
		header_of(&res, "ETag", etags[i], sizeof etags[i]);
		http_result_free(&res);
		for (size_t j = 0; j < i; j++)
			cr_expect_str_neq(etags[i], etags[j]);
		/* the same coding again: 304, no body, its own ETag, Vary */
		get("GET", "/embed.js", aes[i], etags[i], &res);
		cr_expect_eq(res.status, 304, "%s: %ld", aes[i], res.status);
		cr_expect_eq(res.body.len, 0);
		cr_expect(header_is(&res, "ETag", etags[i]));
		cr_expect(header_is(&res, "Vary", "Accept-Encoding"));
		cr_expect(header_is(&res, "Content-Encoding", NULL));
		http_result_free(&res);
	}
	/* another representation's tag is not this one's */
	struct http_result res;
	get("GET", "/embed.js", "br", etags[0], &res);
	cr_expect_eq(res.status, 200);
	cr_expect(header_is(&res, "Content-Encoding", "br"));
	http_result_free(&res);
	/* a list of the tags the cache holds: the one that matches */
	char list[420];
	snprintf(list, sizeof list, "%s, %s", etags[0], etags[2]);
	get("GET", "/embed.js", "zstd", list, &res);
	cr_expect_eq(res.status, 304);
	http_result_free(&res);
}

Test(wire, head_has_the_headers_and_length_of_get)
{
	static const char *const aes[] = { "gzip", "br", "zstd", "identity" };
	static const char *const paths[] = { "/embed.js", "/json" };
	for (size_t p = 0; p < 2; p++)
		for (size_t i = 0; i < 4; i++) {
			struct http_result g, h;
			get("GET", paths[p], aes[i], NULL, &g);
			get("HEAD", paths[p], aes[i], NULL, &h);
			cr_assert_eq(h.status, 200);
			cr_expect_eq(h.body.len, 0);
			char len[32], etag_g[100], etag_h[100];
			header_of(&h, "Content-Length", len, sizeof len);
			cr_expect_eq((size_t)atol(len), g.body.len, "%s %s: HEAD says %s, GET sent %zu",
				     paths[p], aes[i], len, g.body.len);
			header_of(&g, "ETag", etag_g, sizeof etag_g);
			header_of(&h, "ETag", etag_h, sizeof etag_h);
			cr_expect_str_eq(etag_h, etag_g);
			const char *coding = strcmp(aes[i], "identity") == 0 ? NULL : aes[i];
			cr_expect(header_is(&h, "Content-Encoding", coding));
			cr_expect(header_is(&h, "Vary", "Accept-Encoding"));
			http_result_free(&g);
			http_result_free(&h);
		}
}

Test(wire, a_binary_file_is_sent_as_it_is)
{
	struct http_result res;
	get("GET", "/favicon.ico", "gzip, br, zstd", NULL, &res);
	cr_assert_eq(res.status, 200);
	cr_expect(header_is(&res, "Content-Encoding", NULL));
	struct buf file = BUF_INIT;
	slurp(NEWSDESK_SRCDIR "/web/favicon.ico", &file);
	cr_expect_eq(res.body.len, file.len);
	buf_release(&file);
	http_result_free(&res);
}

Test(wire, a_versioned_url_is_cached_for_a_year)
{
	struct http_result res;
	get("GET", "/api/v1/widget", NULL, NULL, &res);
	cr_assert_eq(res.status, 200);
	json_t *j = json_loads(res.body.p, 0, NULL);
	cr_assert_not_null(j, "%s", res.body.p);
	http_result_free(&res);
	const char *files[] = { "embed.js", "embed.css" };
	for (size_t f = 0; f < 2; f++) {
		json_t *w = json_object_get(j, files[f]);
		const char *path = json_string_value(json_object_get(w, "path"));
		const char *version = json_string_value(json_object_get(w, "version"));
		cr_assert(path && version, "%s", files[f]);
		cr_expect_eq(strlen(version), 16);
		json_t *bytes = json_object_get(w, "bytes");
		cr_expect_gt(json_integer_value(json_object_get(bytes, "identity")),
			     json_integer_value(json_object_get(bytes, "gzip")));
		get("GET", path, "br", NULL, &res);
		cr_expect_eq(res.status, 200);
		cr_expect(header_is(&res, "Cache-Control", "public, max-age=31536000, immutable"));
		cr_expect_eq((json_int_t)res.body.len,
			     json_integer_value(json_object_get(bytes, "br")));
		http_result_free(&res);
		char stale[80];
		snprintf(stale, sizeof stale, "/%s?v=0123456789abcdef", files[f]);
		get("GET", stale, "br", NULL, &res);
		cr_expect_eq(res.status, 200);
		cr_expect(header_is(&res, "Cache-Control", "no-cache"));
		http_result_free(&res);
		snprintf(stale, sizeof stale, "/%s", files[f]);
		get("GET", stale, "br", NULL, &res);
		cr_expect(header_is(&res, "Cache-Control", "no-cache"));
		http_result_free(&res);
	}
	json_decref(j);
}

Test(wire, a_changed_file_is_compressed_again)
{
	struct http_result res;
	char etag[100];
	get("GET", "/embed.css", "gzip", NULL, &res);
	header_of(&res, "ETag", etag, sizeof etag);
	http_result_free(&res);
	get("GET", "/api/v1/widget", NULL, NULL, &res);
	json_t *j = json_loads(res.body.p, 0, NULL);
	cr_assert_not_null(j);
	char old_path[80];
	snprintf(old_path, sizeof old_path, "%s",
		 json_string_value(json_object_get(json_object_get(j, "embed.css"), "path")));
	json_decref(j);
	http_result_free(&res);

	struct buf b = BUF_INIT, plain = BUF_INIT;
	buf_adds(&b, ".nd-new { color: red }\n");
	for (int i = 0; i < 50; i++)
		buf_adds(&b, ".nd-comment { margin: 0 0 1em 0; padding: 0.5em; }\n");
	put("embed.css", &b);
	get("GET", "/embed.css", "gzip", etag, &res);
	cr_expect_eq(res.status, 200, "the old ETag no longer matches");
	char etag2[100];
	header_of(&res, "ETag", etag2, sizeof etag2);
	cr_expect_str_neq(etag2, etag);
	decode("gzip", &res.body, &plain);
	cr_expect_str_eq(plain.p, b.p);
	http_result_free(&res);
	/* the old version is no longer cached for a year */
	get("GET", old_path, "gzip", NULL, &res);
	cr_expect(header_is(&res, "Cache-Control", "no-cache"));
	http_result_free(&res);
	buf_release(&b);
	buf_release(&plain);
}

Test(wire, json_above_1_kb_is_compressed_and_below_it_is_not)
{
	static const char *const codings[] = { "gzip", "br", "zstd" };
	struct http_result res;
	struct buf plain = BUF_INIT, identity = BUF_INIT;
	get("GET", "/json?n=4000", NULL, NULL, &res);
	cr_assert_eq(res.status, 200);
	cr_assert_gt(res.body.len, 1024);
	cr_expect(header_is(&res, "Content-Encoding", NULL));
	cr_expect(header_is(&res, "Vary", "Accept-Encoding"));
	cr_expect(header_is(&res, "ETag", "\"thread-7\""));
	buf_add(&identity, res.body.p, res.body.len);
	http_result_free(&res);
	for (size_t i = 0; i < 3; i++) {
		get("GET", "/json?n=4000", codings[i], NULL, &res);
		cr_assert_eq(res.status, 200);
		cr_expect(header_is(&res, "Content-Encoding", codings[i]));
		cr_expect(header_is(&res, "Content-Type", "application/json"));
		cr_expect(header_is(&res, "Vary", "Accept-Encoding"));
		char want[40];
		snprintf(want, sizeof want, "\"thread-7%s\"",
			 enc_etag_suffix(enc_choose(codings[i], ENC_ALL)));
		cr_expect(header_is(&res, "ETag", want));
		cr_expect_lt(res.body.len, identity.len / 4, "%s: %zu of %zu", codings[i],
			     res.body.len, identity.len);
		decode(codings[i], &res.body, &plain);
		cr_expect_str_eq(plain.p, identity.p);
		http_result_free(&res);
	}
	/* the compressed answer's tag comes back: a 304 naming it */
	get("GET", "/json?n=4000", "gzip", "\"thread-7-gz\"", &res);
	cr_expect_eq(res.status, 304);
	cr_expect_eq(res.body.len, 0);
	cr_expect(header_is(&res, "ETag", "\"thread-7-gz\""));
	cr_expect(header_is(&res, "Content-Encoding", NULL));
	http_result_free(&res);
	get("GET", "/json?n=4000", NULL, "\"thread-7\"", &res);
	cr_expect_eq(res.status, 304);
	cr_expect(header_is(&res, "ETag", "\"thread-7\""));
	http_result_free(&res);
	get("GET", "/json?n=4000", "gzip", "\"thread-7-gzx\", \"thread-\"", &res);
	cr_expect_eq(res.status, 200);
	http_result_free(&res);
	get("GET", "/json?n=4000", "identity;q=0, gzip;q=0.5, br;q=0", NULL, &res);
	cr_expect(header_is(&res, "Content-Encoding", "gzip"));
	http_result_free(&res);
	/* below 1 KB: as it is */
	get("GET", "/json?n=600", "gzip, br, zstd", NULL, &res);
	cr_assert_eq(res.status, 200);
	cr_assert_lt(res.body.len, 1024);
	cr_expect(header_is(&res, "Content-Encoding", NULL));
	cr_expect(header_is(&res, "ETag", "\"thread-7\""));
	json_t *j = json_loads(res.body.p, 0, NULL);
	cr_expect_not_null(j);
	json_decref(j);
	http_result_free(&res);
	buf_release(&plain);
	buf_release(&identity);
}
