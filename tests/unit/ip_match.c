/* ip_match.c: trusted proxies and the client behind them */
#include <criterion/criterion.h>

#include "util/ip_match.h"

Test(ip_match, entries_and_prefixes)
{
	char *list[] = { "10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "junk", "1.2.3.4/40" };
	size_t n = sizeof list / sizeof *list;
	cr_expect(ip_in_list("10.1.2.3", list, n));
	cr_expect(ip_in_list("192.168.1.7", list, n));
	cr_expect_not(ip_in_list("192.168.1.8", list, n));
	cr_expect_not(ip_in_list("11.0.0.1", list, n));
	cr_expect(ip_in_list("2001:db8:1::5", list, n));
	cr_expect_not(ip_in_list("2001:db9::1", list, n));
	cr_expect(ip_in_list("::ffff:10.9.9.9", list, n), "IPv4-mapped IPv6");
	cr_expect_not(ip_in_list("1.2.3.4", list, n), "an invalid entry never matches");
	cr_expect_not(ip_in_list("junk", list, n));
	char *odd[] = { "172.16.0.0/12" };
	cr_expect(ip_in_list("172.31.255.255", odd, 1));
	cr_expect_not(ip_in_list("172.32.0.0", odd, 1));
	char *all[] = { "0.0.0.0/0" };
	cr_expect(ip_in_list("8.8.8.8", all, 1));

	cr_expect(ip_entry_valid("::1"));
	cr_expect(ip_entry_valid("10.0.0.0/8"));
	cr_expect_not(ip_entry_valid("10.0.0.0/33"));
	cr_expect_not(ip_entry_valid("10.0.0.0/"));
	cr_expect_not(ip_entry_valid("10.0.0.0/8x"));
	cr_expect_not(ip_entry_valid("example.org"));
}

Test(ip_match, forwarded_for_is_believed_only_from_trusted_proxies)
{
	char *trusted[] = { "127.0.0.1", "10.0.0.0/8" };
	char out[IP_TEXT_MAX];
	ip_client("203.0.113.5", "198.51.100.1", trusted, 2, out);
	cr_expect_str_eq(out, "203.0.113.5", "untrusted peer: its header is ignored");
	ip_client("127.0.0.1", "198.51.100.1", trusted, 2, out);
	cr_expect_str_eq(out, "198.51.100.1");
	ip_client("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.3", trusted, 2, out);
	cr_expect_str_eq(out, "198.51.100.1", "rightmost untrusted hop, not a forged left one");
	ip_client("127.0.0.1", "garbage, 198.51.100.1", trusted, 2, out);
	cr_expect_str_eq(out, "198.51.100.1");
	ip_client("127.0.0.1", "198.51.100.1, garbage", trusted, 2, out);
	cr_expect_str_eq(out, "127.0.0.1", "a malformed last hop ends the walk at the proxy");
	ip_client("127.0.0.1", "10.0.0.1, 10.0.0.2", trusted, 2, out);
	cr_expect_str_eq(out, "10.0.0.1", "all trusted: the leftmost");
	ip_client("127.0.0.1", NULL, trusted, 2, out);
	cr_expect_str_eq(out, "127.0.0.1");
	ip_client("127.0.0.1", "", trusted, 2, out);
	cr_expect_str_eq(out, "127.0.0.1");
}
