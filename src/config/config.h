/* config.h: newsdesk's configuration, loaded from TOML.
 *
 * Every key is declared once in config.c's table (section, key, type,
 * default, bounds); cfg_load() refuses unknown keys, wrong types, values out
 * of range and TOML syntax errors with "FILE:LINE: message".  Secrets never
 * live here: only the names of the environment variables that hold them
 * (read them with cfg_secret()).
 *
 * A loaded config is immutable and owned by the caller (cfg_free()); it is
 * safe to read from any thread.
 */
#ifndef NEWSDESK_CONFIG_H
#define NEWSDESK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct strlist {
	char **v;
	size_t n;
};

/* Frees the items and leaves the list empty (for lists made elsewhere too). */
void strlist_free(struct strlist *l);

struct strmap {
	char **keys;
	char **vals;
	size_t n;
};

/* Choice keys: each enum's order is the order of its names in config.c. */
enum moderation { MODERATION_ALL, MODERATION_FIRST_TIME, MODERATION_NONE };
enum durability { DURABILITY_FULL, DURABILITY_PROCESS };
/* Contributions from people not signed in with GitHub: accepted as they
 * are, accepted but marked unverified in the pull request, or refused. */
enum anonymous_contributions { ANON_ALLOWED, ANON_MARKED, ANON_REFUSED };
/* The notification's body: newsdesk's JSON, or Slack's incoming-webhook
 * {"text"} that Zulip, Mattermost, Rocket.Chat and others accept too. */
enum notify_format { NOTIFY_NEWSDESK, NOTIFY_SLACK };
/* One pull request per approved entry, or one rolling one per issue. */
enum pr_mode { PR_MODE_PER_ENTRY, PR_MODE_MONTHLY };
/* How the mail relay is reached: STARTTLS on a plain port, TLS from the
 * first byte (465), or in the clear (a relay on loopback only). */
enum mail_tls { MAIL_TLS_STARTTLS, MAIL_TLS_IMPLICIT, MAIL_TLS_NONE };

/* What the site around a draft adds to the rules an entry is held to. */
struct draft_site {
	struct strmap section_aliases;   /* a heading's old name -> its name now */
	struct strlist template_anchors; /* ids the page template has (comment-form) */
};

