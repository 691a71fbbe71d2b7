/* mail_bytes.c: what a mail is made of — addresses newsdesk sends to, the
 * headers of hostile text, quoted-printable, the date, and the signed
 * links (a flipped character, or a link of the other purpose, is no link). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "auth/comment_tokens.h"
#include "net/mail_msg.h"
#include "util/mail_addr.h"

Test(mail_bytes, addresses_are_plain_ascii_addr_specs)
{
	static const char *const good[] = { "a@b.org", "Ann.Lee+news@mail.example.org",
					     "x_y-z@sub-1.example.co.uk", "o'neil@example.ie" };
	static const char *const bad[] = {
		"", "a", "a@", "@b.org", "a@b", "a@@b.org", "a b@c.org", "a@b .org", "a\r\n@b.org",
		"a@b.org\r\nBcc: c@d.org", "<a@b.org>", "\"a\"@b.org", "a..b@c.org", ".a@b.org",
		"a.@b.org", "a@-b.org", "a@b-.org", "a@b..org", "ünï@b.org", "a@bü.org",
		"a@[127.0.0.1]", "a,b@c.org", "a@1.2.3.4", "a@mail.internal", "a@box.localhost",
		"a@printer.LOCAL", "a@x.lan", "a@4.3.2.1.in-addr.arpa", "a@b.o1g",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		cr_expect(mail_addr_valid(good[i]), "'%s' refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_expect(!mail_addr_valid(bad[i]), "'%s' accepted", bad[i]);
	char longest[300];
	memset(longest, 'a', 64);
	snprintf(longest + 64, sizeof longest - 64, "@%s", "b.org");
	cr_expect(mail_addr_valid(longest));
	longest[0] = 'a';
	memmove(longest + 1, longest, strlen(longest) + 1);
	cr_expect(!mail_addr_valid(longest), "a local part of 65 bytes");
	cr_expect_str_eq(mail_addr_domain("a@b.example.org"), "b.example.org");
}

Test(mail_bytes, plain_smtp_only_to_this_machine)
{
	cr_expect(mail_host_loopback("127.0.0.1"));
	cr_expect(mail_host_loopback("127.1.2.3"));
	cr_expect(mail_host_loopback("::1"));
	cr_expect(mail_host_loopback("localhost"));
	cr_expect(!mail_host_loopback("127.0.0.1.evil.org"));
	cr_expect(!mail_host_loopback("10.0.0.1"));
	cr_expect(!mail_host_loopback("smtp.example.org"));
	cr_expect(!mail_host_loopback("::ffff:8.8.8.8"));
}

/* Every line of s (CRLF-separated) at most max bytes, and no bare CR or LF. */
static void lines_within(const char *s, size_t max)
{
	for (const char *p = s; *p;) {
		const char *e = strstr(p, "\r\n");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		cr_expect_leq(n, max, "a line of %zu bytes: %.*s", n, (int)n, p);
		cr_expect(!memchr(p, '\r', n) && !memchr(p, '\n', n), "a bare CR or LF");
		p += n + (e ? 2 : 0);
	}
}

Test(mail_bytes, no_line_break_of_a_name_reaches_a_header)
{
	static const char *const names[] = {
		"Eve\r\nBcc: victim@example.org", "Eve\nX-Evil: 1", "Eve\rX: 1", "Évé ☃\r\nBcc: x@y.org",
		"A very long subject made of many plain words that certainly goes past seventy eight",
		"ÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜ ☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃☃",
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		struct buf h = BUF_INIT;
		buf_adds(&h, "Subject: ");
		mail_header_text(&h, names[i], strlen("Subject: "));
		/* a fold is CRLF and a space, never CRLF and a header name */
		for (const char *p = strstr(h.p, "\r\n"); p; p = strstr(p + 2, "\r\n"))
			cr_expect(p[2] == ' ', "case %zu: a line that is not a fold: %s", i, h.p);
		lines_within(h.p, 78);
		buf_release(&h);
	}
}

/* Quoted-printable decoded, with soft breaks joined and CRLF as '\n'. */
static void qp_decode(const char *s, struct buf *out)
{
	for (; *s; s++) {
		if (*s == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 2;
		} else if (*s == '=') {
			unsigned v;
			cr_assert_eq(sscanf(s + 1, "%2X", &v), 1);
			buf_addc(out, (char)v);
			s += 2;
		} else if (*s == '\r' && s[1] == '\n') {
			buf_addc(out, '\n');
			s++;
		} else {
			buf_addc(out, *s);
		}
	}
}

Test(mail_bytes, quoted_printable_keeps_lines_short_and_text_whole)
{
	static const char *const texts[] = {
		"plain\n", "a=b and =_newsdesk_alt\n", "trailing space \nand tab\t\n",
		"Ünïcödé ☃ and a line that goes on and on and on well past the seventy-six "
		"characters quoted-printable allows, with = signs = everywhere ==========\n",
		"dots\n.\n..\nend\n", "<script>alert(1)</script>\n",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct buf qp = BUF_INIT, back = BUF_INIT;
		mail_qp(&qp, texts[i]);
		lines_within(qp.p, 76);
		cr_expect_null(strstr(qp.p, "=_"), "case %zu: the boundary could occur", i);
		qp_decode(qp.p, &back);
		cr_expect_str_eq(back.p, texts[i], "case %zu", i);
		buf_release(&qp);
		buf_release(&back);
	}
}

