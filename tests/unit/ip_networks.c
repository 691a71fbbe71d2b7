/* ip_networks.c: what a per-address limit counts. */
#include <criterion/criterion.h>

#include "util/ip_net.h"

static void is(const char *ip, unsigned prefix, const char *want)
{
	char got[IP_NET_MAX];
	ip_network_key(ip, prefix, got);
	cr_expect_str_eq(got, want, "%s/%u", ip, prefix);
}

Test(ip_networks, ipv6_by_prefix_ipv4_by_address)
{
	is("192.0.2.7", 64, "192.0.2.7");
	is("2001:db8:1:2:3:4:5:6", 64, "2001:db8:1:2::/64");
	is("2001:db8:1:2:ffff::1", 64, "2001:db8:1:2::/64");   /* the same /64: one client */
	is("2001:db8:1:3::1", 64, "2001:db8:1:3::/64");
	is("2001:db8:1:2:3:4:5:6", 48, "2001:db8:1::/48");
	is("2001:db8::1", 128, "2001:db8::1/128");
	is("::ffff:192.0.2.7", 64, "192.0.2.7");   /* mapped: the IPv4 client */
	is("?", 64, "?");
}
