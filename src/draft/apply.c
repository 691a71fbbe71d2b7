/* apply.c: inserting a submission where a careful human would.
 *
 * The rules, checked against the newsletter's real history:
 *  - a "###" section appended to a section goes after its last block, or
 *    after its template comment when it has none, with one blank line on
 *    each side; list items go directly after the last item;
 *  - in a section without blocks, a gray "No … submitted" placeholder is
 *    replaced by the block; with blocks, it is removed;
 *  - {"before": NAME} puts the block right above that block;
 *  - "replace": NAME puts the block in that entry's place (an update of
 *    text already in the draft: a pre-filled project block, a fix);
 *  - add_author writes the login into the front matter's authors (or
 *    editors) list, fixing a missing comma on the entry before it;
 *  - every other byte stays as it was; the file ends with a newline in
 *    the file's own line-ending style.
 * Edits are splices on the original text, so nothing else can change.
 */
#include "draft/draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draft/merge3.h"
#include "draft/text.h"
#include "markdown/content_policy.h"
#include "util/xalloc.h"

struct edit {
	size_t off, del;
	struct buf ins;
};

struct edits {
	struct edit *v;
	size_t n, cap;
};

static struct buf *edit_add(struct edits *e, size_t off, size_t del)
{
	e->v = xgrowarray(e->v, &e->cap, e->n + 1, sizeof *e->v);
	struct edit *x = &e->v[e->n++];
	x->off = off;
	x->del = del;
	buf_init(&x->ins);
	return &x->ins;
}

static void edits_free(struct edits *e)
{
	for (size_t i = 0; i < e->n; i++)
		buf_release(&e->v[i].ins);
	free(e->v);
}

static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

static size_t line_start(const struct draft *d, size_t i)
{
	return i < d->n_lines ? d->lines[i].off : d->len;
}

static bool blank_line(const struct draft *d, size_t i)
{
	return i < d->n_lines && txt_blank(d->text + d->lines[i].off, d->lines[i].len);
}

static bool file_ends_with_newline(const struct draft *d)
{
	return d->n_lines == 0 || d->lines[d->n_lines - 1].eol != 0;
}

/* Appends LF text in the file's line-ending style. */
static void add_styled(struct buf *out, const struct draft *d, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			buf_adds(out, d->nl);
		else
			buf_addc(out, *s);
	}
}

/* Text inserted at the very end of a file that lacks its final newline
 * must start on a line of its own. */
static void prefix_if_eof(struct buf *ins, const struct draft *d, size_t off)
{
	if (off == d->len && !file_ends_with_newline(d))
		buf_adds(ins, d->nl);
}

static size_t count_blank_after(const struct draft *d, size_t line, size_t end)
{
	size_t k = 0;
	while (line + 1 + k < end && blank_line(d, line + 1 + k))
		k++;
	return k;
}

/* Last non-blank line of the section's prose (or its heading line). */
static size_t last_content_line(const struct draft *d, const struct draft_section *sec)
{
	size_t last = sec->line;
	for (size_t i = sec->line + 1; i < sec->end; i++)
		if (!blank_line(d, i))
			last = i;
	return last;
}

/* Inserts `block` after line `anchor` with one blank line before it.
 * After an existing block the blank lines that followed it stay below the
 * new one (at least one); after a template comment they are collapsed to
 * exactly one.  That is what the newsletter's history shows people do. */
static void insert_after_with_gap(struct edits *e, const struct draft *d,
				  const struct draft_section *sec, size_t anchor,
				  const char *block, bool keep_gap)
{
	size_t gap = count_blank_after(d, anchor, sec->end);
	size_t off = line_start(d, anchor + 1);
	size_t next = anchor + 1 + gap;
	size_t del = keep_gap ? 0 : line_start(d, next) - off;
	struct buf *ins = edit_add(e, off, del);
	prefix_if_eof(ins, d, off);
	buf_adds(ins, d->nl);
	add_styled(ins, d, block);
	if ((!keep_gap || gap == 0) && next < d->n_lines)
		buf_adds(ins, d->nl);
}

/* Deletes lines [first, last] and, to keep the spacing, one blank line
 * next to them. */
static void delete_lines(struct edits *e, const struct draft *d, size_t first,
			 size_t last)
{
	if (blank_line(d, last + 1))
		last++;
	else if (first > 0 && blank_line(d, first - 1))
		first--;
	edit_add(e, line_start(d, first), line_start(d, last + 1) - line_start(d, first));
}

