/* sync_trace.c: fsync(2) and fdatasync(2), traced, in the process this is
 * preloaded into (LD_PRELOAD=build/sync-trace.so).
 *
 * With NEWSDESK_SYNC_TRACE=FILE each call appends one line to FILE:
 *   CALL START_NS END_NS RC PATH
 * with CLOCK_MONOTONIC times (one clock for every process of the machine)
 * taken as the call enters and as the real call returns, and the path of
 * the descriptor synced.  NEWSDESK_SYNC_DELAY_MS=N makes each call last N
 * ms longer (a slow disk), so that an answer sent before its flush ended
 * is told apart from one sent after.  The durability test
 * (tests/http/durable_writes.c) reads the lines against the times its
 * acknowledgements arrived: it trusts the system calls, not newsdesk. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int trace_fd = -1;
static long delay_ms;

__attribute__((constructor)) static void sync_trace_init(void)
{
	const char *path = getenv("NEWSDESK_SYNC_TRACE");
	const char *delay = getenv("NEWSDESK_SYNC_DELAY_MS");
	if (path && *path)
		trace_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (delay)
		delay_ms = strtol(delay, NULL, 10);
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int traced(const char *call, int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, call);
	long long start = now_ns();
	if (delay_ms > 0) {
		struct timespec d = { delay_ms / 1000, (delay_ms % 1000) * 1000000L };
		nanosleep(&d, NULL);
	}
	int rc = real ? real(fd) : -1;
	int saved = errno;
	long long end = now_ns();
	if (trace_fd >= 0) {
		char link[64], path[512], line[700];
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, path, sizeof path - 1);
		path[n > 0 ? n : 0] = '\0';
		int len = snprintf(line, sizeof line, "%s %lld %lld %d %s\n", call, start, end, rc,
				   n > 0 ? path : "?");
		/* one write per line, O_APPEND: lines from several threads
		 * never mix */
		if (len > 0 && write(trace_fd, line, (size_t)len) < 0)
			(void)0;
	}
	errno = saved;
	return rc;
}

int fsync(int fd)
{
	return traced("fsync", fd);
}

int fdatasync(int fd)
{
	return traced("fdatasync", fd);
}
