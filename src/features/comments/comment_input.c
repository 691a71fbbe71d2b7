/* comment_input.c: checking a comment's fields (rules in comment_input.h) */
#include "features/comments/comment_input.h"

#include <ctype.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/comments/name_rules.h"
#include "markdown/markdown.h"
#include "util/fold_hash.h"
#include "util/text_fmt.h"
#include "util/buf.h"
#include "util/url.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "store/comments.h"

static int problem(struct comment_problem *p, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int problem(struct comment_problem *p, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	p->field = field;
	vsnprintf(p->message, sizeof p->message, fmt, ap);
	va_end(ap);
	return -1;
}

/* A string member, trimmed of surrounding whitespace: 1 present (*out
 * malloc'd, maybe ""), 0 absent or null, -1 wrong type or bad text. */
static int text_field(json_t *obj, const char *name, bool multiline, char **out,
		      struct comment_problem *p)
{
	json_t *v = json_object_get(obj, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return problem(p, name, "%s must be a string", name);
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	/* U+FFFE and U+FFFF would make the Atom feeds ill-formed XML */
	if (!utf8_xml_valid(s, n, NULL))
		return problem(p, name, "%s is not valid UTF-8 (or holds a NUL byte, U+FFFE or"
				     " U+FFFF)", name);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ok_ws = multiline ? (c == '\n' || c == '\r' || c == '\t') : c == '\t';
		if ((c < 0x20 && !ok_ws) || c == 0x7f)
			return problem(p, name, "%s holds a control character", name);
	}
	size_t a = 0, b = n;
	while (a < b && isspace((unsigned char)s[a]))
		a++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	/* the body keeps its leading indentation: it may be a code block */
	if (multiline && a < b)
		while (a > 0 && s[a - 1] != '\n')
			a--;
	*out = xstrndup(s + a, b - a);
	return 1;
}

static bool email_shaped(const char *e)
{
	const char *at = strchr(e, '@');
	if (!at || at == e || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return false;
	for (const char *s = e; *s; s++)
		if (isspace((unsigned char)*s) || *s == '<' || *s == '>' || *s == '"' ||
		    *s == ',')
			return false;
	return at[1] != '.' && e[strlen(e) - 1] != '.';
}

void comment_author_key(const char *author, const char *email, char out[COMMENT_KEY_MAX])
{
	const char *src = email && *email ? email : author;
	size_t o = 0;
	if (!(email && *email)) {
		memcpy(out, "name:", 5);
		o = 5;
	}
	for (; *src && o + 1 < COMMENT_KEY_MAX; src++)
		out[o++] = (char)tolower((unsigned char)*src);
	out[o] = '\0';
}

void comment_avatar(const struct comment_keys *k, const char *author, const char *email,
		    char out[17])
{
	char key[COMMENT_KEY_MAX];
	unsigned char h[8];
	comment_author_key(author, email, key);
	crypto_generichash(h, sizeof h, (const unsigned char *)key, strlen(key), k->key,
			   sizeof k->key);
	sodium_bin2hex(out, 17, h, sizeof h);
}

/* BLAKE2b of the body folded to lower case with whitespace runs as one
 * space: "Great post!" and "great  post! " are the same comment. */
void comment_body_hash(const char *body, unsigned char out[COMMENT_HASH_BYTES])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, COMMENT_HASH_BYTES);
	fold_hash_update(&st, body, true);
	crypto_generichash_final(&st, out, COMMENT_HASH_BYTES);
}

static int check_body(struct comment_input *in, const struct comment_rules *rules,
		      struct comment_problem *p)
{
	if (!in->body || !in->body[0])
		return problem(p, "body", "the comment is empty");
	size_t n = strlen(in->body);
	if (utf8_len(in->body, n) > (size_t)rules->max_length)
		return problem(p, "body", "the comment is longer than %lld characters",
			       (long long)rules->max_length);
	struct buf html = BUF_INIT;
	int links = 0;
	char why[MARKDOWN_WHY];
	int rc = markdown_comment_to_html(in->body, n, &html, &links, why);
	if (rc != 0) {
		buf_release(&html);
		return problem(p, "body", "the comment %s",
			       rc > 0 ? why : "could not be rendered");
	}
	if (links > rules->max_links) {
		buf_release(&html);
		return problem(p, "body", "the comment holds more than %d links",
			       rules->max_links);
	}
	in->html = buf_detach(&html, NULL);
	comment_body_hash(in->body, in->hash);
	return 0;
}