static const struct draft_block *find_block(const struct draft_section *sec,
					    const char *name)
{
	for (size_t i = 0; i < sec->n_blocks; i++)
		if (strcmp(sec->blocks[i].name, name) == 0)
			return &sec->blocks[i];
	for (size_t i = 0; i < sec->n_blocks; i++)
		if (txt_loose_eq(sec->blocks[i].name, name))
			return &sec->blocks[i];
	return NULL;
}

static const struct draft_block *last_block_of(const struct draft_section *sec,
					       enum draft_kind k)
{
	const struct draft_block *last = NULL;
	for (size_t i = 0; i < sec->n_blocks; i++)
		if (sec->blocks[i].kind == k)
			last = &sec->blocks[i];
	return last;
}

static bool section_has_kind(const struct draft_section *sec, enum draft_kind k)
{
	return last_block_of(sec, k) != NULL;
}

static int place_block(struct edits *e, const struct draft *d,
		       const struct draft_section *sec, const char *block,
		       enum draft_kind kind, const char *before,
		       const char **field, struct buf *err)
{
	bool placeholder = sec->has_placeholder && !sec->placeholder_commented;
	if (before) {
		const struct draft_block *t = find_block(sec, before);
		if (!t) {
			return draft_fail(field, "position", err,
					  "no block named '%s' in section '%s'", before, sec->title);
		}
		struct buf *ins = edit_add(e, line_start(d, t->at.first), 0);
		add_styled(ins, d, block);
		if (kind == KIND_HEADING || t->kind == KIND_HEADING)
			buf_adds(ins, d->nl);
		if (placeholder)
			delete_lines(e, d, sec->placeholder.first, sec->placeholder.last);
		return 0;
	}
	const struct draft_block *last = last_block_of(sec, kind);
	if (last) {
		if (kind == KIND_LIST) {
			size_t off = line_start(d, last->at.last + 1);
			struct buf *ins = edit_add(e, off, 0);
			prefix_if_eof(ins, d, off);
			add_styled(ins, d, block);
		} else {
			insert_after_with_gap(e, d, sec, last->at.last, block, true);
		}
		if (placeholder)
			delete_lines(e, d, sec->placeholder.first, sec->placeholder.last);
		return 0;
	}
	if (placeholder) {
		/* the block takes the placeholder's place */
		size_t off = line_start(d, sec->placeholder.first);
		size_t end = line_start(d, sec->placeholder.last + 1);
		struct buf *ins = edit_add(e, off, end - off);
		add_styled(ins, d, block);
		return 0;
	}
	size_t anchor = sec->has_template ? sec->tmpl.last : last_content_line(d, sec);
	/* a placeholder kept inside a comment sits with the template */
	if (sec->has_template && sec->has_placeholder && sec->placeholder_commented &&
	    sec->placeholder.last > anchor)
		anchor = sec->placeholder.last;
	/* blocks of the other kind may already follow the template */
	const struct draft_block *other = sec->n_blocks ? &sec->blocks[sec->n_blocks - 1] : NULL;
	bool after_block = other && other->at.last > anchor;
	if (after_block)
		anchor = other->at.last;
	insert_after_with_gap(e, d, sec, anchor, block,
			      after_block || !sec->has_template);
	return 0;
}

/* An update: the entry named replace, from its first line to its last
 * (trailing blank lines stay), becomes the block; every other byte stays. */
static void entry_text(const struct draft *d, const struct draft_block *t, struct buf *out)
{
	size_t off = line_start(d, t->at.first), end = line_start(d, t->at.last + 1);
	for (size_t i = off; i < end; i++)
		if (d->text[i] != '\r')
			buf_addc(out, d->text[i]);
	while (out->len && out->p[out->len - 1] == '\n')
		out->p[--out->len] = '\0';
}

int draft_entry_text(const struct draft *d, const struct draft_section *sec, const char *name,
		     struct buf *out)
{
	const struct draft_block *t = sec ? find_block(sec, name) : NULL;
	if (!t)
		return -1;
	entry_text(d, t, out);
	return 0;
}

static bool same_text(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	while (na && (a[na - 1] == '\n' || a[na - 1] == '\r'))
		na--;
	while (nb && (b[nb - 1] == '\n' || b[nb - 1] == '\r'))
		nb--;
	return na == nb && memcmp(a, b, na) == 0;
}

