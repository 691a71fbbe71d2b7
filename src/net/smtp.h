/* smtp.h: one mail to one recipient through the configured relay, over
 * libcurl (SMTP with STARTTLS, implicit TLS, or in the clear to a relay on
 * loopback).  The peer's certificate is always verified.  What the relay's
 * answer means is decided here, once (enum smtp_result), so the caller
 * compares no reply code:
 *
 *   SMTP_SENT     the relay accepted the message (250 after its data)
 *   SMTP_RETRY    worth sending again later: no connection, a timeout, the
 *                 connection lost, a 4xx (greylisting, a full queue), or
 *                 the relay refusing our credentials (a 535 is fixed in
 *                 the configuration, and the mail should still go then)
 *   SMTP_REFUSED  a 5xx to the sender, the recipient or the data: sending
 *                 the same again would not help
 *
 * libcurl does the SMTP dot-stuffing; the message must be CRLF-terminated
 * lines (net/mail_msg.h). */
#ifndef NEWSDESK_NET_SMTP_H
#define NEWSDESK_NET_SMTP_H

#include <stddef.h>

#include "util/buf.h"

enum smtp_result { SMTP_SENT, SMTP_RETRY, SMTP_REFUSED };
/* STARTTLS on a plain port, TLS from the first byte (465), or none. */
enum smtp_tls { SMTP_STARTTLS, SMTP_TLS, SMTP_PLAIN };

struct smtp_relay {
	const char *host;
	long port;
	enum smtp_tls tls;
	const char *user;        /* NULL or "": no AUTH */
	const char *password;    /* may be NULL */
	const char *helo;        /* the name we give in EHLO (the from domain) */
	long timeout_ms;         /* the whole conversation */
	const char *ca_file;     /* NULL or "": the system's certificates */
};

/* Sends msg (len bytes) from `from` to `to`; why (optional) gets one line
 * when it is not sent: the relay's code or the network's error. */
enum smtp_result smtp_send(const struct smtp_relay *r, const char *from, const char *to,
			   const char *msg, size_t len, struct buf *why);

#endif
