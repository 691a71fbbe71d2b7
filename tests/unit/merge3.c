/* merge3.c: the three-way merge of an entry's lines */
#include <criterion/criterion.h>
#include <string.h>

#include "draft/merge3.h"

static void expect_merge(const char *base, const char *ours, const char *theirs,
			 enum merge3_result want, const char *text)
{
	struct buf out = BUF_INIT;
	enum merge3_result got = merge3(base, ours, theirs, &out);
	cr_expect_eq(got, want, "base %s / ours %s / theirs %s: %d", base, ours, theirs, got);
	if (want == MERGE3_CLEAN)
		cr_expect_str_eq(out.p ? out.p : "", text, "base %s", base);
	else
		cr_expect_eq(out.len, 0);
	buf_release(&out);
}

Test(merge3, changes_apart_both_go_in)
{
	expect_merge("h\n\na\nb\nc\n", "h\n\nA\nb\nc\n", "h\n\na\nb\nC\n", MERGE3_CLEAN,
		     "h\n\nA\nb\nC\n");
	/* only one side changed: its text */
	expect_merge("a\nb\n", "a\nb\n", "a\nB\n", MERGE3_CLEAN, "a\nB\n");
	expect_merge("a\nb\n", "x\nb\n", "a\nb\n", MERGE3_CLEAN, "x\nb\n");
	/* lines added at either end, one each */
	expect_merge("a\nb\nc\n", "top\na\nb\nc\n", "a\nb\nc\nend\n", MERGE3_CLEAN,
		     "top\na\nb\nc\nend\n");
	/* the same change on both sides is one change */
	expect_merge("a\nb\nc\n", "a\nB\nc\n", "a\nB\nc\n", MERGE3_CLEAN, "a\nB\nc\n");
	/* a removed line and a changed one apart */
	expect_merge("a\nb\nc\nd\n", "a\nc\nd\n", "a\nb\nc\nD\n", MERGE3_CLEAN, "a\nc\nD\n");
}

Test(merge3, changes_that_meet_conflict)
{
	expect_merge("a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n", MERGE3_CONFLICT, NULL);
	/* touching lines are not told apart: refused, never guessed */
	expect_merge("a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n", MERGE3_CONFLICT, NULL);
	/* two different lines added at the same place */
	expect_merge("a\nb\n", "a\nx\nb\n", "a\ny\nb\n", MERGE3_CONFLICT, NULL);
	/* one side removes what the other changes */
	expect_merge("a\nb\nc\n", "a\nc\n", "a\nB\nc\n", MERGE3_CONFLICT, NULL);
}

Test(merge3, the_final_line_end_follows_the_update)
{
	expect_merge("h\n\na", "h\n\nA\n", "H\n\na", MERGE3_CLEAN, "H\n\nA\n");
	expect_merge("h\n\na\n", "h\n\nA", "H\n\na\n", MERGE3_CLEAN, "H\n\nA");
	expect_merge("", "", "", MERGE3_CLEAN, "");
}

Test(merge3, a_huge_entry_is_not_tried)
{
	size_t n = 2100;
	char *big = malloc(n * 2 + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(big + 2 * i, "x\n", 2);
	big[2 * n] = '\0';
	struct buf out = BUF_INIT;
	cr_expect_eq(merge3(big, big, "y\n", &out), MERGE3_TOO_LARGE);
	buf_release(&out);
	free(big);
}
