/* outgoing.c: plain HTTP over libcurl — a JSON POST, a link's answer */
#include "net/outgoing.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "util/ip_match.h"

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static enum post_result post_result_of(long status)
{
	if (status >= 200 && status <= 299)
		return POST_DELIVERED;
	if (status == 408 || status == 429 || status >= 500)
		return POST_RETRY;
	return POST_REFUSED;
}

enum post_result http_post_json(const char *url, const char *body, long timeout_ms,
				struct buf *why)
{
	CURL *h = curl_easy_init();
	if (!h) {
		if (why)
			buf_adds(why, "cannot start a request");
		return POST_RETRY;
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
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK) {
		if (why)
			buf_adds(why, curl_easy_strerror(rc));
		return POST_RETRY;
	}
	enum post_result res = post_result_of(status);
	if (res != POST_DELIVERED && why)
		buf_addf(why, "HTTP %ld", status);
	return res;
}

#define LINK_BODY_MAX (64u * 1024u)

struct fetch {
	bool allow_internal, blocked;
	size_t got;
};

/* Called with each address DNS gave, before a socket exists: an internal
 * one gets no socket, so not a SYN, not a TLS hello (a pre-request check
 * runs only after connect and handshake).  For every redirect too; and the
 * refusal reads the same whatever listens there. */
static curl_socket_t open_checked(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct fetch *f = arg;
	char ip[INET6_ADDRSTRLEN] = "";
	if (a->family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)&a->addr)->sin_addr, ip,
			  sizeof ip);
	else if (a->family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)&a->addr)->sin6_addr,
			  ip, sizeof ip);
	if (purpose != CURLSOCKTYPE_IPCXN || !*ip || (!f->allow_internal && ip_is_internal(ip))) {
		f->blocked = true;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* The status line and headers are what matter: stop reading the body. */
static size_t drain(char *p, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	(void)p;
	f->got += size * n;
	return f->got > LINK_BODY_MAX ? 0 : size * n;
}

void link_fetch(const char *url, long timeout_ms, bool allow_internal, struct link_result *out)
{
	memset(out, 0, sizeof *out);
	struct fetch f = { allow_internal, false, 0 };
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(out->error, sizeof out->error, "cannot set up an HTTP client");
		return;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "newsdesk-link-check/0.1 (+https://rust-osdev.com)");
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)LINK_MAX_REDIRECTS);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* straight to the link's host: through a proxy from the environment
	 * the address checked below would be the proxy's, not the target's */
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_checked);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &f);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, drain);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &f);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	CURLcode cc = curl_easy_perform(h);
	long redirects = 0;
	char *eff = NULL;
	curl_off_t us = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	curl_easy_getinfo(h, CURLINFO_REDIRECT_COUNT, &redirects);
	curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &us);
	out->redirects = (int)redirects;
	out->ms = (long)(us / 1000);
	snprintf(out->final_url, sizeof out->final_url, "%s", eff ? eff : url);
	out->blocked = f.blocked;
	if (f.blocked)
		snprintf(out->error, sizeof out->error, "refused: the address is internal");
	else if (cc == CURLE_TOO_MANY_REDIRECTS)
		snprintf(out->error, sizeof out->error, "more than %d redirects (a loop?)",
			 LINK_MAX_REDIRECTS);
	else if (cc != CURLE_OK && !(cc == CURLE_WRITE_ERROR && out->status))
		snprintf(out->error, sizeof out->error, "%s", curl_easy_strerror(cc));
	out->ok = !*out->error && out->status >= 200 && out->status < 300;
	curl_easy_cleanup(h);
}
