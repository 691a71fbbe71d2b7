/* daemon.c: starting and stopping the real binary in tests */
#include "support/daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "standin/standin.h"
#include "util/file.h"

const char *daemon_bin(void)
{
	const char *b = getenv("NEWSDESK_BIN");
	return b ? b : NEWSDESK_SRCDIR "/build/newsdesk";
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int daemon_start(struct daemon *d, const char *config, const char *log_path,
		 const char *const *env)
{
	memset(d, 0, sizeof *d);
	snprintf(d->log, sizeof d->log, "%s", log_path);
	int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0)
		return -1;
	off_t start = lseek(fd, 0, SEEK_END);
	d->pid = fork();
	if (d->pid == 0) {
		for (size_t i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		dup2(fd, 2);
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		execl(daemon_bin(), daemon_bin(), "serve", "--config", config, (char *)NULL);
		_exit(127);
	}
	close(fd);
	const char *marker = "listening on http://127.0.0.1:";
	for (int i = 0; i < 200 && !d->port; i++) {
		struct buf text = BUF_INIT, err = BUF_INIT;
		if (file_read(log_path, 16u << 20, &text, &err) == 0 && text.len > (size_t)start) {
			const char *p = strstr(text.p + start, marker);
			if (p)
				d->port = (unsigned)atoi(p + strlen(marker));
		}
		buf_release(&text);
		buf_release(&err);
		if (!d->port) {
			int st;
			if (waitpid(d->pid, &st, WNOHANG) == d->pid) {
				d->pid = 0;
				return -1;
			}
			nap_ms(50);
		}
	}
	return d->port ? 0 : -1;
}

int daemon_stop(struct daemon *d, int sig)
{
	if (d->pid <= 0)
		return -1;
	kill(d->pid, sig);
	int st = 0;
	waitpid(d->pid, &st, 0);
	d->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

bool daemon_log_has(const struct daemon *d, const char *needle)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	bool found = file_read(d->log, 16u << 20, &text, &err) == 0 && text.p &&
		     strstr(text.p, needle);
	buf_release(&text);
	buf_release(&err);
	return found;
}

struct standin *daemon_bed(const char *token, const char *config_path, const char *db)
{
	struct buf err = BUF_INIT, text = BUF_INIT;
	struct standin_opts so = { .owner = "rust-osdev", .repo = "homepage", .token = token };
	struct standin *gh = standin_start(&so, &err);
	if (!gh || file_read(NEWSDESK_SRCDIR "/tests/fixtures/draft-modern.md", 1 << 20, &text,
			     &err) < 0) {
		fprintf(stderr, "daemon_bed: %s\n", err.p);
		abort();
	}
	standin_commit(gh, "next", "April draft", DAEMON_DRAFT, text.p);
	FILE *f = fopen(config_path, "w");
	if (!f)
		abort();
	fprintf(f, "[server]\nlisten = \"127.0.0.1:0\"\nweb_root = \"%s/web\"\naccess_log = false\n"
		   "[storage]\ndatabase = \"%s\"\n"
		   "[github]\napi_url = \"http://127.0.0.1:%u\"\nwrite_interval_ms = 0\n"
		   "refresh_seconds = 0\ntimeout_seconds = 5\n",
		NEWSDESK_SRCDIR, db, standin_port(gh));
	fclose(f);
	buf_release(&err);
	buf_release(&text);
	return gh;
}
