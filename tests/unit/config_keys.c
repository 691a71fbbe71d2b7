/* config_keys.c: the key table — defaults, config.example.toml, and the
 * errors for unknown keys, wrong types and out-of-range values. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "util/file.h"

static struct config *parse(const char *text, struct buf *err)
{
	buf_init(err);
	return cfg_parse(text, strlen(text), "c.toml", err);
}

Test(config, defaults_match_spec)
{
	struct buf err;
	struct config *c = parse("", &err);
	cr_assert_not_null(c, "%s", err.p);
	cr_assert_str_eq(c->server.listen, "127.0.0.1:8080");
	cr_assert_str_eq(c->server.listen_host, "127.0.0.1");
	cr_assert_eq(c->server.listen_port, 8080);
	cr_assert_str_eq(c->server.public_url, "http://127.0.0.1:8080");
	cr_assert_str_eq(c->storage.database, "data/newsdesk.db");
	cr_assert_str_eq(c->github.api_url, "https://api.github.com");
	cr_assert_str_eq(c->github.repo, "rust-osdev/homepage");
	cr_assert_str_eq(c->github.branch, "next");
	cr_assert_str_eq(c->github.posts_dir, "content/this-month");
	cr_assert_str_eq(c->github.token_env, "GITHUB_TOKEN");
	cr_assert_eq(c->comments.moderation, MODERATION_FIRST_TIME);
	/* extensions: durable answers and one address's share, on by default */
	cr_assert_eq(c->storage.durability, DURABILITY_FULL);
	cr_assert_eq(c->server.per_ip_connections, 32);
	cr_assert_eq(c->comments.edit_window_minutes, 15);
	cr_assert_eq(c->comments.max_length, 10000);
	cr_assert_eq(c->comments.rate_limit_per_minute, 5);
	cr_assert_eq(c->draft.site.section_aliases.n, 0);
	cr_assert_eq(c->draft.site.template_anchors.n, 1);
	cr_assert_str_eq(c->draft.site.template_anchors.v[0], "comment-form");
	/* the harvest's defaults: three bots, dependency bumps as comments */
	cr_assert_eq(c->harvest.bots.n, 3);
	cr_assert_str_eq(c->harvest.bots.v[0], "dependabot[bot]");
	cr_assert_str_eq(c->harvest.bots.v[2], "github-actions[bot]");
	cr_assert_eq(c->harvest.comment_titles.n, 1);
	cr_assert_str_eq(c->harvest.comment_titles.v[0], "^(chore|build)\\(deps");
	cr_assert_str_eq(c->harvest.section, "`rust-osdev` Projects");
	cr_assert_eq(c->harvest.max_pulls_per_repo, 300);
	cfg_free(c);
	buf_release(&err);
}

static void key_in_example(const char *section, const char *key, void *arg)
{
	const char *text = arg;
	/* find "[section]" then "key =" before the next table header */
	char hdr[64], kv[80];
	snprintf(hdr, sizeof hdr, "\n[%s]\n", section);
	snprintf(kv, sizeof kv, "\n%s = ", key);
	const char *s = strstr(text, hdr);
	cr_assert_not_null(s, "config.example.toml lacks [%s]", section);
	s += strlen(hdr) - 1;
	const char *next = strstr(s, "\n[");
	const char *k = strstr(s, kv);
	cr_expect(k && (!next || k < next), "config.example.toml lacks %s.%s",
		  section, key);
}

Test(config, example_file_has_every_key_and_parses_to_defaults)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(file_read(NEWSDESK_SRCDIR "/config.example.toml", 1 << 20,
			       &text, &err), 0, "%s", err.p);
	cfg_each_key(key_in_example, text.p);
	struct config *c = cfg_parse(text.p, text.len, "config.example.toml", &err);
	cr_assert_not_null(c, "%s", err.p);
	cr_expect_str_eq(c->server.listen, "127.0.0.1:8080");
	cr_expect_eq(c->comments.moderation, MODERATION_FIRST_TIME);
	cfg_free(c);
	buf_release(&text);
	buf_release(&err);
}

