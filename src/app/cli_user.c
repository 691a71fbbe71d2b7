/* app/cli_user.c: maintainer accounts from the command line */
#include "app/cli_user.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/password.h"
#include "core/cli_store.h"
#include "util/text_fmt.h"
#include "store/users.h"

static bool valid_name(const char *name)
{
	size_t nl = strlen(name);
	if (nl == 0 || nl > 64) {
		fprintf(stderr, "newsdesk: user name must have 1 to 64 characters\n");
		return false;
	}
	for (const char *p = name; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')) {
			fprintf(stderr, "newsdesk: user name may only use letters, digits, '-', '_' and '.'\n");
			return false;
		}
	}
	return true;
}

/* One line from stdin, without its line ending; false after a message. */
static bool read_password(char *line, size_t cap, size_t *len)
{
	if (!fgets(line, (int)cap, stdin)) {
		fprintf(stderr, "newsdesk: no password on stdin\n");
		return false;
	}
	*len = strlen(line);
	if (*len && line[*len - 1] == '\n')
		line[--*len] = '\0';
	else if (*len > PASSWORD_MAX_BYTES) {
		fprintf(stderr, "newsdesk: password is longer than %d bytes\n", PASSWORD_MAX_BYTES);
		return false;
	}
	if (*len && line[*len - 1] == '\r')
		line[--*len] = '\0';
	return true;
}

static int user_add(const struct config *cfg, const char *name)
{
	if (!valid_name(name))
		return 1;
	char line[PASSWORD_MAX_BYTES + 2];
	size_t len = 0;
	struct buf err = BUF_INIT, hash = BUF_INIT;
	int rc = 1;
	if (!read_password(line, sizeof line, &len))
		goto out;
	if (password_check_rules(line, len, &err) < 0) {
		fprintf(stderr, "newsdesk: %s\n", err.p);
		goto out;
	}
	if (password_hash(line, len, &hash) < 0) {
		fprintf(stderr, "newsdesk: cannot hash password\n");
		goto out;
	}
	struct store *s = cli_open_store(cfg);
	if (!s)
		goto out;
	int ended = 0;
	if (store_user_set_password(s, name, hash.p, (int64_t)time(NULL), &ended, &err) < 0) {
		fprintf(stderr, "newsdesk: %s\n", err.p);
	} else {
		store_durable_barrier(s);
		printf("user '%s' saved", name);
		if (ended)
			printf("; %d session%s ended", ended, ended == 1 ? "" : "s");
		printf("\n");
		rc = 0;
	}
	store_close(s);
out:
	memset(line, 0, sizeof line);
	buf_release(&err);
	buf_release(&hash);
	return rc;
}

static int user_remove(const struct config *cfg, const char *name)
{
	if (!valid_name(name))
		return 1;
	struct store *s = cli_open_store(cfg);
	if (!s)
		return 1;
	struct buf err = BUF_INIT;
	int got = store_user_remove(s, name, &err);
	if (got == 0) {
		fprintf(stderr, "newsdesk: no user '%s'\n", name);
	} else if (got > 0) {
		store_durable_barrier(s);
		printf("user '%s' removed; their sessions have ended\n", name);
	}
	cli_store_done(s, got, &err);
	return got == 1 ? 0 : 1;
}

static void print_user(const struct store_user *u, void *arg)
{
	char created[TIME_RFC3339_MAX], changed[TIME_RFC3339_MAX];
	(void)arg;
	time_rfc3339(u->created_at, created);
	time_rfc3339(u->updated_at, changed);
	printf("%-24s %-9s %-20s %-20s %lld\n", u->name, u->has_password ? "password" : "github",
	       created, changed, (long long)u->sessions);
}

static int user_list(const struct config *cfg)
{
	struct store *s = cli_open_store(cfg);
	if (!s)
		return 1;
	struct buf err = BUF_INIT;
	printf("%-24s %-9s %-20s %-20s %s\n", "NAME", "SIGN-IN", "CREATED", "CHANGED", "SESSIONS");
	return cli_store_done(s, store_user_list(s, (int64_t)time(NULL), print_user, NULL, &err),
			      &err);
}

bool cli_user_known(int nargs, const char *const *args)
{
	return (nargs == 2 && (strcmp(args[0], "add") == 0 || strcmp(args[0], "remove") == 0)) ||
	       (nargs == 1 && strcmp(args[0], "list") == 0);
}

int cli_user(const struct config *cfg, int nargs, const char *const *args)
{
	(void)nargs;
	if (strcmp(args[0], "add") == 0)
		return user_add(cfg, args[1]);
	if (strcmp(args[0], "remove") == 0)
		return user_remove(cfg, args[1]);
	return user_list(cfg);
}
