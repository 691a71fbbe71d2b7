/* bed.c: the shared daemon test set-up (bed.h) */
#include "support/bed.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "standin/standin.h"
#include "util/buf.h"
#include "util/file.h"

void bed_open(struct bed *b, const char *name, const char *token)
{
	memset(b, 0, sizeof *b);
	snprintf(b->dir, sizeof b->dir, "/tmp/newsdesk-%s-XXXXXX", name);
	cr_assert_not_null(mkdtemp(b->dir));
	snprintf(b->cfg, sizeof b->cfg, "%s/c.toml", b->dir);
	snprintf(b->log, sizeof b->log, "%s/log", b->dir);
	snprintf(b->db, sizeof b->db, "%s/nd.db", b->dir);
	b->gh = daemon_bed(token, b->cfg, b->db);
}

void bed_config(struct bed *b, const char *table, const char *lines)
{
	struct buf text = BUF_INIT, err = BUF_INIT, out = BUF_INIT, head = BUF_INIT;
	cr_assert_eq(file_read(b->cfg, 1 << 20, &text, &err), 0, "%s", err.p);
	buf_addf(&head, "[%s]\n", table);
	const char *at = strstr(text.p, head.p);
	if (at) {
		at += head.len;
		buf_add(&out, text.p, (size_t)(at - text.p));
		buf_adds(&out, lines);
		buf_adds(&out, at);
	} else {
		buf_addf(&out, "%s%s%s", text.p, head.p, lines);
	}
	FILE *f = fopen(b->cfg, "w");
	cr_assert_not_null(f);
	fputs(out.p, f);
	fclose(f);
	buf_release(&text);
	buf_release(&err);
	buf_release(&out);
	buf_release(&head);
}

void bed_cli(struct bed *b, const char *args, const char *input, int want)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "printf '%s' | %s %s --config %s >/dev/null 2>&1", input,
		 daemon_bin(), args, b->cfg);
	int rc = system(cmd);
	cr_assert_eq(WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, want, "%s", cmd);
}

void bed_start(struct bed *b, const char *const *env)
{
	cr_assert_eq(daemon_start(&b->d, b->cfg, b->log, env), 0);
}

void bed_webhook(struct bed *b, const char *secret)
{
	char hook[96];
	snprintf(hook, sizeof hook, "http://127.0.0.1:%u/webhooks/github", b->d.port);
	standin_set_webhook(b->gh, hook, secret);
}

int bed_close(struct bed *b)
{
	int rc = b->d.pid > 0 ? daemon_stop(&b->d, SIGTERM) : 0;
	standin_stop(b->gh);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", b->dir);
	cr_expect_eq(system(cmd), 0);
	return rc;
}
