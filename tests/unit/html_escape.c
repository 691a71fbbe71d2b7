/* html_escape.c: the escapers of each context (markdown/escape.h). */
#include <criterion/criterion.h>

#include "markdown/escape.h"

static void is(void (*fn)(struct buf *, const char *), const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	fn(&b, in);
	cr_assert_str_eq(b.p, want, "%s", in);
	buf_release(&b);
}

Test(html_escape, text_and_attributes)
{
	is(html_txt, "<script>alert('x') & \"y\"</script>",
	   "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
	is(html_attr, "\" onmouseover=\"x", "&quot; onmouseover=&quot;x");
	is(html_txt, NULL, "");
}

Test(html_escape, links_keep_to_safe_schemes)
{
	is(html_href, "https://rust-osdev.com/a?b=1&c=2", "https://rust-osdev.com/a?b=1&amp;c=2");
	is(html_href, "/comments?page=/x/", "/comments?page=/x/");
	is(html_href, "mailto:a@example.org", "mailto:a@example.org");
	is(html_href, "javascript:alert(1)", "#");
	is(html_href, "JaVaScRiPt:alert(1)", "#");
	is(html_href, "data:text/html,<b>", "#");
	is(html_href, "vbscript:x", "#");
	is(html_href, "a/b:c", "a/b:c");   /* a colon after a slash is a path */
}

Test(html_escape, query_values)
{
	is(html_url_arg, "/this-month/2024-04/?x=1&y=\"2\"", "%2Fthis-month%2F2024-04%2F%3Fx%3D1%26y%3D%222%22");
}

/* The Atom feeds carry stored text: nothing in it may end their being XML. */
Test(html_escape, xml_text_has_no_character_xml_forbids)
{
	struct buf b = BUF_INIT;
	xml_txt(&b, "a\x01" "b\xEF\xBF\xBE" "c\xEF\xBF\xBF" "<d>\t\n&\x1f");
	cr_assert_str_eq(b.p, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "&lt;d&gt;\t\n&amp;"
			 "\xEF\xBF\xBD");
	buf_release(&b);
}
