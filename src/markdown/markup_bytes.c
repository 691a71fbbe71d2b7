/* markup_bytes.c: an entry's bytes, judged the same under every reading
 * (markup_bytes.h) */
#include "markdown/markup_bytes.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "markdown/html_policy.h"

/* Raw HTML an entry may hold: inline markup and the few blocks the
 * newsletter uses.  No pre, script, style or textarea (their HTML blocks
 * run past blank lines), no headings (they would bypass the section's
 * rules), no input. */
static const char *const raw_elements[] = {
	"a", "img", "span", "em", "strong", "b", "i", "code", "kbd", "samp", "sub", "sup",
	"small", "del", "s", "br", "details", "summary", "ul", "ol", "li", "p", "blockquote",
	"hr", "table", "thead", "tbody", "tr", "th", "td",
};

struct scan {
	const char *s;
	size_t n;
	char *why;
	size_t why_len;
	bool tables;     /* the entry has a table delimiter row: "|" may split a code span */
	bool html_run;   /* this paragraph has a line that starts raw HTML */
	bool tainted;    /* an unpaired backtick run earlier in the paragraph */
	/* footnotes: a reference without its definition is a link to a
	 * missing anchor to one renderer and text to another */
	struct { const char *p; size_t n; bool defined; } notes[32];
	size_t n_notes;
};

static int footnote(struct scan *sc, const char *label, size_t n, bool definition)
{
	for (size_t i = 0; i < sc->n_notes; i++) {
		if (sc->notes[i].n == n && memcmp(sc->notes[i].p, label, n) == 0) {
			sc->notes[i].defined |= definition;
			return 0;
		}
	}
	if (sc->n_notes == sizeof sc->notes / sizeof *sc->notes)
		return 1;
	sc->notes[sc->n_notes].p = label;
	sc->notes[sc->n_notes].n = n;
	sc->notes[sc->n_notes++].defined = definition;
	return 0;
}

/* "[^label]" at s[i]: the label's length, 0 when it is not one. */
static size_t footnote_label(const char *s, size_t i, size_t end)
{
	if (i + 3 >= end || s[i] != '[' || s[i + 1] != '^')
		return 0;
	size_t k = i + 2;
	while (k < end && s[k] != ']' && s[k] != '[' && s[k] != ' ' && s[k] != '\t')
		k++;
	return k < end && s[k] == ']' && k > i + 2 ? k - i - 2 : 0;
}

__attribute__((format(printf, 2, 3)))
static int refuse(struct scan *sc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sc->why, sc->why_len, fmt, ap);
	va_end(ap);
	return 1;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char lower(char c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
}

static bool raw_element(const char *name)
{
	for (size_t i = 0; i < sizeof raw_elements / sizeof *raw_elements; i++)
		if (strcmp(name, raw_elements[i]) == 0)
			return true;
	return false;
}

/* A URL as written in Markdown or an attribute: entities and escapes are
 * decoded by renderers, so none may stand before the scheme's end. */
static int plain_url(struct scan *sc, const char *u, size_t len, const char *where)
{
	for (size_t i = 0; i < len; i++) {
		if (u[i] == '`' || u[i] == '<' || u[i] == '>')
			return refuse(sc, "holds %s with \"%c\" in it, which renderers read"
					  " differently", where, u[i]);
	}
	for (size_t i = 0; i < len && !strchr(":/?#", u[i]); i++)
		if (u[i] == '&' || u[i] == '\\')
			return refuse(sc, "holds %s that starts with an entity or escape (\"%.40s\");"
					  " write the address plainly", where, u);
	if (!html_url_allowed(u, len))
		return refuse(sc, "links to \"%.*s\", which is not an http, https or mailto"
				  " address", (int)(len > 60 ? 60 : len), u);
	return 0;
}

/* ---- links: "](" and "]:", wherever they are (code included) ---- */

