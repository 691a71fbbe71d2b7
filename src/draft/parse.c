/* parse.c: a monthly draft as front matter, "##" sections and their blocks.
 *
 * Headings inside HTML comments and code fences are not structure.  A
 * section's blocks are its "### " sections, or its top-level "- " items
 * with their indented continuation lines.  Template comments
 * (<!-- … template … -->) and gray "No … submitted/proposed" placeholders
 * are recorded so that an insertion can go after the one and replace the
 * other.
 */
#include "draft/draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft/text.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum line_class {
	L_TEXT, L_BLANK, L_COMMENT, L_FENCE, L_H2, L_H3, L_ITEM, L_PLACEHOLDER,
};

struct region {              /* an HTML comment spanning whole lines */
	struct draft_span at;
	bool is_template;
	bool is_placeholder;
};

struct scan {
	struct draft *d;
	enum line_class *cls;
	struct region *regions;
	size_t n_regions, cap_regions;
	size_t *region_at;       /* line -> region index + 1, or 0 */
};

static const char *line_p(const struct draft *d, size_t i) { return d->text + d->lines[i].off; }
static size_t line_n(const struct draft *d, size_t i) { return d->lines[i].len; }

static bool line_trim_is(const struct draft *d, size_t i, const char *want)
{
	const char *s = line_p(d, i);
	size_t n = line_n(d, i);
	txt_trim(&s, &n);
	return n == strlen(want) && memcmp(s, want, n) == 0;
}

static void split_lines(struct draft *d)
{
	size_t cap = 0;
	for (size_t off = 0; off < d->len; ) {
		const char *nl = memchr(d->text + off, '\n', d->len - off);
		size_t end = nl ? (size_t)(nl - d->text) : d->len;
		struct draft_line l = { off, end - off, nl ? 1 : 0 };
		if (nl && l.len > 0 && d->text[end - 1] == '\r') {
			l.len--;
			l.eol = 2;
		}
		d->lines = xgrowarray(d->lines, &cap, d->n_lines + 1, sizeof *d->lines);
		d->lines[d->n_lines++] = l;
		off = end + (nl ? 1 : 0);
	}
	d->nl = d->n_lines && d->lines[0].eol == 2 ? "\r\n" : "\n";
}

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

/* date = 2024-05-08 (bare, quoted, or with a time): the issue is out;
 * a draft keeps 0000-01-01 until then */
static void find_date(struct draft *d, const char *s, size_t n)
{
	size_t i = 4;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '=')
		return;
	for (i++; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '\''); i++)
		;
	if (n - i < 10)
		return;
	const char *v = s + i;
	for (int k = 0; k < 10; k++)
		if (k == 4 || k == 7 ? v[k] != '-' : (v[k] < '0' || v[k] > '9'))
			return;
	memcpy(d->date, v, 10);
	d->date[10] = '\0';
	d->published = strncmp(v, "0000", 4) != 0;
}

/* "March 2023" (in month = "…" or the title) -> "2023-03" */
static void find_month(struct draft *d, const char *s, size_t n)
{
	for (size_t m = 0; m < 12 && !d->month[0]; m++) {
		size_t ml = strlen(month_names[m]);
		for (size_t i = 0; i + ml + 5 <= n; i++) {
			if (!txt_contains_ci(s + i, ml, month_names[m]))
				continue;
			const char *y = s + i + ml;
			if (*y == ',')
				y++;
			if (*y != ' ')
				continue;
			y++;
			if ((size_t)(y - s) + 4 <= n && y[0] >= '1' && y[0] <= '2' &&
			    y[1] >= '0' && y[1] <= '9' && y[2] >= '0' && y[2] <= '9' &&
			    y[3] >= '0' && y[3] <= '9') {
				snprintf(d->month, sizeof d->month, "%.4s-%02zu", y, m + 1);
				break;
			}
		}
	}
}

