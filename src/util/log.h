/* log.h: one-line log records on stderr, safe from any thread.
 *
 * Messages follow git's style: lower-case, no full stop, the failing thing
 * first.  Request data is never logged verbatim except the path, which the
 * access log escapes (control bytes become \xNN).
 */
#ifndef NEWSDESK_LOG_H
#define NEWSDESK_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level min);
void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A message already made (len bytes at msg), escaped and written as
 * log_msg would: for lines made without printf (the access log). */
void log_text(enum log_level lvl, const char *msg, size_t len);
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
