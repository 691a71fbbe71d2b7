/* content_policy.c: judging a contribution in its place (content_policy.h) */
#include "markdown/content_policy.h"

#include <cmark-gfm.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "markdown/html_policy.h"
#include "markdown/markdown.h"
#include "markdown/markup_bytes.h"
#include "markdown/page_ids.h"
#include "markdown/internal_link.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Lines (1-based, counted from the body's start) that a side leaves out. */
struct lines {
	size_t first[8], last[8];
	size_t n;
};

static size_t line_of(const char *text, size_t body, size_t pos)
{
	size_t line = 1;
	for (size_t i = body; i < pos; i++)
		line += text[i] == '\n';
	return line;
}

static int to_lines(const char *text, size_t body, const struct text_range *r, size_t n,
		    struct lines *out)
{
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (!r[i].len || r[i].off + r[i].len <= body)
			continue;   /* nothing, or in the front matter */
		if (out->n == sizeof out->first / sizeof *out->first)
			return -1;
		size_t from = r[i].off < body ? body : r[i].off, end = r[i].off + r[i].len;
		/* a range that starts with a line ending starts on the next line */
		while (from < end && (text[from] == '\r' || text[from] == '\n'))
			from++;
		if (from == end)
			continue;
		out->first[out->n] = line_of(text, body, from);
		out->last[out->n] = line_of(text, body, r[i].off + r[i].len - 1);
		out->n++;
	}
	return 0;
}

static bool in_lines(const struct lines *l, size_t line)
{
	for (size_t i = 0; i < l->n; i++)
		if (line >= l->first[i] && line <= l->last[i])
			return true;
	return false;
}

static bool is_block(cmark_node *n)
{
	return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

/* Where a node starts: its own line for blocks, its block's for inlines. */
static size_t node_line(cmark_node *n)
{
	while (n && !is_block(n))
		n = cmark_node_parent(n);
	return n ? (size_t)cmark_node_get_start_line(n) : 0;
}

static void sig_str(struct buf *b, const char *s)
{
	buf_adds(b, s ? s : "");
	buf_addc(b, '\x1f');
}

/* Everything that decides how a node reads, for every node outside the
 * left-out lines, in document order. */
static void signature(cmark_node *doc, const struct lines *skip, struct buf *out)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		/* a list starts where its first item does, which may be the
		 * entry's: each item stands for its list instead */
		if (ev != CMARK_EVENT_ENTER || t == CMARK_NODE_LIST || in_lines(skip, node_line(n)))
			continue;
		char num[32];
		snprintf(num, sizeof num, "%d.%d", t,
			 t == CMARK_NODE_HEADING ? cmark_node_get_heading_level(n)
			 : t == CMARK_NODE_ITEM ? (int)cmark_node_get_list_type(cmark_node_parent(n))
						: 0);
		sig_str(out, num);
		sig_str(out, cmark_node_get_literal(n));
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			sig_str(out, cmark_node_get_url(n));
			sig_str(out, cmark_node_get_title(n));
		}
		if (t == CMARK_NODE_CODE_BLOCK)
			sig_str(out, cmark_node_get_fence_info(n));
		buf_addc(out, '\n');
	}
	cmark_iter_free(it);
}

/* Blank once the backticks of an empty code span are gone too. */
static bool all_space(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '`')
			return false;
	return true;
}

/* Zola reads "### Title {#id .class}" as attributes; others as text. */
static bool heading_attributes(const char *text, size_t len, size_t body, size_t line)
{
	size_t at = body;
	for (size_t l = 1; l < line && at < len; l++) {
		const char *nl = memchr(text + at, '\n', len - at);
		at = nl ? (size_t)(nl - text) + 1 : len;
	}
	const char *nl = memchr(text + at, '\n', len - at);
	size_t end = nl ? (size_t)(nl - text) : len;
	while (end > at && (text[end - 1] == ' ' || text[end - 1] == '\t' ||
			    text[end - 1] == '\r' || text[end - 1] == '#'))
		end--;
	return end > at && text[end - 1] == '}';
}

