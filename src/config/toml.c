/* toml.c: a small strict TOML reader (see toml.h for the subset) */
#include "config/toml.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"
#include "util/text_fmt.h"

#define TOML_MAX_DEPTH 32

struct parser {
	const char *s;
	size_t n, i;
	int line;
	int depth;
	const char *name;
	struct buf *err;
	struct toml_table *root, *cur;
};

struct keypath {
	char **parts;
	size_t n, cap;
};

static void keypath_free(struct keypath *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->parts[i]);
	free(k->parts);
	k->parts = NULL;
	k->n = k->cap = 0;
}

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *p, const char *fmt, ...)
{
	if (p->err->len == 0) {
		buf_addf(p->err, "%s:%d: ", p->name, p->line);
		va_list ap;
		va_start(ap, fmt);
		buf_vaddf(p->err, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int peek(const struct parser *p)
{
	return p->i < p->n ? (unsigned char)p->s[p->i] : -1;
}

static int peek_at(const struct parser *p, size_t off)
{
	return p->i + off < p->n ? (unsigned char)p->s[p->i + off] : -1;
}

static bool starts(const struct parser *p, const char *lit)
{
	size_t l = strlen(lit);
	return p->n - p->i >= l && memcmp(p->s + p->i, lit, l) == 0;
}

static void skip_ws(struct parser *p)
{
	while (peek(p) == ' ' || peek(p) == '\t')
		p->i++;
}

/* Consumes a newline (LF or CRLF); returns false when not at one. */
static bool eat_newline(struct parser *p)
{
	if (peek(p) == '\n') {
		p->i++;
		p->line++;
		return true;
	}
	if (peek(p) == '\r' && peek_at(p, 1) == '\n') {
		p->i += 2;
		p->line++;
		return true;
	}
	return false;
}

static int skip_comment(struct parser *p)
{
	if (peek(p) != '#')
		return 0;
	while (p->i < p->n && peek(p) != '\n') {
		int c = peek(p);
		if (c == '\r' && peek_at(p, 1) == '\n')
			break;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(p, "control character in comment");
		p->i++;
	}
	return 0;
}

/* Whitespace, comments and newlines, as allowed inside arrays. */
static int skip_ws_nl(struct parser *p)
{
	for (;;) {
		skip_ws(p);
		if (skip_comment(p) < 0)
			return -1;
		if (!eat_newline(p))
			return 0;
	}
}

static int expect_eol(struct parser *p)
{
	skip_ws(p);
	if (skip_comment(p) < 0)
		return -1;
	if (p->i >= p->n || eat_newline(p))
		return 0;
	return fail(p, "expected end of line after value");
}

static struct toml_value *value_new(enum toml_type t, int line)
{
	struct toml_value *v = xcalloc(1, sizeof *v);
	v->type = t;
	v->line = line;
	return v;
}

static struct toml_table *table_new(int line)
{
	struct toml_table *t = xcalloc(1, sizeof *t);
	t->line = line;
	return t;
}

static void value_free(struct toml_value *v);

void toml_free(struct toml_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->kv[i].key);
		value_free(t->kv[i].val);
	}
	free(t->kv);
	free(t);
}

static void value_free(struct toml_value *v)
{
	if (!v)
		return;
	switch (v->type) {
	case TOML_STRING:
		free(v->u.s);
		break;
	case TOML_ARRAY:
		for (size_t i = 0; i < v->u.arr.n; i++)
			value_free(v->u.arr.items[i]);
		free(v->u.arr.items);
		break;
	case TOML_TABLE:
		toml_free(v->u.tab);
		break;
	default:
		break;
	}
	free(v);
}

static struct toml_value *table_find(const struct toml_table *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->kv[i].key, key) == 0)
			return t->kv[i].val;
	return NULL;
}

const struct toml_value *toml_get(const struct toml_table *t, const char *key)
{
	return t ? table_find(t, key) : NULL;
}

