/* submission.c: a submission from JSON, and the Markdown block it inserts */
#include "draft/draft.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "draft/text.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void submission_free(struct submission *s)
{
	free(s->section);
	free(s->block);
	free(s->name);
	free(s->url);
	free(s->body);
	free(s->author);
	free(s->before);
	free(s->replace);
	free(s->replace_base);
	for (size_t i = 0; i < s->n_more; i++)
		submission_free(&s->more[i]);
	free(s->more);
	memset(s, 0, sizeof *s);
}

static int field_fail(const char **field, const char *name, struct buf *err,
		      const char *msg)
{
	return draft_fail(field, name, err, "%s", msg);
}

static bool one_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Copies an optional string field; max in bytes; single-line when asked. */
static int get_string(json_t *o, const char *key, size_t max, bool single,
		      char **out, const char **field, struct buf *err)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return field_fail(field, key, err, "must be a string");
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	if (n > max) {
		char msg[64];
		snprintf(msg, sizeof msg, "is longer than %zu bytes", max);
		return field_fail(field, key, err, msg);
	}
	if (strlen(s) != n)
		return field_fail(field, key, err, "must not contain NUL characters");
	if (single && !one_line(s))
		return field_fail(field, key, err, "must be a single line");
	*out = xstrdup(s);
	return 0;
}

static int get_bool(json_t *o, const char *key, bool *out, const char **field,
		    struct buf *err)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return field_fail(field, key, err, "must be true or false");
	*out = json_is_true(v);
	return 0;
}

/* '<' before a letter, '/', '!' or '?' starts a tag or comment in HTML. */
/* A "<" that could open a tag outside `code` (the draft's titles hold
 * Rust generics in code: `Option<Handle>`).  What the whole entry makes
 * of it is judged again in its place (markdown/markup_bytes.h). */
static bool has_tag(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '`') {
			size_t run = strspn(p, "`");
			const char *close = p + run;
			while ((close = strchr(close, '`')) && strspn(close, "`") != run)
				close += strspn(close, "`");
			p = close ? close + run - 1 : p + run - 1;
			continue;
		}
		if (*p != '<')
			continue;
		unsigned char c = (unsigned char)p[1];
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return true;
		if (c == '/' || c == '!' || c == '?')
			return true;
	}
	return false;
}

static bool blank_str(const char *s)
{
	return !s || txt_blank(s, strlen(s));
}

/* A field this version does not know is refused, not ignored: it would
 * be a contributor's text that silently goes nowhere. */
static int known_fields_only(json_t *o, const char **field, struct buf *err)
{
	static const char *const known[] = { "section", "block", "name", "url", "body",
					     "author", "written_by", "add_author",
					     "position", "replace", "replace_base" };
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			ok = ok || strcmp(key, known[i]) == 0;
		if (!ok) {
			draft_fail(field, "submission", err, "unknown field");
			return -1;
		}
	}
	return 0;
}

/* "position": "end" (the default) or {"before": NAME}. */
static int read_position(json_t *o, struct submission *s, const char **field,
			 struct buf *err)
{
	json_t *pos = json_object_get(o, "position");
	if (!pos || json_is_null(pos))
		return 0;
	if (json_is_string(pos) && strcmp(json_string_value(pos), "end") == 0)
		return 0;
	if (json_is_object(pos) && json_object_size(pos) == 1 &&
	    json_is_string(json_object_get(pos, "before"))) {
		if (get_string(pos, "before", NAME_MAX_BYTES, true, &s->before, field, err) < 0)
			return -1;
		if (blank_str(s->before))
			return field_fail(field, "position", err, "\"before\" needs a block name");
		return 0;
	}
	return field_fail(field, "position", err, "must be \"end\" or {\"before\": NAME}");
}

/* The entry itself: a whole block, or a name (plain text) with an
 * optional link and body. */
static int check_entry(const struct submission *s, const char **field, struct buf *err)
{
	bool structured = s->name || s->url || s->body;
	if (s->block && structured)
		return field_fail(field, "block", err,
				  "give either a block or name/url/body, not both");
	if (s->block) {
		if (blank_str(s->block))
			return field_fail(field, "block", err, "is empty");
		if (s->written_by)
			return field_fail(field, "written_by", err,
					  "only works with name/url/body (write the line"
					  " into the block instead)");
		return 0;
	}
	if (blank_str(s->name))
		return field_fail(field, "name", err, "is required (or give a block)");
	if (has_tag(s->name))
		return field_fail(field, "name", err,
				  "is plain text: raw HTML is not allowed in a name (markup goes"
				  " in the body)");
	if (s->url && !valid_http_url(s->url))
		return field_fail(field, "url", err, "must be an http:// or https:// URL");
	return 0;
}

