/* submission_pages.c: the contribution form, the status page and the plain
 * form's refusal */
#include "features/submissions/submission_pages.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/page_shell.h"
#include "features/submissions/submissions.h"
#include "markdown/escape.h"
#include "store/submissions.h"

struct status_text {
	const char *label, *explain;
};

static const struct status_text texts[SUB__COUNT] = {
	[SUB_PENDING] = { "Waiting for review", "A maintainer will look at it before the issue is published." },
	[SUB_APPROVED] = { "Approved", "newsdesk is opening a pull request for it." },
	[SUB_PR_OPEN] = { "Pull request opened", "It is waiting to be merged into the draft." },
	[SUB_MERGED] = { "Merged", "It is in the draft and will appear in the next issue. Thank you!" },
	[SUB_REJECTED] = { "Not accepted", "A maintainer decided not to include it." },
	[SUB_CLOSED] = { "Pull request closed", "The pull request was closed without merging." },
	[SUB_CHANGES_REQUESTED] = { "Changes requested", "A maintainer asks for a change before it goes in: change it below and send it again." },
	[SUB_WITHDRAWN] = { "Withdrawn", "You took it back before review." },
};

/* Both versions of an entry the draft changed under an update. */
static void render_conflict(struct buf *b, const struct status_conflict *c)
{
	buf_adds(b, "<section id=\"conflict\" class=\"conflict\"><h2>The entry changed in the "
		    "draft meanwhile</h2><p>Your update and a change made in the draft since touch "
		    "the same lines, so newsdesk will not write one over the other. Bring your "
		    "update up to date below, or a maintainer settles it.</p><h3>The draft "
		    "now</h3><pre class=\"draft-now\">");
	html_txt(b, c->draft_now);
	buf_adds(b, "</pre><h3>Your update</h3><pre class=\"update\">");
	html_txt(b, c->update);
	buf_adds(b, "</pre></section>");
}

void render_status_page(struct buf *b, const struct store_submission *sub,
			const char *preview_html, const char *month,
			const struct status_conflict *conflict)
{
	const struct status_text *t = &texts[(unsigned)sub->status < SUB__COUNT ? sub->status : 0];
	const char *name = sub_status_name(sub->status);
	char title[64];
	snprintf(title, sizeof title, "Submission %lld", (long long)sub->id);
	page_begin(b, title);
	buf_addf(b, "<h1>Your contribution</h1><p class=\"status status-%s\" data-status=\"%s\">"
		    "<strong>", name, name);
	html_txt(b, t->label);
	buf_adds(b, "</strong> — ");
	html_txt(b, t->explain);
	buf_adds(b, "</p>");
	if (sub->pr_url && sub->pr_number) {
		buf_adds(b, "<p>Pull request: <a id=\"pr-link\" href=\"");
		html_href(b, sub->pr_url);
		buf_addf(b, "\">#%lld</a></p>", (long long)sub->pr_number);
	}
	if (*month) {
		buf_adds(b, "<p id=\"issue\">Issue: <strong>");
		html_txt(b, month);
		buf_adds(b, "</strong></p>");
	} else if (sub->status == SUB_PENDING || sub->status == SUB_APPROVED) {
		buf_adds(b, "<p id=\"issue\">Issue: the next one (it goes in when its draft is "
			    "there)</p>");
	}
	if (sub->note && *sub->note) {
		buf_adds(b, "<p class=\"note\" id=\"note\">");
		html_txt(b, sub->note);
		buf_adds(b, "</p>");
	}
	if (sub->reason && sub->status == SUB_REJECTED) {
		buf_adds(b, "<p class=\"reason\">Reason: ");
		html_txt(b, sub->reason);
		buf_adds(b, "</p>");
	}
	if (sub->reason && sub->status == SUB_CHANGES_REQUESTED) {
		buf_adds(b, "<blockquote class=\"asked\" id=\"asked\"><p><strong>A maintainer "
			    "asks:</strong> ");
		html_txt(b, sub->reason);
		buf_adds(b, "</p></blockquote>");
	}
	buf_adds(b, "<h2>Section: ");
	html_txt(b, sub->section);
	buf_adds(b, "</h2><article class=\"preview\">");
	if (preview_html)
		buf_adds(b, preview_html);
	buf_adds(b, "</article>");
	if (conflict)
		render_conflict(b, conflict);
	/* while it waits, its contributor may take it back (status.js; the
	 * link is the key, so no sign-in is asked) */
	/* while review goes on its contributor may change it (status.js: the
	 * entry's Markdown, sent as its block) */
	if (sub->status == SUB_PENDING || sub->status == SUB_CHANGES_REQUESTED)
		buf_adds(b, "<form id=\"revise\" hidden><h2>Change your contribution</h2>"
			    "<p><label for=\"revise-block\">The entry, as Markdown</label>"
			    "<textarea id=\"revise-block\" rows=\"10\"></textarea></p>"
			    "<p><button type=\"submit\">Send the change</button> "
			    "<span id=\"revise-said\" role=\"status\"></span></p></form>"
			    "<section id=\"history\" hidden><h2>What happened</h2><ol></ol></section>"
			    "<p><button type=\"button\" id=\"withdraw\" hidden>Withdraw this "
			    "contribution</button></p>");
	buf_adds(b, "<p class=\"hint\">Keep this page's address: it is the only way to "
		    "see how your contribution is doing. It follows the state by itself; without "
		    "JavaScript, <a href=\"\" id=\"refresh\">refresh</a>.</p>"
		    "<script src=\"/status.js\" defer></script>");
	page_end(b);
}

