/* html_policy.c: the HTML that may reach the newsletter, as a browser reads it */
#include <criterion/criterion.h>
#include <string.h>

#include "markdown/html_policy.h"

Test(html_policy, the_newsletters_own_markup_passes)
{
	static const char *const ok[] = {
		"<span class=\"gray\">(Section written by <a href=\"https://github.com/x\">@x</a>)</span>",
		"<span class=\"maintainers\">", "</span>", "<details>", "<summary>Why</summary>",
		"</details>", "<em>", "</em>", "<ul>", "<li>", "<br>", "<br/>", "<br />",
		"<a href=\"https://rust-osdev.com\">", "<a href=\"#comment-form\">",
		"<a href=\"/this-month/\">", "<a href=\"mailto:a@example.com\">",
		"<img width=\"128\" align=\"right\" src=\"https://raw.githubusercontent.com/h/x.svg\" />",
		"<!-- a comment <script> inside is only text -->", "plain text, no tags",
		"<input type=\"checkbox\" disabled=\"\" checked=\"\" />",
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
		"<a href=\"java&#x09;script:alert(1)\">", "<a href=\"&#1;javascript:alert(1)\">",
		"<a href=\"javascript&colon;alert(1)\">", "<a href='data:text/html,x'>",
		"<a href=\"JaVaScRiPt:alert(1)\">", "<iframe src=\"https://x\">",
		"<style>body{}</style>", "<span style=\"x\">", "<details open ontoggle=alert(1)>",
		"<svg/onload=alert(1)>", "<svg><a href=\"https://x\">x</a></svg>", "<object>",
		"<a href=\"https://x\" onclick=\"y\">", "<math><mi xlink:href=\"javascript:1\">",
		"<img\nsrc=x\nonerror=alert(1)>", "<input type=\"text\">", "<template><b>x</b></template>",
		/* a browser ends these comments early: what follows is live */
		"<!-->" "<img src=x onerror=alert(1)>-->", "<!--->" "<img src=x onerror=alert(1)>-->",
		"<!-- a --!><img src=x onerror=alert(1)>-->",
		"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
		"<textarea></textarea>", "<form action=\"https://x\">", "<base href=\"https://x\">",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char why[64] = "";
		cr_expect_eq(html_policy_check(bad[i], why, sizeof why), -1, "%s accepted", bad[i]);
		cr_expect_neq(why[0], '\0', "%s: no reason", bad[i]);
	}
}

/* The old scanner refused what it could not read; HTML5 reads all of these
 * to nothing that runs, and whether they break the page around them is the
 * content policy's question (tests/unit/content_policy.c). */
Test(html_policy, broken_but_harmless_markup_is_judged_by_what_it_becomes)
{
	static const char *const harmless[] = {
		"<span class=gray>x</span>", "<span class", "<img", "<!-- never closed",
		"</span onclick=\"x\">", "<span class=\"a<b\">",
	};
	for (size_t i = 0; i < sizeof harmless / sizeof *harmless; i++) {
		char why[64] = "";
		cr_expect_eq(html_policy_check(harmless[i], why, sizeof why), 0, "%s: %s",
			     harmless[i], why);
	}
}

Test(html_policy, urls_are_read_as_browsers_read_them)
{
	static const char *const ok[] = { "https://x", "http://x", "mailto:a@b", "/p", "#f", "?q",
					  "p/q:r", "", "HTTPS://X" };
	static const char *const bad[] = { "javascript:x", " javascript:x", "\x01javascript:x",
					   "java\tscript:x", "jav\nascript:x", "data:x",
					   "vbscript:x", "file:///etc", "blob:x", "x-y:z" };
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		cr_expect(html_url_allowed(ok[i], strlen(ok[i])), "%s refused", ok[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_expect(!html_url_allowed(bad[i], strlen(bad[i])), "%s allowed", bad[i]);
}

static void count(const char *what, void *arg)
{
	(void)what;
	(*(int *)arg)++;
}

Test(html_policy, every_violation_is_reported)
{
	int n = 0;
	const char *html = "<p><script></script><img src=x onerror=y><a href=\"javascript:z\">a</a>";
	cr_expect_eq(html_policy_scan(html, strlen(html), count, &n), 3);
	cr_expect_eq(n, 3);
}