static int replace_block(struct edits *e, const struct draft *d,
			 const struct draft_section *sec, const char *block, enum draft_kind kind,
			 const struct submission *s, const char **field, struct buf *err)
{
	const char *name = s->replace;
	const struct draft_block *t = find_block(sec, name);
	if (!t)
		return draft_fail(field, "replace", err, "no entry named '%s' in section '%s'",
				  name, sec->title);
	if (t->kind != kind)
		return draft_fail(field, "replace", err, "'%s' is %s: its update must be one too",
				  name, t->kind == KIND_LIST ? "a list item" : "a '###' section");
	/* never over someone else's change: an entry that changed since this
	 * update was written takes both changes when they do not overlap
	 * (merge3.h), and refuses when they do */
	struct buf now = BUF_INIT, merged = BUF_INIT;
	if (s->replace_base) {
		entry_text(d, t, &now);
		if (!same_text(now.p ? now.p : "", s->replace_base)) {
			enum merge3_result m = merge3(s->replace_base, block, now.p ? now.p : "",
						      &merged);
			if (m != MERGE3_CLEAN) {
				buf_release(&now);
				buf_release(&merged);
				return draft_fail(field, "replace", err,
						  "'%s' changed in the draft since this update was "
						  "written, where this update changes it too; it is "
						  "not written over the other change", name);
			}
			block = merged.p ? merged.p : "";
		}
	}
	size_t off = line_start(d, t->at.first), end = line_start(d, t->at.last + 1);
	struct buf *ins = edit_add(e, off, end - off);
	prefix_if_eof(ins, d, off);
	add_styled(ins, d, block);
	buf_release(&now);
	buf_release(&merged);
	return 0;
}

static bool has_login(const struct draft_author_slot *a, const char *login)
{
	for (size_t i = 0; i < a->n_logins; i++)
		if (strcasecmp(a->logins[i], login) == 0)
			return true;
	return false;
}

static void line_indent(const struct draft *d, size_t i, struct buf *out)
{
	const char *s = d->text + d->lines[i].off;
	for (size_t k = 0; k < d->lines[i].len && (s[k] == ' ' || s[k] == '\t'); k++)
		buf_addc(out, s[k]);
}

