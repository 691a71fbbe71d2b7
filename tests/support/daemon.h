/* daemon.h: the real newsdesk binary as a child process, for tests that
 * need a restart or signals.  Its log goes to a file (a pipe could fill up
 * and stall it); the port is read from its "listening on" line. */
#ifndef NEWSDESK_TEST_DAEMON_H
#define NEWSDESK_TEST_DAEMON_H

#include <stdbool.h>
#include <sys/types.h>

struct daemon {
	pid_t pid;
	unsigned port;
	char log[160];
};

/* Starts `newsdesk serve --config config` with env ("NAME=value", NULL
 * terminated) added; waits up to 10 s for the port.  0 or -1. */
int daemon_start(struct daemon *d, const char *config, const char *log_path,
		 const char *const *env);
/* Sends sig and waits; returns the exit code, or 128+signal. */
int daemon_stop(struct daemon *d, int sig);
bool daemon_log_has(const struct daemon *d, const char *needle);
const char *daemon_bin(void);

struct standin;
/* The usual bed for daemon tests: a GitHub stand-in holding
 * tests/fixtures/draft-modern.md at DAEMON_DRAFT on `next`, accepting token,
 * and a config at config_path for a daemon on port 0 with database db that
 * talks to it (no write spacing, no timer). */
#define DAEMON_DRAFT "content/this-month/2024-04/index.md"
struct standin *daemon_bed(const char *token, const char *config_path, const char *db);

#endif