struct config {
	struct {
		char *listen;          /* "HOST:PORT" as written */
		char *listen_host;     /* parsed from listen */
		uint16_t listen_port;  /* 0 = pick a free port */
		char *public_url;
		struct strlist allowed_origins;
		char *web_root;
		int64_t threads;
		int64_t max_connections;
		int64_t per_ip_connections;
		int64_t ipv6_prefix;   /* IPv6 clients are limited by this prefix, IPv4 by address */
		int64_t connection_timeout_seconds;
		int64_t header_timeout_seconds;
		int64_t body_timeout_seconds;
		int64_t max_pending_requests;
		int64_t shutdown_grace_seconds;
		bool access_log;
		/* whose X-Forwarded-For is believed, for every limit of the server
		 * (SPEC spells it [comments] trusted_proxies: either, not both) */
		struct strlist trusted_proxies;
	} server;
	/* What one client network may make the server do (extensions; the
	 * comments' rate is SPEC's comments.rate_limit_per_minute). */
	struct {
		int64_t submissions_per_hour;       /* stored contributions */
		int64_t costly_per_minute;          /* posts that render the draft, sign-in starts, callbacks */
		int64_t previews_per_minute;        /* a live preview while typing stays far below */
		int64_t login_failures_per_address; /* per 15 minutes */
		int64_t login_failures_per_pair;    /* per 15 minutes, per (address, account) */
		int64_t login_failures_per_account; /* per 15 minutes; past it failures are slowed */
		int64_t slow_threads;               /* password hashes and OAuth exchanges at once */
		int64_t slow_queue;                 /* waiting beyond that: 503 at once */
	} limits;
	struct {
		char *database;
		char *key_file;   /* the service's own keys; "" = DATABASE.keys */
		int64_t busy_timeout_ms;
		enum durability durability;
	} storage;
	struct {
		char *api_url;
		char *web_url;
		char *repo;
		char *branch;
		char *posts_dir;
		char *token_env;
		char *webhook_secret_env;
		char *oauth_client_id;
		char *oauth_client_secret_env;
		char *maintainers_org;
		char *maintainers_team;      /* a team slug of maintainers_org; "" = the whole org */
		int64_t membership_recheck_seconds;
		enum anonymous_contributions anonymous_contributions;
		int64_t app_id;              /* 0: act with the personal token */
		int64_t app_installation_id;
		char *app_private_key_file;  /* PEM; else the PEM in $app_private_key_env */
		char *app_private_key_env;
		char *published_branch;     /* a post there is published; "" = the date alone says */
		enum pr_mode pr_mode;
		int64_t refresh_seconds;    /* periodic check of open PRs; 0 = webhooks only */
		int64_t timeout_seconds;    /* per GitHub request */
		int64_t write_interval_ms;  /* GitHub asks for writes >= 1 s apart */
	} github;
	struct {
		enum moderation moderation;
		int64_t signin_days;            /* a GitHub commenter token lives this long */
		int64_t edit_window_minutes;
		int64_t max_length;
		int64_t rate_limit_per_minute;
		int64_t max_links;              /* links (and images) per comment */
		int64_t min_form_seconds;       /* a form posted sooner is a bot's */
		int64_t duplicate_window_hours; /* the same text on a page again is refused */
		int64_t keep_addresses_days;    /* readers' addresses are dropped after this */
		int64_t reactions_per_minute;   /* reactions added or taken back per client network */
		char *site_url;                 /* where comment pages live; "" = unknown */
		char *notify_url;               /* POSTed to on events (features/notify/notify.h); "" = off */
		enum notify_format notify_format;
	} comments;
	struct {
		bool enabled;
		struct strlist allow;     /* who may read /metrics */
	} metrics;
	struct {
		bool allow_internal;      /* links may reach loopback/private addresses (tests) */
		int64_t timeout_seconds;  /* per link */
		int64_t previous_issues;  /* published issues searched for duplicates */
	} checks;
	struct {
		struct draft_site site;
		int64_t deadline_day;   /* contributions until this day of the next month; 0 = none */
	} draft;
	/* Mail to readers and moderators (features/mail/); host "" = off. */
	struct {
		char *host;
		int64_t port;
		enum mail_tls tls;
		char *user;                 /* "" = no AUTH */
		char *password_env;         /* names the variable holding the password */
		char *from;                 /* an address; its domain names the Message-IDs */
		char *from_name;
		int64_t timeout_seconds;    /* one mail's whole conversation with the relay */
		char *ca_file;              /* PEM certificates the relay's must chain to; "" = the system's */
		struct strlist digest_to;   /* moderators' addresses for the digest */
		int64_t digest_hours;       /* how often a digest goes; 0 = none */
	} mail;
	/* The month's merged pull requests, proposed as entries (features/harvest/). */
	struct {
		char *org;                  /* every repository of this organisation ("" = repos only) */
		struct strlist repos;       /* "OWNER/NAME", besides org's */
		struct strlist exclude_repos;
		char *section;              /* the ## heading the entries go to */
		struct strlist bots;        /* logins whose pull requests are kept as comments */
		struct strlist comment_titles; /* POSIX EREs: titles kept as comments */
		int64_t max_pulls_per_repo; /* pull requests read per repository at most */
	} harvest;
};

/* Is mail on ([mail] host set)? */
bool cfg_mail_on(const struct config *cfg);

/* Loads path (NULL: defaults only).  Returns NULL with one line in err. */
struct config *cfg_load(const char *path, struct buf *err);
/* Parses an in-memory document; name is used in error messages. */
struct config *cfg_parse(const char *text, size_t len, const char *name,
			 struct buf *err);
void cfg_free(struct config *cfg);
/* The value of the environment variable whose name the config holds, or
 * NULL when the name is empty or the variable unset/empty. */
const char *cfg_secret(const char *env_name);

/* The name a choice key's value has in the file ("marked", "full", …). */
const char *cfg_choice_name(const char *section, const char *key, int value);

/* Describes the table for tests and docs: calls fn once per known key. */
void cfg_each_key(void (*fn)(const char *section, const char *key, void *arg),
		  void *arg);

#endif
