/* config.c: the table of known configuration keys and its loader */
#include "config/config.h"

#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/toml.h"
#include "util/file.h"
#include "util/ip_match.h"
#include "util/mail_addr.h"
#include "util/url.h"
#include "util/xalloc.h"

#define CONFIG_MAX_BYTES (1u << 20)

enum key_type {
	K_STRING,
	K_URL,        /* http(s) URL, no trailing slash kept */
	K_URL_OPT,    /* "" or an http(s) URL */
	K_LISTEN,     /* HOST:PORT */
	K_INT,
	K_BOOL,
	K_STRLIST,
	K_STRMAP,     /* inline table of strings */
	K_CHOICE,     /* one of choices[], stored as its index (an enum) */
	K_MAIL_OPT,   /* "" or a mail address (util/mail_addr.h) */
};

struct key_spec {
	const char *section;
	const char *key;
	enum key_type type;
	size_t offset;
	const char *def;        /* default for string-like keys */
	int64_t idef, min, max; /* integers; idef doubles as bool default */
	bool (*item_ok)(const char *); /* string lists: each item must pass */
	const char *item_what;
	const char *const *choices;    /* K_CHOICE: names, NULL-terminated */
};

#define OFF(field) offsetof(struct config, field)
#define STR(sec, k, t, f, d) { sec, k, t, OFF(f), d, 0, 0, 0, NULL, NULL, NULL }
#define INT(sec, k, f, d, lo, hi) { sec, k, K_INT, OFF(f), NULL, d, lo, hi, NULL, NULL, NULL }
#define BOOL(sec, k, f, d) { sec, k, K_BOOL, OFF(f), NULL, d, 0, 1, NULL, NULL, NULL }
#define LIST(sec, k, f, ok, what) { sec, k, K_STRLIST, OFF(f), NULL, 0, 0, 0, ok, what, NULL }
/* a list whose default is one item */
#define LIST1(sec, k, f, d, ok, what) { sec, k, K_STRLIST, OFF(f), d, 0, 0, 0, ok, what, NULL }
#define CHOICE(sec, k, f, d, names) { sec, k, K_CHOICE, OFF(f), d, 0, 0, 0, NULL, NULL, names }

/* Names in the order of their enums (config.h). */
static const char *const moderation_names[] = { "all", "first-time", "none", NULL };
static const char *const durability_names[] = { "full", "process", NULL };
static const char *const anonymous_names[] = { "allowed", "marked", "refused", NULL };
static const char *const notify_format_names[] = { "newsdesk", "slack", NULL };
static const char *const pr_mode_names[] = { "per-entry", "monthly", NULL };
static const char *const mail_tls_names[] = { "starttls", "tls", "none", NULL };

/* An id as Zola's slugs and the site's templates write them. */
static bool anchor_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_");
	return n > 0 && n < 64 && s[n] == '\0';
}

/* "OWNER/NAME" as GitHub spells a repository. */
static bool repo_ok(const char *s)
{
	const char *slash = strchr(s, '/');
	if (!slash || slash == s || strchr(slash + 1, '/') || !slash[1] || strlen(s) > 140)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") ==
	       strlen(s);
}

/* A GitHub login, bots' "[bot]" suffix allowed. */
static bool login_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-[]");
	return n > 0 && n <= 64 && s[n] == '\0';
}