static void table_put(struct toml_table *t, char *key, struct toml_value *v)
{
	t->kv = xgrowarray(t->kv, &t->cap, t->n + 1, sizeof *t->kv);
	t->kv[t->n].key = key;
	t->kv[t->n].val = v;
	t->n++;
}

const char *toml_type_name(enum toml_type t)
{
	switch (t) {
	case TOML_STRING: return "string";
	case TOML_INT: return "integer";
	case TOML_BOOL: return "boolean";
	case TOML_ARRAY: return "array";
	case TOML_TABLE: return "table";
	}
	return "value";
}

static int parse_escape(struct parser *p, struct buf *out)
{
	p->i++; /* the backslash */
	int c = peek(p);
	const char *simple = NULL;
	switch (c) {
	case 'b': simple = "\b"; break;
	case 't': simple = "\t"; break;
	case 'n': simple = "\n"; break;
	case 'f': simple = "\f"; break;
	case 'r': simple = "\r"; break;
	case '"': simple = "\""; break;
	case '\\': simple = "\\"; break;
	case 'u':
	case 'U': {
		int digits = c == 'u' ? 4 : 8;
		unsigned long cp = 0;
		p->i++;
		for (int k = 0; k < digits; k++) {
			int h = hex_digit(peek(p));
			if (h < 0)
				return fail(p, "\\%c escape needs %d hex digits", c, digits);
			cp = cp * 16 + (unsigned long)h;
			p->i++;
		}
		char enc[4];
		size_t len = cp == 0 ? 0 : utf8_encode(cp, enc);
		if (len == 0)
			return fail(p, "escape is not a valid Unicode scalar value");
		buf_add(out, enc, len);
		return 0;
	}
	default:
		return fail(p, "invalid escape sequence in string");
	}
	buf_adds(out, simple);
	p->i++;
	return 0;
}

static bool is_bad_control(int c)
{
	return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
}

/* The closing delimiter of a multi-line string, three quote characters;
 * up to two more right before it belong to the string.  True when the
 * string ended here. */
static bool ml_closed(struct parser *p, char quote, struct buf *out)
{
	const char delim[4] = { quote, quote, quote, '\0' };
	if (!starts(p, delim))
		return false;
	size_t q = 3;
	while (q < 5 && peek_at(p, q) == quote)
		q++;
	for (size_t k = 3; k < q; k++)
		buf_addc(out, quote);
	p->i += q;
	return true;
}

/* A line-ending backslash in a basic string trims all whitespace up to
 * the next non-blank character; true when it was one (and is consumed). */
static bool line_ending_backslash(struct parser *p)
{
	size_t save = p->i;
	int save_line = p->line;
	p->i++;
	skip_ws(p);
	if (eat_newline(p)) {
		for (;;) {
			skip_ws(p);
			if (!eat_newline(p))
				return true;
		}
	}
	p->i = save;
	p->line = save_line;
	return false;
}

/* A quoted string: basic (quote '"', with escapes) or literal ('\''),
 * on one line or multi-line (three quotes). */
static int parse_quoted(struct parser *p, char quote, bool ml, struct buf *out)
{
	p->i += ml ? 3 : 1;
	if (ml)
		eat_newline(p); /* a newline right after the delimiter is trimmed */
	for (;;) {
		int c = peek(p);
		if (ml) {
			if (c < 0)
				return fail(p, "unterminated multi-line string");
			if (ml_closed(p, quote, out))
				return 0;
			if (eat_newline(p)) {
				buf_addc(out, '\n');
				continue;
			}
		} else {
			if (c < 0 || c == '\n' || (c == '\r' && peek_at(p, 1) == '\n'))
				return fail(p, "unterminated string");
			if (c == quote) {
				p->i++;
				return 0;
			}
		}
		if (quote == '"' && c == '\\') {
			if (!(ml && line_ending_backslash(p)) && parse_escape(p, out) < 0)
				return -1;
			continue;
		}
		if (is_bad_control(c))
			return fail(p, "control character in string");
		buf_addc(out, (char)c);
		p->i++;
	}
}

