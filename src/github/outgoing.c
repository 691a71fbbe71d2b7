/* outgoing.c: one JSON POST over libcurl (see outgoing.h) */
#include "github/outgoing.h"

#include <curl/curl.h>
#include <string.h>

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

int http_post_json(const char *url, const char *body, long timeout_ms, long *status,
		   struct buf *err)
{
	CURL *h = curl_easy_init();
	if (!h) {
		buf_adds(err, "cannot start a request");
		return -1;
	}
	struct curl_slist *hl = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "newsdesk");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	CURLcode rc = curl_easy_perform(h);
	*status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK) {
		buf_adds(err, curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}
