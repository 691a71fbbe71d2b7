/* preview_note.c: an entry that cannot be previewed says why, escaped */
#include <criterion/criterion.h>
#include <string.h>

#include "features/submissions/submission_pages.h"

Test(preview_note, the_reason_is_text_not_markup)
{
	struct buf b = BUF_INIT;
	render_preview_unavailable(&b, "holds <script>alert(1)</script> & more");
	cr_expect(strstr(b.p, "cannot be previewed"), "%s", b.p);
	cr_expect_null(strstr(b.p, "<script>"), "%s", b.p);
	cr_expect(strstr(b.p, "&lt;script&gt;"), "%s", b.p);
	buf_release(&b);
}
