/* html_policy.c: the raw HTML a contribution may carry into the newsletter */
#include <criterion/criterion.h>
#include <string.h>

#include "render/html_policy.h"
#include "render/markdown.h"

Test(html_policy, the_newsletters_own_markup_passes)
{
	static const char *const ok[] = {
		"<span class=\"gray\">(Section written by [@x](https://github.com/x))</span>",
		"<span class=\"maintainers\">", "</span>", "<details>", "<summary>Why</summary>",
		"</details>", "<em>", "</em>", "<ul>", "<li>", "<br>", "<br/>", "<br />",
		"<a href=\"https://rust-osdev.com\">", "<a href=\"#comment-form\">",
		"<a href=\"/this-month/\">",
		"<img width=\"128\" align=\"right\" src=\"https://raw.githubusercontent.com/h/x.svg\" />",
		"<!-- a comment <script> inside is only text -->", "plain text, no tags",
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		char why[64] = "";
		cr_expect_eq(html_policy_check(ok[i], why, sizeof why), 0, "%s refused (%s)", ok[i],
			     why);
	}
}

Test(html_policy, anything_that_could_run_is_refused)
{
	static const char *const bad[] = {
		"<script>alert(1)</script>", "<SCRIPT>", "<img src=x onerror=alert(1)>",
		"<img src=\"x\" onerror=\"alert(1)\">", "<a href=\"javascript:alert(1)\">",
		"<a href=\" javascript:alert(1)\">", "<a href=\"&#106;avascript:alert(1)\">",
		"<a href=\"//evil.example/\">", "<a href='data:text/html,x'>", "<iframe src=\"https://x\">",
		"<style>body{}</style>", "<span style=\"x\">", "<span class=gray>", "<span class",
		"<details open ontoggle=alert(1)>", "<svg/onload=alert(1)>", "<object>", "<img",
		"<!-- never closed", "<span class=\"a<b\">", "<a href=\"https://x\" onclick=\"y\">",
		"</span onclick=\"x\">", "<math><mi xlink:href=\"javascript:1\">",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char why[64] = "";
		cr_expect_eq(html_policy_check(bad[i], why, sizeof why), -1, "%s accepted", bad[i]);
		cr_expect_neq(why[0], '\0', "%s: no reason", bad[i]);
	}
}

Test(html_policy, markdown_is_checked_node_by_node)
{
	markdown_init();
	char found[64];
	const char *fine = "A **driver** with <span class=\"gray\">a note</span> and `<script>` in code.";
	cr_expect_eq(markdown_raw_html(fine, strlen(fine), found, sizeof found), 0);
	const char *block = "Text\n\n<details>\n<summary>More</summary>\n\nhidden\n\n</details>\n";
	cr_expect_eq(markdown_raw_html(block, strlen(block), found, sizeof found), 0, "%s", found);
	const char *evil = "Nice <img src=x onerror=alert(1)> project";
	cr_expect_eq(markdown_raw_html(evil, strlen(evil), found, sizeof found), 1);
	cr_expect_str_eq(found, "<img src=x onerror=alert(1)>");
	const char *blk = "<div onclick=\"x\">\nhi\n</div>\n";
	cr_expect_eq(markdown_raw_html(blk, strlen(blk), found, sizeof found), 1);
}
