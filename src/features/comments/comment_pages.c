/* comment_pages.c: the no-JavaScript thread page and the Atom feeds */
#include "features/comments/comment_pages.h"
#include "features/comments/comments.h"
#include "features/comments/comment_reactions.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "markdown/escape.h"
#include "util/url.h"
#include "util/text_fmt.h"
#include "store/comments.h"

void comment_thread_url(struct buf *out, const char *public_url, const char *page,
			const char *notice)
{
	buf_addf(out, "%s/comments?page=", public_url);
	url_encode_component(out, page);
	if (notice)
		buf_addf(out, "&posted=%s", notice);
}

static void when(struct buf *b, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char iso[TIME_RFC3339_MAX], shown[32];
	gmtime_r(&tt, &tm);
	time_rfc3339(t, iso);
	strftime(shown, sizeof shown, "%Y-%m-%d %H:%M UTC", &tm);
	buf_addf(b, "<time datetime=\"%s\">%s</time>", iso, shown);
}

static void author(struct buf *b, const struct store_comment *c)
{
	if (c->github_id > 0) {
		/* GitHub's word: a typed name can never start with @ */
		buf_adds(b, "<a class=\"nd-author nd-verified\" rel=\"nofollow noopener\" "
			    "title=\"Signed in with GitHub\" href=\"https://github.com/");
		/* a login is letters, digits and hyphens: a path segment as it is */
		html_attr(b, c->author);
		buf_adds(b, "\">@");
		html_txt(b, c->author);
		buf_adds(b, " ✓</a>");
	} else if (c->website) {
		buf_adds(b, "<a class=\"nd-author\" rel=\"nofollow ugc noopener\" href=\"");
		html_href(b, c->website);
		buf_adds(b, "\">");
		html_txt(b, c->author);
		buf_adds(b, "</a>");
	} else {
		buf_adds(b, "<span class=\"nd-author\">");
		html_txt(b, c->author);
		buf_adds(b, "</span>");
	}
}

static void reply_link(struct buf *b, const struct thread_view *v, int64_t id)
{
	buf_adds(b, "<a class=\"nd-reply\" href=\"");
	struct buf url = BUF_INIT;
	comment_thread_url(&url, "", v->page, NULL);
	buf_addf(&url, "&reply=%lld#comment-form", (long long)id);
	html_txt(b, url.p);
	buf_release(&url);
	buf_adds(b, "\">Reply</a>");
}

/* GitHub's eight under the page or a comment: one form, a button each
 * (the reader's own pressed, and sent as "undo" to take it back). */
static void reaction_bar(struct buf *b, const struct thread_view *v, int64_t comment)
{
	const int64_t *all = reaction_tally_of(v->reactions, comment);
	const int64_t *own = reaction_tally_of(v->mine, comment);
	buf_addf(b, "<form class=\"nd-reactions\"%s method=\"post\" action=\"/api/v1/reactions\">"
		    "<input type=\"hidden\" name=\"page\" value=\"",
		 comment ? "" : " id=\"reactions\"");
	html_attr(b, v->page);
	buf_adds(b, "\">");
	if (comment)
		buf_addf(b, "<input type=\"hidden\" name=\"comment\" value=\"%lld\">",
			 (long long)comment);
	buf_adds(b, "<input type=\"hidden\" name=\"reaction_token\" value=\"");
	html_attr(b, v->reaction_token);
	buf_adds(b, "\">");
	for (int c = 0; c < REACTION__COUNT; c++) {
		int64_t n = all ? all[c] : 0;
		bool mine = own && own[c] > 0;
		buf_addf(b, "<button type=\"submit\" class=\"nd-react%s\" name=\"%s\" value=\"%s\" "
			    "aria-pressed=\"%s\" title=\"%s\" aria-label=\"%s: %lld%s\">%s",
			 n ? "" : " nd-none", mine ? "undo" : "content", reaction_content_name(c),
			 mine ? "true" : "false", reaction_label(c), reaction_label(c),
			 (long long)n, mine ? ", yours" : "", reaction_emoji(c));
		if (n)
			buf_addf(b, "<span class=\"nd-count\">%lld</span>", (long long)n);
		buf_adds(b, "</button>");
	}
	buf_adds(b, "</form>");
}

