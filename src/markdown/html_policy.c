/* html_policy.c: the HTML allowlist, judged on gumbo's HTML5 tree */
#include "markdown/html_policy.h"

#include <gumbo.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

/* What the newsletter's own markup and a Markdown renderer produce.  html,
 * head and body are there because HTML5 puts every fragment inside them. */
static const char *const elements[] = {
	"html", "head", "body", "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "em",
	"strong", "b", "i", "code", "pre", "kbd", "samp", "sub", "sup", "small", "span", "del",
	"s", "ul", "ol", "li", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th",
	"td", "details", "summary", "input",
};

/* Attributes that cannot run anything; per element where it matters. */
bool html_attribute_allowed(const char *el, const char *name, const char *value)
{
	static const char *const anywhere[] = { "class", "title", "align" };
	for (size_t i = 0; i < sizeof anywhere / sizeof *anywhere; i++)
		if (strcmp(name, anywhere[i]) == 0)
			return true;
	if (strcmp(el, "a") == 0)
		return strcmp(name, "href") == 0;
	if (strcmp(el, "img") == 0)
		return strcmp(name, "src") == 0 || strcmp(name, "alt") == 0 ||
		       strcmp(name, "width") == 0 || strcmp(name, "height") == 0;
	if (strcmp(el, "ol") == 0)
		return strcmp(name, "start") == 0;
	if (strcmp(el, "details") == 0)
		return strcmp(name, "open") == 0;
	if (strcmp(el, "input") == 0)   /* a task list's checkbox, nothing else */
		return (strcmp(name, "type") == 0 && strcasecmp(value, "checkbox") == 0) ||
		       strcmp(name, "disabled") == 0 || strcmp(name, "checked") == 0;
	return false;
}

static bool is_url_attribute(const char *name)
{
	return strcmp(name, "href") == 0 || strcmp(name, "src") == 0;
}

bool html_url_allowed(const char *s, size_t n)
{
	/* the URL standard strips leading and trailing C0 controls and spaces
	 * and removes every tab and newline before it looks for a scheme */
	while (n && (unsigned char)*s <= 0x20) {
		s++;
		n--;
	}
	char scheme[8];
	size_t k = 0;
	bool too_long = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			break;
		bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				   (k > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' ||
					      c == '.'));
		if (!scheme_char)
			return true;   /* '/', '?', '#' or anything else first: relative */
		if (i + 1 == n)
			return true;   /* no colon at all */
		if (k < sizeof scheme - 1)
			scheme[k++] = (char)(c | 0x20);
		else
			too_long = true;   /* longer than any scheme we allow */
	}
	if (k == 0)
		return n == 0 || s[0] != ':';
	scheme[k] = '\0';
	return !too_long && (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0 ||
			     strcmp(scheme, "mailto") == 0);
}

struct walk {
	html_violation_fn fn;
	void *arg;
	size_t count;
};

__attribute__((format(printf, 2, 3)))
static void report(struct walk *w, const char *fmt, ...)
{
	char what[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	w->count++;
	if (w->fn)
		w->fn(what, w->arg);
}

/* The element's name in lower case, also for tags gumbo does not know. */
static void element_name(const GumboElement *el, char *out, size_t out_len)
{
	if (el->tag != GUMBO_TAG_UNKNOWN) {
		snprintf(out, out_len, "%s", gumbo_normalized_tagname(el->tag));
		return;
	}
	GumboStringPiece piece = el->original_tag;
	gumbo_tag_from_original_text(&piece);
	size_t n = piece.length < out_len - 1 ? piece.length : out_len - 1;
	for (size_t i = 0; i < n; i++) {
		char c = piece.data[i];
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	out[n] = '\0';
	if (!n)
		snprintf(out, out_len, "?");
}

static void check_element(struct walk *w, const GumboNode *node)
{
	const GumboElement *el = &node->v.element;
	char name[48];
	element_name(el, name, sizeof name);
	bool known = false;
	for (size_t i = 0; i < sizeof elements / sizeof *elements && !known; i++)
		known = strcmp(name, elements[i]) == 0;
	if (node->type == GUMBO_NODE_TEMPLATE || el->tag_namespace != GUMBO_NAMESPACE_HTML)
		known = false;   /* SVG and MathML have their own scripting rules */
	if (!known)
		report(w, "element <%s>", name);
	for (unsigned i = 0; i < el->attributes.length; i++) {
		const GumboAttribute *a = el->attributes.data[i];
		if (!html_attribute_allowed(name, a->name, a->value))
			report(w, "attribute %s on <%s>", a->name, name);
		else if (is_url_attribute(a->name) && !html_url_allowed(a->value, strlen(a->value)))
			report(w, "URL \"%.40s\" in %s of <%s>", a->value, a->name, name);
	}
}

static void walk_tree(struct walk *w, const GumboNode *node, unsigned depth)
{
	if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE &&
	    node->type != GUMBO_NODE_DOCUMENT)
		return;
	if (depth > 400) {
		/* gumbo itself nests no deeper than its input; this only keeps
		 * the recursion's stack small */
		report(w, "markup nested more than 400 deep");
		return;
	}
	if (node->type != GUMBO_NODE_DOCUMENT)
		check_element(w, node);
	const GumboVector *kids = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children
								    : &node->v.element.children;
	for (unsigned i = 0; i < kids->length; i++)
		walk_tree(w, kids->data[i], depth + 1);
}

size_t html_policy_scan(const char *html, size_t len, html_violation_fn fn, void *arg)
{
	struct walk w = { fn, arg, 0 };
	GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
	if (!out) {
		report(&w, "HTML that could not be parsed");
		return w.count;
	}
	walk_tree(&w, out->document, 0);
	gumbo_destroy_output(&kGumboDefaultOptions, out);
	return w.count;
}

struct first {
	char *why;
	size_t len;
	bool set;
};

static void keep_first(const char *what, void *arg)
{
	struct first *f = arg;
	if (!f->set && f->len)
		snprintf(f->why, f->len, "%s", what);
	f->set = true;
}

int html_policy_check(const char *html, char *why, size_t why_len)
{
	struct first f = { why, why_len, false };
	return html_policy_scan(html, strlen(html), keep_first, &f) ? -1 : 0;
}
