/* ip_net.h: the network a client address stands for in limits.
 *
 * An IPv6 client usually holds a whole /64 (2^64 addresses to rotate
 * through), so every per-address limit — rate limits, connection caps,
 * lockouts — counts IPv6 clients by their prefix ([server] ipv6_prefix,
 * 64 by default) and IPv4 clients by their address.  An IPv4-mapped IPv6
 * address counts as its IPv4 address. */
#ifndef NEWSDESK_IP_NET_H
#define NEWSDESK_IP_NET_H

#include <stddef.h>

#define IP_NET_MAX 64   /* "ffff:…:ffff/128" and a NUL fit */

/* The key of ip's network into out ("192.0.2.7", "2001:db8:1:2::/64");
 * text that is no address is copied as it is. */
void ip_network_key(const char *ip, unsigned v6_prefix, char out[IP_NET_MAX]);

#endif
