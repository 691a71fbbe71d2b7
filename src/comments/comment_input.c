/* comment_input.c: checking a comment's fields (rules in comment_input.h) */
#include "comments/comment_input.h"

#include <ctype.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/markdown.h"
#include "util/fold_hash.h"
#include "util/text_fmt.h"
#include "util/buf.h"
#include "util/url.h"
#include "util/utf8.h"
#include "util/xalloc.h"

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

static int known_keys(json_t *obj, const char *const *keys, size_t n,
		      struct comment_problem *p)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = strcmp(k, keys[i]) == 0;
		if (!known)
			return problem(p, "request", "unknown field (allowed: page, parent, "
						     "author, email, website, body, author_token, "
						     "github_token)");
	}
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

int comment_input_new(json_t *obj, const struct comment_rules *rules,
		      struct comment_input *out, struct comment_problem *p)
{
	static const char *const keys[] = { "page", "parent", "author", "email", "website",
					    "body", COMMENT_HONEYPOT, "form_token", "return",
					    "author_token", "github_token" };
	memset(out, 0, sizeof *out);
	if (known_keys(obj, keys, sizeof keys / sizeof *keys, p) < 0)
		return -1;

	char *page = NULL, *trap = NULL;
	int rc = text_field(obj, "page", false, &page, p);
	if (rc < 0)
		return -1;
	const char *why = NULL;
	if (rc == 0 || page_path_normalise(page, out->page, &why) < 0) {
		free(page);
		return problem(p, "page", "%s", rc == 0 ? "page is required" : why);
	}
	free(page);
	if (read_parent(obj, &out->parent, p) < 0)
		return -1;

	if (text_field(obj, COMMENT_HONEYPOT, true, &trap, p) < 0)
		return -1;
	out->honeypot = trap && *trap;
	free(trap);
	json_t *ft = json_object_get(obj, "form_token");
	if (ft && !json_is_string(ft))
		return problem(p, "form_token", "form_token must be a string");
	out->form_token = ft ? json_string_value(ft) : NULL;
	json_t *at = json_object_get(obj, "author_token");
	if (at && !json_is_null(at) && !json_is_string(at))
		return problem(p, "author_token", "author_token must be a string");
	out->author_token = json_is_string(at) && json_string_length(at) ? json_string_value(at)
									 : NULL;

	json_t *gt = json_object_get(obj, "github_token");
	if (gt && !json_is_null(gt) && !json_is_string(gt))
		return problem(p, "github_token", "github_token must be a string");
	out->github_token = json_is_string(gt) && json_string_length(gt) ? json_string_value(gt)
									 : NULL;

	if ((rc = text_field(obj, "author", false, &out->author, p)) < 0)
		return -1;
	/* a signed-in author's name is their login, set by the caller */
	if ((!out->author || !out->author[0]) && !out->github_token)
		return problem(p, "author", "a name is required");
	if (out->author && out->author[0] == '@' && !out->github_token)
		return problem(p, "author", "names starting with @ are kept for people signed in "
					    "with GitHub");
	if (out->author && utf8_len(out->author, strlen(out->author)) > COMMENT_AUTHOR_MAX)
		return problem(p, "author", "the name is longer than %d characters",
			       COMMENT_AUTHOR_MAX);

	if (text_field(obj, "email", false, &out->email, p) < 0)
		return -1;
	if (out->email && !out->email[0]) {
		free(out->email);
		out->email = NULL;
	}
	if (out->email && (strlen(out->email) > COMMENT_EMAIL_MAX || !email_shaped(out->email)))
		return problem(p, "email", "this is not an email address");

	if (text_field(obj, "website", false, &out->website, p) < 0)
		return -1;
	if (out->website && !out->website[0]) {
		free(out->website);
		out->website = NULL;
	}
	if (out->website && (strlen(out->website) > COMMENT_WEBSITE_MAX ||
			     !valid_http_url(out->website)))
		return problem(p, "website", "the website must be an http(s) URL of at most "
					     "%d characters", COMMENT_WEBSITE_MAX);

	if (text_field(obj, "body", true, &out->body, p) < 0)
		return -1;
	if (check_body(out, rules, p) < 0)
		return -1;
	if (out->author)
		comment_author_key(out->author, out->email, out->author_key);
	return 0;
}

int comment_input_edit(json_t *obj, const struct comment_rules *rules,
		       struct comment_input *out, struct comment_problem *p)
{
	static const char *const keys[] = { "body" };
	memset(out, 0, sizeof *out);
	if (known_keys(obj, keys, 1, p) < 0)
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