/* The first "…" string of s (no escapes: GitHub logins need none). */
static char *first_quoted(const char *s, size_t n, size_t *after)
{
	const char *q = memchr(s, '"', n);
	if (!q)
		return NULL;
	const char *e = memchr(q + 1, '"', n - (size_t)(q + 1 - s));
	if (!e)
		return NULL;
	if (after)
		*after = (size_t)(e + 1 - s);
	return xstrndup(q + 1, (size_t)(e - q - 1));
}

static void slot_clear(struct draft_author_slot *a)
{
	for (size_t i = 0; i < a->n_logins; i++)
		free(a->logins[i]);
	free(a->logins);
	memset(a, 0, sizeof *a);
}

static void add_login(struct draft_author_slot *a, char *login, size_t *cap)
{
	a->logins = xgrowarray(a->logins, cap, a->n_logins + 1, sizeof *a->logins);
	a->logins[a->n_logins++] = login;
}

/* key = [ ... ] on one line or over several; the slot the first of
 * authors/editors found gives, authors preferred. */
static void find_author_slot(struct draft *d, const char *key)
{
	struct draft_author_slot *a = &d->authors;
	size_t cap = 0;
	for (size_t i = d->front.first + 1; i < d->front.last; i++) {
		const char *s = line_p(d, i);
		size_t n = line_n(d, i);
		txt_trim(&s, &n);
		size_t kl = strlen(key);
		if (n <= kl || memcmp(s, key, kl) != 0)
			continue;
		size_t k = kl;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k >= n || s[k] != '=')
			continue;
		k++;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k >= n || s[k] != '[')
			continue;
		a->present = true;
		a->key = key;
		a->at.first = i;
		if (memchr(s + k, ']', n - k)) {
			a->is_inline = true;
			a->at.last = i;
			size_t pos = k, after;
			char *login;
			while ((login = first_quoted(s + pos, n - pos, &after))) {
				add_login(a, login, &cap);
				a->has_entries = true;
				a->last_entry_line = i;
				pos += after;
			}
			return;
		}
		for (size_t j = i + 1; j < d->front.last; j++) {
			const char *t = line_p(d, j);
			size_t tn = line_n(d, j);
			txt_trim(&t, &tn);
			if (tn && t[0] == ']') {
				a->at.last = j;
				return;
			}
			if (tn && t[0] == '#') {
				if (txt_contains_ci(t, tn, "add yourself") && !a->has_marker) {
					a->has_marker = true;
					a->marker_line = j;
				}
				continue;
			}
			char *login = first_quoted(t, tn, NULL);
			if (login) {
				add_login(a, login, &cap);
				a->has_entries = true;
				a->last_entry_line = j;
			}
		}
		/* no closing bracket: not a slot we can edit safely */
		slot_clear(a);
		return;
	}
}

static int parse_front_matter(struct draft *d, struct buf *err)
{
	if (d->n_lines == 0 || !line_trim_is(d, 0, "+++")) {
		buf_adds(err, "draft has no front matter (a '+++' line must open the file)");
		return -1;
	}
	size_t close = 0;
	for (size_t i = 1; i < d->n_lines && !close; i++)
		if (line_trim_is(d, i, "+++"))
			close = i;
	if (!close) {
		buf_adds(err, "draft front matter is not closed by a '+++' line");
		return -1;
	}
	d->front.first = 0;
	d->front.last = close;
	for (size_t i = 1; i < close; i++) {
		const char *s = line_p(d, i);
		size_t n = line_n(d, i);
		txt_trim(&s, &n);
		if (n && s[0] == '[') {
			if (d->extra_line && !d->extra_end)
				d->extra_end = i;
			if (line_trim_is(d, i, "[extra]"))
				d->extra_line = i;
		}
		if (txt_starts(s, n, "month") || txt_starts(s, n, "title"))
			find_month(d, s, n);
		if (txt_starts(s, n, "date"))
			find_date(d, s, n);
	}
	if (d->extra_line && !d->extra_end)
		d->extra_end = close;
	find_author_slot(d, "authors");
	if (!d->authors.present) {
		slot_clear(&d->authors);
		find_author_slot(d, "editors");
	}
	return 0;
}

