/* ip_net.c: the network a client address stands for (ip_net.h) */
#include "util/ip_net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

void ip_network_key(const char *ip, unsigned v6_prefix, char out[IP_NET_MAX])
{
	struct in6_addr a6;
	if (!ip || inet_pton(AF_INET6, ip, &a6) != 1) {
		snprintf(out, IP_NET_MAX, "%s", ip ? ip : "");
		return;
	}
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	if (memcmp(a6.s6_addr, mapped, sizeof mapped) == 0) {
		inet_ntop(AF_INET, a6.s6_addr + 12, out, IP_NET_MAX);
		return;
	}
	if (v6_prefix > 128)
		v6_prefix = 128;
	for (unsigned bit = v6_prefix; bit < 128; bit++)
		a6.s6_addr[bit / 8] &= (unsigned char)~(0x80u >> (bit % 8));
	char text[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, &a6, text, sizeof text);
	snprintf(out, IP_NET_MAX, "%s/%u", text, v6_prefix);
}