static size_t skip_space_and_one_newline(const char *s, size_t n, size_t j)
{
	while (j < n && is_blank(s[j]))
		j++;
	if (j < n && (s[j] == '\n' || s[j] == '\r')) {
		j += s[j] == '\r' && j + 1 < n && s[j + 1] == '\n' ? 2 : 1;
		while (j < n && (is_blank(s[j]) || s[j] == '>'))
			j++;
	}
	return j;
}

static int link_target(struct scan *sc, size_t j, bool inline_link)
{
	const char *s = sc->s;
	size_t n = sc->n;
	j = skip_space_and_one_newline(s, n, j);
	size_t from = j, to;
	char url[512];
	if (j < n && s[j] == '<') {
		from = ++j;
		while (j < n && s[j] != '>' && s[j] != '\n' && s[j] != '<')
			j++;
		to = j;
		if (j < n && s[j] == '>')
			j++;
	} else {
		int depth = 0;
		while (j < n && (unsigned char)s[j] > ' ') {
			if (s[j] == '\\' && j + 1 < n && is_punct(s[j + 1])) {
				j += 2;
				continue;
			}
			if (inline_link && s[j] == '(')
				depth++;
			if (inline_link && s[j] == ')' && depth-- == 0)
				break;
			j++;
		}
		to = j;
	}
	size_t len = to - from;
	if (len >= sizeof url)
		return refuse(sc, "holds a link address longer than %zu bytes", sizeof url - 1);
	memcpy(url, s + from, len);
	url[len] = '\0';
	if (len && plain_url(sc, url, len, "a link address"))
		return 1;
	/* a title: the first "`" in it could open a code span elsewhere */
	size_t t = skip_space_and_one_newline(s, n, j);
	if (t < n && (s[t] == '"' || s[t] == '\'' || s[t] == '(')) {
		char close = s[t] == '(' ? ')' : s[t];
		for (size_t k = t + 1; k < n && s[k] != close; k++) {
			if (s[k] == '\\' && k + 1 < n) {
				k++;
				continue;
			}
			if (s[k] == '`')
				return refuse(sc, "holds a link title with \"`\" in it, which renderers"
						  " read differently");
		}
	}
	return 0;
}

static int links(struct scan *sc)
{
	for (size_t i = 0; i + 1 < sc->n; i++) {
		if (sc->s[i] != ']')
			continue;
		if (sc->s[i + 1] == '(' && link_target(sc, i + 2, true))
			return 1;
		if (sc->s[i + 1] == ':' && (i + 2 >= sc->n || sc->s[i + 2] != ':') &&
		    link_target(sc, i + 2, false))
			return 1;
	}
	return 0;
}

/* ---- "<": tags, comments, autolinks ---- */

/* An HTML comment from after "<!--": 0.29 wants no ">" or "->" first and
 * no "--" before the end, 0.31 and browsers end it at the first "-->"
 * (browsers also at "--!>").  Written so, all of them end it at the same
 * place.  Returns the offset after "-->", 0 when it does not end in
 * [from, end), or (size_t)-1 refused. */
static size_t comment_end(struct scan *sc, size_t from, size_t end, bool opening)
{
	const char *s = sc->s;
	if (opening && from < end && (s[from] == '>' || (s[from] == '-' && from + 1 < end &&
							     s[from + 1] == '>'))) {
		refuse(sc, "holds \"<!-->\" or \"<!--->\", a comment to some renderers and text"
			   " to others");
		return (size_t)-1;
	}
	for (size_t k = from; k + 1 < end; k++) {
		if (s[k] != '-' || s[k + 1] != '-')
			continue;
		if (k + 2 < end && s[k + 2] == '>')
			return k + 3;
		refuse(sc, "holds \"--\" inside an HTML comment, where renderers end the comment"
			   " in different places");
		return (size_t)-1;
	}
	return 0;
}

static size_t name_end(const char *s, size_t i, size_t end, char *out, size_t out_len)
{
	size_t k = 0;
	while (i < end && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '-')) {
		if (k + 1 < out_len)
			out[k++] = lower(s[i]);
		i++;
	}
	out[k] = '\0';
	return i;
}

/* "<name attr="value" …>" or "</name>", strictly, on this line.  Returns
 * the offset after ">" or 0 refused. */