static int read_parent(json_t *obj, int64_t *parent, struct comment_problem *p)
{
	json_t *v = json_object_get(obj, "parent");
	*parent = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		*parent = json_integer_value(v);
		return 0;
	}
	/* from a form every value is text */
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (!*s)
			return 0;
		if (parse_id(s, parent) == 0)
			return 0;
	}
	return problem(p, "parent", "parent must be the id of a comment");
}

/* ---- the fields of a new comment, declared once ---- */

enum cf_kind {
	CF_LINE,    /* one line of text, trimmed; "" counts as not given */
	CF_BODY,    /* Markdown: several lines, leading indentation kept */
	CF_TOKEN,   /* a string the caller checks (borrowed from the object) */
	CF_ID,      /* a positive id, from JSON or a form's text */
	CF_TRAP,    /* the honeypot: any value marks a bot */
	CF_PASS,    /* read by the caller (the form's "return") */
	CF_FLAG,    /* true or false (a form's checkbox: present) */
};

struct comment_field {
	const char *name;
	enum cf_kind kind;
	/* checks the value and keeps it in in (taking it), or -1 with p */
	int (*take)(struct comment_input *in, char *value, const struct comment_rules *rules,
		    struct comment_problem *p);
};

static int take_page(struct comment_input *in, char *value, const struct comment_rules *rules,
		     struct comment_problem *p)
{
	(void)rules;
	const char *why = "page is required";
	int rc = value ? page_path_normalise(value, in->page, &why) : -1;
	free(value);
	return rc < 0 ? problem(p, "page", "%s", why) : 0;
}

static int take_author(struct comment_input *in, char *value, const struct comment_rules *rules,
		       struct comment_problem *p)
{
	(void)rules;
	in->author = value;
	/* a signed-in author's name is their login, set by the caller */
	if (!value && !in->github_token)
		return problem(p, "author", "a name is required");
	const char *why = value && !in->github_token ? name_rules_problem(value) : NULL;
	if (why)
		return problem(p, "author", "%s", why);
	if (value && utf8_len(value, strlen(value)) > COMMENT_AUTHOR_MAX)
		return problem(p, "author", "the name is longer than %d characters",
			       COMMENT_AUTHOR_MAX);
	return 0;
}

/* An optional one-line field: value kept in *slot; false when it is given
 * but longer than max or not ok. */
static bool optional_line(char **slot, char *value, size_t max, bool (*ok)(const char *))
{
	*slot = value;
	return !value || (strlen(value) <= max && ok(value));
}

static int take_email(struct comment_input *in, char *value, const struct comment_rules *rules,
		      struct comment_problem *p)
{
	(void)rules;
	if (optional_line(&in->email, value, COMMENT_EMAIL_MAX, email_shaped))
		return 0;
	return problem(p, "email", "this is not an email address");
}

static int take_website(struct comment_input *in, char *value, const struct comment_rules *rules,
			struct comment_problem *p)
{
	(void)rules;
	if (optional_line(&in->website, value, COMMENT_WEBSITE_MAX, valid_http_url))
		return 0;
	return problem(p, "website", "the website must be an http(s) URL of at most %d characters",
		       COMMENT_WEBSITE_MAX);
}

static int take_body(struct comment_input *in, char *value, const struct comment_rules *rules,
		     struct comment_problem *p)
{
	in->body = value;
	return check_body(in, rules, p);
}