static bool is_fence(const char *s, size_t n, char *marker)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (n - i >= 3 && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0)) {
		*marker = s[i];
		return true;
	}
	return false;
}

static bool is_placeholder_text(const char *s, size_t n)
{
	return txt_contains_ci(s, n, "no ") &&
	       (txt_contains_ci(s, n, "submitted") || txt_contains_ci(s, n, "proposed"));
}

static void add_region(struct scan *sc, size_t first, size_t last)
{
	struct draft *d = sc->d;
	sc->regions = xgrowarray(sc->regions, &sc->cap_regions, sc->n_regions + 1,
				 sizeof *sc->regions);
	struct region *r = &sc->regions[sc->n_regions++];
	memset(r, 0, sizeof *r);
	r->at.first = first;
	r->at.last = last;
	size_t from = d->lines[first].off;
	size_t to = d->lines[last].off + d->lines[last].len;
	r->is_template = txt_contains_ci(d->text + from, to - from, "template");
	r->is_placeholder = txt_contains_ci(d->text + from, to - from, "class=\"gray\"") &&
			    is_placeholder_text(d->text + from, to - from);
	for (size_t i = first; i <= last; i++)
		sc->region_at[i] = sc->n_regions;
}

/* Where the line scan stands: inside an HTML comment or a code fence. */
struct line_state {
	bool in_comment, in_fence;
	char fence;
	size_t comment_start;
};

static const char *find(const char *s, size_t n, const char *what)
{
	size_t w = strlen(what);
	for (size_t k = 0; k + w <= n; k++)
		if (memcmp(s + k, what, w) == 0)
			return s + k;
	return NULL;
}

/* A line outside comments and fences: a comment may open on it, and it
 * may be a heading or a list item. */
static enum line_class classify_open_line(struct scan *sc, size_t i, const char *s, size_t n,
					  struct line_state *st)
{
	const char *t = s;
	size_t tn = n;
	txt_trim(&t, &tn);
	const char *open = find(s, n, "<!--");
	bool closes = open && find(open + 4, (size_t)(s + n - open - 4), "-->");
	if (open && open == t) {
		if (closes) {
			add_region(sc, i, i);
		} else {
			st->in_comment = true;
			st->comment_start = i;
		}
		return L_COMMENT;
	}
	if (open && !closes) {
		st->in_comment = true;
		st->comment_start = i;
	}
	if (txt_starts(s, n, "## "))
		return L_H2;
	if (txt_starts(s, n, "### "))
		return L_H3;
	if (txt_starts(s, n, "- ") || txt_starts(s, n, "* ") ||
	    (n == 1 && (s[0] == '-' || s[0] == '*')))
		return L_ITEM;
	return L_TEXT;
}

static enum line_class classify_line(struct scan *sc, size_t i, struct line_state *st)
{
	const char *s = line_p(sc->d, i);
	size_t n = line_n(sc->d, i);
	char m;
	if (st->in_fence) {
		if (is_fence(s, n, &m) && m == st->fence)
			st->in_fence = false;
		return L_FENCE;
	}
	if (st->in_comment) {
		if (find(s, n, "-->")) {
			st->in_comment = false;
			add_region(sc, st->comment_start, i);
		}
		return L_COMMENT;
	}
	if (txt_blank(s, n))
		return L_BLANK;
	if (is_fence(s, n, &st->fence)) {
		st->in_fence = true;
		return L_FENCE;
	}
	return classify_open_line(sc, i, s, n, st);
}

/* Uncommented gray placeholders: one line, or a <span class="gray"> block
 * of up to 8 lines that says "No … submitted/proposed". */