static size_t tag(struct scan *sc, size_t i, size_t end)
{
	const char *s = sc->s;
	bool closing = s[i + 1] == '/';
	char el[24], attr[24], value[512];
	size_t j = name_end(s, i + 1 + closing, end, el, sizeof el);
	if (!raw_element(el)) {
		refuse(sc, "holds raw HTML <%s%s>, which the newsletter does not allow (in running"
			   " text write \\< for a literal \"<\", or put it in `code`)",
		       closing ? "/" : "", el);
		return 0;
	}
	for (;;) {
		size_t ws = j;
		while (j < end && is_blank(s[j]))
			j++;
		if (j < end && s[j] == '>')
			return j + 1;
		if (!closing && j + 1 < end && s[j] == '/' && s[j + 1] == '>')
			return j + 2;
		if (closing || j == ws || j >= end || !(is_alpha(s[j]) || s[j] == '_' || s[j] == ':'))
			break;
		j = name_end(s, j, end, attr, sizeof attr);
		size_t vlen = 0;
		if (j < end && s[j] == '=') {
			char q = j + 1 < end ? s[j + 1] : 0;
			if (q != '"' && q != '\'') {
				refuse(sc, "holds <%s %s=…> without quotes around the value", el, attr);
				return 0;
			}
			size_t v = j + 2, ve = v;
			while (ve < end && s[ve] != q)
				ve++;
			if (ve >= end)
				break;
			vlen = ve - v;
			if (vlen >= sizeof value) {
				refuse(sc, "holds an attribute value longer than %zu bytes",
				       sizeof value - 1);
				return 0;
			}
			memcpy(value, s + v, vlen);
			j = ve + 1;
		}
		value[vlen] = '\0';
		for (size_t k = 0; k < vlen; k++) {
			if (value[k] == '<' || value[k] == '>' || value[k] == '`') {
				refuse(sc, "holds <%s %s=\"…\"> with \"%c\" in the value, which"
					   " renderers read differently", el, attr, value[k]);
				return 0;
			}
		}
		if (!html_attribute_allowed(el, attr, value)) {
			refuse(sc, "holds <%s> with the attribute %s, which the newsletter does not"
				   " allow", el, attr);
			return 0;
		}
		if ((strcmp(attr, "href") == 0 || strcmp(attr, "src") == 0) &&
		    plain_url(sc, value, vlen, "an HTML link address"))
			return 0;
	}
	refuse(sc, "holds a <%s> tag that is not written out on one line as"
		   " <%s name=\"value\">", el, el);
	return 0;
}

/* "<scheme:…>" or "<user@host>", which no reading takes for a tag. */
static bool autolink_shape(const char *s, size_t i, size_t end)
{
	size_t j = i + 1;
	while (j < end && s[j] != '>' && s[j] != '<' && (unsigned char)s[j] > ' ')
		j++;
	if (j >= end || s[j] != '>')
		return false;
	size_t colon = i + 1;
	while (colon < j && (is_alpha(s[colon]) || is_digit(s[colon]) || s[colon] == '+' ||
			     s[colon] == '-' || s[colon] == '.'))
		colon++;
	return (colon < j && s[colon] == ':' && colon - (i + 1) >= 2) ||
	       memchr(s + i + 1, '@', j - i - 1) != NULL;
}

/* "<scheme:…>" or "<user@host>": the address is the whole of it. */
static size_t autolink(struct scan *sc, size_t i, size_t end)
{
	const char *s = sc->s;
	if (!autolink_shape(s, i, end))
		return 0;   /* not an autolink; the caller judges it as a tag */
	size_t j = i + 1;
	while (s[j] != '>')
		j++;
	size_t colon = i + 1;
	while (colon < j && (is_alpha(s[colon]) || is_digit(s[colon]) || s[colon] == '+' ||
			     s[colon] == '-' || s[colon] == '.'))
		colon++;
	bool scheme = colon < j && s[colon] == ':' && colon - (i + 1) >= 2;
	char url[512];
	size_t len = j - i - 1;
	if (len >= sizeof url) {
		refuse(sc, "holds a link address longer than %zu bytes", sizeof url - 1);
		return (size_t)-1;
	}
	memcpy(url, s + i + 1, len);
	url[len] = '\0';
	if (memchr(url, '`', len) || memchr(url, '\\', len)) {
		refuse(sc, "holds <%.60s> with \"`\" or \"\\\" in it, which renderers read"
			   " differently", url);
		return (size_t)-1;
	}
	if (scheme && plain_url(sc, url, len, "an autolink"))
		return (size_t)-1;
	return j + 1;
}