/* A POSIX extended regular expression. */
static bool regex_ok(const char *s)
{
	regex_t re;
	if (!*s || regcomp(&re, s, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	regfree(&re);
	return true;
}

/* "scheme://host[:port]" exactly as a browser sends it in Origin. */
static bool origin_ok(const char *s)
{
	if (!valid_http_url(s))
		return false;
	const char *host = strstr(s, "://") + 3;
	return !strchr(host, '/') && !strchr(host, '?') && !strchr(host, '#') &&
	       !strchr(host, '@');
}

static const struct key_spec keys[] = {
	STR("server", "listen", K_LISTEN, server.listen, "127.0.0.1:8080"),
	STR("server", "public_url", K_URL, server.public_url, "http://127.0.0.1:8080"),
	LIST("server", "allowed_origins", server.allowed_origins, origin_ok,
	     "an origin like \"https://example.org\" (no path, no trailing slash)"),
	STR("server", "web_root", K_STRING, server.web_root, "web"),
	INT("server", "threads", server.threads, 4, 1, 256),
	INT("server", "max_connections", server.max_connections, 512, 1, 65536),
	INT("server", "per_ip_connections", server.per_ip_connections, 32, 0, 65536),
	INT("server", "ipv6_prefix", server.ipv6_prefix, 64, 32, 128),
	INT("server", "connection_timeout_seconds", server.connection_timeout_seconds, 30, 1, 3600),
	INT("server", "header_timeout_seconds", server.header_timeout_seconds, 10, 1, 600),
	INT("server", "body_timeout_seconds", server.body_timeout_seconds, 30, 1, 3600),
	INT("server", "max_pending_requests", server.max_pending_requests, 256, 1, 65536),
	INT("server", "shutdown_grace_seconds", server.shutdown_grace_seconds, 10, 0, 600),
	BOOL("server", "access_log", server.access_log, 1),
	LIST("server", "trusted_proxies", server.trusted_proxies, ip_entry_valid,
	     "an IP address or ADDRESS/PREFIX"),

	INT("limits", "submissions_per_hour", limits.submissions_per_hour, 10, 1, 100000),
	INT("limits", "costly_per_minute", limits.costly_per_minute, 30, 1, 100000),
	INT("limits", "previews_per_minute", limits.previews_per_minute, 120, 1, 100000),
	INT("limits", "login_failures_per_address", limits.login_failures_per_address, 20, 1, 10000),
	INT("limits", "login_failures_per_pair", limits.login_failures_per_pair, 5, 1, 10000),
	INT("limits", "login_failures_per_account", limits.login_failures_per_account, 5, 1, 10000),
	INT("limits", "slow_threads", limits.slow_threads, 2, 1, 64),
	INT("limits", "slow_queue", limits.slow_queue, 64, 1, 100000),

	STR("storage", "database", K_STRING, storage.database, "data/newsdesk.db"),
	STR("storage", "key_file", K_STRING, storage.key_file, ""),
	INT("storage", "busy_timeout_ms", storage.busy_timeout_ms, 5000, 0, 600000),
	CHOICE("storage", "durability", storage.durability, "full", durability_names),

	STR("github", "api_url", K_URL, github.api_url, "https://api.github.com"),
	STR("github", "web_url", K_URL, github.web_url, "https://github.com"),
	STR("github", "repo", K_STRING, github.repo, "rust-osdev/homepage"),
	STR("github", "branch", K_STRING, github.branch, "next"),
	STR("github", "posts_dir", K_STRING, github.posts_dir, "content/this-month"),
	STR("github", "token_env", K_STRING, github.token_env, "GITHUB_TOKEN"),
	STR("github", "webhook_secret_env", K_STRING, github.webhook_secret_env, "GITHUB_WEBHOOK_SECRET"),
	STR("github", "oauth_client_id", K_STRING, github.oauth_client_id, ""),
	STR("github", "oauth_client_secret_env", K_STRING, github.oauth_client_secret_env, "GITHUB_OAUTH_SECRET"),
	STR("github", "maintainers_org", K_STRING, github.maintainers_org, ""),
	STR("github", "maintainers_team", K_STRING, github.maintainers_team, ""),
	INT("github", "membership_recheck_seconds", github.membership_recheck_seconds, 600, 1, 86400),
	CHOICE("github", "anonymous_contributions", github.anonymous_contributions, "marked",
	       anonymous_names),
	INT("github", "app_id", github.app_id, 0, 0, INT64_MAX),
	INT("github", "app_installation_id", github.app_installation_id, 0, 0, INT64_MAX),
	STR("github", "app_private_key_file", K_STRING, github.app_private_key_file, ""),
	STR("github", "app_private_key_env", K_STRING, github.app_private_key_env, "GITHUB_APP_PRIVATE_KEY"),
	STR("github", "published_branch", K_STRING, github.published_branch, "main"),
	CHOICE("github", "pr_mode", github.pr_mode, "per-entry", pr_mode_names),
	INT("github", "refresh_seconds", github.refresh_seconds, 600, 0, 86400),
	INT("github", "timeout_seconds", github.timeout_seconds, 30, 1, 600),
	INT("github", "write_interval_ms", github.write_interval_ms, 1000, 0, 60000),

	CHOICE("comments", "moderation", comments.moderation, "first-time", moderation_names),
	INT("comments", "signin_days", comments.signin_days, 30, 1, 365),
	INT("comments", "edit_window_minutes", comments.edit_window_minutes, 15, 0, 10080),
	INT("comments", "max_length", comments.max_length, 10000, 1, 100000),
	INT("comments", "rate_limit_per_minute", comments.rate_limit_per_minute, 5, 0, 10000),
	/* SPEC's spelling of server.trusted_proxies */
	LIST("comments", "trusted_proxies", server.trusted_proxies, ip_entry_valid,
	     "an IP address or ADDRESS/PREFIX"),
	INT("comments", "max_links", comments.max_links, 5, 0, 100),
	INT("comments", "min_form_seconds", comments.min_form_seconds, 3, 0, 3600),
	INT("comments", "duplicate_window_hours", comments.duplicate_window_hours, 24, 0, 8760),
	INT("comments", "keep_addresses_days", comments.keep_addresses_days, 30, 1, 3650),
	INT("comments", "reactions_per_minute", comments.reactions_per_minute, 30, 0, 10000),
	STR("comments", "site_url", K_URL_OPT, comments.site_url, ""),
	STR("comments", "notify_url", K_URL_OPT, comments.notify_url, ""),
	CHOICE("comments", "notify_format", comments.notify_format, "newsdesk",
	       notify_format_names),

	BOOL("metrics", "enabled", metrics.enabled, 0),
	LIST("metrics", "allow", metrics.allow, ip_entry_valid, "an IP address or ADDRESS/PREFIX"),

	BOOL("checks", "allow_internal", checks.allow_internal, 0),
	INT("checks", "timeout_seconds", checks.timeout_seconds, 5, 1, 60),
	INT("checks", "previous_issues", checks.previous_issues, 3, 0, 24),

	STR("draft", "section_aliases", K_STRMAP, draft.site.section_aliases, NULL),
	LIST1("draft", "template_anchors", draft.site.template_anchors, "comment-form", anchor_ok,
	      "an id like \"comment-form\" (lower-case letters, digits, '-' and '_')"),
	INT("draft", "deadline_day", draft.deadline_day, 0, 0, 28),

	/* mail to readers and moderators (src/features/mail/) */
	STR("mail", "host", K_STRING, mail.host, ""),
	INT("mail", "port", mail.port, 587, 1, 65535),
	CHOICE("mail", "tls", mail.tls, "starttls", mail_tls_names),
	STR("mail", "user", K_STRING, mail.user, ""),
	STR("mail", "password_env", K_STRING, mail.password_env, "SMTP_PASSWORD"),
	STR("mail", "from", K_MAIL_OPT, mail.from, ""),
	STR("mail", "from_name", K_STRING, mail.from_name, "This Month in Rust OSDev"),
	INT("mail", "timeout_seconds", mail.timeout_seconds, 30, 1, 600),
	STR("mail", "ca_file", K_STRING, mail.ca_file, ""),
	LIST("mail", "digest_to", mail.digest_to, mail_addr_valid, "a mail address"),
	INT("mail", "digest_hours", mail.digest_hours, 0, 0, 720),

	/* the month's merged pull requests (src/features/harvest/); list
	 * defaults of several items are separated by newlines */
	STR("harvest", "org", K_STRING, harvest.org, ""),
	LIST("harvest", "repos", harvest.repos, repo_ok, "a repository like \"rust-osdev/uefi-rs\""),
	LIST("harvest", "exclude_repos", harvest.exclude_repos, repo_ok,
	     "a repository like \"rust-osdev/homepage\""),
	STR("harvest", "section", K_STRING, harvest.section, "`rust-osdev` Projects"),
	LIST1("harvest", "bots", harvest.bots,
	      "dependabot[bot]\nrenovate[bot]\ngithub-actions[bot]", login_ok, "a GitHub login"),
	LIST1("harvest", "comment_titles", harvest.comment_titles, "^(chore|build)\\(deps", regex_ok,
	      "a POSIX extended regular expression"),
	INT("harvest", "max_pulls_per_repo", harvest.max_pulls_per_repo, 300, 1, 10000),
};

#define NKEYS (sizeof keys / sizeof keys[0])

const char *cfg_choice_name(const char *section, const char *key, int value)
{
	for (size_t i = 0; i < NKEYS; i++) {
		const struct key_spec *k = &keys[i];
		if (k->type != K_CHOICE || strcmp(k->section, section) != 0 ||
		    strcmp(k->key, key) != 0)
			continue;
		for (int c = 0; k->choices[c]; c++)
			if (c == value)
				return k->choices[c];
	}
	return "?";
}

void cfg_each_key(void (*fn)(const char *, const char *, void *), void *arg)
{
	for (size_t i = 0; i < NKEYS; i++) {
		bool alias = false;   /* a second spelling of an earlier key's setting */
		for (size_t j = 0; j < i && !alias; j++)
			alias = keys[j].offset == keys[i].offset;
		if (!alias)
			fn(keys[i].section, keys[i].key, arg);
	}
}

static void *field(struct config *c, const struct key_spec *k)
{
	return (char *)c + k->offset;
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->keys[i]);
		free(m->vals[i]);
	}
	free(m->keys);
	free(m->vals);
	m->keys = m->vals = NULL;
	m->n = 0;
}

