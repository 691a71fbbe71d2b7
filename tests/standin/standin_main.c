/* standin_main.c: the GitHub stand-in as its own process, for `make demo`.
 *
 *   gh-standin --port N --token T --repo OWNER/NAME --branch next
 *              --draft PATH_IN_REPO --seed FILE [--webhook URL --secret S]
 *              [--oauth CLIENT_ID:SECRET --user LOGIN:ID [--org ORG]]
 *              [--delay-ms N] [--harvest-demo tests/fixtures/harvest]
 *
 * With --oauth it also plays GitHub's sign-in: LOGIN (GitHub account ID)
 * is signed in at "GitHub" and approves at once, and is a member of ORG.
 *
 * For the load tests (tests/hostile/load.py), a GitHub that is slow or
 * away: --delay-ms N answers every API call N ms late; SIGUSR1 makes
 * every API call hang unanswered (standin_hang), SIGUSR2 lets them go.
 * Signals, not a request: a control request would wait behind the hung
 * ones.  POST /_standin/issues adds an issue with its comments (see
 * standin_pages.c) for the import tests.
 *
 * Seeds `main` with a README and `branch` with the draft, prints its URL
 * and serves until SIGINT/SIGTERM. */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "github/client.h"
#include "standin/standin.h"
#include "util/file.h"

static const char *arg(int argc, char **argv, const char *name, const char *dflt)
{
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return dflt;
}

int main(int argc, char **argv)
{
	const char *repo = arg(argc, argv, "--repo", "rust-osdev/homepage");
	const char *seed = arg(argc, argv, "--seed", NULL);
	const char *draft = arg(argc, argv, "--draft", NULL);
	if (!seed || !draft || !strchr(repo, '/')) {
		fprintf(stderr, "usage: gh-standin --seed FILE --draft PATH [--port N] [--token T]"
				" [--repo OWNER/NAME] [--branch B] [--webhook URL --secret S]\n");
		return 2;
	}
	if (sodium_init() < 0 || gh_global_init() < 0)
		return 1;
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGUSR1);
	sigaddset(&stop, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	char owner[128];
	snprintf(owner, sizeof owner, "%.*s", (int)(strchr(repo, '/') - repo), repo);
	struct buf err = BUF_INIT, text = BUF_INIT;
	if (file_read(seed, 1 << 20, &text, &err) < 0) {
		fprintf(stderr, "gh-standin: %s\n", err.p);
		return 1;
	}
	struct standin_opts o = {
		.owner = owner, .repo = strchr(repo, '/') + 1,
		.token = arg(argc, argv, "--token", "demo-token"),
		.port = (uint16_t)atoi(arg(argc, argv, "--port", "0")),
		.stall_ms = 0,
	};
	struct standin *s = standin_start(&o, &err);
	if (!s) {
		fprintf(stderr, "gh-standin: %s\n", err.p);
		return 1;
	}
	const char *oauth = arg(argc, argv, "--oauth", NULL), *user = arg(argc, argv, "--user", NULL);
	if (oauth && strchr(oauth, ':') && user && strchr(user, ':')) {
		char id[128], login[64];
		snprintf(id, sizeof id, "%.*s", (int)(strchr(oauth, ':') - oauth), oauth);
		snprintf(login, sizeof login, "%.*s", (int)(strchr(user, ':') - user), user);
		standin_oauth_app(s, id, strchr(oauth, ':') + 1);
		standin_add_user(s, login, atoll(strchr(user, ':') + 1));
		standin_browser_user(s, login);
		const char *org = arg(argc, argv, "--org", NULL);
		if (org)
			standin_set_member(s, org, NULL, login, true);
	}
	standin_commit(s, "main", "Initial site", "README.md", "# homepage\n");
	standin_commit(s, arg(argc, argv, "--branch", "next"), "Add the draft", draft, text.p);
	/* the organisation of the May 2026 issue, for the harvest */
	const char *org_demo = arg(argc, argv, "--harvest-demo", NULL);
	if (org_demo && standin_org_demo(s, org_demo) < 0)
		return 1;
	/* only now: newsdesk is not listening yet, and the seed is no news */
	standin_set_webhook(s, arg(argc, argv, "--webhook", NULL), arg(argc, argv, "--secret", NULL));
	printf("GitHub stand-in for %s on http://127.0.0.1:%u/ (draft %s)\n", repo,
	       standin_port(s), draft);
	fflush(stdout);
	standin_delay(s, (unsigned)atoi(arg(argc, argv, "--delay-ms", "0")));
	int sig;
	while (sigwait(&stop, &sig) == 0 && (sig == SIGUSR1 || sig == SIGUSR2))
		standin_hang(s, sig == SIGUSR1);
	standin_stop(s);
	buf_release(&text);
	return 0;
}
