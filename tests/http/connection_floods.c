/* connection_floods.c: one address cannot take the service from others —
 * against the real binary, with raw sockets: a per-address connection
 * limit, header and body deadlines that trickling cannot extend, caps on
 * header lines and query parameters answered with a 4xx, bounded bodies
 * for unauthenticated routes, and a SIGTERM grace that is kept.  The
 * flood comes from 127.0.0.1, the innocent client from 127.0.0.2.  Every
 * wait has a deadline. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <stdbool.h>
#include <unistd.h>

#include "standin/standin.h"
#include "support/bed.h"
#include "util/buf.h"

#define TOKEN "ghs_flood_token"

static struct bed bed;

static void setup(void)
{
	bed_open(&bed, "flood", TOKEN);
	/* tight deadlines, so that the test is short */
	bed_config(&bed, "server", "header_timeout_seconds = 2\nbody_timeout_seconds = 2\n"
				    "shutdown_grace_seconds = 1\nper_ip_connections = 32\nthreads = 2\n"
				    "max_pending_requests = 8\n");
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
}

static void teardown(void)
{
	bed_close(&bed);
}

TestSuite(floods, .init = setup, .fini = teardown, .timeout = 60);

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A TCP connection to the daemon from the loopback address `from`. */
static int dial(const char *from)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(fd, 0);
	struct sockaddr_in src = { .sin_family = AF_INET }, dst = { .sin_family = AF_INET };
	inet_pton(AF_INET, from, &src.sin_addr);
	cr_assert_eq(bind(fd, (struct sockaddr *)&src, sizeof src), 0, "bind %s", from);
	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	dst.sin_port = htons((uint16_t)bed.d.port);
	cr_assert_eq(connect(fd, (struct sockaddr *)&dst, sizeof dst), 0);
	return fd;
}

/* Reads until the peer closes or ms pass: the bytes read (0 when closed
 * with nothing), -1 on timeout with nothing.  The answer's first line goes
 * to out. */
static int read_answer(int fd, int ms, char *out, size_t cap)
{
	double until = now_ms() + ms;
	size_t got = 0;
	out[0] = '\0';
	while (now_ms() < until) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 50) <= 0)
			continue;
		ssize_t n = recv(fd, out + got, cap - 1 - got, 0);
		if (n <= 0)
			return (int)got;
		got += (size_t)n;
		out[got] = '\0';
		if (strstr(out, "\r\n\r\n"))
			return (int)got;
	}
	return got ? (int)got : -1;
}

static void send_all(int fd, const char *s)
{
	cr_assert_eq(send(fd, s, strlen(s), MSG_NOSIGNAL), (ssize_t)strlen(s));
}

static int status_of(const char *answer)
{
	int st = 0;
	sscanf(answer, "HTTP/1.1 %d", &st);
	return st;
}

/* One GET /healthz from `from`: its status and time. */
static int healthz_from(const char *from, double *ms)
{
	double t = now_ms();
	int fd = dial(from);
	send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	char ans[2048];
	read_answer(fd, 3000, ans, sizeof ans);
	close(fd);
	*ms = now_ms() - t;
	return status_of(ans);
}

Test(floods, one_trickling_address_cannot_take_the_service)
{
	int fds[100], open_ = 0;
	for (int i = 0; i < 100; i++) {
		fds[i] = dial("127.0.0.1");
		send_all(fds[i], "GET /healthz HTTP/1.1\r\n");
	}
	/* past the 32nd, connections from the address are closed at once */
	usleep(300 * 1000);
	for (int i = 0; i < 100; i++) {
		char buf[64];
		struct pollfd p = { fds[i], POLLIN, 0 };
		bool closed = poll(&p, 1, 0) > 0 && recv(fds[i], buf, sizeof buf, MSG_DONTWAIT) == 0;
		open_ += !closed;
	}
	cr_expect_leq(open_, 32, "%d connections stayed open from one address", open_);
	/* another address is served at once while they trickle */
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < 100; i++)
			send(fds[i], "X", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		double ms;
		cr_expect_eq(healthz_from("127.0.0.2", &ms), 200);
		cr_expect_lt(ms, 1000.0, "127.0.0.2 waited %.0f ms", ms);
		usleep(400 * 1000);
	}
	/* and the trickling ones are gone after the header deadline (2 s) */
	int still = 0;
	for (int i = 0; i < 100; i++) {
		char buf[64];
		struct pollfd p = { fds[i], POLLIN, 0 };
		bool closed = poll(&p, 1, 0) > 0 && recv(fds[i], buf, sizeof buf, MSG_DONTWAIT) <= 0;
		still += !closed;
		close(fds[i]);
	}
	cr_expect_eq(still, 0, "%d trickling connections outlived the deadline", still);
	double ms;
	cr_expect_eq(healthz_from("127.0.0.1", &ms), 200, "the address is served again");
}

