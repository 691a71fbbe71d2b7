/* http_client.c: libcurl wrapper for tests */
#include "support/http_client.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>

struct upload {
	const char *p;
	size_t left;
};

static size_t on_write(char *ptr, size_t size, size_t n, void *arg)
{
	buf_add(arg, ptr, size * n);
	return size * n;
}

static size_t on_read(char *ptr, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t k = size * n < u->left ? size * n : u->left;
	memcpy(ptr, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

int http_do(const char *method, unsigned port, const char *path,
	    const char *body, size_t body_len, const char *const *extra_headers,
	    int chunked, struct http_result *out)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hl = NULL;
	struct buf url = BUF_INIT;
	struct upload up = { body, body_len };
	buf_init(&out->body);
	buf_init(&out->headers);
	out->status = 0;
	buf_addf(&url, "http://127.0.0.1:%u%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url.p);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &out->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	for (const char *const *h = extra_headers; h && *h; h++)
		hl = curl_slist_append(hl, *h);
	if (body) {
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(c, CURLOPT_READDATA, &up);
		if (chunked)
			hl = curl_slist_append(hl, "Transfer-Encoding: chunked");
		else
			curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)body_len);
		hl = curl_slist_append(hl, "Expect:");
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	buf_release(&url);
	return rc == CURLE_OK ? 0 : -1;
}

int http_header(const struct http_result *res, const char *name, struct buf *out)
{
	size_t nl = strlen(name);
	for (const char *p = res->headers.p; *p; ) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			size_t vl = (size_t)(p + len - v);
			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
				vl--;
			buf_reset(out);
			buf_add(out, v, vl);
			return 0;
		}
		p += len + (e ? 1 : 0);
	}
	return -1;
}

void http_result_free(struct http_result *res)
{
	buf_release(&res->body);
	buf_release(&res->headers);
}