/* The form's words for its fields, so that a refusal names what the
 * contributor saw, not an internal key. */
static const char *field_label(const char *field)
{
	static const char *const names[][2] = {
		{ "section", "Section" }, { "name", "Project or title" }, { "url", "Link" },
		{ "body", "Text" }, { "author", "Your GitHub login" }, { "before", "Place" },
		{ "block", "Markdown block" }, { "written_by", "Section written by" },
		{ "add_author", "Add me to the issue's authors" }, { "replace", "New or update" },
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(field, names[i][0]) == 0)
			return names[i][1];
	return NULL;
}

void render_form_error(struct buf *b, const char *field, const char *message)
{
	page_begin(b, "Not sent yet");
	buf_adds(b, "<h1>Your contribution was not sent yet</h1><p class=\"error\" role=\"alert\">");
	const char *label = field && *field ? field_label(field) : NULL;
	if (label) {
		buf_adds(b, "<strong>");
		html_txt(b, label);
		buf_adds(b, "</strong>: ");
	}
	/* the validators say "url: must be…": the label above says which */
	const char *m = message;
	if (field && *field && strncmp(m, field, strlen(field)) == 0 && m[strlen(field)] == ':')
		m += strlen(field) + 1 + (m[strlen(field) + 1] == ' ');
	html_txt(b, m);
	buf_adds(b, "</p><p>Use your browser's <strong>Back</strong> button to correct it: what you "
		    "typed is still there. Or <a href=\"/submit\">start again with an empty "
		    "form</a>.</p>");
	page_end(b);
}

static void field(struct buf *b, const char *name, const char *label, const char *type,
		  const char *hint, const char *kinds, bool required)
{
	buf_addf(b, "<div class=\"field\" data-kinds=\"%s\"><label for=\"f-%s\">", kinds, name);
	html_txt(b, label);
	buf_adds(b, "</label>");
	/* the hint and the error are read with the field (aria-describedby) */
	char described[80];
	snprintf(described, sizeof described, "%s%s e-%s", hint ? "h-" : "", hint ? name : "", name);
	if (strcmp(type, "textarea") == 0)
		buf_addf(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"6\" "
			    "aria-describedby=\"%s\"%s></textarea>", name, name, described,
			 required ? " required" : "");
	else
		buf_addf(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" aria-describedby=\"%s\"%s>",
			 name, name, type, described, required ? " required" : "");
	if (hint) {
		buf_addf(b, "<small id=\"h-%s\">", name);
		html_txt(b, hint);
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
		html_attr(b, s->title);
		buf_addf(b, "\" data-kind=\"%s\">", draft_kind_name(s->kind));
		html_txt(b, s->title);
		buf_adds(b, "</option>");
	}
	buf_adds(b, "</select><small>Project updates get a heading of their own; news and calls "
		    "for participation are list items.</small>"
		    "<p class=\"field-error\" id=\"e-section\" role=\"alert\"></p></div>");
}

/* A choice among the draft's entries (submit.js shows those of the chosen
 * section); the server finds the entry by name again. */
struct entry_choice {
	const char *name, *label, *none, *verb, *help;
	bool with_text;   /* each option carries the entry's current Markdown */
};

/* "Put it before": the place of a new entry. */
static const struct entry_choice before_choice = {
	"before", "Place", "At the end of the section", "Before",
	"Entries usually go at the end; pick one to come before it.", false,
};

/* "Update an entry already in this issue": submit.js loads its text into
 * the block editor and shows what changes; the server never writes over a
 * change made since (draft.h: replace_base). */
static const struct entry_choice replace_choice = {
	"replace", "New or update", "A new entry", "Update",
	"To fill in or fix an entry already in this issue (a project's pre-filled block), "
	"pick it: its text opens in the Markdown block below.", true,
};