/* Uploads that send their declared body a byte at a time (within every
 * per-address cap) do not take the pending requests' slots: they count as
 * uploads, on a budget of their own, until their body is in. */
Test(floods, trickling_uploads_do_not_take_everyone_elses_slots)
{
	enum { N = 20 };
	int fds[N];
	for (int i = 0; i < N; i++) {
		char from[16];
		snprintf(from, sizeof from, "127.0.0.%d", 10 + i % 4);
		fds[i] = dial(from);
		send_all(fds[i], "POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: "
				 "application/json\r\nContent-Length: 400\r\n\r\n{");
	}
	usleep(200 * 1000);
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < N; i++)
			send(fds[i], " ", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		double ms;
		cr_expect_eq(healthz_from("127.0.0.2", &ms), 200,
			     "twenty slow uploads took the %d pending slots", 8);
		usleep(200 * 1000);
	}
	for (int i = 0; i < N; i++)
		close(fds[i]);
}

/* Sends piece every 250 ms until the server closes fd (10 s at most): when
 * that was, in ms since t. */
static double trickle_until_closed(int fd, const char *piece, double t)
{
	double closed_at = 0;
	for (int i = 0; i < 40 && !closed_at; i++) {
		send(fd, piece, strlen(piece), MSG_NOSIGNAL);
		char buf[256];
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 250) > 0 && recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0)
			closed_at = now_ms() - t;
	}
	close(fd);
	return closed_at;
}

Test(floods, trickling_cannot_extend_the_header_or_body_deadline)
{
	int h = dial("127.0.0.1");
	double t = now_ms();
	send_all(h, "GET /healthz HTTP/1.1\r\n");
	double closed_at = trickle_until_closed(h, "X-A: b\r\n", t);
	cr_expect_gt(closed_at, 1500.0, "closed after %.0f ms", closed_at);
	cr_expect_lt(closed_at, 3500.0, "headers trickled for %.0f ms", closed_at);

	int b = dial("127.0.0.1");
	t = now_ms();
	send_all(b, "POST /api/v1/preview HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
		    "Content-Length: 1000\r\n\r\n{\"markdown\":\"");
	closed_at = trickle_until_closed(b, "a", t);
	cr_expect_gt(closed_at, 1500.0, "closed after %.0f ms", closed_at);
	cr_expect_lt(closed_at, 3500.0, "a body trickled for %.0f ms", closed_at);
}