void cfg_free(struct config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < NKEYS; i++) {
		void *f = field(c, &keys[i]);
		switch (keys[i].type) {
		case K_STRING:
		case K_URL:
		case K_URL_OPT:
		case K_LISTEN:
		case K_MAIL_OPT:
			free(*(char **)f);
			break;
		case K_STRLIST:
			strlist_free(f);
			break;
		case K_STRMAP:
			strmap_free(f);
			break;
		default:
			break;
		}
	}
	free(c->server.listen_host);
	free(c);
}

/* "HOST:PORT" or "[V6]:PORT"; host must be non-empty. */
static int parse_listen(struct config *c, const char *s)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || colon[1] == '\0')
		return -1;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	const char *h = s;
	size_t hl = (size_t)(colon - s);
	if (h[0] == '[') {
		if (hl < 3 || h[hl - 1] != ']')
			return -1;
		h++;
		hl -= 2;
	} else if (memchr(h, ':', hl)) {
		return -1;
	}
	free(c->server.listen_host);
	c->server.listen_host = xstrndup(h, hl);
	c->server.listen_port = (uint16_t)port;
	return 0;
}

static int set_string(struct config *c, const struct key_spec *k,
		      const char *s, struct buf *err, const char *where)
{
	switch (k->type) {
	case K_URL:
		if (!valid_http_url(s)) {
			buf_addf(err, "%s: %s.%s must be an http(s) URL", where,
				 k->section, k->key);
			return -1;
		}
		break;
	case K_URL_OPT:
		if (*s && !valid_http_url(s)) {
			buf_addf(err, "%s: %s.%s must be \"\" or an http(s) URL", where,
				 k->section, k->key);
			return -1;
		}
		break;
	case K_LISTEN:
		if (parse_listen(c, s) < 0) {
			buf_addf(err, "%s: %s.%s must be \"HOST:PORT\"", where,
				 k->section, k->key);
			return -1;
		}
		break;
	case K_MAIL_OPT:
		if (*s && !mail_addr_valid(s)) {
			buf_addf(err, "%s: %s.%s must be \"\" or a mail address like "
				 "\"news@example.org\"", where, k->section, k->key);
			return -1;
		}
		break;
	case K_CHOICE: {
		int *choice = field(c, k);
		struct buf names = BUF_INIT;
		for (int i = 0; k->choices[i]; i++) {
			if (strcmp(s, k->choices[i]) == 0) {
				*choice = i;
				buf_release(&names);
				return 0;
			}
			buf_addf(&names, "%s\"%s\"", i ? (k->choices[i + 1] ? ", " : " or ") : "",
				 k->choices[i]);
		}
		buf_addf(err, "%s: %s.%s must be %s", where, k->section, k->key, names.p);
		buf_release(&names);
		return -1;
	}
	default:
		break;
	}
	char **f = field(c, k);
	free(*f);
	size_t n = strlen(s);
	/* URLs are stored without a trailing slash so that joins are simple */
	while ((k->type == K_URL || k->type == K_URL_OPT) && n > 0 && s[n - 1] == '/')
		n--;
	*f = xstrndup(s, n);
	return 0;
}