static void entry_select(struct buf *b, const struct draft *d, const struct entry_choice *c)
{
	buf_addf(b, "<div class=\"field\" data-kinds=\"heading list\"><label for=\"f-%s\">%s"
		    "</label><select id=\"f-%s\" name=\"%s\"><option value=\"\">%s</option>",
		 c->name, c->label, c->name, c->name, c->none);
	for (size_t i = 0; i < d->n_sections; i++) {
		const struct draft_section *s = &d->sections[i];
		for (size_t k = 0; k < s->n_blocks; k++) {
			buf_adds(b, "<option data-section=\"");
			html_attr(b, s->title);
			if (c->with_text) {
				struct buf text = BUF_INIT;
				draft_entry_text(d, s, s->blocks[k].name, &text);
				buf_adds(b, "\" data-text=\"");
				html_attr(b, text.p ? text.p : "");
				buf_release(&text);
			}
			buf_adds(b, "\" value=\"");
			html_attr(b, s->blocks[k].name);
			buf_addf(b, "\">%s ", c->verb);
			html_txt(b, s->blocks[k].name);
			buf_adds(b, "</option>");
		}
	}
	buf_addf(b, "</select><small>%s</small><p class=\"field-error\" id=\"e-%s\" "
		    "role=\"alert\"></p></div>", c->help, c->name);
}

/* The contributor's login: the verified one, or a field to type it in. */
static void author_field(struct buf *b, const struct submit_identity *id)
{
	if (id->who) {
		buf_adds(b, "<div class=\"field signed-in\" data-kinds=\"heading list\">"
			    "<label for=\"f-author\">Your GitHub login</label><p>");
		if (*id->who->avatar_url) {
			buf_adds(b, "<img class=\"avatar\" alt=\"\" width=\"24\" height=\"24\" src=\"");
			html_href(b, id->who->avatar_url);
			buf_adds(b, "\"> ");
		}
		buf_adds(b, "<strong id=\"signed-in-login\">@");
		html_txt(b, id->who->login);
		buf_adds(b, "</strong> <span class=\"verified\">✓ verified by GitHub</span></p>"
			    "<input id=\"f-author\" name=\"author\" type=\"hidden\" value=\"");
		html_attr(b, id->who->login);
		buf_adds(b, "\"><small>Credited in the pull request under your GitHub account. "
			    "<button type=\"submit\" form=\"signout-form\" class=\"link\">Sign "
			    "out</button></small><p class=\"field-error\" id=\"e-author\" "
			    "role=\"alert\"></p></div>"
			    "<section id=\"mine\" hidden><h2>Your contributions</h2><ul></ul></section>");
		return;
	}
	field(b, "author", "Your GitHub login", "text",
	      id->anonymous == ANON_MARKED
		      ? "Credited in the pull request, marked as not verified. Sign in with GitHub "
			"to be credited under your account."
		      : "Credited in the pull request.",
	      "heading list", true);
}

/* Which issue the contribution goes into, and until when. */
static void issue_notice(struct buf *b, bool parsed, const struct draft *d, const char *path,
			 const struct submit_identity *id)
{
	if (parsed && id->issue && id->issue->published) {
		buf_adds(b, "<p class=\"notice\" id=\"issue\">The <strong>");
		html_txt(b, d->month[0] ? d->month : path);
		buf_adds(b, "</strong> issue is out. Your contribution goes into the next one: "
			    "it waits until its draft is there.</p>");
	} else if (parsed) {
		buf_adds(b, "<p id=\"issue\">Your text goes into <strong>");
		html_txt(b, d->month[0] ? d->month : path);
		buf_adds(b, "</strong>'s issue");
		if (id->issue && *id->issue->deadline) {
			buf_adds(b, ", open until <strong>");
			html_txt(b, id->issue->deadline);
			if (id->issue->days_left >= 0)
				buf_addf(b, "</strong> (%lld day%s left)",
					 (long long)id->issue->days_left,
					 id->issue->days_left == 1 ? "" : "s");
			else
				buf_adds(b, "</strong> (past: it may still make it if the issue "
					    "is not out yet)");
		}
		buf_adds(b, ". A maintainer reviews it; once approved it becomes "
			     "a pull request, and you can follow it on your status page.</p>");
	} else {
		buf_adds(b, "<p class=\"notice\">There is no draft for the next issue yet. You can "
			     "still send your contribution: it waits for the next draft.</p>");
	}
}

/* The form itself: with a draft, its sections and entries to choose from;
 * without one, text fields for the same. */
