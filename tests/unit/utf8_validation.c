/* utf8_validation.c: the strict UTF-8 validator */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

Test(utf8, accepts_valid_and_rejects_each_kind_of_invalid)
{
	static const struct { const char *s; size_t n; bool ok; } cases[] = {
		{ "plain ascii", 11, true },
		{ "\xc3\xa9\xe2\x80\xa6\xf0\x9f\xa6\x80", 9, true },
		{ "\xc0\xaf", 2, false },          /* overlong '/' */
		{ "\xe0\x80\xaf", 3, false },      /* overlong */
		{ "\xed\xa0\x80", 3, false },      /* surrogate */
		{ "\xf4\x90\x80\x80", 4, false },  /* > U+10FFFF */
		{ "\xe2\x80", 2, false },          /* truncated */
		{ "\x80", 1, false },              /* stray continuation */
		{ "a\0b", 3, false },              /* NUL */
		{ "\xff", 1, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cr_expect_eq(utf8_valid(cases[i].s, cases[i].n, NULL), cases[i].ok,
			     "case %zu", i);
	size_t bad = 0;
	cr_assert(!utf8_valid("ok\xff", 3, &bad));
	cr_assert_eq(bad, 2);
	cr_assert_eq(utf8_len("\xc3\xa9t\xc3\xa9", 5), 3);
}