__attribute__((format(printf, 2, 3)))
static int refuse(char why[CONTENT_WHY], const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, CONTENT_WHY, fmt, ap);
	va_end(ap);
	return 1;
}

static int zola_link(const struct content_change *c, const struct page_ids *ids,
		     const char *url, char why[CONTENT_WHY]);

/* The entry's own nodes: what it is, and where its links go. */
static int check_entry(const struct content_change *c, cmark_node *doc,
		       const struct page_ids *ids, const struct lines *mine,
		       char why[CONTENT_WHY])
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int rc = 0;
	size_t h3 = 0;
	bool first = true;
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER || t == CMARK_NODE_DOCUMENT ||
		    !in_lines(mine, node_line(n)))
			continue;
		bool top = cmark_node_parent(n) == doc;
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			const char *url = cmark_node_get_url(n);
			if (!url || !*url)
				rc = refuse(why, "has a link without an address, which stops Zola's"
						 " build");
			else if (!html_url_allowed(url, strlen(url)))
				rc = refuse(why, "links to \"%.60s\", which is not an http, https or"
						 " mailto address", url);
			else
				rc = zola_link(c, ids, url, why);
		} else if (t == CMARK_NODE_HEADING) {
			int level = cmark_node_get_heading_level(n);
			if (c->shape == ENTRY_LIST)
				rc = refuse(why, "list items cannot hold headings");
			else if (level < 3)
				rc = refuse(why, "must not hold a '#' or '##' heading (a line underlined"
						 " with '-' or '=' is one too)");
			else if (level == 3 && (++h3 > 1 || !first || !top))
				rc = refuse(why, "must hold exactly one '###' section, at its start");
			else if (heading_attributes(c->after, c->after_len, c->body_after,
						    (size_t)cmark_node_get_start_line(n)))
				rc = refuse(why, "a heading must not end with '}' (Zola reads"
						 " \"{…}\" there as HTML attributes)");
			if (rc == 0 && level == 3) {
				struct buf text = BUF_INIT;
				page_heading_text(n, &text);
				if (all_space(text.p))
					rc = refuse(why, "the '###' heading needs a name");
				buf_release(&text);
			}
		} else if (is_block(n) && first && c->shape == ENTRY_HEADING) {
			rc = refuse(why, "must start with its '###' heading");
		} else if (top && c->shape == ENTRY_LIST && t != CMARK_NODE_LIST) {
			rc = refuse(why, "may only hold list items ('- ' lines and indented lines"
					 " under them)");
		}
		if (is_block(n))
			first = false;
	}
	cmark_iter_free(it);
	if (rc == 0 && c->shape == ENTRY_HEADING && h3 == 0)
		rc = refuse(why, "must start with its '###' heading");
	return rc;
}

/* ---- the rendered pages, as a browser reads them ---- */

struct findings {
	char **v;
	size_t n, cap;
};

static void note(const char *what, void *arg)
{
	struct findings *f = arg;
	f->v = xgrowarray(f->v, &f->cap, f->n + 1, sizeof *f->v);
	f->v[f->n++] = xstrdup(what);
}

static void findings_free(struct findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
}

/* The first finding of after that before does not have as often. */
static const char *new_finding(struct findings *before, const struct findings *after)
{
	for (size_t i = 0; i < after->n; i++) {
		bool matched = false;
		for (size_t k = 0; k < before->n && !matched; k++) {
			if (before->v[k] && strcmp(before->v[k], after->v[i]) == 0) {
				free(before->v[k]);
				before->v[k] = NULL;
				matched = true;
			}
		}
		if (!matched)
			return after->v[i];
	}
	return NULL;
}

