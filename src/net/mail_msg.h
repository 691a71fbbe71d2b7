/* mail_msg.h: a mail as the relay takes it (RFC 5322 and MIME), built
 * from texts newsdesk chose: CRLF line ends, header lines folded within 78
 * characters wherever a space or an encoded word allows (a URL is one
 * word), body lines within 76 (quoted-printable): far below SMTP's 998.
 *
 * Headers: From (the name as an RFC 2047 encoded word when it is not plain
 * ASCII), To, Subject (encoded and folded likewise), Date (RFC 5322, UTC),
 * Message-ID, MIME-Version, Auto-Submitted: auto-generated, and with an
 * unsubscribe URL List-Unsubscribe and List-Unsubscribe-Post (RFC 8058
 * one-click).  The body is multipart/alternative: text/plain then
 * text/html, both UTF-8 in quoted-printable (whose '=' is always escaped,
 * so the boundary "=_…" can never occur in a part).
 *
 * No CR, LF or other control character of a name or subject reaches a
 * header: each becomes a space before the value is encoded, so a hostile
 * commenter's name cannot add a header.  The addresses must pass
 * util/mail_addr.h (the caller's check). */
#ifndef NEWSDESK_NET_MAIL_MSG_H
#define NEWSDESK_NET_MAIL_MSG_H

#include <stdint.h>

#include "util/buf.h"

struct mail_msg {
	const char *from, *from_name;   /* from_name may be NULL or "" */
	const char *to;
	const char *subject;            /* UTF-8 */
	const char *message_id;         /* "LOCAL@DOMAIN", without the brackets */
	int64_t date;                   /* seconds since the epoch */
	const char *unsubscribe_url;    /* NULL: no List-Unsubscribe headers */
	const char *text, *html;        /* UTF-8 with '\n' line ends */
};

void mail_msg_build(const struct mail_msg *m, struct buf *out);

/* Pieces, for tests: a header value as encoded words or folded ASCII
 * (after "Name: " of name_len bytes); quoted-printable of a text; the
 * RFC 5322 date. */
void mail_header_text(struct buf *out, const char *value, size_t name_len);
void mail_qp(struct buf *out, const char *text);
void mail_date(struct buf *out, int64_t t);

#endif
