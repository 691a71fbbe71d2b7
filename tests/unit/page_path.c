/* page_path.c: one page is one thread, whatever its link looked like */
#include <criterion/criterion.h>

#include "features/comments/page_path.h"

Test(page_path, variants_of_one_page_share_one_key)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "/this-month/2021-12/", "/this-month/2021-12/" },
		{ "/this-month/2021-12", "/this-month/2021-12/" },
		{ "/this-month/2021-12/?utm=x", "/this-month/2021-12/" },
		{ "/this-month/2021-12#comment-form", "/this-month/2021-12/" },
		{ "/this-month//2021-12///", "/this-month/2021-12/" },
		{ "/this-month/2021-12/index.html", "/this-month/2021-12/" },
		{ "/this-month/./2021-12/", "/this-month/2021-12/" },
		{ "/this-month/x/../2021-12/", "/this-month/2021-12/" },
		{ "https://rust-osdev.com/this-month/2021-12/", "/this-month/2021-12/" },
		{ "http://rust-osdev.com/this-month/2021-12?x", "/this-month/2021-12/" },
		{ "https://rust-osdev.com", "/" },
		{ "/", "/" },
		{ "/%74his-month/%32021-12/", "/this-month/2021-12/" },
		{ "/caf%c3%a9/", "/caf%C3%A9/" },
		{ "/a%2fb/", "/a%2Fb/" },
		{ "/feed.xml", "/feed.xml" },
		{ "/feed.xml/", "/feed.xml" },
		{ "/a/..", "/" },
		{ "//evil.example/x/..", "/evil.example" },
		/* found by make fuzz: normalising twice must change nothing */
		{ "/h/index.html/index.html", "/h/" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[PAGE_PATH_MAX + 1];
		const char *why = NULL;
		cr_assert_eq(page_path_normalise(cases[i].in, out, &why), 0, "%s: %s", cases[i].in,
			     why);
		cr_expect_str_eq(out, cases[i].out, "%s", cases[i].in);
	}
}

Test(page_path, hostile_paths_are_refused_with_a_reason)
{
	static const char *const bad[] = {
		"", "this-month/2021-12/", "javascript:alert(1)", "/a b/", "/a\\b/", "/a\tb",
		"/a\nb", "/caf\xc3\xa9/", "/%zz/", "/%4", "/..", "/a/../../b",
		"/<script>/", "/a\"b",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char out[PAGE_PATH_MAX + 1];
		const char *why = NULL;
		cr_expect_eq(page_path_normalise(bad[i], out, &why), -1, "accepted %zu", i);
		cr_expect_not_null(why, "case %zu has no reason", i);
	}
	char long_path[PAGE_PATH_MAX + 8];
	memset(long_path, 'a', sizeof long_path - 1);
	long_path[0] = '/';
	long_path[sizeof long_path - 1] = '\0';
	char out[PAGE_PATH_MAX + 1];
	cr_expect_eq(page_path_normalise(long_path, out, NULL), -1);
	/* exactly at the limit (with the slash added) is fine */
	long_path[PAGE_PATH_MAX - 1] = '\0';
	cr_expect_eq(page_path_normalise(long_path, out, NULL), 0);
	cr_expect_eq(strlen(out), PAGE_PATH_MAX);
}

Test(page_path, normalising_twice_changes_nothing)
{
	static const char *const in[] = { "/a/b", "/a%2fb/c.html", "/x/./y/../z//", "/%41/" };
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		char once[PAGE_PATH_MAX + 1], twice[PAGE_PATH_MAX + 1];
		cr_assert_eq(page_path_normalise(in[i], once, NULL), 0);
		cr_assert_eq(page_path_normalise(once, twice, NULL), 0);
		cr_expect_str_eq(once, twice);
	}
}
