/* submit_page.c: GET /submit — the contribution form, built on the server
 * from the live draft's sections so it works without JavaScript (a plain
 * form post to /api/v1/submissions answers with the status page).
 * /submit.js adds the live preview, hides fields the chosen section does
 * not use, and shows the server's verdict next to the field at fault. */
#include <stdlib.h>
#include <string.h>

#include "draft/draft.h"
#include "handlers/app.h"
#include "handlers/errors.h"
#include "util/html.h"
#include "util/log.h"

static void field(struct buf *b, const char *name, const char *label, const char *type,
		  const char *hint, const char *kinds, bool required)
{
	buf_addf(&*b, "<div class=\"field\" data-kinds=\"%s\"><label for=\"f-%s\">", kinds, name);
	html_escapes(b, label);
	buf_adds(b, "</label>");
	if (strcmp(type, "textarea") == 0)
		buf_addf(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"6\"%s></textarea>", name, name,
			 required ? " required" : "");
	else
		buf_addf(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\"%s>", name, name, type,
			 required ? " required" : "");
	if (hint) {
		buf_adds(b, "<small>");
		html_escapes(b, hint);
		buf_adds(b, "</small>");
	}
	buf_addf(b, "<p class=\"field-error\" id=\"e-%s\" role=\"alert\"></p></div>", name);
}

static void sections(struct buf *b, const struct draft *d)
{
	buf_adds(b, "<div class=\"field\"><label for=\"f-section\">Section</label>"
		    "<select id=\"f-section\" name=\"section\" required>");
	for (size_t i = 0; i < d->n_sections; i++) {
		const struct draft_section *s = &d->sections[i];
		if (s->kind == KIND_NONE)
			continue;
		buf_adds(b, "<option value=\"");
		html_escapes(b, s->title);
		buf_addf(b, "\" data-kind=\"%s\">", draft_kind_name(s->kind));
		html_escapes(b, s->title);
		buf_adds(b, "</option>");
	}
	buf_adds(b, "</select><small>Project updates get a heading of their own; news and calls "
		    "for participation are list items.</small>"
		    "<p class=\"field-error\" id=\"e-section\" role=\"alert\"></p></div>");
}

int handle_submit_page(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	char *text = NULL, *path = NULL;
	struct buf b = BUF_INIT, err = BUF_INIT;
	struct draft d;
	bool parsed = false;
	int found = app->drafts ? draft_source_get(app->drafts, &text, &path, &err) : 0;
	if (found == 1)
		parsed = draft_parse(&d, text, strlen(text), &err) == 0;
	page_begin(&b, "Contribute");
	buf_adds(&b, "<h1>Contribute to the next issue</h1>");
	if (found < 0 || (found == 1 && !parsed)) {
		log_warn("submit page: %s", err.p);
		buf_adds(&b, "<p class=\"error\">The current draft cannot be read right now. Please try "
			     "again in a minute.</p>");
	} else {
		if (parsed) {
			buf_adds(&b, "<p>Your text goes into <strong>");
			html_escapes(&b, d.month[0] ? d.month : path);
			buf_adds(&b, "</strong>'s issue. A maintainer reviews it; once approved it becomes "
				     "a pull request, and you can follow it on your status page.</p>");
		} else {
			buf_adds(&b, "<p class=\"notice\">There is no draft for the next issue yet. You can "
				     "still send your contribution: it waits for the next draft.</p>");
		}
		buf_adds(&b, "<form id=\"submit-form\" method=\"post\" action=\"/api/v1/submissions\" "
			     "novalidate><div class=\"columns\"><div class=\"inputs\">");
		if (parsed)
			sections(&b, &d);
		else
			field(&b, "section", "Section", "text", "e.g. Other Projects", "heading list", true);
		field(&b, "name", "Project or title", "text", "For a project: its name, shown as code.",
		      "heading list", true);
		field(&b, "url", "Link", "url", "https:// address of the project or post", "heading list",
		      true);
		field(&b, "body", "Text", "textarea",
		      "Markdown. What happened this month? For a list item: optional context.",
		      "heading list", false);
		field(&b, "author", "Your GitHub login", "text", "Credited in the pull request.",
		      "heading list", true);
		buf_adds(&b, "<div class=\"field check\" data-kinds=\"heading\"><input id=\"f-written_by\" "
			     "name=\"written_by\" type=\"checkbox\"><label for=\"f-written_by\">Show "
			     "\"Section written by\" me</label></div>"
			     "<div class=\"field check\" data-kinds=\"heading list\"><input id=\"f-add_author\" "
			     "name=\"add_author\" type=\"checkbox\"><label for=\"f-add_author\">Add me to the "
			     "issue's authors</label></div>");
		field(&b, "before", "Put it before (optional)", "text",
		      "The name of an entry it should come before; empty = at the end.",
		      "heading list", false);
		buf_adds(&b, "<details><summary>Or paste a complete Markdown block</summary>");
		field(&b, "block", "Markdown block", "textarea",
		      "One ### section, or list items. Replaces name, link and text.", "heading list",
		      false);
		buf_adds(&b, "</details>"
			     /* people leave this empty; bots fill it in */
			     "<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">Website</label>"
			     "<input id=\"f-website\" name=\"website\" type=\"text\" tabindex=\"-1\" "
			     "autocomplete=\"off\"></div>"
			     "<p class=\"field-error\" id=\"e-submission\" role=\"alert\"></p>"
			     "<button type=\"submit\">Send for review</button></div>"
			     "<aside class=\"preview-pane\"><h2>Preview</h2><article id=\"preview\" "
			     "class=\"preview\" aria-live=\"polite\"><p class=\"muted\">Fill in the form to "
			     "see your entry as readers will.</p></article></aside></div></form>"
			     "<script src=\"/submit.js\" defer></script>");
	}
	page_end(&b);
	resp_header(rs, "Cache-Control", "no-cache");
	resp_page(rs, 200, &b);
	if (parsed)
		draft_free(&d);
	free(text);
	free(path);
	buf_release(&err);
	return 0;
}
