/* mail_addr.c: the addresses mail goes to (see mail_addr.h) */
#include "util/mail_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

static bool atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static bool ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

/* dot-atom: atoms joined by single dots */
static bool local_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(atext(s[i]) || (s[i] == '.' && s[i + 1] != '.')))
			return false;
	return true;
}

static bool domain_ok(const char *s)
{
	size_t label = 0, dots = 0;
	for (const char *p = s;; p++) {
		if (*p == '.' || !*p) {
			if (label == 0 || label > 63 || p[-1] == '-' || p[-label] == '-')
				return false;
			if (!*p)
				break;
			dots++;
			label = 0;
		} else if (ldh(*p)) {
			label++;
		} else {
			return false;
		}
	}
	return dots > 0;
}

/* A top-level label mail can go to from the internet: letters only (so no
 * address in dotted form, 1.2.3.4), and none of the names that stand for
 * a machine or a private network, where a relay would carry a stranger's
 * mail inside (issue 31 review). */
static bool public_tld(const char *domain)
{
	static const char *const private_names[] = { "localhost", "local", "internal", "invalid",
						     "lan", "intranet", "corp", "home", "arpa" };
	const char *tld = strrchr(domain, '.');
	tld = tld ? tld + 1 : domain;
	for (const char *p = tld; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return false;
	for (size_t i = 0; i < sizeof private_names / sizeof *private_names; i++)
		if (strcasecmp(tld, private_names[i]) == 0)
			return false;
	return true;
}

bool mail_addr_valid(const char *s)
{
	if (!s || strlen(s) > MAIL_ADDR_MAX)
		return false;
	const char *at = strrchr(s, '@');
	return at && local_ok(s, (size_t)(at - s)) && at[1] && domain_ok(at + 1) &&
	       public_tld(at + 1);
}

const char *mail_addr_domain(const char *s)
{
	const char *at = strrchr(s, '@');
	return at ? at + 1 : s;
}

bool mail_host_loopback(const char *host)
{
	struct in_addr v4;
	struct in6_addr v6;
	if (inet_pton(AF_INET, host, &v4) == 1)
		return (ntohl(v4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &v6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&v6);
	return strcmp(host, "localhost") == 0;
}
