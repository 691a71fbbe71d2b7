/* ceiling_main.c: the fastest our stack can answer — libmicrohttpd with
 * the daemon flags and thread pool newsdesk uses, handing out one buffer
 * from memory for every GET.  `make bench` runs it next to newsdesk with
 * the bytes of a real thread, so the two figures compare the same work.
 * Usage: ceiling PORT FILE THREADS (PORT 0: any free port, printed) */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/server.h"

static struct MHD_Response *answer;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *data,
				  size_t *size, void **state)
{
	(void)cls; (void)url; (void)version; (void)data; (void)size;
	if (!*state) {
		*state = (void *)1;
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0)
		return MHD_NO;
	return MHD_queue_response(c, MHD_HTTP_OK, answer);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: ceiling PORT FILE THREADS\n");
		return 2;
	}
	FILE *f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	static char body[1 << 20];
	size_t n = fread(body, 1, sizeof body, f);
	fclose(f);
	answer = MHD_create_response_from_buffer(n, body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(answer, "Content-Type", "application/json");
	unsigned threads = (unsigned)atoi(argv[3]);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC,
		(uint16_t)atoi(argv[1]), NULL, NULL, on_request, NULL,
		MHD_OPTION_CONNECTION_LIMIT, 512u, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONNECTION_POOL_BYTES,
		threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, threads,
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "ceiling: cannot listen on %s\n", argv[1]);
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("ceiling listening on port %u\n", di ? (unsigned)di->port : 0u);
	fflush(stdout);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGINT);
	sigprocmask(SIG_BLOCK, &s, NULL);
	int sig;
	sigwait(&s, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(answer);
	return 0;
}
