/* ip_match.h: addresses against "ADDR" or "ADDR/PREFIX" lists, and who the
 * client is behind trusted proxies.
 *
 * Written by hand because no packaged library does it; inet_pton does the
 * parsing, these functions only compare prefixes. */
#ifndef NEWSDESK_IP_MATCH_H
#define NEWSDESK_IP_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#define IP_TEXT_MAX 46   /* INET6_ADDRSTRLEN */

/* Is entry a valid "ADDR" or "ADDR/PREFIX" (IPv4 or IPv6)? */
bool ip_entry_valid(const char *entry);
/* Does the numeric address ip fall in one of the n entries?  Invalid
 * entries never match; an IPv4-mapped IPv6 address matches IPv4 entries. */
bool ip_in_list(const char *ip, char *const *list, size_t n);
/* Is ip an address an outgoing request must not reach unless told to
 * (loopback, private, link-local, multicast, reserved)?  True for
 * anything that is not an address at all. */
bool ip_is_internal(const char *ip);
/* The client's address: peer itself unless peer is a trusted proxy; then
 * X-Forwarded-For (xff, may be NULL) is read from the right, skipping
 * trusted hops, and the first untrusted address is the client.  A
 * malformed entry ends the walk at the last good hop, so a forged left
 * part can never pick the address.  out gets IP_TEXT_MAX bytes. */
void ip_client(const char *peer, const char *xff, char *const *trusted, size_t n,
	       char out[IP_TEXT_MAX]);

#endif
