/* mail_text.c: the words of each mail (see mail_text.h) */
#include "features/mail/mail_text.h"

#include <stdlib.h>
#include <string.h>

#include "markdown/escape.h"
#include "util/text_fmt.h"
#include "util/xalloc.h"

void mail_body_free(struct mail_body *b)
{
	buf_release(&b->subject);
	buf_release(&b->text);
	buf_release(&b->html);
}

void digest_free(struct digest *d)
{
	struct digest_item *lists[] = { d->comment, d->submission };
	for (size_t l = 0; l < 2; l++)
		for (int i = 0; i < DIGEST_ITEMS; i++) {
			free(lists[l][i].who);
			free(lists[l][i].where);
			free(lists[l][i].what);
		}
	memset(d, 0, sizeof *d);
}

char *mail_first_line(const char *s, size_t max)
{
	while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
		s++;
	size_t n = strcspn(s, "\r\n");
	bool cut = n > max;
	if (cut) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	struct buf b = BUF_INIT;
	buf_add(&b, s, n);
	if (cut)
		buf_adds(&b, "…");
	return buf_detach(&b, NULL);
}

static void html_begin(struct buf *h)
{
	buf_adds(h, "<!doctype html>\n<html><head><meta charset=\"utf-8\"></head>\n"
		    "<body style=\"font-family:sans-serif;line-height:1.5;max-width:40em\">\n");
}

/* Why this mail came, and the way out: in every mail. */
static void footer(const char *why, const char *unsub_url, struct mail_body *b)
{
	buf_addf(&b->text, "\n-- \n%s\nUnsubscribe, or remove your address from all your comments:\n"
			   "%s\n", why, unsub_url);
	buf_adds(&b->html, "<hr>\n<p style=\"font-size:small;color:#555\">");
	html_txt(&b->html, why);
	buf_adds(&b->html, "<br>\n<a href=\"");
	html_href(&b->html, unsub_url);
	buf_adds(&b->html, "\">Unsubscribe, or remove your address from all your comments</a></p>\n"
			   "</body></html>\n");
}

static void link_para(struct buf *h, const char *url, const char *label)
{
	buf_adds(h, "<p><a href=\"");
	html_href(h, url);
	buf_adds(h, "\">");
	html_txt(h, label);
	buf_adds(h, "</a></p>\n");
}

/* The comments a confirmation covers: where, when, and how each begins. */
static void awaiting_list(const struct store_mail_awaiting_list *l, struct mail_body *b)
{
	buf_adds(&b->html, "<ul>\n");
	for (int i = 0; i < l->n; i++) {
		char when[TIME_RFC3339_MAX];
		time_rfc3339(l->v[i].created_at, when);
		char *first = mail_first_line(l->v[i].body_md, 120);
		buf_addf(&b->text, "- %s, %s: %s\n", l->v[i].page, when, first);
		buf_adds(&b->html, "<li>");
		html_txt(&b->html, l->v[i].page);
		buf_addf(&b->html, ", %s: ", when);
		html_txt(&b->html, first);
		buf_adds(&b->html, "</li>\n");
		free(first);
	}
	buf_adds(&b->html, "</ul>\n");
}

void mail_text_confirm(const struct config *cfg, const struct store_mail_awaiting_list *l,
		       const char *confirm_url, const char *unsub_url, struct mail_body *b)
{
	const char *site = *cfg->comments.site_url ? cfg->comments.site_url : cfg->server.public_url;
	const char *these = l->n == 1 ? "this comment" : "these comments";
	buf_adds(&b->subject, "Confirm reply notifications for your comment");
	buf_addf(&b->text, "Someone (we hope you) left a comment on %s and asked to be told by\n"
			   "email about replies to it. Replies to %s would be mailed:\n\n",
		 site, these);
	html_begin(&b->html);
	buf_adds(&b->html, "<p>Someone (we hope you) left a comment on ");
	html_txt(&b->html, site);
	buf_addf(&b->html, " and asked to be told by email about replies to it. Replies to %s "
			   "would be mailed:</p>\n", these);
	awaiting_list(l, b);
	buf_addf(&b->text, "\nTo confirm, open this link within a week and press the button "
			   "there:\n%s\n\nIf it was not you, ignore this mail: nothing more will "
			   "be sent about %s.\n", confirm_url, these);
	link_para(&b->html, confirm_url, "Confirm");
	buf_addf(&b->html, "<p>If it was not you, ignore this mail: nothing more will be sent "
			   "about %s.</p>\n", these);
	footer("You get this mail because your address was given with a comment.", unsub_url, b);
}

