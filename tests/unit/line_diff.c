/* line_diff.c: the unified diff maintainers read — exact hunks as `diff -u`
 * prints them, merged when close, and nothing for equal texts. */
#include <criterion/criterion.h>
#include <string.h>

#include "features/submissions/line_diff.h"

static char *diff(const char *a, const char *b)
{
	struct buf out = BUF_INIT;
	unified_diff(a, strlen(a), b, strlen(b), "a/f", "b/f", &out);
	return out.p ? buf_detach(&out, NULL) : strdup("");
}

Test(line_diff, insertions_and_deletions_as_diff_u_prints_them)
{
	const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n";
	const char *b = "1\n2\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n19\n20\nY\n";
	char *d = diff(a, b);
	cr_assert_str_eq(d, "--- a/f\n+++ b/f\n"
			    "@@ -1,5 +1,6 @@\n 1\n 2\n+X\n 3\n 4\n 5\n"
			    "@@ -15,6 +16,6 @@\n 15\n 16\n 17\n-18\n 19\n 20\n+Y\n");
	free(d);
}

Test(line_diff, close_changes_share_a_hunk_and_equal_texts_give_nothing)
{
	char *d = diff("a\nb\nc\nd\ne\n", "a\nB\nc\nD\ne\n");
	cr_assert_str_eq(d, "--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n-d\n+D\n e\n");
	free(d);
	d = diff("same\n", "same\n");
	cr_assert_str_eq(d, "");
	free(d);
	d = diff("", "new\n");
	cr_assert_str_eq(d, "--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+new\n");
	free(d);
	d = diff("x", "x\n");
	cr_assert_str_eq(d, "--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+x\n");
	free(d);
}
