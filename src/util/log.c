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

/* The second's stamp, made once per second per thread: strftime and
 * gmtime are most of a line's cost otherwise (the access log writes one
 * per request). */
static const char *stamp_of(time_t sec)
{
	static _Thread_local time_t made_for = -1;
	static _Thread_local char stamp[32];
	if (sec != made_for) {
		struct tm tm;
		gmtime_r(&sec, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S.", &tm);
		made_for = sec;
	}
	return stamp;
}

void log_text(enum log_level lvl, const char *msg, size_t len)
{
	static const char *const names[] = { "debug ", "info ", "warn ", "error " };
	static const size_t name_len[] = { 6, 5, 5, 6 };
	if ((int)lvl < atomic_load(&min_level))
		return;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);

	/* Build the whole line first so that concurrent lines never interleave. */
	struct buf line = BUF_INIT;
	buf_grow(&line, 64 + len);
	buf_adds(&line, stamp_of(ts.tv_sec));
	long ms = ts.tv_nsec / 1000000;
	char frac[5] = { (char)('0' + ms / 100), (char)('0' + ms / 10 % 10), (char)('0' + ms % 10), 'Z', ' ' };
	buf_add(&line, frac, sizeof frac);
	buf_add(&line, names[lvl], name_len[lvl]);
	/* whatever a client sent may be in the message: one line, always, and
	 * no control character that a terminal or a log viewer acts on */
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)msg[i];
		if (c >= 0x20 && c != 0x7f && c != '\\')
			continue;
		buf_add(&line, msg + run, i - run);
		run = i + 1;
		if (c == '\\')
			buf_adds(&line, "\\\\");
		else
			buf_addf(&line, "\\x%02x", c);
	}
	buf_add(&line, msg + run, len - run);
	buf_addc(&line, '\n');
	fwrite(line.p, 1, line.len, stderr);
	buf_release(&line);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	if ((int)lvl < atomic_load(&min_level))
		return;
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	log_text(lvl, msg.p ? msg.p : "", msg.len);
	buf_release(&msg);
}
