/* link_header.c: the Link header's next page, followed only under the API
 * (a next page on another host would carry the token there). */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "github/client.h"

#define API "https://api.github.com"

static void next_is(const char *link, const char *want)
{
	char *got = gh_link_next(link, API);
	if (!want)
		cr_assert_null(got, "%s -> %s", link, got);
	else
		cr_assert_str_eq(got ? got : "(null)", want, "%s", link);
	free(got);
}

Test(link_header, github_shapes)
{
	next_is("<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", "
		"<https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"",
		"/repositories/1/issues?page=2");
	next_is("<https://api.github.com/x?page=1>; rel=\"prev\", <https://api.github.com/x?page=3>;"
		" rel=\"next\"", "/x?page=3");
	next_is("<https://api.github.com/x?page=1>; rel=\"first\", <https://api.github.com/x?page=1>;"
		" rel=\"prev\"", NULL);
	next_is("", NULL);
}

Test(link_header, never_elsewhere)
{
	next_is("<https://evil.example/x?page=2>; rel=\"next\"", NULL);
	next_is("<https://api.github.com.evil.example/x>; rel=\"next\"", NULL);
	next_is("<https://api.github.com>; rel=\"next\"", NULL);
	next_is("<https://api.github.com/x; rel=\"next\"", NULL);
	next_is("https://api.github.com/x; rel=\"next\"", NULL);
}
