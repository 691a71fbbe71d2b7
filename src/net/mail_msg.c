/* mail_msg.c: the bytes of a mail (see mail_msg.h) */
#include "net/mail_msg.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

#define HEADER_LINE_MAX 78
#define QP_LINE_MAX 76
#define WORD_BYTES 45       /* raw bytes of one encoded word: 60 base64 chars, 72 in all */
#define BOUNDARY "=_newsdesk_alt"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char hex[] = "0123456789ABCDEF";

static void base64(struct buf *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		buf_addc(out, b64[v >> 18 & 63]);
		buf_addc(out, b64[v >> 12 & 63]);
		buf_addc(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
		buf_addc(out, i + 2 < n ? b64[v & 63] : '=');
	}
}

/* The value with every control character (CR and LF above all) a space. */
static void clean(struct buf *out, const char *s)
{
	for (; *s; s++)
		buf_addc(out, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* Encoded words, one per folded line, each as long as the line allows
 * (76 characters with what came before it on the line, WORD_BYTES raw
 * bytes at most), never splitting a UTF-8 sequence. */
static void encoded_words(struct buf *out, const char *s, size_t col)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t room = col + 12 < 76 ? (76 - col - 12) / 4 * 3 : 3;
		size_t take = n - i < room ? n - i : room;
		if (take > WORD_BYTES)
			take = WORD_BYTES;
		while (i + take < n && take > 1 && ((unsigned char)s[i + take] & 0xc0) == 0x80)
			take--;
		if (i)
			buf_adds(out, "\r\n ");
		buf_adds(out, "=?UTF-8?B?");
		base64(out, (const unsigned char *)s + i, take);
		buf_adds(out, "?=");
		i += take;
		col = 1;
	}
}

/* Plain ASCII folded at spaces before HEADER_LINE_MAX. */
static void folded(struct buf *out, const char *s, size_t col)
{
	while (*s) {
		size_t word = strcspn(s + 1, " ") + 1;
		if (col + word > HEADER_LINE_MAX && col > 1 && *s == ' ') {
			buf_adds(out, "\r\n");
			col = 0;
		}
		buf_add(out, s, word);
		col += word;
		s += word;
	}
}

/* ASCII that a mail client shows as it is: no "=?", which clients decode
 * as an encoded word wherever it stands (quoted strings included), so a
 * name could otherwise bring any character our name rules refuse. */
static bool shown_as_is(const char *v)
{
	return plain_ascii(v) && !strstr(v, "=?");
}

void mail_header_text(struct buf *out, const char *value, size_t name_len)
{
	struct buf v = BUF_INIT;
	clean(&v, value);
	if (shown_as_is(v.p))
		folded(out, v.p, name_len);
	else
		encoded_words(out, v.p, name_len);
	buf_release(&v);
}

/* A display name: a quoted string when ASCII, else encoded words. */
static void display_name(struct buf *out, const char *name)
{
	struct buf v = BUF_INIT;
	clean(&v, name);
	if (shown_as_is(v.p)) {
		buf_addc(out, '"');
		for (const char *p = v.p; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(out, '\\');
			buf_addc(out, *p);
		}
		buf_addc(out, '"');
	} else {
		encoded_words(out, v.p, strlen("From: "));
	}
	buf_release(&v);
}

void mail_qp(struct buf *out, const char *text)
{
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n') {
			buf_adds(out, "\r\n");
			col = 0;
			continue;
		}
		bool at_end = p[1] == '\0' || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
		bool literal = (*p >= 33 && *p <= 126 && *p != '=') ||
			       ((*p == ' ' || *p == '\t') && !at_end);
		size_t w = literal ? 1 : 3;
		if (col + w > QP_LINE_MAX - 1) {
			buf_adds(out, "=\r\n");
			col = 0;
		}
		if (literal) {
			buf_addc(out, (char)*p);
		} else {
			buf_addc(out, '=');
			buf_addc(out, hex[*p >> 4]);
			buf_addc(out, hex[*p & 15]);
		}
		col += w;
	}
	if (col)
		buf_adds(out, "\r\n");
}

void mail_date(struct buf *out, int64_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	buf_addf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void part(struct buf *out, const char *type, const char *body)
{
	buf_addf(out, "--" BOUNDARY "\r\nContent-Type: %s; charset=utf-8\r\n"
		      "Content-Transfer-Encoding: quoted-printable\r\n\r\n", type);
	mail_qp(out, body);
}

void mail_msg_build(const struct mail_msg *m, struct buf *out)
{
	buf_adds(out, "From: ");
	if (m->from_name && *m->from_name) {
		display_name(out, m->from_name);
		buf_adds(out, "\r\n");
	}
	buf_addf(out, " <%s>\r\nTo: %s\r\nSubject: ", m->from, m->to);
	mail_header_text(out, m->subject, strlen("Subject: "));
	buf_adds(out, "\r\nDate: ");
	mail_date(out, m->date);
	buf_addf(out, "\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
		      "Auto-Submitted: auto-generated\r\n", m->message_id);
	if (m->unsubscribe_url)
		buf_addf(out, "List-Unsubscribe:\r\n <%s>\r\n"
			      "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
			 m->unsubscribe_url);
	buf_adds(out, "Content-Type: multipart/alternative; boundary=\"" BOUNDARY "\"\r\n\r\n");
	part(out, "text/plain", m->text);
	part(out, "text/html", m->html);
	buf_adds(out, "--" BOUNDARY "--\r\n");
}
