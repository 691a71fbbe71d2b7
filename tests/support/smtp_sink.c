/* smtp_sink.c: the SMTP sink process for the mail tests (smtp_sink.h) */
#include "support/smtp_sink.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/file.h"

#define SINK_PY NEWSDESK_SRCDIR "/tests/support/smtp_sink.py"
#define CHECK_PY NEWSDESK_SRCDIR "/tests/support/mail_check.py"

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

void smtp_sink_start_tls(struct smtp_sink *s, const char *dir, const char *tls,
			 const char *cert, const char *key)
{
	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "%s", dir);
	cr_assert(mkdir(dir, 0700) == 0 || access(dir, W_OK) == 0);
	char out[200];
	snprintf(out, sizeof out, "%s/port", dir);
	unlink(out); /* a sink before this one may have left its port there */
	s->pid = fork();
	cr_assert_geq(s->pid, 0);
	if (s->pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 1);
		char errs[200];
		snprintf(errs, sizeof errs, "%s/stderr", dir);
		int efd = open(errs, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (efd >= 0)
			dup2(efd, 2); /* a refused handshake's traceback is no test output */
		if (tls)
			execl("/usr/bin/python3", "python3", SINK_PY, dir, tls, cert, key, (char *)NULL);
		else
			execl("/usr/bin/python3", "python3", SINK_PY, dir, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !s->port; i++) {
		struct buf text = BUF_INIT, err = BUF_INIT;
		if (file_read(out, 4096, &text, &err) == 0 && strncmp(text.p, "port ", 5) == 0 &&
		    strchr(text.p, '\n'))
			s->port = (unsigned)atoi(text.p + 5);
		buf_release(&text);
		buf_release(&err);
		if (!s->port)
			nap_ms(50);
	}
	cr_assert_gt(s->port, 0, "the SMTP sink did not start (is python3-aiosmtpd installed?)");
}

void smtp_sink_start(struct smtp_sink *s, const char *dir)
{
	smtp_sink_start_tls(s, dir, NULL, NULL, NULL);
}

void smtp_sink_stop(struct smtp_sink *s)
{
	if (s->pid <= 0)
		return;
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
	s->pid = 0;
}

void smtp_sink_mode(struct smtp_sink *s, const char *mode)
{
	char path[200], tmp[210];
	snprintf(path, sizeof path, "%s/mode", s->dir);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	cr_assert_not_null(f);
	fputs(mode, f);
	fclose(f);
	cr_assert_eq(rename(tmp, path), 0);
}

int smtp_sink_events(const struct smtp_sink *s, const char *prefix)
{
	char path[200];
	snprintf(path, sizeof path, "%s/events", s->dir);
	struct buf text = BUF_INIT, err = BUF_INIT;
	int n = 0;
	if (file_read(path, 1 << 20, &text, &err) == 0 && text.p)
		for (const char *p = text.p; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "")
			n += strncmp(p, prefix, strlen(prefix)) == 0;
	buf_release(&text);
	buf_release(&err);
	return n;
}

bool smtp_sink_wait(const struct smtp_sink *s, const char *prefix, int n, long ms)
{
	for (long waited = 0; waited <= ms; waited += 50) {
		if (smtp_sink_events(s, prefix) >= n)
			return true;
		nap_ms(50);
	}
	return false;
}

void smtp_sink_facts(const struct smtp_sink *s, int n, struct buf *facts)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s/%04d.eml", CHECK_PY, s->dir, n);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(facts, chunk, got);
	cr_assert_eq(pclose(p), 0, "mail %d does not parse: %s", n, facts->p);
}

bool mail_fact(const char *facts, const char *name, struct buf *out)
{
	size_t len = strlen(name);
	buf_reset(out);
	for (const char *p = facts; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, name, len) == 0 && p[len] == ':' && p[len + 1] == ' ') {
			buf_add(out, p + len + 2, strcspn(p + len + 2, "\n"));
			return true;
		}
	return false;
}

void smtp_sink_envelope(const struct smtp_sink *s, int n, struct buf *out)
{
	char path[200];
	snprintf(path, sizeof path, "%s/%04d.env", s->dir, n);
	struct buf err = BUF_INIT;
	cr_assert_eq(file_read(path, 1 << 16, out, &err), 0, "%s", err.p);
	buf_release(&err);
}