static int check_fields(json_t *o, struct submission *s, const char **field,
			struct buf *err)
{
	if (known_fields_only(o, field, err) < 0)
		return -1;
	if (get_string(o, "section", NAME_MAX_BYTES, true, &s->section, field, err) < 0 ||
	    get_string(o, "block", BLOCK_MAX_BYTES, false, &s->block, field, err) < 0 ||
	    get_string(o, "name", NAME_MAX_BYTES, true, &s->name, field, err) < 0 ||
	    get_string(o, "url", URL_MAX_BYTES, true, &s->url, field, err) < 0 ||
	    get_string(o, "body", BLOCK_MAX_BYTES, false, &s->body, field, err) < 0 ||
	    get_string(o, "author", 64, true, &s->author, field, err) < 0 ||
	    get_bool(o, "written_by", &s->written_by, field, err) < 0 ||
	    get_bool(o, "add_author", &s->add_author, field, err) < 0 ||
	    get_string(o, "replace", NAME_MAX_BYTES, true, &s->replace, field, err) < 0 ||
	    get_string(o, "replace_base", BLOCK_MAX_BYTES, false, &s->replace_base, field, err) < 0)
		return -1;
	if (s->replace_base && !s->replace)
		return field_fail(field, "replace_base", err, "goes with replace only");
	if (s->replace && blank_str(s->replace))
		return field_fail(field, "replace", err, "needs the name of an entry of the section");
	if (read_position(o, s, field, err) < 0)
		return -1;
	if (s->replace && s->before)
		return field_fail(field, "position", err,
				  "an entry that replaces another takes its place: give no position");
	if (blank_str(s->section))
		return field_fail(field, "section", err, "is required");
	if (blank_str(s->author))
		return field_fail(field, "author", err, "is required");
	if (!valid_github_login(s->author))
		return field_fail(field, "author", err,
				  "is not a valid GitHub login (letters, digits and single"
				  " hyphens, at most 39 characters)");
	return check_entry(s, field, err);
}

int submission_from_json(struct submission *s, const char *json, size_t len,
			 const char **field, struct buf *err)
{
	memset(s, 0, sizeof *s);
	if (len > SUBMISSION_MAX_BYTES) {
		return draft_fail(field, "submission", err, "larger than %u bytes",
				  SUBMISSION_MAX_BYTES);
	}
	size_t bad;
	if (!utf8_valid(json, len, &bad)) {
		return draft_fail(field, "submission", err, "not valid UTF-8 (byte %zu)", bad);
	}
	json_error_t jerr;
	json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o || !json_is_object(o)) {
		if (o)
			draft_fail(field, "submission", err, "must be a JSON object");
		else
			draft_fail(field, "submission", err, "not valid JSON (line %d, column %d)",
				   jerr.line, jerr.column);
		json_decref(o);
		return -1;
	}
	int rc = submission_from_object(s, o, field, err);
	json_decref(o);
	return rc;
}

/* "entries[i].name": the entry at fault, for the field a refusal names */
static _Thread_local char entry_field[48];

static int entry_fail(const char **field, size_t i)
{
	if (field) {
		snprintf(entry_field, sizeof entry_field, "entries[%zu]%s%s", i, *field ? "." : "",
			 *field ? *field : "");
		*field = entry_field;
	}
	return -1;
}

/* One element of "entries": a submission's fields under the submission's
 * own author. */
static int one_entry(json_t *e, json_t *author, size_t i, struct submission *s,
		     const char **field, struct buf *err)
{
	if (!json_is_object(e)) {
		*s = (struct submission){ 0 };
		draft_fail(field, NULL, err, "must be an object");
		return entry_fail(field, i);
	}
	if (json_object_get(e, "author") || json_object_get(e, "entries")) {
		*s = (struct submission){ 0 };
		draft_fail(field, json_object_get(e, "author") ? "author" : "entries", err,
			   "belongs to the submission, not to one of its entries");
		return entry_fail(field, i);
	}
	json_t *copy = json_copy(e);
	if (author)
		json_object_set(copy, "author", author);
	const char *f = NULL;
	int rc = check_fields(copy, s, field ? &f : NULL, err);
	json_decref(copy);
	if (rc < 0) {
		submission_free(s);
		if (field)
			*field = f;
		return entry_fail(field, i);
	}
	return 0;
}