static struct config *defaults(void)
{
	struct config *c = xcalloc(1, sizeof *c);
	struct buf ignored = BUF_INIT;
	for (size_t i = 0; i < NKEYS; i++) {
		const struct key_spec *k = &keys[i];
		switch (k->type) {
		case K_INT:
			*(int64_t *)field(c, k) = k->idef;
			break;
		case K_BOOL:
			*(bool *)field(c, k) = k->idef != 0;
			break;
		case K_STRLIST:
			if (k->def) {
				struct strlist *l = field(c, k);
				size_t items = 1;
				for (const char *p = k->def; *p; p++)
					items += *p == '\n';
				l->v = xcalloc(items, sizeof *l->v);
				for (const char *p = k->def;; ) {
					size_t len = strcspn(p, "\n");
					l->v[l->n++] = xstrndup(p, len);
					if (!p[len])
						break;
					p += len + 1;
				}
			}
			break;
		case K_STRMAP:
			break;
		default:
			set_string(c, k, k->def, &ignored, "default");
			break;
		}
	}
	buf_release(&ignored);
	return c;
}

static const struct key_spec *find_key(const char *section, const char *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].section, section) == 0 &&
		    strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

static bool known_section(const char *section)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].section, section) == 0)
			return true;
	return false;
}

static const char *expected_type(enum key_type t)
{
	switch (t) {
	case K_INT: return "an integer";
	case K_BOOL: return "a boolean";
	case K_STRLIST: return "an array of strings";
	case K_STRMAP: return "a table of strings";
	default: return "a string";
	}
}

