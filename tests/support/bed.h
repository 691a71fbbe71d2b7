/* bed.h: a temporary folder, the GitHub stand-in and the real newsdesk
 * binary on port 0 — the set-up most daemon tests share (daemon.h). */
#ifndef NEWSDESK_TEST_BED_H
#define NEWSDESK_TEST_BED_H

#include "support/daemon.h"

struct bed {
	char dir[64], cfg[128], log[128], db[128];
	struct standin *gh;
	struct daemon d;
};

/* mkdtemp /tmp/newsdesk-NAME-XXXXXX and daemon_bed() with token. */
void bed_open(struct bed *b, const char *name, const char *token);
/* Adds lines (each ending in "\n") to the config's [table], making the
 * table when it has none. */
void bed_config(struct bed *b, const char *table, const char *lines);
/* Runs `newsdesk ARGS --config …` with input on stdin; asserts its exit code. */
void bed_cli(struct bed *b, const char *args, const char *input, int want);
/* Starts the daemon with env ("NAME=value", NULL terminated). */
void bed_start(struct bed *b, const char *const *env);
/* Points the stand-in's webhook at the running daemon, signed with secret. */
void bed_webhook(struct bed *b, const char *secret);
/* Stops the daemon (SIGTERM) when it runs, returning its exit code (0
 * when it was not running), then the stand-in, and removes the folder. */
int bed_close(struct bed *b);

#endif