/* What starts at a "<" outside code: the offset to go on from, or 0
 * refused. */
static size_t angle(struct scan *sc, size_t i, size_t end)
{
	const char *s = sc->s;
	char next = i + 1 < end ? s[i + 1] : 0;
	if (is_alpha(next)) {
		size_t a = autolink(sc, i, end);
		if (a == (size_t)-1)
			return 0;
		return a ? a : tag(sc, i, end);
	}
	if (next == '/' && i + 2 < end && is_alpha(s[i + 2]))
		return tag(sc, i, end);
	if (next == '!' && i + 3 < end && s[i + 2] == '-' && s[i + 3] == '-') {
		size_t e = comment_end(sc, i + 4, end, true);
		if (e == (size_t)-1)
			return 0;
		if (e == 0)
			refuse(sc, "holds an HTML comment in running text that does not end on its"
				   " line; start it on a line of its own");
		return e;
	}
	if (next == '!' && i + 2 < end && (is_alpha(s[i + 2]) || s[i + 2] == '[')) {
		refuse(sc, "holds \"<!%c\", a declaration to newer renderers and text to older"
			   " ones; write \\<! for the text", s[i + 2]);
		return 0;
	}
	if (next == '?') {
		refuse(sc, "holds \"<?\", which renderers pass on as raw HTML; write \\<? for the"
			   " text");
		return 0;
	}
	return i + 1;
}

/* ---- lines ---- */

/* "]()", "](<>)" or "]: <>" after a "]": a link Zola cannot build.  Only
 * outside code, where "f[i]()" is a call. */
static bool empty_target(const char *s, size_t i, size_t end)
{
	if (i >= end || (s[i] != '(' && s[i] != ':'))
		return false;
	bool inline_link = s[i] == '(';
	for (i++; i < end && is_blank(s[i]); i++)
		;
	if (i + 1 < end && s[i] == '<' && s[i + 1] == '>')
		i += 2;
	else if (!inline_link)
		return false;
	while (i < end && is_blank(s[i]))
		i++;
	return inline_link ? i < end && s[i] == ')' : i == end;
}

static int inline_text(struct scan *sc, size_t i, size_t end)
{
	const char *s = sc->s;
	while (i < end) {
		char c = s[i];
		if (c == '\\' && !sc->html_run && i + 1 < end && is_punct(s[i + 1])) {
			i += 2;
		} else if (c == '`') {
			size_t k = i;
			while (k < end && s[k] == '`')
				k++;
			size_t run = k - i, close = 0;
			for (size_t j = k; j < end && !close;) {
				size_t r = j;
				while (r < end && s[r] == '`')
					r++;
				if (r - j == run)
					close = j;
				j = r > j ? r : j + 1;
			}
			bool sure = close && !sc->html_run && !sc->tainted &&
				    !(sc->tables && memchr(s + k, '|', close - k));
			if (!close)
				sc->tainted = true;
			i = sure ? close + run : k;
		} else if (c == '[' && footnote_label(s, i, end)) {
			size_t n = footnote_label(s, i, end);
			if (footnote(sc, s + i + 2, n, false))
				return refuse(sc, "holds more than 32 footnotes");
			i += n + 3;
		} else if (c == ']' && empty_target(s, i + 1, end)) {
			return refuse(sc, "has a link without an address, which stops Zola's build");
		} else if (c == '<') {
			size_t next = angle(sc, i, end);
			if (!next)
				return 1;
			i = next;
		} else {
			i++;
		}
	}
	return 0;
}