static int apply_value(struct config *c, const struct key_spec *k,
		       const struct toml_value *v, const char *name,
		       struct buf *err)
{
	char where[600];
	snprintf(where, sizeof where, "%s:%d", name, v->line);
	bool ok;
	switch (k->type) {
	case K_INT: ok = v->type == TOML_INT; break;
	case K_BOOL: ok = v->type == TOML_BOOL; break;
	case K_STRLIST: ok = v->type == TOML_ARRAY; break;
	case K_STRMAP: ok = v->type == TOML_TABLE; break;
	default: ok = v->type == TOML_STRING; break;
	}
	if (!ok) {
		buf_addf(err, "%s: %s.%s must be %s, not %s", where, k->section,
			 k->key, expected_type(k->type), toml_type_name(v->type));
		return -1;
	}
	switch (k->type) {
	case K_INT:
		if (v->u.i < k->min || v->u.i > k->max) {
			buf_addf(err, "%s: %s.%s must be between %lld and %lld",
				 where, k->section, k->key, (long long)k->min,
				 (long long)k->max);
			return -1;
		}
		*(int64_t *)field(c, k) = v->u.i;
		return 0;
	case K_BOOL:
		*(bool *)field(c, k) = v->u.b;
		return 0;
	case K_STRLIST: {
		struct strlist *l = field(c, k);
		strlist_free(l);
		l->v = xcalloc(v->u.arr.n, sizeof *l->v);
		for (size_t i = 0; i < v->u.arr.n; i++) {
			const struct toml_value *it = v->u.arr.items[i];
			if (it->type != TOML_STRING) {
				buf_addf(err, "%s:%d: %s.%s must be an array of strings",
					 name, it->line, k->section, k->key);
				return -1;
			}
			if (k->item_ok && !k->item_ok(it->u.s)) {
				buf_addf(err, "%s:%d: %s.%s: each item must be %s", name, it->line,
					 k->section, k->key, k->item_what);
				return -1;
			}
			l->v[l->n++] = xstrdup(it->u.s);
		}
		return 0;
	}
	case K_STRMAP: {
		struct strmap *m = field(c, k);
		const struct toml_table *t = v->u.tab;
		strmap_free(m);
		m->keys = xcalloc(t->n, sizeof *m->keys);
		m->vals = xcalloc(t->n, sizeof *m->vals);
		for (size_t i = 0; i < t->n; i++) {
			const struct toml_value *it = t->kv[i].val;
			if (it->type != TOML_STRING) {
				buf_addf(err, "%s:%d: %s.%s.\"%s\" must be a string",
					 name, it->line, k->section, k->key,
					 t->kv[i].key);
				return -1;
			}
			m->keys[m->n] = xstrdup(t->kv[i].key);
			m->vals[m->n++] = xstrdup(it->u.s);
		}
		return 0;
	}
	default:
		return set_string(c, k, v->u.s, err, where);
	}
}

