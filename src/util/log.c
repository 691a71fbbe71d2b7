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
	struct buf line = BUF_INIT, msg = BUF_INIT;
	buf_addf(&line, "%s.%03ldZ %s ", stamp, ts.tv_nsec / 1000000, names[lvl]);
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	/* whatever a client sent may be in the message: one line, always, and
	 * no control character that a terminal or a log viewer acts on */
	for (size_t i = 0; i < msg.len; i++) {
		unsigned char c = (unsigned char)msg.p[i];
		if (c < 0x20 || c == 0x7f || c == '\\')
			buf_addf(&line, c == '\\' ? "\\\\" : "\\x%02x", c);
		else
			buf_addc(&line, (char)c);
	}
	buf_release(&msg);
	buf_addc(&line, '\n');
	fwrite(line.p, 1, line.len, stderr);
	buf_release(&line);
}
