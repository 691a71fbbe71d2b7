/* inert_text.c: text GitHub will not act on (see inert_text.h) */
#include "features/pulls/inert_text.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "github/login.h"

#define ZWSP "\xE2\x80\x8B"

static const char *const keywords[] = { "close", "closes", "closed", "fix", "fixes", "fixed",
					"resolve", "resolves", "resolved" };

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Length of the closing keyword starting at s, if a whole word is one. */
static size_t keyword_at(const char *start, const char *s)
{
	if (s > start && word_char(s[-1]))
		return 0;
	size_t n = 0;
	while (word_char(s[n]))
		n++;
	for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
		if (strlen(keywords[i]) == n && strncasecmp(s, keywords[i], n) == 0)
			return n;
	return 0;
}

void gh_inert_text(struct buf *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		size_t k = keyword_at(s, p);
		if (k) {
			buf_addc(out, *p);
			buf_adds(out, ZWSP);
			buf_add(out, p + 1, k - 1);
			p += k - 1;
			continue;
		}
		if ((c == 'G' || c == 'g') && (p[1] == 'H' || p[1] == 'h') && p[2] == '-') {
			buf_add(out, p, 2);
			buf_adds(out, ZWSP);
			p++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_addc(out, ' ');
			continue;
		}
		buf_addc(out, *p);
		if (c == '@' || c == '#')
			buf_adds(out, ZWSP);
	}
}

void gh_code_span(struct buf *out, const char *s)
{
	size_t longest = 0, run = 0;
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	struct buf fence = BUF_INIT;
	for (size_t i = 0; i <= longest; i++)
		buf_addc(&fence, '`');
	/* a space keeps a backtick at either end from joining the fence */
	bool pad = *s == '`' || (*s && s[strlen(s) - 1] == '`');
	buf_add(out, fence.p, fence.len);
	if (pad)
		buf_addc(out, ' ');
	for (const char *p = s; *p; p++)
		buf_addc(out, (unsigned char)*p < 0x20 ? ' ' : *p);
	if (pad)
		buf_addc(out, ' ');
	buf_add(out, fence.p, fence.len);
	buf_release(&fence);
}

void gh_mention(struct buf *out, const char *login)
{
	if (!login || !valid_github_login(login)) {
		gh_code_span(out, login ? login : "");
		return;
	}
	buf_addf(out, "@%s", login);
}