/* The reader's Markdown as they wrote it, quoted (text) or escaped in a
 * block that keeps its lines (HTML). */
static void quoted(const char *md, struct mail_body *b)
{
	buf_adds(&b->text, "> ");
	for (const char *p = md; *p; p++) {
		if (*p == '\r')
			continue;
		buf_addc(&b->text, *p);
		if (*p == '\n')
			buf_adds(&b->text, "> ");
	}
	buf_adds(&b->text, "\n");
	buf_adds(&b->html, "<blockquote style=\"white-space:pre-wrap;border-left:3px solid #ccc;"
			   "margin:0;padding-left:1em\">");
	html_txt(&b->html, md);
	buf_adds(&b->html, "</blockquote>\n");
}

void mail_text_reply(const struct config *cfg, const struct store_comment *reply,
		     const char *reply_url, const char *unsub_url, struct mail_body *b)
{
	(void)cfg;
	buf_addf(&b->subject, "%s replied to your comment on %s", reply->author, reply->page);
	buf_addf(&b->text, "%s replied to your comment on %s:\n\n", reply->author, reply->page);
	html_begin(&b->html);
	buf_adds(&b->html, "<p><strong>");
	html_txt(&b->html, reply->author);
	buf_adds(&b->html, "</strong> replied to your comment on ");
	html_txt(&b->html, reply->page);
	buf_adds(&b->html, ":</p>\n");
	quoted(reply->body_md, b);
	buf_addf(&b->text, "\nRead it and answer: %s\n", reply_url);
	link_para(&b->html, reply_url, "Read it and answer");
	footer("You get this mail because you asked to be told about replies to your comment.",
	       unsub_url, b);
}

static void digest_list(const char *title, const struct digest_item *items, int n,
			struct mail_body *b)
{
	if (!n)
		return;
	buf_addf(&b->text, "\n%s:\n", title);
	buf_adds(&b->html, "<h3>");
	html_txt(&b->html, title);
	buf_adds(&b->html, "</h3>\n<ul>\n");
	for (int i = 0; i < n; i++) {
		buf_addf(&b->text, "- %s, %s: %s\n", items[i].who, items[i].where, items[i].what);
		buf_adds(&b->html, "<li><strong>");
		html_txt(&b->html, items[i].who);
		buf_adds(&b->html, "</strong>, ");
		html_txt(&b->html, items[i].where);
		buf_adds(&b->html, ": ");
		html_txt(&b->html, items[i].what);
		buf_adds(&b->html, "</li>\n");
	}
	buf_adds(&b->html, "</ul>\n");
}

static void count_of(struct buf *out, int64_t n, const char *one, const char *many)
{
	buf_addf(out, "%lld%s %s", (long long)n, n >= DIGEST_COUNT_MAX ? " or more" : "",
		 n == 1 ? one : many);
}

void mail_text_digest(const struct config *cfg, const struct digest *d, const char *unsub_url,
		      struct mail_body *b)
{
	struct buf counts = BUF_INIT, admin = BUF_INIT;
	count_of(&counts, d->comments, "comment", "comments");
	buf_adds(&counts, " and ");
	count_of(&counts, d->submissions, "contribution", "contributions");
	buf_addf(&admin, "%s/admin", cfg->server.public_url);
	buf_addf(&b->subject, "Waiting for you: %s", counts.p);
	buf_addf(&b->text, "Waiting for moderation and review: %s.\n", counts.p);
	html_begin(&b->html);
	buf_adds(&b->html, "<p>Waiting for moderation and review: ");
	html_txt(&b->html, counts.p);
	buf_adds(&b->html, ".</p>\n");
	digest_list("The newest comments", d->comment, d->n_comment, b);
	digest_list("The newest contributions", d->submission, d->n_submission, b);
	buf_addf(&b->text, "\nReview them: %s\n", admin.p);
	link_para(&b->html, admin.p, "Review them");
	footer("You get this digest because your address is in newsdesk's mail.digest_to.",
	       unsub_url, b);
	buf_release(&counts);
	buf_release(&admin);
}