Test(mail_bytes, dates_are_rfc_5322)
{
	struct buf b = BUF_INIT;
	mail_date(&b, 0);
	cr_expect_str_eq(b.p, "Thu, 01 Jan 1970 00:00:00 +0000");
	buf_reset(&b);
	mail_date(&b, 1796233091);
	cr_expect_str_eq(b.p, "Wed, 02 Dec 2026 17:38:11 +0000");
	buf_release(&b);
}

Test(mail_bytes, mail_links_hold_for_their_purpose_only)
{
	struct comment_keys k, other;
	memset(k.key, 7, sizeof k.key);
	memset(other.key, 8, sizeof other.key);
	char t[MAIL_TOKEN_CHARS + 1], c_t[CONFIRM_TOKEN_CHARS + 1];
	unsubscribe_token_make(&k, 42, 7, t);
	int64_t a = 0, c = 0;
	cr_assert_eq(unsubscribe_token_check(&k, t, &a, &c), 0);
	cr_expect_eq(a, 42);
	cr_expect_eq(c, 7);
	cr_expect_eq(unsubscribe_token_check(&other, t, &a, &c), -1);
	cr_expect_null(strchr(t, '@'));
	for (size_t i = 0; i < MAIL_TOKEN_CHARS; i++) {
		char flipped[MAIL_TOKEN_CHARS + 1];
		memcpy(flipped, t, sizeof flipped);
		flipped[i] = flipped[i] == 'A' ? 'B' : 'A';
		cr_expect_eq(unsubscribe_token_check(&k, flipped, &a, &c), -1,
			     "a token flipped at %zu holds", i);
	}
	cr_expect_eq(unsubscribe_token_check(&k, "", &a, &c), -1);
	cr_expect_eq(unsubscribe_token_check(&k, NULL, &a, &c), -1);
	/* a confirmation link is no unsubscribe link, and the other way round */
	confirm_token_make(&k, 42, 7, 1000, c_t);
	cr_expect_eq(unsubscribe_token_check(&k, c_t, &a, &c), -1);
	cr_expect_eq(confirm_token_check(&k, t, 1000, 100, &a, &c), CONFIRM_BAD);
	for (size_t i = 0; i < CONFIRM_TOKEN_CHARS; i++) {
		char flipped[CONFIRM_TOKEN_CHARS + 1];
		memcpy(flipped, c_t, sizeof flipped);
		flipped[i] = flipped[i] == 'A' ? 'B' : 'A';
		cr_expect_eq(confirm_token_check(&k, flipped, 1000, 100, &a, &c), CONFIRM_BAD,
			     "a confirmation token flipped at %zu holds", i);
	}
}

/* A confirmation link holds for its time only, naming what it confirms. */
Test(mail_bytes, a_confirmation_link_expires)
{
	struct comment_keys k;
	memset(k.key, 7, sizeof k.key);
	char t[CONFIRM_TOKEN_CHARS + 1];
	confirm_token_make(&k, 42, 9, 1000, t);
	int64_t a = 0, upto = 0;
	cr_assert_eq(confirm_token_check(&k, t, 1100, 100, &a, &upto), CONFIRM_OK);
	cr_expect_eq(a, 42);
	cr_expect_eq(upto, 9);
	cr_expect_eq(confirm_token_check(&k, t, 1101, 100, &a, &upto), CONFIRM_EXPIRED);
	cr_expect_eq(confirm_token_check(&k, t, 900, 100, &a, &upto), CONFIRM_EXPIRED,
		     "a link made in the future");
}

/* What stays of a forgotten address: keyed, and blind to case. */
Test(mail_bytes, a_forgotten_address_is_a_keyed_hash)
{
	struct comment_keys k, other;
	memset(k.key, 7, sizeof k.key);
	memset(other.key, 8, sizeof other.key);
	unsigned char h1[32], h2[32], h3[32], h4[32];
	mail_address_hash(&k, "Ann@Example.org", h1);
	mail_address_hash(&k, "ann@example.org", h2);
	mail_address_hash(&k, "bob@example.org", h3);
	mail_address_hash(&other, "ann@example.org", h4);
	cr_expect_eq(memcmp(h1, h2, 32), 0);
	cr_expect_neq(memcmp(h1, h3, 32), 0);
	cr_expect_neq(memcmp(h1, h4, 32), 0);
}

/* A name written as an encoded word is encoded whole: a mail client would
 * otherwise decode it and show what the name rules refuse (U+202E here). */
Test(mail_bytes, a_name_posing_as_an_encoded_word_is_encoded_whole)
{
	const char *evil = "=?UTF-8?B?4oCuZXZpbA==?= <admin@bank>";
	struct buf h = BUF_INIT;
	mail_header_text(&h, evil, strlen("Subject: "));
	cr_expect_null(strstr(h.p, "4oCuZXZpbA=="), "the encoded word went out as it was: %s", h.p);
	cr_expect_eq(strncmp(h.p, "=?UTF-8?", 8), 0, "not encoded: %s", h.p);
	buf_release(&h);
	buf_init(&h);
	mail_header_text(&h, "Ann = ? Bo", strlen("Subject: "));
	cr_expect_str_eq(h.p, "Ann = ? Bo", "plain text stays plain");
	buf_release(&h);
}
