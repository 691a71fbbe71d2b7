/* harvest_shape.c: a project's entry as the editor writes it
 * (src/features/harvest/shape.c): titles as Markdown text, the thanks in
 * its three forms and in the singular, a project seen for the first time. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "features/harvest/harvest.h"

static char *md(const char *title)
{
	struct buf out = BUF_INIT;
	harvest_md_text(&out, title);
	return buf_detach(&out, NULL);
}

Test(harvest_shape, titles_are_markdown_text_never_markup)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "Use `contribute_arg` to handle `NoCurrentOp`", "Use `contribute_arg` to handle `NoCurrentOp`" },
		{ "Allow BufferField -> Integer conversion", "Allow BufferField -> Integer conversion" },
		{ "Fix connect_controller", "Fix connect_controller" },
		{ "<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)>" },
		{ "[click](https://evil.example)", "\\[click\\](https://evil.example)" },
		{ "*bold* and _em_", "\\*bold\\* and \\_em\\_" },
		{ "ends --> a comment", "ends -\\-> a comment" },
		{ "&lt;b&gt; & co", "\\&lt;b\\&gt; & co" },
		{ "two\nlines", "two lines" },
		{ "back\\slash", "back\\\\slash" },
		{ "`code <b>` stays", "`code <b>` stays" },
		{ "unclosed ` tick [x]", "unclosed ` tick \\[x\\]" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = md(cases[i].in);
		cr_expect_str_eq(got, cases[i].out, "%s", cases[i].in);
		free(got);
	}
}

static struct harvest_pull pull(int n, const char *title, const char *login)
{
	char url[96];
	snprintf(url, sizeof url, "https://github.com/rust-osdev/demo/pull/%d", n);
	return (struct harvest_pull){ n, strdup(title), strdup(url), strdup(login), n };
}

static const char prev[] =
	"### [`demo`](https://github.com/rust-osdev/demo)\n"
	"<span class=\"maintainers\">Maintained by [@phil-opp](https://github.com/phil-opp)</span>\n"
	"\n"
	"The `demo` crate does things.\n"
	"\n"
	"We merged the following PRs this month:\n"
	"\n"
	"- [Old](https://github.com/rust-osdev/demo/pull/1)\n"
	"\n"
	"Thanks to [@old](https://github.com/old) for their contribution!\n";

static char *shape(struct harvest_pull *p, size_t n, const char *previous, const char *tmpl)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct config *cfg = cfg_parse("", 0, "c.toml", &err);
	cr_assert_not_null(cfg, "%s", err.p);
	struct harvest_repo repo = { .full_name = "rust-osdev/demo",
				     .html_url = "https://github.com/rust-osdev/demo",
				     .pulls = p, .n_pulls = n };
	cr_assert_eq(harvest_shape(cfg, &repo, previous, tmpl, &out), 0);
	for (size_t i = 0; i < n; i++) {
		free(p[i].title);
		free(p[i].html_url);
		free(p[i].login);
	}
	cfg_free(cfg);
	buf_release(&err);
	return buf_detach(&out, NULL);
}

Test(harvest_shape, one_contribution_in_the_singular)
{
	struct harvest_pull p[] = { pull(7, "Add a thing", "alice") };
	char *got = shape(p, 1, prev, NULL);
	cr_expect_str_eq(got,
		"### [`demo`](https://github.com/rust-osdev/demo)\n"
		"<span class=\"maintainers\">Maintained by [@phil-opp](https://github.com/phil-opp)</span>\n"
		"\n"
		"The `demo` crate does things.\n"
		"\n"
		"We merged the following PR this month:\n"
		"\n"
		"- [Add a thing](https://github.com/rust-osdev/demo/pull/7)\n"
		"\n"
		"Thanks to [@alice](https://github.com/alice) for their contribution!\n");
	free(got);
}

Test(harvest_shape, two_and_three_names_maintainers_and_bots_left_out)
{
	struct harvest_pull two[] = { pull(1, "A", "alice"), pull(2, "B", "Phil-Opp"),
				      pull(3, "C", "bob"), pull(4, "Bump x", "dependabot[bot]") };
	char *got = shape(two, 4, prev, NULL);
	cr_expect(strstr(got, "\n<!-- - [Bump x](https://github.com/rust-osdev/demo/pull/4) -->\n"),
		  "%s", got);
	cr_expect(strstr(got, "\nThanks to [@alice](https://github.com/alice) and "
			      "[@bob](https://github.com/bob) for their contributions!\n"), "%s", got);
	free(got);
	struct harvest_pull three[] = { pull(1, "A", "alice"), pull(2, "B", "bob"),
					pull(3, "C", "carol"), pull(4, "D", "alice") };
	got = shape(three, 4, prev, NULL);
	cr_expect(strstr(got, "\nThanks to [@alice](https://github.com/alice), "
			      "[@bob](https://github.com/bob), and [@carol](https://github.com/carol) "
			      "for their contributions!\n"), "%s", got);
	free(got);
}

Test(harvest_shape, nobody_to_thank_no_line_and_bumps_only_as_comments)
{
	struct harvest_pull p[] = { pull(1, "Release v1", "phil-opp"),
				    pull(2, "chore(deps): update x", "someone") };
	char *got = shape(p, 2, prev, NULL);
	cr_expect_null(strstr(got, "Thanks to"), "%s", got);
	cr_expect(strstr(got, "<!-- - [chore(deps): update x]"), "%s", got);
	free(got);
	struct harvest_pull bumps[] = { pull(3, "chore(deps): update y", "renovate[bot]") };
	got = shape(bumps, 1, prev, NULL);
	cr_expect_null(strstr(got, "We merged"), "%s", got);
	cr_expect(strstr(got, "\n\n<!-- - [chore(deps): update y]"), "%s", got);
	free(got);
}

Test(harvest_shape, a_project_seen_first_gets_the_heading_and_the_template)
{
	static const char tmpl[] =
		"\n    Please use the following template:\n\n"
		"    ### [`repo_name`](https://github.com/rust-osdev/repo_name)\n"
		"    <span class=\"maintainers\">Maintained by [@maintainer_1](https://github.com/maintainer_1)</span>\n"
		"\n"
		"    The `repo_name` crate ...<<short introduction>>...\n"
		"\n"
		"    We merged the following changes this month:\n"
		"    <<changelog, either in list or text form>>\n";
	struct harvest_pull p[] = { pull(1, "First", "alice") };
	char *got = shape(p, 1, NULL, tmpl);
	cr_expect_str_eq(got,
		"### [`demo`](https://github.com/rust-osdev/demo)\n"
		"<span class=\"maintainers\">Maintained by [@maintainer_1](https://github.com/maintainer_1)</span>\n"
		"\n"
		"The `demo` crate ...<<short introduction>>...\n"
		"\n"
		"We merged the following PR this month:\n"
		"\n"
		"- [First](https://github.com/rust-osdev/demo/pull/1)\n"
		"\n"
		"Thanks to [@alice](https://github.com/alice) for their contribution!\n");
	free(got);
}