/* A missing comma after the last entry ("a"\n  # add yourself) is fixed. */
static void fix_comma(struct edits *e, const struct draft *d, size_t line)
{
	const char *s = d->text + d->lines[line].off;
	size_t n = d->lines[line].len;
	const char *hash = memchr(s, '#', n);
	size_t end = hash ? (size_t)(hash - s) : n;
	while (end && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	if (end && s[end - 1] == '"')
		buf_adds(edit_add(e, d->lines[line].off + end, 0), ",");
}

static void add_author(struct edits *e, const struct draft *d, const char *login)
{
	const struct draft_author_slot *a = &d->authors;
	if (a->present && has_login(a, login))
		return;
	if (!a->present) {
		size_t at = d->extra_line ? d->extra_end : d->front.last;
		while (at > d->front.first + 1 && blank_line(d, at - 1))
			at--;
		struct buf *ins = edit_add(e, line_start(d, at), 0);
		if (!d->extra_line) {
			buf_adds(ins, "[extra]");
			buf_adds(ins, d->nl);
		}
		buf_addf(ins, "authors = [\"%s\"]", login);
		buf_adds(ins, d->nl);
		return;
	}
	if (a->is_inline) {
		const char *s = d->text + d->lines[a->at.first].off;
		size_t n = d->lines[a->at.first].len;
		size_t close = n;
		while (close > 0 && s[close - 1] != ']')
			close--;
		close--; /* at ']' */
		size_t k = close;
		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		struct buf *ins = edit_add(e, d->lines[a->at.first].off + k, 0);
		if (!a->has_entries)
			buf_addf(ins, "\"%s\"", login);
		else if (s[k - 1] == ',')
			buf_addf(ins, " \"%s\"", login);
		else
			buf_addf(ins, ", \"%s\"", login);
		return;
	}
	size_t at;
	struct buf indent = BUF_INIT;
	if (a->has_marker) {
		at = a->marker_line;
		line_indent(d, at, &indent);
	} else if (a->has_entries) {
		at = a->last_entry_line + 1;
		line_indent(d, a->last_entry_line, &indent);
	} else {
		at = a->at.last;
		buf_adds(&indent, "    ");
	}
	if (a->has_entries && a->last_entry_line < at)
		fix_comma(e, d, a->last_entry_line);
	struct buf *ins = edit_add(e, line_start(d, at), 0);
	buf_addf(ins, "%s\"%s\",", indent.p, login);
	buf_adds(ins, d->nl);
	buf_release(&indent);
}

/* Is the block (modulo line endings) already in the draft? */
static bool already_there(const struct draft *d, const char *block)
{
	struct buf styled = BUF_INIT;
	add_styled(&styled, d, block);
	bool found = styled.len && memmem(d->text, d->len, styled.p, styled.len) != NULL;
	buf_release(&styled);
	return found;
}

/* Writes the edits into out and notes what each removed and added, for
 * the content check; *body_after is where the Markdown starts in out. */
static int splice(const struct draft *d, struct edits *e, struct buf *out,
		  struct content_change *chg, struct text_range *removed,
		  struct text_range *added, size_t max, struct buf *err)
{
	/* equal offsets keep their order: stable by insertion index */
	for (size_t i = 1; i < e->n; i++)
		for (size_t j = i; j > 0 && edit_cmp(&e->v[j - 1], &e->v[j]) > 0; j--) {
			struct edit t = e->v[j];
			e->v[j] = e->v[j - 1];
			e->v[j - 1] = t;
		}
	size_t pos = 0, body = line_start(d, d->front.last + 1);
	chg->body_before = body;
	chg->body_after = body;
	chg->n_removed = chg->n_added = 0;
	for (size_t i = 0; i < e->n; i++) {
		const struct edit *x = &e->v[i];
		if (x->off < pos || i >= max) {
			/* the placement rules never overlap nor make more than a
			 * few edits; if they ever do, refuse rather than write a
			 * mangled draft */
			buf_adds(err, x->off < pos ? "internal: overlapping edits; the draft is left unchanged"
						   : "internal: too many edits; the draft is left unchanged");
			buf_reset(out);
			return -1;
		}
		buf_add(out, d->text + pos, x->off - pos);
		added[chg->n_added++] = (struct text_range){ out->len, x->ins.len };
		removed[chg->n_removed++] = (struct text_range){ x->off, x->del };
		if (x->off < body)
			chg->body_after = chg->body_after + x->ins.len - x->del;
		buf_add(out, x->ins.p, x->ins.len);
		pos = x->off + x->del;
	}
	buf_add(out, d->text + pos, d->len - pos);
	if (out->len && out->p[out->len - 1] != '\n')
		buf_adds(out, d->nl);
	chg->before = d->text;
	chg->before_len = d->len;
	chg->after = out->p;
	chg->after_len = out->len;
	chg->removed = removed;
	chg->added = added;
	return 0;
}

/* Items at the start of a line: what a list entry adds to its section. */
static size_t count_items(const char *block)
{
	size_t n = 0;
	for (const char *p = block; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		n += (p[0] == '-' || p[0] == '*') && p[1] == ' ';
	return n;
}

/* The changed draft must read back, to newsdesk's own parser, as the same
 * sections with the one entry (or the items) added: what the next
 * submission and the pull-request worker will rely on. */
static bool reads_back(const struct draft *d, const struct draft_section *sec,
		       const char *text, size_t len, size_t adds)
{
	struct draft nd;
	struct buf err = BUF_INIT;
	bool ok = draft_parse(&nd, text, len, &err) == 0;
	buf_release(&err);
	if (!ok)
		return false;
	ok = nd.n_sections == d->n_sections;
	for (size_t i = 0; ok && i < d->n_sections; i++) {
		const struct draft_section *a = &d->sections[i], *b = &nd.sections[i];
		size_t want = a->n_blocks + (a == sec ? adds : 0);
		ok = strcmp(a->title, b->title) == 0 && b->n_blocks == want;
	}
	draft_free(&nd);
	return ok;
}

/* One attempt; *why (content policy) is set when the result was refused. */
static int apply_once(const struct draft *d, const struct submission *s,
		      const struct draft_site *site, struct buf *out, bool *already,
		      const char **field, struct buf *err, char why[CONTENT_WHY])
{
	*already = false;
	why[0] = '\0';
	const struct draft_section *sec =
		draft_find_section(d, s->section, site ? &site->section_aliases : NULL);
	if (!sec) {
		return draft_fail(field, "section", err, "the draft has no section '%s'",
				  s->section);
	}
	struct buf block = BUF_INIT;
	if (submission_block(s, sec, &block, field, err) < 0) {
		buf_release(&block);
		return -1;
	}
	enum draft_kind kind = strncmp(block.p, "### ", 4) == 0 ? KIND_HEADING : KIND_LIST;
	enum draft_kind other = kind == KIND_HEADING ? KIND_LIST : KIND_HEADING;
	if (section_has_kind(sec, other) && !section_has_kind(sec, kind)) {
		draft_fail(field, "block", err, "section '%s' takes %s, not %s", sec->title,
			 other == KIND_LIST ? "list items" : "'###' sections",
			 kind == KIND_LIST ? "list items" : "a '###' section");
		buf_release(&block);
		return -1;
	}
	if (already_there(d, block.p)) {
		*already = true;
		buf_add(out, d->text, d->len);
		buf_release(&block);
		return 0;
	}
	struct edits e = { 0 };
	size_t adds = s->replace ? 0 : kind == KIND_HEADING ? 1 : count_items(block.p);
	int rc = s->replace ? replace_block(&e, d, sec, block.p, kind, s, field, err)
			    : place_block(&e, d, sec, block.p, kind, s->before, field, err);
	buf_release(&block);
	if (rc == 0 && s->add_author)
		add_author(&e, d, s->author);
	struct content_change chg = {
		.shape = kind == KIND_HEADING ? ENTRY_HEADING : ENTRY_LIST,
		.template_anchors = site ? &site->template_anchors : NULL,
	};
	struct text_range removed[8], added[8];
	if (rc == 0)
		rc = splice(d, &e, out, &chg, removed, added, 8, err);
	edits_free(&e);
	if (rc < 0)
		return -1;
	int verdict = content_check_change(&chg, why);
	if (verdict == 0 && !reads_back(d, sec, out->p, out->len, adds)) {
		snprintf(why, CONTENT_WHY, "would not read back as one entry of section '%s'",
			 sec->title);
		verdict = 1;
	}
	if (verdict != 0) {
		buf_reset(out);
		if (verdict < 0)
			buf_adds(err, "internal: the changed draft could not be rendered");
		return -1;
	}
	return 0;
}

/* Which field made a structured entry fail the content check: the name
 * alone, then with the link, then the rest. */
static const char *blame(const struct draft *d, const struct submission *s,
			 const struct draft_site *site)
{
	static char example[] = "https://example.com/";
	struct submission t = *s;
	t.body = NULL;
	t.written_by = false;
	t.add_author = false;
	t.url = example;
	struct buf out = BUF_INIT, err = BUF_INIT;
	bool already;
	char why[CONTENT_WHY];
	const char *field = "body";
	if (apply_once(d, &t, site, &out, &already, NULL, &err, why) < 0 && why[0]) {
		field = "name";
	} else if (s->url) {
		buf_reset(&out);
		t.url = s->url;
		if (apply_once(d, &t, site, &out, &already, NULL, &err, why) < 0 && why[0])
			field = "url";
	}
	buf_release(&out);
	buf_release(&err);
	return field;
}

static int apply_entry(const struct draft *d, const struct submission *s,
		       const struct draft_site *site, struct buf *out, bool *already,
		       const char **field, struct buf *err)
{
	char why[CONTENT_WHY];
	if (apply_once(d, s, site, out, already, field, err, why) == 0)
		return 0;
	if (why[0]) {
		const char *who = s->block ? "block" : blame(d, s, site);
		draft_fail(field, who, err, "%s", why);
	}
	return -1;
}

/* "entries[i].x" for the entry at fault (draft_fail names x alone) */
static _Thread_local char failed_entry[48];

static int entry_failed(const char **field, size_t i)
{
	if (field) {
		snprintf(failed_entry, sizeof failed_entry, "entries[%zu]%s%s", i,
			 *field ? "." : "", *field ? *field : "");
		*field = failed_entry;
	}
	return -1;
}

int draft_apply(const struct draft *d, const struct submission *s,
		const struct draft_site *site, struct buf *out, bool *already,
		const char **field, struct buf *err)
{
	struct submission first = *s;
	first.n_more = 0;
	if (apply_entry(d, &first, site, out, already, field, err) < 0)
		return s->n_more ? entry_failed(field, 0) : -1;
	/* the others, each into the draft the one before it made */
	for (size_t i = 0; i < s->n_more; i++) {
		struct draft next;
		struct buf text = BUF_INIT;
		buf_add(&text, out->p ? out->p : "", out->len);
		bool again = false;
		int rc = draft_parse(&next, text.p ? text.p : "", text.len, err);
		if (rc == 0) {
			buf_reset(out);
			rc = apply_entry(&next, &s->more[i], site, out, &again, field, err);
			draft_free(&next);
		}
		buf_release(&text);
		if (rc < 0)
			return entry_failed(field, i + 1);
		*already = *already && again;
	}
	return 0;
}