static int check_pages(struct md_doc *before, struct md_doc *after, char why[CONTENT_WHY])
{
	struct buf hb = BUF_INIT, ha = BUF_INIT;
	struct findings fb = { 0 }, fa = { 0 };
	char mwhy[MARKDOWN_WHY];
	int rc = md_doc_render(after, &ha, mwhy);
	if (rc > 0)
		rc = refuse(why, "%s", mwhy);
	if (rc == 0 && md_doc_render(before, &hb, mwhy) != 0)
		rc = -1;
	if (rc == 0) {
		html_policy_scan(hb.p, hb.len, note, &fb);
		html_policy_scan(ha.p, ha.len, note, &fa);
		const char *bad = new_finding(&fb, &fa);
		if (bad)
			rc = refuse(why, "would put %s into the newsletter", bad);
	}
	findings_free(&fb);
	findings_free(&fa);
	buf_release(&hb);
	buf_release(&ha);
	return rc;
}

/* ---- what Zola's build and the site's feed make of the entry's bytes ---- */

/* Zola runs shortcodes over the whole page, code included, before
 * Markdown: "{{" or "{%" is refused unless it opens Zola's own escape. */
static int shortcode_syntax(const char *s, size_t n, char why[CONTENT_WHY])
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] != '{' || (s[i + 1] != '{' && s[i + 1] != '%'))
			continue;
		char close = s[i + 1] == '{' ? '}' : '%';
		if (i + 3 < n && s[i + 2] == '/' && s[i + 3] == '*') {
			const char *end = memmem(s + i + 4, n - i - 4, close == '}' ? "*/}}" : "*/%}", 4);
			if (end) {
				i = (size_t)(end - s) + 3;
				continue;
			}
		}
		return refuse(why, "holds \"%c%c\", which Zola reads as a shortcode anywhere in the"
				   " page, code included; to show it literally write %s",
			      s[i], s[i + 1], close == '}' ? "{{/* name() */}}" : "{%/* name() */%}");
	}
	return 0;
}

static const char *const default_anchors[] = { "comment-form" };

static bool template_has(const struct content_change *c, const char *id)
{
	if (!c->template_anchors) {
		for (size_t i = 0; i < sizeof default_anchors / sizeof *default_anchors; i++)
			if (strcmp(id, default_anchors[i]) == 0)
				return true;
		return false;
	}
	for (size_t i = 0; i < c->template_anchors->n; i++)
		if (strcmp(id, c->template_anchors->v[i]) == 0)
			return true;
	return false;
}

/* The ids the entry's headings take: none may be the template's. */
static int taken_anchor(const struct content_change *c, const struct page_ids *ids,
			const struct lines *mine, char why[CONTENT_WHY])
{
	for (size_t i = 0; i < ids->n; i++)
		if (in_lines(mine, (size_t)cmark_node_get_start_line(ids->v[i].node)) &&
		    template_has(c, ids->v[i].id))
			return refuse(why, "has a heading whose id would be \"%s\", which the"
					   " newsletter page's template already uses", ids->v[i].id);
	return 0;
}

/* Zola fails the build on a '#' link to an id the page does not have and
 * on an internal link it cannot resolve; the page behind an internal
 * link is asked of GitHub before approval (features/links/check_links.c) and again
 * before the pull request (features/pulls/pr_common.c). */
static int zola_link(const struct content_change *c, const struct page_ids *ids,
		     const char *url, char why[CONTENT_WHY])
{
	if (url[0] == '#') {
		if (page_ids_have(ids, url + 1) || template_has(c, url + 1))
			return 0;
		return refuse(why, "links to \"%.60s\", an anchor this page will not have (a"
				   " heading's id is its text in lower case with '-' between"
				   " words)", url);
	}
	if (strncmp(url, "@/", 2) == 0 && !internal_link_shaped(url))
		return refuse(why, "has the internal link \"%.60s\"; write one as"
				   " @/section/page.md (letters, digits, '-', '_', '.' and '/')", url);
	return 0;
}

/* Characters XML 1.0 has no place for, raw or as a numeric reference a
 * renderer decodes: either one makes the site's RSS feed ill-formed. */