static void mark_placeholders(struct scan *sc)
{
	struct draft *d = sc->d;
	for (size_t i = d->front.last + 1; i < d->n_lines; i++) {
		if (sc->cls[i] != L_TEXT)
			continue;
		const char *s = line_p(d, i);
		size_t n = line_n(d, i);
		if (!txt_contains_ci(s, n, "class=\"gray\""))
			continue;
		size_t last = i;
		if (!is_placeholder_text(s, n)) {
			if (txt_contains_ci(s, n, "</span>"))
				continue;
			bool found = false;
			for (size_t j = i + 1; j < d->n_lines && j <= i + 8; j++) {
				if (sc->cls[j] == L_H2 || sc->cls[j] == L_H3)
					break;
				if (is_placeholder_text(line_p(d, j), line_n(d, j)))
					found = true;
				if (txt_contains_ci(line_p(d, j), line_n(d, j), "</span>")) {
					last = j;
					break;
				}
			}
			if (!found || last == i)
				continue;
		}
		for (size_t j = i; j <= last; j++)
			sc->cls[j] = L_PLACEHOLDER;
	}
}

/* Classifies every body line, tracking comments and fences. */
static void classify(struct scan *sc)
{
	struct line_state st = { 0 };
	for (size_t i = sc->d->front.last + 1; i < sc->d->n_lines; i++)
		sc->cls[i] = classify_line(sc, i, &st);
	mark_placeholders(sc);
}

static char *block_name(const struct draft *d, size_t line, size_t skip)
{
	const char *s = line_p(d, line) + skip;
	size_t n = line_n(d, line) - skip;
	const char *t;
	size_t tn;
	struct buf b = BUF_INIT;
	if (txt_first_link(s, n, &t, &tn, NULL, NULL)) {
		txt_add_without_backticks(&b, t, tn);
	} else {
		txt_trim(&s, &n);
		buf_add(&b, s, n);
	}
	return buf_detach(&b, NULL);
}

static void add_block(struct draft_section *sec, size_t *cap, enum draft_kind k,
		      size_t first, size_t last, char *name)
{
	sec->blocks = xgrowarray(sec->blocks, cap, sec->n_blocks + 1, sizeof *sec->blocks);
	struct draft_block *b = &sec->blocks[sec->n_blocks++];
	b->kind = k;
	b->at.first = first;
	b->at.last = last;
	b->name = name;
}

static char *region_inner(const struct draft *d, const struct region *r)
{
	size_t from = d->lines[r->at.first].off;
	size_t to = d->lines[r->at.last].off + d->lines[r->at.last].len;
	const char *s = d->text + from;
	size_t n = to - from;
	const char *open = NULL;
	for (size_t k = 0; k + 4 <= n && !open; k++)
		if (memcmp(s + k, "<!--", 4) == 0)
			open = s + k;
	if (open) {
		n -= (size_t)(open + 4 - s);
		s = open + 4;
	}
	for (size_t k = n; k >= 3; k--)
		if (memcmp(s + k - 3, "-->", 3) == 0) {
			n = k - 3;
			break;
		}
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < n; k++)
		if (s[k] != '\r')
			buf_addc(&b, s[k]);
	/* trim blank space around */
	size_t start = 0;
	while (start < b.len && (b.p[start] == '\n' || b.p[start] == ' ' || b.p[start] == '\t'))
		start++;
	size_t end = b.len;
	while (end > start && (b.p[end - 1] == '\n' || b.p[end - 1] == ' ' || b.p[end - 1] == '\t'))
		end--;
	char *out = xstrndup(b.p + start, end - start);
	buf_release(&b);
	return out;
}

