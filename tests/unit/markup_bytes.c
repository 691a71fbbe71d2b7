/* markup_bytes.c: an entry's bytes judged the same under every CommonMark
 * reading — each family of issue 23 refused, each shape of the real
 * history passing. */
#include <criterion/criterion.h>
#include <string.h>

#include "markdown/markup_bytes.h"

#define X "<img src=x onerror=alert(1)>"

static const struct {
	const char *text, *why;
} refused[] = {
	/* what cmark-gfm drops and pulldown-cmark renders */
	{ "[^gone]: " X, "<img" },
	{ "[^gone]: [x](javascript:alert(1))", "not an http, https or mailto" },
	{ "| a |\n|---|\n| b | " X " |", "<img" },
	/* 0.29 against 0.31: declarations, comments, HTML blocks */
	{ "<!a `> " X " `", "a declaration to newer renderers" },
	{ "text <!a `> " X " `", "a declaration to newer renderers" },
	{ "x <!-- ` --- --> " X " `", "\"--\" inside an HTML comment" },
	{ "x <!--> " X, "a comment to some renderers" },
	{ "x <!---> " X, "a comment to some renderers" },
	{ "<!-- a --!> " X " -->", "\"--\" inside an HTML comment" },
	{ "text\n<search>\n`" X "`", "raw HTML <search>" },
	{ "<details>\n`" X "`\n</details>", "<img" },
	{ "<details>\n```\n" X "\n```\n</details>", "<img" },
	{ "<span>\\" X "</span>", "<img" },
	{ "- <!--\n" X "\n-->", "does not end on its line" },
	{ "<!--\n\n```\n-->\n" X "\n```", "<img" },
	/* what swallows a code span's backtick */
	{ "| a | b |\n|---|---|\n| `x|" X "` |", "<img" },
	{ "<http://a.example/`> " X " `", "with \"`\" or \"\\\" in it" },
	{ "[a](https://a.example \"`\") " X " `", "link title with \"`\"" },
	{ "<span title=\"`\">" X "`", "with \"`\" in the value" },
	{ "`a` ` " X " `` x", "<img" },
	{ "a `x\n" X " `", "<img" },
	{ "- item\n  ```\n" X "\n  ```", "<img" },
	/* tags and links, strictly */
	{ "<a href=\"&#x6A;avascript:alert(1)\">x</a>", "entity or escape" },
	{ "<a href=\"javascript:alert(1)\">x</a>", "not an http, https or mailto" },
	{ "<a href=javascript:alert(1)>x</a>", "without quotes" },
	{ "<span\nclass=\"gray\">x</span>", "on one line" },
	{ "<span onclick=\"alert(1)\">x</span>", "attribute onclick" },
	{ "[x](java\\script:alert(1))", "entity or escape" },
	{ "[x](\njavascript:alert(1))", "not an http, https or mailto" },
	{ "[x]:\n  javascript:alert(1)", "not an http, https or mailto" },
	{ "<javascript:alert(1)>", "not an http, https or mailto" },
	{ "<?php echo 1; ?>", "\"<?\"" },
	{ "<![CDATA[ x ]]>", "\"<![\"" },
	{ "see [here]()", "without an address" },
	{ "see [here]( <> )", "without an address" },
	{ "### x {onclick=alert(1)}", "ends with \"}\"" },
	{ "x {#top}\n---", "ends with \"}\"" },
};

static const char *const passing[] = {
	"- [Add `FromResidual<Result<!, Error>>` impl for `Status`](https://github.com/x/y/pull/223)",
	"```rust\nasync fn thread_loop(thread: Arc<Thread>) {\n}\n```",
	"~~~\n<script>alert(1)</script>\n~~~",
	"<span class=\"maintainers\">Maintained by [@phip1611](https://github.com/phip1611)</span>",
	"<span class=\"gray\">(Section written by [@a](https://github.com/a))</span>",
	"<img width=\"128\" align=\"right\" src=\"https://rust-osdev.com/logo.png\">",
	"<details>\n<summary>Background</summary>\n\ntext\n\n</details>",
	"<!-- - [Hidden](https://example.com) with `Vec<u8>` -->",
	"<!--\n- [Hidden](https://example.com)\n\n- [More](https://example.com)\n-->",
	"See <https://docs.rs/uart_16550> and <a@example.com>.",
	"Use `Vec<u8>` and `Option<Handle>` here.",
	"a < b and 3<4 and \\<T> and <- arrows",
	"text `x|y` outside a table",
	"no table here: `Result<T, E> | None`",
	"call `f[i]()` or `v[0](x)`",
	"[mail](mailto:a@example.com), [post](/this-month/2024-03/), [c](#comment-form)",
	"[link](https://example.com/a_(b)) and [t](https://example.com \"title\")",
	"[ref]: https://example.com/ref",
	"```rust\nfn main() {}\n```\n\nText after the fence `Vec<u8>`.",
	"Rust's `impl<T> Trait for T {}`",
};

Test(markup_bytes, every_family_refused)
{
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char why[200] = "";
		int rc = markup_bytes_check(refused[i].text, strlen(refused[i].text), why,
					    sizeof why);
		cr_expect_eq(rc, 1, "accepted: %s", refused[i].text);
		cr_expect(strstr(why, refused[i].why), "%s: said \"%s\", not \"%s\"",
			  refused[i].text, why, refused[i].why);
	}
}

Test(markup_bytes, the_history_shapes_pass)
{
	for (size_t i = 0; i < sizeof passing / sizeof *passing; i++) {
		char why[200] = "";
		cr_expect_eq(markup_bytes_check(passing[i], strlen(passing[i]), why, sizeof why), 0,
			     "%s: %s", passing[i], why);
	}
}