/* Replies under their parent, oldest first; depth is capped so a long
 * chain stays readable (deeper replies stay at the last level). */
static void thread(struct buf *b, const struct thread_view *v, int64_t parent, int depth)
{
	bool open = false;
	for (size_t i = 0; i < v->n; i++) {
		const struct store_comment *c = &v->comments[i];
		if (c->parent_id != parent)
			continue;
		if (!open) {
			buf_addf(b, "<ol class=\"nd-thread%s\">", depth ? " nd-replies" : "");
			open = true;
		}
		buf_addf(b, "<li class=\"nd-comment\" id=\"comment-%lld\"><div class=\"nd-meta\">",
			 (long long)c->id);
		author(b, c);
		buf_adds(b, " · ");
		when(b, c->created_at);
		if (c->edited_at)
			buf_adds(b, " · edited");
		buf_adds(b, "</div><div class=\"nd-body\">");
		buf_adds(b, c->body_html);
		buf_adds(b, "</div>");
		if (v->reaction_token)
			reaction_bar(b, v, c->id);
		reply_link(b, v, c->id);
		thread(b, v, c->id, depth + 1);
		buf_adds(b, "</li>");
	}
	if (open)
		buf_adds(b, "</ol>");
}

static void frame_begin(struct buf *b, const char *title)
{
	buf_adds(b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<title>");
	html_txt(b, title);
	buf_adds(b, "</title><link rel=\"stylesheet\" href=\"/embed.css\"></head>"
		    "<body class=\"nd-frame\"><div class=\"nd-root\" data-theme=\"auto\">");
}

static void input(struct buf *b, const char *name, const char *label, const char *type,
		  const char *extra)
{
	buf_addf(b, "<p class=\"nd-field\"><label for=\"nd-%s\">%s</label>"
		    "<input id=\"nd-%s\" name=\"%s\" type=\"%s\"%s></p>",
		 name, label, name, name, type, extra);
}

/* Above the thread: the way back to the page when opened on its own (a
 * link, a sign-in), the count, and what became of a post just made. */
static void thread_heading(struct buf *b, const struct thread_view *v)
{
	if (v->site_url && *v->site_url) {
		struct buf back = BUF_INIT;
		buf_addf(&back, "%s%s", v->site_url, v->page);
		buf_adds(b, "<p class=\"nd-back\"><a target=\"_top\" href=\"");
		html_href(b, back.p);
		buf_adds(b, "\">← back to the page</a></p>");
		buf_release(&back);
	}
	buf_addf(b, "<h2 class=\"nd-title\">%zu comment%s</h2>", v->n, v->n == 1 ? "" : "s");
	if (v->notice && strcmp(v->notice, "pending") == 0)
		buf_adds(b, "<p class=\"nd-notice\" role=\"status\">Thank you! Your comment "
			    "waits for a moderator and will appear once approved.</p>");
	else if (v->notice && strcmp(v->notice, "posted") == 0)
		buf_adds(b, "<p class=\"nd-notice\" role=\"status\">Thank you! Your comment "
			    "is published.</p>");
}

/* ?reply=: the comment answered (one of this thread's, else none), with a
 * way to cancel. */
static void replying_to(struct buf *b, const struct thread_view *v)
{
	const struct store_comment *p = NULL;
	for (size_t i = 0; v->reply_to && i < v->n; i++)
		if (v->comments[i].id == v->reply_to)
			p = &v->comments[i];
	if (!p)
		return;
	buf_adds(b, "<p class=\"nd-replying\">Replying to ");
	html_txt(b, p->author);
	buf_adds(b, " · <a href=\"");
	struct buf url = BUF_INIT;
	comment_thread_url(&url, "", v->page, NULL);
	buf_adds(&url, "#comment-form");
	html_txt(b, url.p);
	buf_release(&url);
	buf_addf(b, "\">cancel</a></p><input type=\"hidden\" name=\"parent\" "
		    "value=\"%lld\">", (long long)p->id);
}

/* Who is commenting: the GitHub login signed in, else a name (and the
 * offer to sign in, back to this thread). */
static void commenter_fields(struct buf *b, const struct thread_view *v)
{
	if (v->who) {
		buf_adds(b, "<p class=\"nd-signin\">Commenting as <strong class=\"nd-verified\">@");
		html_txt(b, v->who->login);
		buf_adds(b, " ✓</strong></p><input type=\"hidden\" name=\"author\" value=\"");
		html_attr(b, v->who->login);
		buf_adds(b, "\">");
		return;
	}
	if (v->signin_offered) {
		struct buf back = BUF_INIT, url = BUF_INIT;
		comment_thread_url(&back, "", v->page, NULL);
		buf_adds(&url, "/auth/github/login?for=comment&return=");
		url_encode_component(&url, back.p);
		buf_adds(b, "<p class=\"nd-signin\"><a class=\"nd-button\" target=\"_top\" "
			    "href=\"");
		html_href(b, url.p);
		buf_adds(b, "\">Sign in with GitHub</a> or comment with a name:</p>");
		buf_release(&back);
		buf_release(&url);
	}
	input(b, "author", "Name", "text", " required maxlength=\"80\" autocomplete=\"name\"");
	input(b, "email", "Email (optional, never shown)", "email",
	      " maxlength=\"254\" autocomplete=\"email\"");
	/* only where mail can be sent (the server refuses it with an empty email) */
	if (v->mail)
		buf_adds(b, "<p class=\"nd-field nd-check\"><input id=\"nd-notify\" "
			    "name=\"notify_replies\" type=\"checkbox\"><label for=\"nd-notify\"> "
			    "Tell me about replies by email (with an email above)</label></p>");
}

void render_comment_thread(struct buf *b, const struct thread_view *v)
{
	frame_begin(b, "Comments");
	thread_heading(b, v);
	if (v->reaction_token)
		reaction_bar(b, v, 0);
	thread(b, v, 0, 0);

	buf_adds(b, "<form class=\"nd-form\" id=\"comment-form\" method=\"post\" "
		    "action=\"/api/v1/comments\">");
	replying_to(b, v);
	/* this page sends no Referer and so its posts say "Origin: null":
	 * the field tells the server to come back here */
	buf_adds(b, "<input type=\"hidden\" name=\"return\" value=\"thread\">");
	buf_adds(b, "<input type=\"hidden\" name=\"page\" value=\"");
	html_attr(b, v->page);
	buf_adds(b, "\"><input type=\"hidden\" name=\"form_token\" value=\"");
	html_attr(b, v->form_token);
	buf_adds(b, "\">");
	commenter_fields(b, v);
	input(b, "website", "Website (optional)", "url", " maxlength=\"300\" autocomplete=\"url\"");
	buf_addf(b, "<p class=\"nd-field\"><label for=\"nd-body\">Comment (Markdown)</label>"
		    "<textarea id=\"nd-body\" name=\"body\" rows=\"5\" required "
		    "maxlength=\"%lld\"></textarea></p>", (long long)v->max_length);
	/* the honeypot: hidden from people and screen readers, not from bots */
	buf_adds(b, "<p class=\"nd-hp\" aria-hidden=\"true\"><label for=\"nd-fax\">Fax</label>"
		    "<input id=\"nd-fax\" name=\"hp_fax\" type=\"text\" tabindex=\"-1\" "
		    "autocomplete=\"off\"></p>"
		    "<p><button type=\"submit\" class=\"nd-button\">Post comment</button></p>"
		    "</form></div></body></html>\n");
}

static void refusal(struct req *r, struct resp *rs, const struct err_def *e, const char *field,
		    const char *message, const char *back, bool reaction)
{
	const struct app *app = req_app(r);
	struct buf b = BUF_INIT;
	render_comment_refused(&b, app->cfg->server.public_url, back, *field ? field : NULL,
			       message, reaction);
	resp_page(rs, e->status, &b);
}

void comment_refusal_page(struct req *r, struct resp *rs, const struct err_def *e,
			  const char *field, const char *message, const char *back)
{
	refusal(r, rs, e, field, message, back, false);
}

void reaction_refusal_page(struct req *r, struct resp *rs, const struct err_def *e,
			   const char *field, const char *message, const char *back)
{
	refusal(r, rs, e, field, message, back, true);
}

void render_comment_refused(struct buf *b, const char *public_url, const char *page,
			    const char *field, const char *message, bool reaction)
{
	frame_begin(b, reaction ? "Reaction not saved" : "Comment not posted");
	buf_addf(b, "<h2 class=\"nd-title\">%s</h2><p class=\"nd-error\" role=\"alert\">",
		 reaction ? "Your reaction was not saved" : "Your comment was not posted");
	if (field && *field) {
		buf_adds(b, "<strong>");
		html_txt(b, field);
		buf_adds(b, "</strong>: ");
	}
	html_txt(b, message);
	buf_adds(b, reaction ? "</p><p>Go back and try again" :
			       "</p><p>Go back, correct it and send it again");
	if (page) {
		struct buf url = BUF_INIT;
		comment_thread_url(&url, public_url, page, NULL);
		buf_adds(b, ", or <a href=\"");
		html_href(b, url.p);
		buf_adds(b, reaction ? "#reactions\">open the comments again</a>"
				     : "#comment-form\">open the comment form again</a>");
		buf_release(&url);
	}
	buf_adds(b, ".</p></div></body></html>\n");
}

static void atom_time(struct buf *b, const char *tag, int64_t t)
{
	char iso[TIME_RFC3339_MAX];
	time_rfc3339(t, iso);
	buf_addf(b, "<%s>%s</%s>", tag, iso, tag);
}

static void entry_link(struct buf *out, const struct feed_view *v, const struct store_comment *c)
{
	if (v->site_url[0])
		buf_addf(out, "%s%s", v->site_url, c->page);
	else
		comment_thread_url(out, v->public_url, c->page, NULL);
	buf_addf(out, "#comment-%lld", (long long)c->id);
}

void render_comment_feed(struct buf *b, const struct feed_view *v)
{
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>");
	xml_txt(b, v->title);
	buf_adds(b, "</title><id>");
	xml_txt(b, v->self_url);
	buf_adds(b, "</id><link rel=\"self\" href=\"");
	html_href(b, v->self_url);
	buf_adds(b, "\"/>");
	int64_t newest = 0;
	for (size_t i = 0; i < v->n; i++) {
		int64_t t = v->comments[i].edited_at ? v->comments[i].edited_at
						     : v->comments[i].created_at;
		if (t > newest)
			newest = t;
	}
	atom_time(b, "updated", newest);
	for (size_t i = 0; i < v->n; i++) {
		const struct store_comment *c = &v->comments[i];
		struct buf link = BUF_INIT;
		entry_link(&link, v, c);
		buf_adds(b, "<entry><id>");
		xml_txt(b, v->public_url);
		buf_addf(b, "/comments/%lld</id><title>", (long long)c->id);
		buf_adds(b, "Comment by ");
		xml_txt(b, c->author);
		buf_adds(b, " on ");
		xml_txt(b, c->page);
		buf_adds(b, "</title><link rel=\"alternate\" href=\"");
		html_href(b, link.p);
		buf_adds(b, "\"/><author><name>");
		xml_txt(b, c->author);
		buf_adds(b, "</name></author>");
		atom_time(b, "published", c->created_at);
		atom_time(b, "updated", c->edited_at ? c->edited_at : c->created_at);
		buf_adds(b, "<content type=\"html\">");
		xml_txt(b, c->body_html);
		buf_adds(b, "</content></entry>");
		buf_release(&link);
	}
	buf_adds(b, "</feed>\n");
}