Test(config, values_are_read)
{
	struct buf err;
	struct config *c = parse(
		"[server]\nlisten = \"[::1]:0\"\nallowed_origins = [\"https://rust-osdev.com\"]\n"
		"public_url = \"https://news.example.org/\"\n"
		"[comments]\nmoderation = \"none\"\ntrusted_proxies = [\"127.0.0.1\", \"::1\"]\n"
		"[draft]\nsection_aliases = { \"Personal Projects\" = \"Other Projects\" }\n",
		&err);
	cr_assert_not_null(c, "%s", err.p);
	cr_assert_str_eq(c->server.listen_host, "::1");
	cr_assert_eq(c->server.listen_port, 0);
	cr_assert_str_eq(c->server.public_url, "https://news.example.org");
	cr_assert_eq(c->server.allowed_origins.n, 1);
	cr_assert_eq(c->comments.moderation, MODERATION_NONE);
	cr_assert_eq(c->server.trusted_proxies.n, 2, "SPEC's [comments] spelling sets it");
	cr_assert_str_eq(c->draft.site.section_aliases.keys[0], "Personal Projects");
	cr_assert_str_eq(c->draft.site.section_aliases.vals[0], "Other Projects");
	cfg_free(c);
	buf_release(&err);
}

/* [server] trusted_proxies governs the whole server; SPEC's [comments]
 * spelling is the same setting, and giving both is a mistake said at once. */
Test(config, trusted_proxies_is_one_server_setting_with_two_spellings)
{
	struct buf err = BUF_INIT;
	struct config *c = parse("[server]\ntrusted_proxies = [\"10.0.0.0/8\"]\n", &err);
	cr_assert_not_null(c, "%s", err.p);
	cr_expect_eq(c->server.trusted_proxies.n, 1);
	cfg_free(c);
	c = parse("[server]\ntrusted_proxies = [\"10.0.0.1\"]\n"
		  "[comments]\ntrusted_proxies = [\"10.0.0.2\"]\n", &err);
	cr_expect_null(c);
	cr_expect(strstr(err.p, "'server.trusted_proxies' and 'comments.trusted_proxies' are one "
			       "setting"), "%s", err.p);
	cfg_free(c);
	buf_release(&err);
}

/* The limits that were constants are keys (their bounds are in the table
 * of every integer key below), with the values they had as defaults. */
Test(config, the_limits_are_keys)
{
	struct buf err = BUF_INIT;
	struct config *c = parse("", &err);
	cr_assert_not_null(c, "%s", err.p);
	cr_expect_eq(c->limits.submissions_per_hour, 10);
	cr_expect_eq(c->limits.costly_per_minute, 30);
	cr_expect_eq(c->limits.previews_per_minute, 120);
	cr_expect_eq(c->limits.login_failures_per_address, 20);
	cr_expect_eq(c->limits.slow_threads, 2);
	cr_expect_eq(c->limits.slow_queue, 64);
	cfg_free(c);
	buf_release(&err);
}