/* Any string form; the result is NUL-free (an escaped \u0000 is refused). */
static int parse_string(struct parser *p, char **out)
{
	struct buf b = BUF_INIT;
	int rc;
	if (starts(p, "\"\"\""))
		rc = parse_quoted(p, '"', true, &b);
	else if (peek(p) == '"')
		rc = parse_quoted(p, '"', false, &b);
	else if (starts(p, "'''"))
		rc = parse_quoted(p, '\'', true, &b);
	else
		rc = parse_quoted(p, '\'', false, &b);
	if (rc < 0) {
		buf_release(&b);
		return -1;
	}
	*out = buf_detach(&b, NULL);
	return 0;
}

static bool is_bare_key_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int parse_key(struct parser *p, struct keypath *k)
{
	for (;;) {
		skip_ws(p);
		char *part;
		int c = peek(p);
		if (c == '"' || c == '\'') {
			if (starts(p, "\"\"\"") || starts(p, "'''"))
				return fail(p, "multi-line strings cannot be keys");
			if (parse_string(p, &part) < 0)
				return -1;
		} else if (is_bare_key_char(c)) {
			size_t start = p->i;
			while (is_bare_key_char(peek(p)))
				p->i++;
			part = xstrndup(p->s + start, p->i - start);
		} else {
			return fail(p, "expected a key");
		}
		k->parts = xgrowarray(k->parts, &k->cap, k->n + 1, sizeof *k->parts);
		k->parts[k->n++] = part;
		skip_ws(p);
		if (peek(p) != '.')
			return 0;
		p->i++;
	}
}

static bool is_value_end(int c)
{
	return c < 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == ',' || c == ']' || c == '}' || c == '#';
}