static enum draft_kind template_kind(const char *t)
{
	for (const char *line = t; line && *line; ) {
		const char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (strncmp(s, "### ", 4) == 0)
			return KIND_HEADING;
		if (strncmp(s, "- ", 2) == 0)
			return KIND_LIST;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return KIND_NONE;
}

static char *written_by_class(const char *t)
{
	const char *w = strstr(t, "(Section written by");
	if (!w)
		return NULL;
	const char *cls = NULL;
	for (const char *p = t; p < w; p++)
		if (strncmp(p, "<span class=\"", 13) == 0)
			cls = p + 13;
	if (!cls)
		return NULL;
	const char *e = strchr(cls, '"');
	return e && e < w ? xstrndup(cls, (size_t)(e - cls)) : NULL;
}

static bool indented(const struct draft *d, size_t i)
{
	return line_n(d, i) > 0 && (line_p(d, i)[0] == ' ' || line_p(d, i)[0] == '\t');
}

/* A list item runs over indented lines, lazy continuation lines right after
 * text, and blank lines that more indented lines follow. */
static size_t item_end(const struct scan *sc, size_t first, size_t end)
{
	const struct draft *d = sc->d;
	size_t last = first;
	for (size_t i = first + 1; i < end; i++) {
		enum line_class c = sc->cls[i];
		if (c == L_BLANK) {
			size_t j = i;
			while (j < end && sc->cls[j] == L_BLANK)
				j++;
			if (j < end && indented(d, j) && sc->cls[j] != L_H2) {
				i = j - 1;
				continue;
			}
			break;
		}
		if (indented(d, i) && c != L_PLACEHOLDER) {
			last = i;
			continue;
		}
		if (c == L_TEXT && last == i - 1 && !txt_starts(line_p(d, i), line_n(d, i), "<")) {
			last = i;
			continue;
		}
		if (c == L_FENCE && last == i - 1) {
			last = i;
			continue;
		}
		break;
	}
	return last;
}

static void parse_section(struct scan *sc, struct draft_section *sec)
{
	struct draft *d = sc->d;
	size_t cap = 0;
	bool in_heading = false;
	size_t hb_first = 0, hb_last = 0;
	enum draft_kind hint = KIND_NONE;

	for (size_t i = sec->line + 1; i < sec->end; i++) {
		size_t reg = sc->region_at[i];
		const struct region *r = reg ? &sc->regions[reg - 1] : NULL;
		bool region_start = r && r->at.first == i;
		if (region_start && r->is_template && !sec->has_template) {
			sec->has_template = true;
			sec->tmpl = r->at;
			sec->template_text = region_inner(d, r);
			hint = template_kind(sec->template_text);
			sec->written_by_class = written_by_class(sec->template_text);
		}
		if (region_start && r->is_placeholder && !sec->has_placeholder) {
			sec->has_placeholder = true;
			sec->placeholder_commented = true;
			sec->placeholder = r->at;
		}
		if (sc->cls[i] == L_PLACEHOLDER && !sec->has_placeholder) {
			sec->has_placeholder = true;
			sec->placeholder.first = i;
			while (i + 1 < sec->end && sc->cls[i + 1] == L_PLACEHOLDER)
				i++;
			sec->placeholder.last = i;
		}
		if (in_heading) {
			bool stop = sc->cls[i] == L_H3 || sc->cls[i] == L_PLACEHOLDER ||
				    (region_start && (r->is_template || r->is_placeholder));
			if (!stop) {
				if (sc->cls[i] != L_BLANK)
					hb_last = r ? r->at.last : i;
				if (r)
					i = r->at.last;
				continue;
			}
			add_block(sec, &cap, KIND_HEADING, hb_first, hb_last,
				  block_name(d, hb_first, 4));
			in_heading = false;
		}
		if (r) {
			i = r->at.last;
			continue;
		}
		if (sc->cls[i] == L_H3) {
			in_heading = true;
			hb_first = hb_last = i;
		} else if (sc->cls[i] == L_ITEM) {
			size_t last = item_end(sc, i, sec->end);
			add_block(sec, &cap, KIND_LIST, i, last,
				  block_name(d, i, line_n(d, i) > 1 ? 2 : 1));
			i = last;
		}
	}
	if (in_heading)
		add_block(sec, &cap, KIND_HEADING, hb_first, hb_last,
			  block_name(d, hb_first, 4));
	sec->kind = hint;
	for (size_t b = 0; b < sec->n_blocks; b++)
		if (sec->blocks[b].kind == KIND_HEADING)
			sec->kind = KIND_HEADING;
	if (sec->kind != KIND_HEADING && sec->n_blocks)
		sec->kind = KIND_LIST;
}

static void parse_sections(struct scan *sc)
{
	struct draft *d = sc->d;
	size_t cap = 0;
	for (size_t i = d->front.last + 1; i < d->n_lines; i++) {
		if (sc->cls[i] != L_H2)
			continue;
		d->sections = xgrowarray(d->sections, &cap, d->n_sections + 1,
					 sizeof *d->sections);
		struct draft_section *sec = &d->sections[d->n_sections++];
		memset(sec, 0, sizeof *sec);
		sec->line = i;
		const char *t = line_p(d, i) + 3;
		size_t tn = line_n(d, i) - 3;
		txt_trim(&t, &tn);
		sec->title = xstrndup(t, tn);
	}
	for (size_t k = 0; k < d->n_sections; k++) {
		struct draft_section *sec = &d->sections[k];
		sec->end = k + 1 < d->n_sections ? d->sections[k + 1].line : d->n_lines;
		parse_section(sc, sec);
	}
}

int draft_parse(struct draft *d, const char *text, size_t len, struct buf *err)
{
	memset(d, 0, sizeof *d);
	if (len > DRAFT_MAX_BYTES) {
		buf_addf(err, "draft is larger than %u bytes", DRAFT_MAX_BYTES);
		return -1;
	}
	size_t bad;
	if (!utf8_valid(text, len, &bad)) {
		buf_addf(err, "draft is not valid UTF-8 (byte %zu)", bad);
		return -1;
	}
	d->text = text;
	d->len = len;
	split_lines(d);
	if (parse_front_matter(d, err) < 0) {
		draft_free(d);
		return -1;
	}
	struct scan sc = { .d = d };
	sc.cls = xcalloc(d->n_lines + 1, sizeof *sc.cls);
	sc.region_at = xcalloc(d->n_lines + 1, sizeof *sc.region_at);
	classify(&sc);
	parse_sections(&sc);
	free(sc.cls);
	free(sc.region_at);
	free(sc.regions);
	return 0;
}

void draft_free(struct draft *d)
{
	for (size_t i = 0; i < d->n_sections; i++) {
		struct draft_section *s = &d->sections[i];
		for (size_t b = 0; b < s->n_blocks; b++)
			free(s->blocks[b].name);
		free(s->blocks);
		free(s->title);
		free(s->template_text);
		free(s->written_by_class);
	}
	free(d->sections);
	slot_clear(&d->authors);
	free(d->lines);
	memset(d, 0, sizeof *d);
}

const char *draft_kind_name(enum draft_kind k)
{
	return k == KIND_HEADING ? "heading" : k == KIND_LIST ? "list" : NULL;
}

const struct draft_section *draft_find_section(const struct draft *d,
					       const char *title,
					       const struct strmap *aliases)
{
	for (size_t i = 0; i < d->n_sections; i++)
		if (strcmp(d->sections[i].title, title) == 0)
			return &d->sections[i];
	for (size_t a = 0; aliases && a < aliases->n; a++)
		if (strcmp(aliases->keys[a], title) == 0 ||
		    txt_loose_eq(aliases->keys[a], title))
			for (size_t i = 0; i < d->n_sections; i++)
				if (strcmp(d->sections[i].title, aliases->vals[a]) == 0 ||
				    txt_loose_eq(d->sections[i].title, aliases->vals[a]))
					return &d->sections[i];
	for (size_t i = 0; i < d->n_sections; i++)
		if (txt_loose_eq(d->sections[i].title, title))
			return &d->sections[i];
	return NULL;
}