Test(config, invalid_configs_name_file_and_line)
{
	static const struct { const char *text, *error; } cases[] = {
		{ "[server]\nlisten = \"127.0.0.1:1\"\nbogus = 1\n",
		  "c.toml:3: unknown key 'server.bogus'" },
		{ "\n[nosuch]\n", "c.toml:2: unknown section 'nosuch'" },
		{ "top = 1\n", "c.toml:1: unknown key 'top'" },
		{ "[server]\nthreads = \"4\"\n",
		  "c.toml:2: server.threads must be an integer, not string" },
		{ "[server]\nthreads = 0\n",
		  "c.toml:2: server.threads must be between 1 and 256" },
		{ "[server]\nlisten = \"nowhere\"\n",
		  "c.toml:2: server.listen must be \"HOST:PORT\"" },
		{ "[server]\nlisten = \"1.2.3.4:99999\"\n",
		  "c.toml:2: server.listen must be \"HOST:PORT\"" },
		{ "[github]\napi_url = \"ftp://x\"\n",
		  "c.toml:2: github.api_url must be an http(s) URL" },
		{ "[storage]\ndurability = \"sometimes\"\n",
		  "c.toml:2: storage.durability must be \"full\" or \"process\"" },
		{ "[server]\nheader_timeout_seconds = 0\n",
		  "c.toml:2: server.header_timeout_seconds must be between 1 and 600" },
		{ "[comments]\nmoderation = \"some\"\n",
		  "c.toml:2: comments.moderation must be \"all\", \"first-time\" or \"none\"" },
		{ "[server]\nallowed_origins = [\n\"https://a.org\",\n 3]\n",
		  "c.toml:4: server.allowed_origins must be an array of strings" },
		{ "[server]\nallowed_origins = [\"https://a.org/blog\"]\n",
		  "c.toml:2: server.allowed_origins: each item must be an origin like "
		  "\"https://example.org\" (no path, no trailing slash)" },
		{ "[comments]\ntrusted_proxies = [\"10.0.0.0/33\"]\n",
		  "c.toml:2: comments.trusted_proxies: each item must be an IP address or "
		  "ADDRESS/PREFIX" },
		{ "[comments]\nnotify_url = \"mailto:x@y\"\n",
		  "c.toml:2: comments.notify_url must be \"\" or an http(s) URL" },
		{ "[draft]\nsection_aliases = { a = 1 }\n",
		  "c.toml:2: draft.section_aliases.\"a\" must be a string" },
		{ "[draft]\ntemplate_anchors = [\"Comment Form\"]\n",
		  "c.toml:2: draft.template_anchors: each item must be an id like \"comment-form\""
		  " (lower-case letters, digits, '-' and '_')" },
		{ "[server]\naccess_log = \"yes\"\n",
		  "c.toml:2: server.access_log must be a boolean, not string" },
		{ "[server\n", "c.toml:1: expected ']' after table name" },
		{ "[mail]\nfrom = \"news@\"\n",
		  "c.toml:2: mail.from must be \"\" or a mail address like \"news@example.org\"" },
		{ "[mail]\nhost = \"smtp.example.org\"\n",
		  "c.toml:2: mail.from must be set when mail.host is (the address mails come from)" },
		{ "[mail]\nhost = \"smtp.example.org\"\nfrom = \"a@b.org\"\ntls = \"none\"\n",
		  "c.toml:4: mail.tls = \"none\" is only for a relay on this machine (127.0.0.1, ::1, "
		  "localhost); use \"starttls\" or \"tls\"" },
		{ "[mail]\nhost = \"127.0.0.1.evil.org\"\nfrom = \"a@b.org\"\ntls = \"none\"\n",
		  "c.toml:4: mail.tls = \"none\" is only for a relay on this machine (127.0.0.1, ::1, "
		  "localhost); use \"starttls\" or \"tls\"" },
		{ "[mail]\ndigest_to = [\"x@y.org\", \"a\\r\\nb@c.org\"]\n",
		  "c.toml:2: mail.digest_to: each item must be a mail address" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf err;
		struct config *c = parse(cases[i].text, &err);
		cr_expect_null(c, "case %zu accepted", i);
		cr_expect_str_eq(err.p, cases[i].error, "case %zu", i);
		cfg_free(c);
		buf_release(&err);
	}
}

Test(config, missing_file_is_an_error)
{
	struct buf err = BUF_INIT;
	cr_assert_null(cfg_load("/nonexistent/newsdesk.toml", &err));
	cr_assert(strstr(err.p, "cannot open '/nonexistent/newsdesk.toml'"), "%s", err.p);
	buf_release(&err);
}

Test(config, secrets_come_from_the_environment)
{
	setenv("ND_TEST_SECRET", "s3cret", 1);
	cr_assert_str_eq(cfg_secret("ND_TEST_SECRET"), "s3cret");
	unsetenv("ND_TEST_SECRET");
	cr_assert_null(cfg_secret("ND_TEST_SECRET"));
	cr_assert_null(cfg_secret(""));
}

Test(config, a_choice_has_its_name_back)
{
	cr_assert_str_eq(cfg_choice_name("storage", "durability", DURABILITY_PROCESS), "process");
	cr_assert_str_eq(cfg_choice_name("github", "anonymous_contributions", ANON_MARKED), "marked");
	cr_assert_str_eq(cfg_choice_name("github", "pr_mode", PR_MODE_MONTHLY), "monthly");
	cr_assert_str_eq(cfg_choice_name("github", "repo", 0), "?");
	cr_assert_str_eq(cfg_choice_name("comments", "moderation", 7), "?");
}

/* Every integer key's range, written out once more: both bounds are taken
 * and one past either is refused, so a range changed in the key table
 * (src/config/config.c) fails here until it is changed on purpose. */
Test(config, every_integer_key_takes_its_bounds_and_refuses_one_past_them)
{
	static const struct { const char *section, *key; long long min, max; } ranges[] = {
		{ "server", "threads", 1, 256 },
		{ "server", "max_connections", 1, 65536 },
		{ "server", "per_ip_connections", 0, 65536 },
		{ "server", "ipv6_prefix", 32, 128 },
		{ "server", "connection_timeout_seconds", 1, 3600 },
		{ "server", "header_timeout_seconds", 1, 600 },
		{ "server", "body_timeout_seconds", 1, 3600 },
		{ "server", "max_pending_requests", 1, 65536 },
		{ "server", "shutdown_grace_seconds", 0, 600 },
		{ "storage", "busy_timeout_ms", 0, 600000 },
		{ "github", "membership_recheck_seconds", 1, 86400 },
		{ "github", "app_id", 0, INT64_MAX },
		{ "github", "app_installation_id", 0, INT64_MAX },
		{ "github", "refresh_seconds", 0, 86400 },
		{ "github", "timeout_seconds", 1, 600 },
		{ "github", "write_interval_ms", 0, 60000 },
		{ "comments", "signin_days", 1, 365 },
		{ "comments", "edit_window_minutes", 0, 10080 },
		{ "comments", "max_length", 1, 100000 },
		{ "comments", "rate_limit_per_minute", 0, 10000 },
		{ "comments", "max_links", 0, 100 },
		{ "comments", "min_form_seconds", 0, 3600 },
		{ "comments", "duplicate_window_hours", 0, 8760 },
		{ "comments", "keep_addresses_days", 1, 3650 },
		{ "comments", "reactions_per_minute", 0, 10000 },
		{ "checks", "timeout_seconds", 1, 60 },
		{ "checks", "previous_issues", 0, 24 },
		{ "draft", "deadline_day", 0, 28 },
		{ "harvest", "max_pulls_per_repo", 1, 10000 },
		{ "mail", "port", 1, 65535 },
		{ "mail", "timeout_seconds", 1, 600 },
		{ "mail", "digest_hours", 0, 720 },
		{ "limits", "submissions_per_hour", 1, 100000 },
		{ "limits", "costly_per_minute", 1, 100000 },
		{ "limits", "previews_per_minute", 1, 100000 },
		{ "limits", "login_failures_per_address", 1, 10000 },
		{ "limits", "login_failures_per_pair", 1, 10000 },
		{ "limits", "login_failures_per_account", 1, 10000 },
		{ "limits", "slow_threads", 1, 64 },
		{ "limits", "slow_queue", 1, 100000 },
		{ "harvest", "max_pulls_per_repo", 1, 10000 },
	};
	for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++) {
		const char *sec = ranges[i].section, *key = ranges[i].key;
		long long edge[] = { ranges[i].min, ranges[i].max, ranges[i].min - 1,
				     ranges[i].max };
		/* one past the top, where a TOML integer can say it */
		bool top = ranges[i].max < INT64_MAX;
		if (top)
			edge[3] = ranges[i].max + 1;
		for (int e = 0; e < 4; e++) {
			char text[160], want[200];
			snprintf(text, sizeof text, "[%s]\n%s = %lld\n", sec, key, edge[e]);
			struct buf err;
			struct config *c = parse(text, &err);
			if (e < 2 || (e == 3 && !top)) {
				cr_expect_not_null(c, "%s.%s = %lld refused: %s", sec, key, edge[e], err.p);
			} else {
				snprintf(want, sizeof want, "c.toml:2: %s.%s must be between %lld and %lld",
					 sec, key, ranges[i].min, ranges[i].max);
				cr_expect_null(c, "%s.%s = %lld accepted", sec, key, edge[e]);
				cr_expect_str_eq(err.p, want);
			}
			cfg_free(c);
			buf_release(&err);
		}
	}
}
