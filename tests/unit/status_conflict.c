/* status_conflict.c: an update the draft changed under, where both changes
 * meet, is shown to its contributor with both versions, escaped. */
#include <criterion/criterion.h>
#include <string.h>

#include "features/submissions/submission_pages.h"

Test(status_page, an_overlapping_change_shows_both_versions)
{
	static char section[] = "Project Updates", author[] = "octo-cat";
	struct store_submission sub = { .id = 4, .status = SUB_PENDING, .section = section,
					.author = author };
	struct status_conflict both = { "### [`uefi-rs`](https://x)\n\nIn December, <we> …",
					"### [`uefi-rs`](https://x)\n\nWe released v0.14." };
	struct buf b = BUF_INIT;
	render_status_page(&b, &sub, "<p>preview</p>", "2021-12", &both);
	cr_assert(strstr(b.p, "id=\"conflict\""), "%s", b.p);
	cr_assert(strstr(b.p, "<pre class=\"draft-now\">### [`uefi-rs`](https://x)\n\nIn December, "
			      "&lt;we&gt; …</pre>"), "%s", b.p);
	cr_assert(strstr(b.p, "<pre class=\"update\">### [`uefi-rs`](https://x)\n\nWe released"),
		  "%s", b.p);
	buf_reset(&b);
	render_status_page(&b, &sub, "<p>preview</p>", "2021-12", NULL);
	cr_assert_null(strstr(b.p, "id=\"conflict\""), "no conflict, no section");
	buf_release(&b);
}
