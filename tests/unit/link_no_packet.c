/* link_no_packet.c: a link to an internal address gets no packet at all,
 * and the same answer whether something listens there or not. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/outgoing.h"

static int listener(unsigned *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t n = sizeof a;
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(listen(fd, 8), 0);
	getsockname(fd, (struct sockaddr *)&a, &n);
	*port = ntohs(a.sin_port);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

Test(link_no_packet, an_internal_address_is_never_connected_to)
{
	unsigned port;
	int fd = listener(&port);
	static const char *const hosts[] = { "https://127.0.0.1", "http://localhost",
					     "https://[::ffff:127.0.0.1]", "http://0x7f000001" };
	for (size_t i = 0; i < sizeof hosts / sizeof *hosts; i++) {
		char url[128];
		snprintf(url, sizeof url, "%s:%u/", hosts[i], port);
		struct link_result r;
		link_fetch(url, 2000, false, &r);
		cr_expect(r.blocked, "%s was not refused: %s", url, r.error);
		cr_expect_str_eq(r.error, "refused: the address is internal", "%s", url);
	}
	/* not one connection reached the listener: no SYN, no TLS hello */
	int c = accept(fd, NULL, NULL);
	cr_expect_eq(c, -1, "a connection was made to the internal address");
	cr_expect(errno == EAGAIN || errno == EWOULDBLOCK);
	/* a closed port answers the same: nothing tells the two apart */
	close(fd);
	char url[64];
	snprintf(url, sizeof url, "https://127.0.0.1:%u/", port);
	struct link_result r;
	link_fetch(url, 2000, false, &r);
	cr_expect_str_eq(r.error, "refused: the address is internal");
}
