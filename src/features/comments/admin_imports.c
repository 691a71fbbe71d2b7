/* admin_imports.c: GET /api/v1/admin/imports — the threads brought along
 * from utterances or giscus, page by page, so a maintainer can check them
 * before the site switches. */
#include <jansson.h>

#include "core/app.h"
#include "features/comments/comments.h"
#include "util/log.h"
#include "store/comments.h"

static void add_page(const struct store_imported_page *p, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s,s:s,s:I,s:I,s:I,s:I}", "source", p->source,
					     "page", p->page, "comments",
					     (json_int_t)p->comments, "shown", (json_int_t)p->shown,
					     "first_at", (json_int_t)p->first_at, "last_at",
					     (json_int_t)p->last_at));
}

int handle_admin_imports(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	json_t *pages = json_array();
	struct buf err = BUF_INIT;
	if (store_imported_pages(app->store, add_page, pages, &err) < 0) {
		log_error("imports: %s", err.p);
		buf_release(&err);
		json_decref(pages);
		return -1;
	}
	buf_release(&err);
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, HTTP_OK, json_pack("{s:o,s:s}", "pages", pages, "site_url",
				     app->cfg->comments.site_url));
	return 0;
}
