/* app/main.c: the command line (SPEC §2).
 *
 * Exit codes: 0 success, 1 failure, 2 usage error; errors are one line on
 * stderr.  Only start-up paths may exit; nothing a request does can.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cli_draft.h"
#include "core/cli_store.h"
#include "app/cli_user.h"
#include "config/config.h"
#include "features/comments/import.h"
#include "features/harvest/harvest.h"
#include "github/client.h"
#include "app/serve.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define NEWSDESK_VERSION "0.1.0"

static const char usage[] =
	"usage: newsdesk [COMMAND] [--config FILE] [ARGS]\n"
	"commands:\n"
	"  serve                          run the HTTP service (default)\n"
	"  migrate                        apply pending database migrations\n"
	"  user add NAME                  create a maintainer or set a new password (read from\n"
	"                                 stdin); every session of the account ends\n"
	"  user remove NAME               delete a maintainer; their sessions end at once\n"
	"  user list                      print the maintainers and their open sessions\n"
	"  draft sections FILE            print the draft's sections as JSON\n"
	"  draft apply FILE SUBMISSION    print FILE with the submission inserted\n"
	"  backup FILE                    write a consistent copy of the database\n"
	"  import utterances --repo OWNER/NAME --issue-term url|pathname|title [--site URL]\n"
	"         [--label L] [--dry-run] bring utterances threads (GitHub issues) along\n"
	"  import giscus --repo OWNER/NAME --category NAME --mapping url|pathname|title\n"
	"         [--site URL] [--dry-run]    bring giscus threads (GitHub Discussions) along\n"
	"  export FILE                    write everything as one JSON document\n"
	"  import json FILE               read such a document into an empty database\n"
	"  harvest [--month YYYY-MM] --print  the month's merged pull requests of [harvest]'s\n"
	"                                 repositories, as each project's entry\n"
	"  version                        print the version\n";

static int usage_error(const char *msg)
{
	fprintf(stderr, "newsdesk: %s\n%s", msg, usage);
	return 2;
}

static int cmd_migrate(const struct config *cfg)
{
	struct store *s = cli_open_store(cfg);
	if (!s)
		return 1;
	int v = 0;
	struct buf err = BUF_INIT;
	int rc = store_schema_version(s, &v, &err);
	if (rc == 0)
		printf("database %s is at schema version %d (durability %s)\n",
		       cfg->storage.database, v,
		       cfg_choice_name("storage", "durability", (int)cfg->storage.durability));
	return cli_store_done(s, rc, &err);
}

static int cmd_backup(const struct config *cfg, const char *dest)
{
	struct store *s = cli_open_store(cfg);
	if (!s)
		return 1;
	struct buf err = BUF_INIT;
	return cli_store_done(s, store_backup(s, dest, &err), &err);
}

int main(int argc, char **argv)
{
	const char *config_path = getenv("NEWSDESK_CONFIG");
	const char *args[24];
	int nargs = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0) {
			if (++i >= argc)
				return usage_error("--config needs a file");
			config_path = argv[i];
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			config_path = argv[i] + 9;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0' &&
			   !(nargs && (strcmp(args[0], "import") == 0 ||
				       strcmp(args[0], "harvest") == 0))) {
			/* only import and harvest take options of their own */
			return usage_error("unknown option");
		} else {
			if (nargs == (int)(sizeof args / sizeof args[0]))
				return usage_error("too many arguments");
			args[nargs++] = argv[i];
		}
	}
	const char *cmd = nargs ? args[0] : "serve";

	if (strcmp(cmd, "version") == 0) {
		printf("newsdesk %s\n", NEWSDESK_VERSION);
		return 0;
	}

	/* every library allocates through the abort-on-OOM policy (xalloc.h) */
	json_set_alloc_funcs(xmalloc, free);
	if (sodium_init() < 0 || gh_global_init() < 0) {
		fprintf(stderr, "newsdesk: cannot initialise libsodium/libcurl\n");
		return 1;
	}
	struct buf err = BUF_INIT;
	struct config *cfg = cfg_load(config_path && *config_path ? config_path : NULL, &err);
	if (!cfg) {
		fprintf(stderr, "newsdesk: %s\n", err.p);
		buf_release(&err);
		return 1;
	}
	buf_release(&err);

	int rc;
	if (strcmp(cmd, "serve") == 0 && nargs <= 1)
		rc = serve_run(cfg);
	else if (strcmp(cmd, "migrate") == 0 && nargs == 1)
		rc = cmd_migrate(cfg);
	else if (strcmp(cmd, "backup") == 0 && nargs == 2)
		rc = cmd_backup(cfg, args[1]);
	else if (strcmp(cmd, "user") == 0 && nargs >= 2 && cli_user_known(nargs - 1, args + 1))
		rc = cli_user(cfg, nargs - 1, args + 1);
	else if (strcmp(cmd, "import") == 0 && nargs >= 2)
		rc = cli_import(cfg, nargs - 1, args + 1);
	else if (strcmp(cmd, "export") == 0)
		rc = cli_export(cfg, nargs - 1, args + 1);
	else if (strcmp(cmd, "harvest") == 0)
		rc = harvest_cli(cfg, nargs - 1, args + 1);
	else if (strcmp(cmd, "draft") == 0 && nargs >= 2)
		rc = cli_draft(cfg, nargs - 1, args + 1);
	else
		rc = usage_error("unknown command or wrong number of arguments");
	cfg_free(cfg);
	return rc;
}