/* In the order they are judged: the first problem is the one reported. */
static const struct comment_field fields[] = {
	{ "page", CF_LINE, take_page },
	{ "parent", CF_ID, NULL },
	{ COMMENT_HONEYPOT, CF_TRAP, NULL },
	{ "form_token", CF_TOKEN, NULL },
	{ "author_token", CF_TOKEN, NULL },
	{ "github_token", CF_TOKEN, NULL },
	{ "author", CF_LINE, take_author },
	{ "email", CF_LINE, take_email },
	{ "website", CF_LINE, take_website },
	{ "body", CF_BODY, take_body },
	{ "notify_replies", CF_FLAG, NULL },
	{ "return", CF_PASS, NULL },
};
#define N_FIELDS (sizeof fields / sizeof *fields)

static int known_keys(json_t *obj, struct comment_problem *p)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		bool known = false;
		for (size_t i = 0; i < N_FIELDS && !known; i++)
			known = strcmp(k, fields[i].name) == 0;
		if (!known)
			return problem(p, "request", "unknown field (allowed: page, parent, "
						     "author, email, website, body, author_token, "
						     "github_token, notify_replies)");
	}
	return 0;
}

/* A token: a string, or absent (null and "" count as absent). */
static int read_token(json_t *obj, const char *name, const char **out, struct comment_problem *p)
{
	json_t *v = json_object_get(obj, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return problem(p, name, "%s must be a string", name);
	*out = json_string_length(v) ? json_string_value(v) : NULL;
	return 0;
}

static const char **token_slot(struct comment_input *in, const char *name)
{
	if (strcmp(name, "form_token") == 0)
		return &in->form_token;
	if (strcmp(name, "author_token") == 0)
		return &in->author_token;
	return &in->github_token;
}

static int read_field(json_t *obj, const struct comment_field *f, const struct comment_rules *rules,
		      struct comment_input *in, struct comment_problem *p)
{
	char *value = NULL;
	int rc;
	switch (f->kind) {
	case CF_ID:
		return read_parent(obj, &in->parent, p);
	case CF_TOKEN:
		return read_token(obj, f->name, token_slot(in, f->name), p);
	case CF_PASS:
		return 0;
	case CF_FLAG: {
		json_t *v = json_object_get(obj, f->name);
		if (v && !json_is_boolean(v) && !json_is_null(v))
			return problem(p, f->name, "%s must be true or false", f->name);
		in->notify_replies = json_is_true(v);
		return 0;
	}
	case CF_TRAP:
		if (text_field(obj, f->name, true, &value, p) < 0)
			return -1;
		in->honeypot = value && *value;
		free(value);
		return 0;
	case CF_LINE:
	case CF_BODY:
		rc = text_field(obj, f->name, f->kind == CF_BODY, &value, p);
		if (rc < 0)
			return -1;
		/* an empty optional field means "not given" */
		if (value && !value[0] && f->kind == CF_LINE) {
			free(value);
			value = NULL;
		}
		return f->take(in, value, rules, p);
	}
	return 0;
}

int comment_input_new(json_t *obj, const struct comment_rules *rules,
		      struct comment_input *out, struct comment_problem *p)
{
	memset(out, 0, sizeof *out);
	if (known_keys(obj, p) < 0)
		return -1;
	for (size_t i = 0; i < N_FIELDS; i++)
		if (read_field(obj, &fields[i], rules, out, p) < 0)
			return -1;
	if (out->author)
		comment_author_key(out->author, out->email, out->author_key);
	return 0;
}

int comment_input_edit(json_t *obj, const struct comment_rules *rules,
		       struct comment_input *out, struct comment_problem *p)
{
	memset(out, 0, sizeof *out);
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
		if (strcmp(k, "body") != 0)
			return problem(p, "request", "only the body of a comment can be edited");
	if (text_field(obj, "body", true, &out->body, p) < 0)
		return -1;
	return check_body(out, rules, p);
}

void comment_input_free(struct comment_input *in)
{
	free(in->author);
	free(in->email);
	free(in->website);
	free(in->body);
	free(in->html);
	memset(in, 0, sizeof *in);
}
