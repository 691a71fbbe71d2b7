/* inert_text.c: contributor text in pull requests acts on nothing */
#include <criterion/criterion.h>
#include <string.h>

#include "features/pulls/inert_text.h"

#define ZWSP "\xE2\x80\x8B"

static char *inert(const char *s)
{
	struct buf b = BUF_INIT;
	gh_inert_text(&b, s);
	return buf_detach(&b, NULL);
}

Test(inert_text, mentions_references_and_closing_keywords_are_broken)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "@octocat", "@" ZWSP "octocat" },
		{ "fixes #12", "f" ZWSP "ixes #" ZWSP "12" },
		{ "Closes GH-3", "C" ZWSP "loses GH" ZWSP "-3" },
		{ "resolved: a/b#4", "r" ZWSP "esolved: a/b#" ZWSP "4" },
		{ "fix https://github.com/o/r/issues/1", "f" ZWSP "ix https://github.com/o/r/issues/1" },
		{ "prefix suffixes fixture", "prefix suffixes fixture" },
		{ "line\nbreak", "line break" },
		{ "plain words", "plain words" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = inert(cases[i].in);
		cr_expect_str_eq(got, cases[i].out, "%s", cases[i].in);
		free(got);
	}
}

Test(inert_text, code_spans_hold_any_backticks)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "x", "`x`" },
		{ "a `b` c", "``a `b` c``" },
		{ "`edge", "`` `edge ``" },
		{ "``", "``` `` ```" },
		{ "@team fixes #1", "`@team fixes #1`" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct buf b = BUF_INIT;
		gh_code_span(&b, cases[i].in);
		cr_expect_str_eq(b.p, cases[i].out, "%s", cases[i].in);
		buf_release(&b);
	}
}
