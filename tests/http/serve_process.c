/* serve_process.c: the real binary — command line, exit codes, and a clean
 * stop on SIGTERM while a client is connected. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/http_client.h"
#include "support/scratch_dir.h"
#include "util/file.h"

static char dir[64];

static const char *bin(void)
{
	const char *b = getenv("NEWSDESK_BIN");
	return b ? b : NEWSDESK_SRCDIR "/build/newsdesk";
}

static void setup(void)
{
	scratch_dir_make(dir, sizeof dir, "proc");
}

static void teardown(void)
{
	scratch_dir_remove(dir);
}

TestSuite(process, .init = setup, .fini = teardown, .timeout = 60);

static void write_config(const char *extra)
{
	char p[128];
	snprintf(p, sizeof p, "%s/c.toml", dir);
	FILE *f = fopen(p, "w");
	fprintf(f, "[server]\nlisten = \"127.0.0.1:0\"\nweb_root = \"%s/web\"\n"
		   "[storage]\ndatabase = \"%s/data/nd.db\"\n%s", NEWSDESK_SRCDIR, dir,
		extra);
	fclose(f);
}

/* Runs the binary to completion; returns its exit status. */
static int run(const char *const args[], const char *stdin_text, struct buf *out,
	       struct buf *err)
{
	char cfg[128], outp[128], errp[128], inp[128];
	snprintf(cfg, sizeof cfg, "%s/c.toml", dir);
	snprintf(outp, sizeof outp, "%s/out", dir);
	snprintf(errp, sizeof errp, "%s/err", dir);
	snprintf(inp, sizeof inp, "%s/in", dir);
	FILE *f = fopen(inp, "w");
	fputs(stdin_text ? stdin_text : "", f);
	fclose(f);
	pid_t pid = fork();
	if (pid == 0) {
		const char *argv[16] = { bin() };
		int n = 1;
		for (; args[n - 1]; n++)
			argv[n] = args[n - 1];
		argv[n++] = "--config";
		argv[n++] = cfg;
		argv[n] = NULL;
		dup2(open(inp, O_RDONLY), 0);
		dup2(open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600), 1);
		dup2(open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	struct buf ignored = BUF_INIT;
	if (out)
		file_read(outp, 1 << 20, out, &ignored);
	if (err)
		file_read(errp, 1 << 20, err, &ignored);
	buf_release(&ignored);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

Test(process, config_errors_exit_1_with_file_and_line)
{
	write_config("[comments]\nmoderation = \"all\"\nsurprise = true\n");
	struct buf err = BUF_INIT;
	const char *args[] = { "migrate", NULL };
	cr_assert_eq(run(args, NULL, NULL, &err), 1);
	cr_assert(strstr(err.p, "c.toml:8: unknown key 'comments.surprise'"), "%s", err.p);
	buf_release(&err);
}

Test(process, usage_errors_exit_2)
{
	write_config("");
	const char *args[] = { "frobnicate", NULL };
	cr_assert_eq(run(args, NULL, NULL, NULL), 2);
	const char *args2[] = { "backup", NULL };
	cr_assert_eq(run(args2, NULL, NULL, NULL), 2);
}

Test(process, migrate_backup_and_user_add)
{
	write_config("");
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *mig[] = { "migrate", NULL };
	cr_assert_eq(run(mig, NULL, &out, &err), 0, "%s", err.p);
	cr_assert(strstr(out.p, "schema version"), "%s", out.p);

	const char *add[] = { "user", "add", "phil", NULL };
	buf_reset(&err);
	cr_assert_eq(run(add, "short\n", NULL, &err), 1);
	cr_assert(strstr(err.p, "at least 12 characters"), "%s", err.p);
	buf_reset(&out);
	cr_assert_eq(run(add, "correct horse battery staple\n", &out, NULL), 0);
	cr_assert(strstr(out.p, "user 'phil' saved"), "%s", out.p);

	char copy[128];
	snprintf(copy, sizeof copy, "%s/backup.db", dir);
	const char *bk[] = { "backup", copy, NULL };
	cr_assert_eq(run(bk, NULL, NULL, NULL), 0);
	cr_assert_eq(access(copy, R_OK), 0);
	buf_release(&out);
	buf_release(&err);
}

Test(process, sigterm_stops_cleanly_with_exit_0)
{
	write_config("");
	char cfg[128];
	snprintf(cfg, sizeof cfg, "%s/c.toml", dir);
	int pipefd[2];
	cr_assert_eq(pipe(pipefd), 0);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		execl(bin(), bin(), "serve", "--config", cfg, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	FILE *logs = fdopen(pipefd[0], "r");
	char line[512];
	unsigned port = 0;
	while (!port && fgets(line, sizeof line, logs)) {
		const char *p = strstr(line, "listening on http://127.0.0.1:");
		if (p)
			port = (unsigned)atoi(p + strlen("listening on http://127.0.0.1:"));
	}
	cr_assert_neq(port, 0, "server did not report its port");

	struct http_result res;
	cr_assert_eq(http_do("GET", port, "/healthz", NULL, 0, NULL, 0, &res), 0);
	cr_assert_eq(res.status, 200);
	/* SPEC's {"status":"ok"}, plus the durability in force: full by default */
	cr_assert_str_eq(res.body.p, "{\"status\":\"ok\",\"durability\":\"full\"}\n");
	http_result_free(&res);

	kill(pid, SIGTERM);
	int st;
	waitpid(pid, &st, 0);
	cr_assert(WIFEXITED(st), "server died of a signal");
	cr_assert_eq(WEXITSTATUS(st), 0);
	bool stopped = false;
	while (fgets(line, sizeof line, logs))
		if (strstr(line, "info stopped"))
			stopped = true;
	fclose(logs);
	cr_assert(stopped, "no 'stopped' line in the log");
	cr_assert_neq(http_do("GET", port, "/healthz", NULL, 0, NULL, 0, &res), 0);
	http_result_free(&res);
}

Test(process, draft_sections_and_apply)
{
	write_config("[draft]\nsection_aliases = { \"Personal Projects\" = \"Other Projects\" }\n");
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *fix = NEWSDESK_SRCDIR "/tests/fixtures/draft-modern.md";
	const char *sec[] = { "draft", "sections", fix, NULL };
	cr_assert_eq(run(sec, NULL, &out, &err), 0, "%s", err.p);
	cr_assert(strstr(out.p, "\"month\":\"2024-04\""), "%s", out.p);
	cr_assert(strstr(out.p, "{\"title\":\"Other Projects\",\"kind\":\"heading\""), "%s", out.p);

	char sub[128];
	snprintf(sub, sizeof sub, "%s/sub.json", dir);
	FILE *f = fopen(sub, "w");
	fputs("{\"section\":\"Personal Projects\",\"author\":\"octo\",\"block\":\"### [x](https://x.org)\\n\\nHi\"}", f);
	fclose(f);
	const char *app[] = { "draft", "apply", fix, sub, NULL };
	buf_reset(&out);
	cr_assert_eq(run(app, NULL, &out, NULL), 0);
	cr_assert(strstr(out.p, "-->\n\n### [x](https://x.org)\n\nHi\n\n## Join Us?"), "%s", out.p);

	f = fopen(sub, "w");
	fputs("{\"section\":\"Nope\",\"author\":\"octo\",\"block\":\"### x\"}", f);
	fclose(f);
	buf_reset(&out);
	buf_reset(&err);
	cr_assert_eq(run(app, NULL, &out, &err), 1);
	cr_assert_str_eq(err.p, "newsdesk: section: the draft has no section 'Nope'\n");
	cr_assert_eq(out.len, 0);

	/* a 5 MB "draft" is refused in one line, not read into a crash */
	char big[128];
	snprintf(big, sizeof big, "%s/big.md", dir);
	f = fopen(big, "w");
	for (int i = 0; i < 5 * 1024; i++)
		fprintf(f, "%01023d\n", i);
	fclose(f);
	const char *bigsec[] = { "draft", "sections", big, NULL };
	buf_reset(&err);
	cr_assert_eq(run(bigsec, NULL, NULL, &err), 1);
	cr_assert(strstr(err.p, "is larger than 1048577 bytes"), "%s", err.p);
	cr_assert_eq(strchr(err.p, '\n'), err.p + err.len - 1);
	buf_release(&out);
	buf_release(&err);
}