/* Where a line's text starts after list markers, quote markers and
 * indentation; *margin is set when there were none (up to 3 spaces). */
static size_t content_start(const char *s, size_t i, size_t end, bool *margin)
{
	size_t start = i;
	*margin = true;
	for (;;) {
		size_t k = i;
		while (k < end && is_blank(s[k]))
			k++;
		if (k - start > 3 || (k < end && s[k] == '\t'))
			*margin = false;
		if (k < end && s[k] == '>') {
			*margin = false;
			i = k + 1;
			continue;
		}
		if (k < end && strchr("-*+", s[k]) && (k + 1 == end || is_blank(s[k + 1]))) {
			*margin = false;
			i = k + 1;
			continue;
		}
		size_t d = k;
		while (d < end && d - k < 9 && is_digit(s[d]))
			d++;
		if (d > k && d < end && (s[d] == '.' || s[d] == ')') &&
		    (d + 1 == end || is_blank(s[d + 1]))) {
			*margin = false;
			i = d + 1;
			continue;
		}
		return k;
	}
}

static bool rule_of(const char *s, size_t i, size_t end, char c)
{
	while (i < end && is_blank(s[i]))
		i++;
	size_t k = i;
	while (k < end && s[k] == c)
		k++;
	if (k == i)
		return false;
	while (k < end && is_blank(s[k]))
		k++;
	return k == end;
}

static size_t line_end(const char *s, size_t i, size_t n)
{
	const char *nl = memchr(s + i, '\n', n - i);
	return nl ? (size_t)(nl - s) : n;
}

static size_t trim_end(const char *s, size_t from, size_t end)
{
	while (end > from && (is_blank(s[end - 1]) || s[end - 1] == '\r'))
		end--;
	return end;
}

static bool heading_line(const char *s, size_t c, size_t end)
{
	size_t k = c;
	while (k < end && s[k] == '#' && k - c < 7)
		k++;
	return k > c && k - c <= 6 && (k == end || is_blank(s[k]));
}

/* A line like "|---|:--:|" (or "--- | ---"): only with one can a table
 * exist, and only then does a "|" split a code span into cells. */
static bool delimiter_row(const char *s, size_t i, size_t end)
{
	bool dash = false, pipe = false;
	for (; i < end; i++) {
		if (s[i] == '-')
			dash = true;
		else if (s[i] == '|')
			pipe = true;
		else if (s[i] != ':' && !is_blank(s[i]) && s[i] != '>' && s[i] != '\r')
			return false;
	}
	return dash && pipe;
}

/* Only with a delimiter row anywhere can a table exist (see delimiter_row). */
static bool has_table(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t e = line_end(s, i, n);
		if (delimiter_row(s, i, e))
			return true;
		i = e < n ? e + 1 : n;
	}
	return false;
}

/* What the lines so far have opened: a fence or an HTML comment block
 * swallows lines until its end, so no other rule reads them. */
struct block {
	enum { TEXT, FENCE, COMMENT } mode;
	char fence;
	size_t fence_len;
};

/* A line inside a fence: only its closing fence matters. */
static void fenced_line(struct scan *sc, struct block *b, size_t c, size_t end, bool margin)
{
	const char *s = sc->s;
	size_t k = c;
	while (k < end && s[k] == b->fence)
		k++;
	if (margin && k - c >= b->fence_len && k == end) {
		b->mode = TEXT;
		sc->html_run = sc->tainted = false;
	}
}

/* A line inside an HTML comment: after its "-->" the line is text again.
 * Answers 1 when refused. */
static int comment_line(struct scan *sc, struct block *b, size_t i, size_t end)
{
	size_t e = comment_end(sc, i, end, false);
	if (e == (size_t)-1)
		return 1;
	if (e) {
		b->mode = TEXT;
		sc->html_run = true;   /* the rest of the line is the HTML block's */
		if (inline_text(sc, e, end))
			return 1;
	}
	return 0;
}

/* Does the line opening at c start a fence?  At column 0 only: a fence is
 * the page's own, never a list item's. */
