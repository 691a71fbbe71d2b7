/* smtp.c: a mail to the relay over libcurl (see smtp.h) */
#include "net/smtp.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/mail_addr.h"

struct reader {
	const char *p;
	size_t left;
};

static size_t read_msg(char *out, size_t size, size_t n, void *arg)
{
	struct reader *rd = arg;
	size_t take = size * n < rd->left ? size * n : rd->left;
	memcpy(out, rd->p, take);
	rd->p += take;
	rd->left -= take;
	return take;
}

/* What the conversation's end means.  A relay that could not be reached,
 * that timed out, broke off or refused our credentials is worth another
 * try; otherwise its last reply code says (libcurl reports a refused RCPT
 * or DATA as a send error with the relay's code). */
static enum smtp_result result_of(CURLcode rc, long code)
{
	switch (rc) {
	case CURLE_OK:
		return SMTP_SENT;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_LOGIN_DENIED:
	case CURLE_SSL_CONNECT_ERROR:
		return SMTP_RETRY;
	default:
		return code >= 500 && code <= 599 ? SMTP_REFUSED : SMTP_RETRY;
	}
}

static void relay_url(const struct smtp_relay *r, char *url, size_t cap)
{
	bool v6 = strchr(r->host, ':') != NULL;
	snprintf(url, cap, "%s://%s%s%s:%ld/%s", r->tls == SMTP_TLS ? "smtps" : "smtp",
		 v6 ? "[" : "", r->host, v6 ? "]" : "", r->port, r->helo ? r->helo : "");
}

enum smtp_result smtp_send(const struct smtp_relay *r, const char *from, const char *to,
			   const char *msg, size_t len, struct buf *why)
{
	CURL *h = curl_easy_init();
	if (!h) {
		if (why)
			buf_adds(why, "cannot start a connection");
		return SMTP_RETRY;
	}
	char url[600], mail_from[MAIL_ADDR_MAX + 3], rcpt[MAIL_ADDR_MAX + 3];
	relay_url(r, url, sizeof url);
	snprintf(mail_from, sizeof mail_from, "<%s>", from);
	snprintf(rcpt, sizeof rcpt, "<%s>", to);
	struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
	struct reader rd = { msg, len };
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_USE_SSL,
			 r->tls == SMTP_PLAIN ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	if (r->user && *r->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, r->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, r->password ? r->password : "");
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_msg);
	curl_easy_setopt(h, CURLOPT_READDATA, &rd);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, r->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, r->timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	/* libcurl's defaults, said here: the relay proves its name */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (r->ca_file && *r->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, r->ca_file);
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(h);
	enum smtp_result res = result_of(rc, code);
	if (res != SMTP_SENT && why) {
		if (code >= 400)
			buf_addf(why, "the relay answered %ld (%s)", code, curl_easy_strerror(rc));
		else
			buf_adds(why, curl_easy_strerror(rc));
	}
	return res;
}
