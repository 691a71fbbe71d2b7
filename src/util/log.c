/* log.c: timestamped log lines on stderr */
#include "util/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "util/buf.h"

static atomic_int min_level = LOG_INFO;

void log_set_level(enum log_level min)
{
	atomic_store(&min_level, (int)min);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	if ((int)lvl < atomic_load(&min_level))
		return;
	struct timespec ts;
	struct tm tm;
	char stamp[32];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

	/* Build the whole line first so that concurrent lines never interleave. */
	struct buf line = BUF_INIT;
	buf_addf(&line, "%s.%03ldZ %s ", stamp, ts.tv_nsec / 1000000, names[lvl]);
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&line, fmt, ap);
	va_end(ap);
	buf_addc(&line, '\n');
	fwrite(line.p, 1, line.len, stderr);
	buf_release(&line);
}