bool cfg_mail_on(const struct config *cfg)
{
	return cfg->mail.host && cfg->mail.host[0];
}

/* The line a key of [mail] was given on (0: not given). */
static int mail_line(const struct toml_table *doc, const char *key)
{
	for (size_t i = 0; i < doc->n; i++) {
		if (strcmp(doc->kv[i].key, "mail") != 0 || doc->kv[i].val->type != TOML_TABLE)
			continue;
		const struct toml_table *t = doc->kv[i].val->u.tab;
		for (size_t j = 0; j < t->n; j++)
			if (strcmp(t->kv[j].key, key) == 0)
				return t->kv[j].val->line;
	}
	return 0;
}

/* [mail] as a whole: a relay needs a from address, and mail in the clear
 * goes to this machine only. */
static int mail_check(const struct config *c, const struct toml_table *doc, const char *name,
		      struct buf *err)
{
	if (!cfg_mail_on(c))
		return 0;
	if (!*c->mail.from) {
		buf_addf(err, "%s:%d: mail.from must be set when mail.host is (the address mails "
			 "come from)", name, mail_line(doc, "host"));
		return -1;
	}
	if (*c->mail.ca_file && access(c->mail.ca_file, R_OK) != 0) {
		buf_addf(err, "%s:%d: mail.ca_file '%s' cannot be read", name,
			 mail_line(doc, "ca_file"), c->mail.ca_file);
		return -1;
	}
	if (c->mail.tls == MAIL_TLS_NONE && !mail_host_loopback(c->mail.host)) {
		buf_addf(err, "%s:%d: mail.tls = \"none\" is only for a relay on this machine "
			 "(127.0.0.1, ::1, localhost); use \"starttls\" or \"tls\"", name,
			 mail_line(doc, "tls"));
		return -1;
	}
	return 0;
}

struct config *cfg_parse(const char *text, size_t len, const char *name,
			 struct buf *err)
{
	struct toml_table *doc = toml_parse(text, len, name, err);
	if (!doc)
		return NULL;
	struct config *c = defaults();
	/* two spellings of one setting (an alias) may not both be given */
	const struct key_spec *given[NKEYS];
	size_t n_given = 0;
	for (size_t i = 0; i < doc->n; i++) {
		const char *sec = doc->kv[i].key;
		const struct toml_value *sv = doc->kv[i].val;
		if (sv->type != TOML_TABLE || !known_section(sec)) {
			buf_addf(err, "%s:%d: unknown %s '%s'", name, sv->line,
				 sv->type == TOML_TABLE ? "section" : "key", sec);
			goto fail;
		}
		const struct toml_table *t = sv->u.tab;
		for (size_t j = 0; j < t->n; j++) {
			const struct toml_value *v = t->kv[j].val;
			const struct key_spec *k = find_key(sec, t->kv[j].key);
			if (!k) {
				buf_addf(err, "%s:%d: unknown key '%s.%s'", name,
					 v->line, sec, t->kv[j].key);
				goto fail;
			}
			for (size_t g = 0; g < n_given; g++)
				if (given[g] != k && given[g]->offset == k->offset) {
					buf_addf(err, "%s:%d: '%s.%s' and '%s.%s' are one setting; "
						 "give it once", name, v->line, given[g]->section,
						 given[g]->key, sec, t->kv[j].key);
					goto fail;
				}
			if (n_given < NKEYS)
				given[n_given++] = k;
			if (apply_value(c, k, v, name, err) < 0)
				goto fail;
		}
	}
	if (mail_check(c, doc, name, err) < 0)
		goto fail;
	toml_free(doc);
	return c;
fail:
	toml_free(doc);
	cfg_free(c);
	return NULL;
}

struct config *cfg_load(const char *path, struct buf *err)
{
	if (!path)
		return cfg_parse("", 0, "(defaults)", err);
	struct buf text = BUF_INIT;
	if (file_read(path, CONFIG_MAX_BYTES, &text, err) < 0) {
		buf_release(&text);
		return NULL;
	}
	struct config *c = cfg_parse(text.p, text.len, path, err);
	buf_release(&text);
	return c;
}

const char *cfg_secret(const char *env_name)
{
	if (!env_name || !*env_name)
		return NULL;
	const char *v = getenv(env_name);
	return v && *v ? v : NULL;
}