static int parse_integer(struct parser *p, int64_t *out)
{
	size_t start = p->i;
	bool neg = false;
	int base = 10;
	if (peek(p) == '+' || peek(p) == '-') {
		neg = peek(p) == '-';
		p->i++;
	}
	if (starts(p, "inf") || starts(p, "nan"))
		return fail(p, "floats are not supported here");
	if (peek(p) == '0' && (peek_at(p, 1) == 'x' || peek_at(p, 1) == 'o' ||
			       peek_at(p, 1) == 'b')) {
		if (p->i != start)
			return fail(p, "a prefixed integer cannot have a sign");
		base = peek_at(p, 1) == 'x' ? 16 : peek_at(p, 1) == 'o' ? 8 : 2;
		p->i += 2;
	}
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t v = 0;
	size_t digits = 0;
	bool last_underscore = false;
	size_t first_digit = p->i;
	for (;;) {
		int c = peek(p);
		if (c == '_') {
			if (digits == 0 || last_underscore)
				return fail(p, "misplaced underscore in integer");
			last_underscore = true;
			p->i++;
			continue;
		}
		int d = hex_digit(c);
		if (d < 0 || d >= base)
			break;
		if (v > (limit - (uint64_t)d) / (uint64_t)base)
			return fail(p, "integer out of range");
		v = v * (uint64_t)base + (uint64_t)d;
		digits++;
		last_underscore = false;
		p->i++;
	}
	if (digits == 0 || last_underscore)
		return fail(p, "invalid integer");
	int c = peek(p);
	if (base == 10 && (c == '.' || c == 'e' || c == 'E'))
		return fail(p, "floats are not supported here");
	if (base == 10 && (c == '-' || c == ':') )
		return fail(p, "dates and times are not supported here");
	if (!is_value_end(c))
		return fail(p, "invalid integer");
	if (base == 10 && digits > 1 && p->s[first_digit] == '0')
		return fail(p, "leading zeros are not allowed in integers");
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static struct toml_value *parse_value(struct parser *p);

static struct toml_value *parse_array(struct parser *p)
{
	struct toml_value *v = value_new(TOML_ARRAY, p->line);
	p->i++;
	for (;;) {
		if (skip_ws_nl(p) < 0)
			goto err;
		if (peek(p) == ']') {
			p->i++;
			return v;
		}
		struct toml_value *item = parse_value(p);
		if (!item)
			goto err;
		v->u.arr.items = xgrowarray(v->u.arr.items, &v->u.arr.cap,
					    v->u.arr.n + 1, sizeof *v->u.arr.items);
		v->u.arr.items[v->u.arr.n++] = item;
		if (skip_ws_nl(p) < 0)
			goto err;
		if (peek(p) == ',') {
			p->i++;
			continue;
		}
		if (peek(p) == ']') {
			p->i++;
			return v;
		}
		fail(p, peek(p) < 0 ? "unterminated array" :
		     "expected ',' or ']' in array");
		goto err;
	}
err:
	value_free(v);
	return NULL;
}

static int assign(struct parser *p, struct toml_table *t, struct keypath *k,
		  struct toml_value *v);

static struct toml_value *parse_inline_table(struct parser *p)
{
	struct toml_value *v = value_new(TOML_TABLE, p->line);
	v->u.tab = table_new(p->line);
	p->i++;
	skip_ws(p);
	if (peek(p) == '}') {
		p->i++;
		v->u.tab->is_inline = true;
		return v;
	}
	for (;;) {
		struct keypath k = { 0 };
		if (parse_key(p, &k) < 0) {
			keypath_free(&k);
			goto err;
		}
		if (peek(p) != '=') {
			keypath_free(&k);
			fail(p, "expected '=' after key");
			goto err;
		}
		p->i++;
		skip_ws(p);
		struct toml_value *item = parse_value(p);
		if (!item || assign(p, v->u.tab, &k, item) < 0) {
			keypath_free(&k);
			goto err;
		}
		keypath_free(&k);
		skip_ws(p);
		if (peek(p) == ',') {
			p->i++;
			skip_ws(p);
			continue;
		}
		if (peek(p) == '}') {
			p->i++;
			v->u.tab->is_inline = true;
			return v;
		}
		fail(p, "expected ',' or '}' in inline table");
		goto err;
	}
err:
	value_free(v);
	return NULL;
}

static struct toml_value *parse_value(struct parser *p)
{
	if (++p->depth > TOML_MAX_DEPTH) {
		fail(p, "values nested too deeply");
		return NULL;
	}
	struct toml_value *v = NULL;
	int line = p->line;
	int c = peek(p);
	if (c == '"' || c == '\'') {
		char *s;
		if (parse_string(p, &s) == 0) {
			v = value_new(TOML_STRING, line);
			v->u.s = s;
		}
	} else if (c == '[') {
		v = parse_array(p);
	} else if (c == '{') {
		v = parse_inline_table(p);
	} else if (starts(p, "true") && is_value_end(peek_at(p, 4))) {
		p->i += 4;
		v = value_new(TOML_BOOL, line);
		v->u.b = true;
	} else if (starts(p, "false") && is_value_end(peek_at(p, 5))) {
		p->i += 5;
		v = value_new(TOML_BOOL, line);
		v->u.b = false;
	} else if ((c >= '0' && c <= '9') || c == '+' || c == '-' ||
		   starts(p, "inf") || starts(p, "nan")) {
		int64_t i = 0;
		if (parse_integer(p, &i) == 0) {
			v = value_new(TOML_INT, line);
			v->u.i = i;
		}
	} else if (c < 0 || c == '\n' || c == '\r' || c == '#') {
		fail(p, "missing value");
	} else {
		fail(p, "invalid value (strings need quotes)");
	}
	p->depth--;
	return v;
}

/* Walks/creates the tables of k->parts[0..n-1) below t for a dotted key. */
static struct toml_table *descend(struct parser *p, struct toml_table *t,
				  struct keypath *k, size_t n, bool from_header)
{
	for (size_t i = 0; i < n; i++) {
		struct toml_value *v = table_find(t, k->parts[i]);
		if (!v) {
			v = value_new(TOML_TABLE, p->line);
			v->u.tab = table_new(p->line);
			v->u.tab->implicit = from_header;
			table_put(t, xstrdup(k->parts[i]), v);
		} else if (v->type != TOML_TABLE) {
			fail(p, "key '%s' is already a %s", k->parts[i],
			     toml_type_name(v->type));
			return NULL;
		} else if (v->u.tab->is_inline) {
			fail(p, "inline table '%s' cannot be extended", k->parts[i]);
			return NULL;
		} else if (!from_header && v->u.tab->header_seen) {
			fail(p, "table '%s' was defined by a header", k->parts[i]);
			return NULL;
		}
		t = v->u.tab;
	}
	return t;
}

static int assign(struct parser *p, struct toml_table *t, struct keypath *k,
		  struct toml_value *v)
{
	struct toml_table *parent = descend(p, t, k, k->n - 1, false);
	const char *last = k->parts[k->n - 1];
	if (!parent) {
		value_free(v);
		return -1;
	}
	if (table_find(parent, last)) {
		value_free(v);
		return fail(p, "duplicate key '%s'", last);
	}
	table_put(parent, xstrdup(last), v);
	return 0;
}

static int parse_header(struct parser *p)
{
	if (starts(p, "[["))
		return fail(p, "arrays of tables are not supported here");
	p->i++;
	struct keypath k = { 0 };
	if (parse_key(p, &k) < 0)
		goto err;
	if (peek(p) != ']') {
		fail(p, "expected ']' after table name");
		goto err;
	}
	p->i++;
	struct toml_table *parent = descend(p, p->root, &k, k.n - 1, true);
	if (!parent)
		goto err;
	const char *last = k.parts[k.n - 1];
	struct toml_value *v = table_find(parent, last);
	if (v) {
		if (v->type != TOML_TABLE || v->u.tab->is_inline) {
			fail(p, "key '%s' is already a %s", last,
			     toml_type_name(v->type));
			goto err;
		}
		if (v->u.tab->header_seen || !v->u.tab->implicit) {
			fail(p, "table '%s' is defined twice", last);
			goto err;
		}
	} else {
		v = value_new(TOML_TABLE, p->line);
		v->u.tab = table_new(p->line);
		table_put(parent, xstrdup(last), v);
	}
	v->u.tab->header_seen = true;
	v->u.tab->implicit = false;
	v->u.tab->line = p->line;
	p->cur = v->u.tab;
	keypath_free(&k);
	return expect_eol(p);
err:
	keypath_free(&k);
	return -1;
}

static int parse_keyval(struct parser *p)
{
	struct keypath k = { 0 };
	if (parse_key(p, &k) < 0)
		goto err;
	if (peek(p) != '=') {
		fail(p, "expected '=' after key '%s'", k.parts[k.n - 1]);
		goto err;
	}
	p->i++;
	skip_ws(p);
	struct toml_value *v = parse_value(p);
	if (!v || assign(p, p->cur, &k, v) < 0)
		goto err;
	keypath_free(&k);
	return expect_eol(p);
err:
	keypath_free(&k);
	return -1;
}

struct toml_table *toml_parse(const char *text, size_t len, const char *name,
			      struct buf *err)
{
	struct parser p = { .s = text, .n = len, .line = 1, .name = name,
			    .err = err };
	size_t bad;
	if (!utf8_valid(text, len, &bad)) {
		for (size_t i = 0; i < bad; i++)
			if (text[i] == '\n')
				p.line++;
		fail(&p, "invalid UTF-8 or NUL byte");
		return NULL;
	}
	p.root = p.cur = table_new(1);
	if (starts(&p, "\xEF\xBB\xBF"))
		p.i += 3;
	while (p.i < p.n) {
		skip_ws(&p);
		if (skip_comment(&p) < 0)
			goto err;
		if (eat_newline(&p) || p.i >= p.n)
			continue;
		int rc = peek(&p) == '[' ? parse_header(&p) : parse_keyval(&p);
		if (rc < 0)
			goto err;
	}
	return p.root;
err:
	toml_free(p.root);
	return NULL;
}