/* {"author", "entries": [...]}: the first entry in s, the others in s->more. */
static int several(json_t *o, struct submission *s, const char **field, struct buf *err)
{
	json_t *list = json_object_get(o, "entries");
	size_t n = json_is_array(list) ? json_array_size(list) : 0;
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
		if (strcmp(key, "entries") != 0 && strcmp(key, "author") != 0)
			return draft_fail(field, key, err, "goes in each of the entries");
	if (n < 1 || n > SUBMISSION_ENTRIES_MAX)
		return draft_fail(field, "entries", err, "must be an array of 1 to %d entries",
				  SUBMISSION_ENTRIES_MAX);
	json_t *author = json_object_get(o, "author");
	if (one_entry(json_array_get(list, 0), author, 0, s, field, err) < 0)
		return -1;
	s->more = xcalloc(n - 1 ? n - 1 : 1, sizeof *s->more);
	for (size_t i = 1; i < n; i++, s->n_more++)
		if (one_entry(json_array_get(list, i), author, i, &s->more[i - 1], field, err) < 0)
			return -1;
	return 0;
}

int submission_from_object(struct submission *s, json_t *o, const char **field,
			   struct buf *err)
{
	memset(s, 0, sizeof *s);
	int rc = json_object_get(o, "entries") ? several(o, s, field, err)
					       : check_fields(o, s, field, err);
	if (rc < 0)
		submission_free(s);
	return rc;
}

/* ---- the block ---- */

/* LF endings, no leading or trailing blank lines, one final newline; spaces
 * at the end of a line are the author's and stay. */
static void normalise(const char *in, struct buf *out)
{
	struct buf b = BUF_INIT;
	for (const char *p = in; *p; p++) {
		if (*p == '\r') {
			buf_addc(&b, '\n');
			if (p[1] == '\n')
				p++;
		} else {
			buf_addc(&b, *p);
		}
	}
	size_t start = 0;
	for (size_t i = 0; i < b.len; i++) {
		if (b.p[i] == '\n')
			start = i + 1;
		else if (b.p[i] != ' ' && b.p[i] != '\t')
			break;
	}
	size_t end = b.len;
	while (end > start) {
		size_t ls = end;
		while (ls > start && b.p[ls - 1] != '\n')
			ls--;
		if (!txt_blank(b.p + ls, end - ls))
			break;
		end = ls ? ls - 1 : 0;
		if (end < start)
			end = start;
	}
	buf_add(out, b.p + start, end - start);
	if (out->len && out->p[out->len - 1] != '\n')
		buf_addc(out, '\n');
	buf_release(&b);
}

static bool is_item_start(const char *s, size_t n)
{
	return txt_starts(s, n, "- ") || txt_starts(s, n, "* ");
}

/* Checks the block's shape; *kind is what it is.  what: the field whose
 * text it holds ("block", or "body" for an entry made of fields, so that
 * the refusal lands where the contributor typed). */
static int check_block(const char *b, enum draft_kind *kind, const char *what,
		       const char **field, struct buf *err)
{
	const char *nl = strchr(b, '\n');
	size_t n0 = nl ? (size_t)(nl - b) : strlen(b);
	if (txt_starts(b, n0, "### "))
		*kind = KIND_HEADING;
	else if (is_item_start(b, n0))
		*kind = KIND_LIST;
	else
		return field_fail(field, "block", err,
				  "must start with '### ' (a section) or '- ' (list items)");
	bool fence = false;
	for (const char *line = nl ? nl + 1 : NULL; line && *line; ) {
		const char *e = strchr(line, '\n');
		size_t n = e ? (size_t)(e - line) : strlen(line);
		const char *t = line;
		size_t tn = n;
		txt_trim(&t, &tn);
		/* four spaces make an indented code line, not a fence */
		bool fence_indent = (size_t)(t - line) <= 3;
		if (fence_indent && (txt_starts(t, tn, "```") || txt_starts(t, tn, "~~~")))
			fence = !fence;
		else if (!fence && *kind == KIND_HEADING) {
			if (txt_starts(line, n, "## ") || txt_starts(line, n, "# ") ||
			    (n == 2 && memcmp(line, "##", 2) == 0))
				return field_fail(field, what, err,
						  "a '###' section must not contain '#' or '##' headings");
			if (txt_starts(line, n, "### "))
				return field_fail(field, what, err,
						  "must hold exactly one '###' section");
		} else if (!fence && *kind == KIND_LIST) {
			if (!txt_blank(line, n) && !is_item_start(line, n) &&
			    line[0] != ' ' && line[0] != '\t')
				return field_fail(field, what, err,
						  "list items may only be followed by '- ' items"
						  " or indented lines");
		}
		line = e ? e + 1 : NULL;
	}
	if (fence)
		return field_fail(field, what, err, "has an unclosed code fence");
	/* the rest (links, raw HTML, what it does in its place) is judged on
	 * the changed draft: markdown/content_policy.h */
	return 0;
}