static void submit_form(struct buf *b, bool parsed, const struct draft *d,
			const struct submit_identity *id)
{
	buf_adds(b, "<form id=\"submit-form\" method=\"post\" action=\"/api/v1/submissions\" "
		     "novalidate><div class=\"columns\"><div class=\"inputs\">");
	if (parsed)
		sections(b, d);
	else
		field(b, "section", "Section", "text", "e.g. Other Projects", "heading list", true);
	if (parsed)
		entry_select(b, d, &replace_choice);
	field(b, "name", "Project or title", "text", "For a project: its name, shown as code.",
	      "heading list", true);
	field(b, "url", "Link", "url", "https:// address of the project or post", "heading list",
	      true);
	field(b, "body", "Text", "textarea",
	      "Markdown. What happened this month? For a list item: optional context.",
	      "heading list", false);
	author_field(b, id);
	buf_adds(b, "<div class=\"field check\" data-kinds=\"heading\"><input id=\"f-written_by\" "
		     "name=\"written_by\" type=\"checkbox\"><label for=\"f-written_by\">Show "
		     "\"Section written by\" me</label></div>"
		     "<div class=\"field check\" data-kinds=\"heading list\"><input id=\"f-add_author\" "
		     "name=\"add_author\" type=\"checkbox\"><label for=\"f-add_author\">Add me to the "
		     "issue's authors</label></div>");
	if (parsed)
		entry_select(b, d, &before_choice);
	else
		field(b, "before", "Put it before (optional)", "text",
		      "The name of an entry it should come before; empty = at the end.",
		      "heading list", false);
	buf_adds(b, "<details><summary>Or paste a complete Markdown block</summary>");
	field(b, "block", "Markdown block", "textarea",
	      "One ### section, or list items. Replaces name, link and text.", "heading list",
	      false);
	buf_adds(b, "</details>"
		     /* people leave this empty; bots fill it in */
		     "<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">Website</label>"
		     "<input id=\"f-website\" name=\"hp_homepage\" type=\"text\" tabindex=\"-1\" "
		     "autocomplete=\"off\"></div>"
		     "<p class=\"field-error\" id=\"e-submission\" role=\"alert\"></p>"
		     /* several entries at once (submit.js): each added one waits in the
		      * list, and all go as one submission */
		     "<section id=\"entries\" hidden><h2>In this submission</h2><ol></ol></section>"
		     "<button type=\"submit\">Send for review</button> "
		     "<button type=\"button\" id=\"add-entry\" class=\"secondary\" hidden>Add "
		     "another entry</button></div>"
		     "<aside class=\"preview-pane\"><h2>Preview</h2>"
		     "<pre id=\"changes\" class=\"changes\" hidden aria-live=\"polite\"></pre>"
		     "<article id=\"preview\" "
		     "class=\"preview\" aria-live=\"polite\"><p class=\"muted\">Fill in the form to "
		     "see your entry as readers will.</p></article></aside></div></form>"
		     "<script src=\"/submit.js\" defer></script>");
}

void render_submit_page(struct buf *b, enum submit_draft state, const struct draft *d,
			const char *path, const struct submit_identity *id)
{
	bool parsed = state == SUBMIT_DRAFT_OK;
	page_begin(b, "Contribute");
	buf_adds(b, "<h1>Contribute to the next issue</h1>");
	if (state == SUBMIT_DRAFT_UNAVAILABLE && id->setup_hint) {
		buf_adds(b, "<div class=\"error\" id=\"setup\"><p><strong>newsdesk is not set up "
			    "yet.</strong> ");
		html_txt(b, id->setup_hint);
		buf_adds(b, "</p><p>To try everything without GitHub, run <code>make demo</code> "
			    "instead: it starts a stand-in GitHub with a real draft.</p></div>");
	} else if (state == SUBMIT_DRAFT_UNAVAILABLE) {
		buf_adds(b, "<p class=\"error\">The current draft cannot be read right now. Please try "
			     "again in a minute.</p>");
	} else {
		issue_notice(b, parsed, d, path, id);
		if (id->who)
			buf_adds(b, "<form id=\"signout-form\" method=\"post\" "
				    "action=\"/auth/github/logout\"></form>");
		else if (id->signin_offered)
			buf_adds(b, "<p class=\"signin\"><a class=\"button\" id=\"github-signin\" "
				    "href=\"/auth/github/login?for=submit\">Sign in with GitHub</a> "
				    "to be credited under your verified account.</p>");
		if (!id->who && id->anonymous == ANON_REFUSED)
			buf_adds(b, "<p class=\"notice\">Contributions are accepted from people signed "
				    "in with GitHub only.</p>");
		else
			submit_form(b, parsed, d, id);
	}
	page_end(b);
}

void render_preview_unavailable(struct buf *b, const char *why)
{
	buf_adds(b, "<p class=\"gray\">(this entry cannot be previewed: ");
	html_txt(b, why);
	buf_adds(b, ")</p>");
}

void submission_refusal_page(struct req *r, struct resp *rs, const struct err_def *e,
			     const char *field, const char *message, const char *back)
{
	(void)r;
	(void)back;
	struct buf b = BUF_INIT;
	render_form_error(&b, field, message);
	resp_page(rs, e->status, &b);
}