static bool opens_fence(const struct scan *sc, struct block *b, size_t i, size_t c, size_t end)
{
	const char *s = sc->s;
	size_t k = c;
	while (k < end && (s[k] == '`' || s[k] == '~') && s[k] == s[c])
		k++;
	if (k - c >= 3 && c == i && !sc->html_run &&
	    !(s[c] == '`' && memchr(s + k, '`', end - k))) {
		b->mode = FENCE;
		b->fence = s[c];
		b->fence_len = k - c;
		return true;
	}
	return false;
}

/* A line of text with content from c to end (i: its start, next: the next
 * line's).  Answers 1 when refused. */
static int text_line(struct scan *sc, struct block *b, size_t i, size_t c, size_t end,
		     bool margin, bool after_blank, size_t next)
{
	const char *s = sc->s;
	size_t n = sc->n;
	size_t next_end = trim_end(s, next, line_end(s, next, n));
	bool margin2;
	size_t c2 = next < n ? content_start(s, next, next_end, &margin2) : next_end;
	bool setext = next < n && (rule_of(s, c2, next_end, '=') || rule_of(s, c2, next_end, '-'));
	if (s[end - 1] == '}' && (heading_line(s, c, end) || setext))
		return refuse(sc, "has a heading that ends with \"}\", which Zola reads as"
				  " HTML attributes");
	if (s[c] == '<' && c + 1 < end &&
	    (is_alpha(s[c + 1]) || strchr("/!?", s[c + 1])) && !autolink_shape(s, c, end))
		sc->html_run = true;
	if (margin && end - c >= 4 && memcmp(s + c, "<!--", 4) == 0) {
		size_t e = comment_end(sc, c + 4, end, true);
		if (e == (size_t)-1)
			return 1;
		if (e == 0) {
			b->mode = COMMENT;   /* an HTML block to the line with "-->" */
			return 0;
		}
	}
	/* a definition only at the margin after a blank line: everywhere
	 * else some renderer reads it as a reference */
	size_t note = c == i && after_blank ? footnote_label(s, c, end) : 0;
	if (note && c + note + 3 < end && s[c + note + 3] == ':') {
		if (footnote(sc, s + c + 2, note, true))
			return refuse(sc, "holds more than 32 footnotes");
		c += note + 4;
	}
	return inline_text(sc, c, end);
}

static int notes_defined(struct scan *sc)
{
	for (size_t k = 0; k < sc->n_notes; k++)
		if (!sc->notes[k].defined)
			return refuse(sc, "has the footnote [^%.*s] without its definition (a line"
					  " \"[^%.*s]: …\")", (int)sc->notes[k].n, sc->notes[k].p,
				      (int)sc->notes[k].n, sc->notes[k].p);
	return 0;
}

int markup_bytes_check(const char *s, size_t n, char *why, size_t why_len)
{
	struct scan sc = { .s = s, .n = n, .why = why, .why_len = why_len };
	sc.tables = has_table(s, n);
	if (links(&sc))
		return 1;
	struct block b = { .mode = TEXT };
	bool blank = true;   /* the line before was blank (or there was none) */
	for (size_t i = 0; i < n;) {
		size_t nl = line_end(s, i, n), end = trim_end(s, i, nl);
		size_t first = i;
		while (first < end && is_blank(s[first]))
			first++;
		bool after_blank = blank;
		blank = first == end;
		size_t next = nl < n ? nl + 1 : n;
		bool margin;
		size_t c = content_start(s, i, end, &margin);
		if (b.mode == FENCE) {
			fenced_line(&sc, &b, c, end, margin);
		} else if (b.mode == COMMENT) {
			if (comment_line(&sc, &b, i, end))
				return 1;
		} else if (c == end) {
			sc.html_run = sc.tainted = false;
		} else if (!opens_fence(&sc, &b, i, c, end) &&
			   text_line(&sc, &b, i, c, end, margin, after_blank, next)) {
			return 1;
		}
		i = next;
	}
	return notes_defined(&sc);
}