static bool log_says(const char *what)
{
	FILE *f = fopen(bed.log, "r");
	char line[512];
	bool found = false;
	while (f && !found && fgets(line, sizeof line, f))
		found = strstr(line, what) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* A browser keeps a connection open for later and sends nothing: it is
 * closed at the deadline without a word in the log; a request whose
 * headers trickle past it is logged. */
Test(floods, an_idle_connection_is_closed_quietly_a_slow_one_is_logged)
{
	int idle = dial("127.0.0.1");
	double t = now_ms();
	struct pollfd p = { idle, POLLIN, 0 };
	char buf[16];
	while (now_ms() - t < 5000 && !(poll(&p, 1, 250) > 0 && recv(idle, buf, sizeof buf,
								       MSG_DONTWAIT) <= 0))
		;
	cr_assert_lt(now_ms() - t, 5000.0, "the idle connection was not closed");
	close(idle);
	cr_expect(!log_says("headers took too long"), "an idle connection was logged as slow");
	int slow = dial("127.0.0.1");
	t = now_ms();
	send_all(slow, "GET /healthz HTTP/1.1\r\n");
	trickle_until_closed(slow, "X-A: b\r\n", t);
	for (int i = 0; i < 40 && !log_says("headers took too long"); i++)
		usleep(50 * 1000);
	cr_expect(log_says("headers took too long"), "the trickled headers were not logged");
}

Test(floods, oversize_and_overcounted_requests_get_a_4xx_at_once)
{
	struct buf q = BUF_INIT;
	buf_adds(&q, "GET /healthz?");
	for (int i = 0; i < 1000; i++)
		buf_addf(&q, "a%d=1&", i);
	buf_adds(&q, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	int fd = dial("127.0.0.2");
	send_all(fd, q.p);
	char ans[4096];
	double t = now_ms();
	cr_expect_geq(read_answer(fd, 3000, ans, sizeof ans), 0);
	cr_expect_eq(status_of(ans), 400, "%s", ans);
	cr_expect_lt(now_ms() - t, 1000.0);
	close(fd);
	buf_release(&q);

	buf_adds(&q, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
	for (int i = 0; i < 100; i++)
		buf_addf(&q, "X-H%d: v\r\n", i);
	buf_adds(&q, "\r\n");
	fd = dial("127.0.0.2");
	send_all(fd, q.p);
	read_answer(fd, 3000, ans, sizeof ans);
	cr_expect_eq(status_of(ans), 431, "%s", ans);
	close(fd);
	buf_release(&q);

	/* an unauthenticated webhook may not be 8 MiB: refused before a byte */
	fd = dial("127.0.0.2");
	send_all(fd, "POST /webhooks/github HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
		     "Content-Length: 8388608\r\nConnection: close\r\n\r\n");
	read_answer(fd, 3000, ans, sizeof ans);
	cr_expect_eq(status_of(ans), 413, "%s", ans);
	close(fd);
}

Test(floods, sigterm_keeps_its_grace_and_cuts_off_what_is_left)
{
	int fd = dial("127.0.0.2");
	send_all(fd, "POST /api/v1/preview HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
		     "Content-Length: 1000\r\n\r\n{\"markdown\":\"");
	usleep(200 * 1000);
	double t = now_ms();
	int rc = daemon_stop(&bed.d, SIGTERM);
	double took = now_ms() - t;
	cr_expect_eq(rc, 0);
	cr_expect_lt(took, 2800.0, "a 1 s grace took %.0f ms", took);
	close(fd);
}

/* Admission past max_connections: a connection opened while the limit's
 * worth are open is told 503 with Retry-After and closed, while the
 * connections before it go on being served (even as excess ones stay
 * open), and /healthz is answered through it (issue 29, item 3). */
static void setup_admission(void)
{
	bed_open(&bed, "admission", TOKEN);
	bed_config(&bed, "server", "max_connections = 8\nper_ip_connections = 0\nthreads = 2\n");
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
}

/* One keep-alive GET on fd: the status, the whole answer (headers and a
 * body of its Content-Length) read, Retry-After's presence in *retry. */
static int keep_alive_get(int fd, const char *path, bool *retry)
{
	char req[256], ans[8192];
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path);
	send_all(fd, req);
	int got = read_answer(fd, 3000, ans, sizeof ans);
	if (got <= 0)
		return 0;
	char *end = strstr(ans, "\r\n\r\n");
	const char *cl = strcasestr(ans, "\r\nContent-Length:");
	size_t want = cl ? (size_t)atol(cl + 17) : 0, have = end ? (size_t)got - (size_t)(end + 4 - ans) : 0;
	if (retry)
		*retry = strcasestr(ans, "\r\nRetry-After: 1\r\n") != NULL;
	int st = status_of(ans);
	char rest[8192];
	while (have < want) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 3000) <= 0)
			break;
		ssize_t n = recv(fd, rest, sizeof rest < want - have ? sizeof rest : want - have, 0);
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	return st;
}

Test(admission, past_max_connections_new_ones_get_503_and_the_first_go_on, .init = setup_admission,
     .fini = teardown, .timeout = 60)
{
	int first[8];
	for (int i = 0; i < 8; i++) {
		first[i] = dial("127.0.0.3");
		cr_assert_eq(keep_alive_get(first[i], "/api/v1/comments?page=/p/", NULL), 200, "conn %d", i);
	}
	/* two more, opened while eight are: excess, kept open idle */
	int idle[2] = { dial("127.0.0.4"), dial("127.0.0.4") };
	int extra = dial("127.0.0.4");
	bool retry = false;
	double t = now_ms();
	cr_expect_eq(keep_alive_get(extra, "/api/v1/comments?page=/p/", &retry), 503);
	cr_expect(retry, "the 503 says Retry-After");
	cr_expect_lt(now_ms() - t, 1000.0, "refused at once");
	close(extra);
	double ms;
	cr_expect_eq(healthz_from("127.0.0.5", &ms), 200, "/healthz is answered through an overload");
	/* the first eight are still served while the excess ones are open */
	for (int i = 0; i < 8; i++)
		cr_expect_eq(keep_alive_get(first[i], "/api/v1/comments?page=/p/", NULL), 200, "conn %d again", i);
	for (int i = 0; i < 2; i++)
		close(idle[i]);
	for (int i = 0; i < 8; i++)
		close(first[i]);
	/* once they are gone, a new connection is served again */
	bool served = false;
	for (int i = 0; i < 50 && !served; i++) {
		int fd = dial("127.0.0.6");
		served = keep_alive_get(fd, "/api/v1/comments?page=/p/", NULL) == 200;
		close(fd);
		if (!served)
			usleep(20 * 1000);
	}
	cr_expect(served, "a connection after the load is served");
}
