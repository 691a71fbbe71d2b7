/* smtp_sink.h: a real SMTP server on 127.0.0.1 for the mail tests —
 * tests/support/smtp_sink.py (Debian's python3-aiosmtpd) as a child
 * process, the mails it took as files, and the mode it answers in. */
#ifndef NEWSDESK_TEST_SMTP_SINK_H
#define NEWSDESK_TEST_SMTP_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"

struct smtp_sink {
	pid_t pid;
	unsigned port;
	char dir[160];
};

/* Starts the sink keeping its mails in dir (made here); asserts. */
void smtp_sink_start(struct smtp_sink *s, const char *dir);
/* The same over TLS: tls "starttls" or "tls" (from the first byte), with
 * the certificate and key (PEM files) it shows. */
void smtp_sink_start_tls(struct smtp_sink *s, const char *dir, const char *tls,
			 const char *cert, const char *key);
void smtp_sink_stop(struct smtp_sink *s);
/* "ok", "451", "550" or "hang" (smtp_sink.py). */
void smtp_sink_mode(struct smtp_sink *s, const char *mode);
/* How many lines of its events file start with prefix ("accepted"…). */
int smtp_sink_events(const struct smtp_sink *s, const char *prefix);
/* Waits up to ms for at least n such events; false when they did not come. */
bool smtp_sink_wait(const struct smtp_sink *s, const char *prefix, int n, long ms);
/* The n-th mail taken (1-based) as tests/support/mail_check.py reads it:
 * "name: value" lines (asserts it parses). */
void smtp_sink_facts(const struct smtp_sink *s, int n, struct buf *facts);
/* A fact's value (the rest of its line), copied into out; false if none. */
bool mail_fact(const char *facts, const char *name, struct buf *out);
/* The envelope of the n-th mail ("from …" and "to …" lines). */
void smtp_sink_envelope(const struct smtp_sink *s, int n, struct buf *out);

#endif