static int feed_chars(const char *s, size_t n, char why[CONTENT_WHY])
{
	size_t bad;
	if (!utf8_xml_valid(s, n, &bad))
		return refuse(why, "holds a character the site's RSS feed cannot carry (byte %zu)",
			      bad);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch != '&' || i + 2 >= n || s[i + 1] != '#')
			continue;
		bool hex = s[i + 2] == 'x' || s[i + 2] == 'X';
		size_t k = i + 2 + hex, digits = 0;
		unsigned long v = 0;
		for (; k < n && digits < 8; k++, digits++) {
			char d = s[k];
			int dv = d >= '0' && d <= '9' ? d - '0'
			       : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
			       : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
			if (dv < 0)
				break;
			v = v * (hex ? 16 : 10) + (unsigned long)dv;
		}
		if (!digits || k >= n || s[k] != ';' || digits > (hex ? 6u : 7u))
			continue;   /* not a character reference: text */
		if ((v < 0x20 && v != 9 && v != 10 && v != 13) || (v >= 0xD800 && v <= 0xDFFF) ||
		    v == 0xFFFE || v == 0xFFFF || v > 0x10FFFF)
			return refuse(why, "holds \"%.*s\", a character the site's RSS feed cannot"
					   " carry", (int)(k + 1 - i), s + i);
	}
	return 0;
}

static int site_rules(const struct content_change *c, char why[CONTENT_WHY])
{
	for (size_t i = 0; i < c->n_added; i++) {
		const struct text_range *r = &c->added[i];
		if (r->off + r->len <= c->body_after)
			continue;   /* the front matter's authors list */
		const char *s = c->after + r->off;
		if (shortcode_syntax(s, r->len, why))
			return 1;
		if (memmem(s, r->len, "]]>", 3))
			return refuse(why, "holds \"]]>\", which would end the site's RSS item early");
		if (feed_chars(s, r->len, why) || markup_bytes_check(s, r->len, why, CONTENT_WHY))
			return 1;
	}
	return 0;
}

int content_check_change(const struct content_change *c, char why[CONTENT_WHY])
{
	struct lines gone, mine;
	if (to_lines(c->before, c->body_before, c->removed, c->n_removed, &gone) < 0 ||
	    to_lines(c->after, c->body_after, c->added, c->n_added, &mine) < 0)
		return -1;
	struct md_doc *before = NULL, *after = NULL;
	char mwhy[MARKDOWN_WHY];
	int rc = markdown_published_parse(c->after + c->body_after, c->after_len - c->body_after,
					  &after, mwhy);
	if (rc > 0)
		rc = refuse(why, "%s", mwhy);
	if (rc == 0 && markdown_published_parse(c->before + c->body_before,
						c->before_len - c->body_before, &before,
						mwhy) != 0)
		rc = -1;   /* the draft itself: not the contributor's doing */
	if (rc == 0)
		rc = site_rules(c, why);
	struct page_ids ids = { 0 };
	if (rc == 0)
		page_ids_build(md_doc_root(after), &ids);
	if (rc == 0)
		rc = check_entry(c, md_doc_root(after), &ids, &mine, why);
	if (rc == 0)
		rc = taken_anchor(c, &ids, &mine, why);
	page_ids_free(&ids);
	if (rc == 0) {
		struct buf sb = BUF_INIT, sa = BUF_INIT;
		signature(md_doc_root(before), &gone, &sb);
		signature(md_doc_root(after), &mine, &sa);
		if (sb.len != sa.len || memcmp(sb.p, sa.p, sb.len) != 0)
			rc = refuse(why, "would change how the rest of the draft reads (it continues"
					 " or ends a block around it, or defines a link used"
					 " elsewhere)");
		buf_release(&sb);
		buf_release(&sa);
	}
	if (rc == 0)
		rc = check_pages(before, after, why);
	md_doc_free(before);
	md_doc_free(after);
	return rc;
}
