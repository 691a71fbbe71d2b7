/* ids.c: one strict reader for row ids in paths, queries and forms */
#include <criterion/criterion.h>

#include "util/text_fmt.h"

Test(ids, only_plain_positive_decimals_are_ids)
{
	static const struct {
		const char *in;
		int64_t want;   /* 0: refused */
	} cases[] = {
		{ "1", 1 }, { "42", 42 }, { "007", 7 }, { "999999999999999999", 999999999999999999 },
		{ "", 0 }, { "0", 0 }, { "-1", 0 }, { "+1", 0 }, { " 1", 0 }, { "1 ", 0 }, { "1e3", 0 },
		{ "0x10", 0 }, { "1000000000000000000", 0 }, { "12a", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int64_t id = -5;
		int rc = parse_id(cases[i].in, &id);
		if (cases[i].want) {
			cr_expect_eq(rc, 0, "'%s' refused", cases[i].in);
			cr_expect_eq(id, cases[i].want, "'%s'", cases[i].in);
		} else {
			cr_expect_eq(rc, -1, "'%s' accepted", cases[i].in);
			cr_expect_eq(id, -5, "'%s' changed the id", cases[i].in);
		}
	}
	cr_expect_eq(parse_id(NULL, NULL), -1);
}