static void add_name_link(struct buf *out, const char *name, const char *url,
			  bool code)
{
	bool has_ticks = strchr(name, '`') != NULL;
	if (url)
		buf_addc(out, '[');
	if (code && !has_ticks)
		buf_addf(out, "`%s`", name);
	else
		buf_adds(out, name);
	if (url)
		buf_addf(out, "](%s)", url);
}

int submission_block(const struct submission *s, const struct draft_section *sec,
		     struct buf *out, const char **field, struct buf *err)
{
	enum draft_kind kind;
	if (s->block) {
		normalise(s->block, out);
		if (out->len == 0)
			return field_fail(field, "block", err, "is empty");
		return check_block(out->p, &kind, "block", field, err);
	}
	const char *name = s->name;
	while (*name == ' ')
		name++;
	struct buf body = BUF_INIT;
	if (s->body)
		normalise(s->body, &body);
	kind = sec && sec->kind == KIND_LIST ? KIND_LIST : KIND_HEADING;
	struct buf b = BUF_INIT;
	if (kind == KIND_HEADING && txt_blank(body.p ? body.p : "", body.len)) {
		/* a bare "###" line with nothing under it is no section */
		buf_release(&body);
		return field_fail(field, "body", err,
				  "is required: a '###' section needs text under its heading");
	}
	if (kind == KIND_HEADING) {
		buf_adds(&b, "### ");
		add_name_link(&b, name, s->url, true);
		buf_adds(&b, "\n");
		if (s->written_by)
			buf_addf(&b, "\n<span class=\"%s\">(Section written by [@%s](https://github.com/%s))</span>\n",
				 sec && sec->written_by_class ? sec->written_by_class : "gray",
				 s->author, s->author);
		if (body.len)
			buf_addf(&b, "\n%s", body.p);
	} else {
		if (!s->url) {
			buf_release(&b);
			buf_release(&body);
			return field_fail(field, "url", err, "is required for a list item");
		}
		buf_adds(&b, "- ");
		add_name_link(&b, name, s->url, false);
		buf_adds(&b, "\n");
		/* the body becomes an indented sub-item */
		bool first = true;
		for (const char *line = body.p; body.len && *line; ) {
			const char *e = strchr(line, '\n');
			size_t n = e ? (size_t)(e - line) : strlen(line);
			if (txt_blank(line, n))
				buf_adds(&b, "\n");
			else
				buf_addf(&b, "%s%.*s\n", first ? "  - " : "    ", (int)n, line);
			first = false;
			line = e ? e + 1 : line + n;
		}
	}
	buf_release(&body);
	normalise(b.p, out);
	buf_release(&b);
	return check_block(out->p, &kind, "body", field, err);
}

static char *one_name(const struct submission *s);

char *submission_name(const struct submission *s)
{
	char *first = one_name(s);
	if (!s->n_more)
		return first;
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s and %zu more", first, s->n_more);
	free(first);
	return buf_detach(&b, NULL);
}

static char *one_name(const struct submission *s)
{
	struct buf b = BUF_INIT;
	if (s->name) {
		txt_add_without_backticks(&b, s->name, strlen(s->name));
		return buf_detach(&b, NULL);
	}
	const char *p = s->block ? s->block : "";
	while (*p == '\n' || *p == '\r')
		p++;
	size_t n = strcspn(p, "\r\n");
	if (n >= 4 && strncmp(p, "### ", 4) == 0) {
		p += 4;
		n -= 4;
	} else if (n >= 2 && (strncmp(p, "- ", 2) == 0 || strncmp(p, "* ", 2) == 0)) {
		p += 2;
		n -= 2;
	}
	const char *t;
	size_t tn;
	if (txt_first_link(p, n, &t, &tn, NULL, NULL)) {
		txt_add_without_backticks(&b, t, tn);
	} else {
		txt_trim(&p, &n);
		buf_add(&b, p, n);
	}
	if (!b.len)
		buf_adds(&b, "(untitled)");
	return buf_detach(&b, NULL);
}
