/* ip_match.c: prefix matching for trusted proxies (see ip_match.h) */
#include "util/ip_match.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct addr {
	int family;             /* AF_INET or AF_INET6 */
	unsigned char b[16];
};

static bool parse_addr(const char *s, size_t len, struct addr *a)
{
	char tmp[IP_TEXT_MAX];
	if (len == 0 || len >= sizeof tmp)
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (inet_pton(AF_INET, tmp, a->b) == 1) {
		a->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, tmp, a->b) == 1) {
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		a->family = AF_INET6;
		if (memcmp(a->b, mapped, 12) == 0) {
			memmove(a->b, a->b + 12, 4);
			a->family = AF_INET;
		}
		return true;
	}
	return false;
}

/* entry → address and prefix bits; false when malformed. */
static bool parse_entry(const char *entry, struct addr *a, unsigned *bits)
{
	const char *slash = strchr(entry, '/');
	size_t alen = slash ? (size_t)(slash - entry) : strlen(entry);
	if (!parse_addr(entry, alen, a))
		return false;
	unsigned max = a->family == AF_INET ? 32 : 128;
	if (!slash) {
		*bits = max;
		return true;
	}
	const char *p = slash + 1;
	if (!*p || strlen(p) > 3)
		return false;
	unsigned v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (v > max)
		return false;
	*bits = v;
	return true;
}

bool ip_entry_valid(const char *entry)
{
	struct addr a;
	unsigned bits;
	return entry && parse_entry(entry, &a, &bits);
}

static bool in_prefix(const struct addr *ip, const struct addr *net, unsigned bits)
{
	if (ip->family != net->family)
		return false;
	size_t whole = bits / 8;
	if (memcmp(ip->b, net->b, whole) != 0)
		return false;
	unsigned rest = bits % 8;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (ip->b[whole] & mask) == (net->b[whole] & mask);
}

static bool addr_in_list(const struct addr *ip, char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct addr net;
		unsigned bits;
		if (parse_entry(list[i], &net, &bits) && in_prefix(ip, &net, bits))
			return true;
	}
	return false;
}

bool ip_in_list(const char *ip, char *const *list, size_t n)
{
	struct addr a;
	return ip && parse_addr(ip, strlen(ip), &a) && addr_in_list(&a, list, n);
}

bool ip_is_internal(const char *ip)
{
	/* loopback, private, carrier-grade NAT, link-local, "this network",
	 * multicast and reserved; IPv6 loopback, unspecified, unique-local,
	 * link-local and multicast (mapped IPv4 addresses match the IPv4 ones) */
	static char *const internal[] = {
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15",
		"224.0.0.0/3", "::1/128", "::/128", "fc00::/7", "fe80::/10", "ff00::/8",
	};
	return !ip || ip_in_list(ip, internal, sizeof internal / sizeof *internal) ||
	       !ip_entry_valid(ip);
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

void ip_client(const char *peer, const char *xff, char *const *trusted, size_t n,
	       char out[IP_TEXT_MAX])
{
	snprintf(out, IP_TEXT_MAX, "%s", peer ? peer : "?");
	if (!xff || !ip_in_list(peer, trusted, n))
		return;
	const char *end = xff + strlen(xff);
	while (end > xff) {
		const char *comma = end;
		while (comma > xff && comma[-1] != ',')
			comma--;
		const char *s = comma, *e = end;
		trim(&s, &e);
		struct addr a;
		if (!parse_addr(s, (size_t)(e - s), &a))
			return;
		snprintf(out, IP_TEXT_MAX, "%.*s", (int)(e - s), s);
		if (!addr_in_list(&a, trusted, n))
			return;
		end = comma > xff ? comma - 1 : xff;
	}
}
