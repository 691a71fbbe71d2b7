/* core/cli_store.c: the database for a command-line command */
#include "core/cli_store.h"

#include <stdio.h>

struct store *cli_open_store(const struct config *cfg)
{
	struct buf err = BUF_INIT;
	struct store *s = store_open(cfg->storage.database,
				     cfg->storage.busy_timeout_ms, &err);
	/* a command's writes are always flushed before it says they are done */
	if (!s || store_migrate(s, store_latest_version(), &err) < 0 ||
	    store_durability_start(s, true, &err) < 0) {
		fprintf(stderr, "newsdesk: %s\n", err.p);
		store_close(s);
		s = NULL;
	}
	buf_release(&err);
	return s;
}

int cli_store_done(struct store *s, int rc, struct buf *err)
{
	if (rc < 0)
		fprintf(stderr, "newsdesk: %s\n", err->p);
	buf_release(err);
	store_close(s);
	return rc < 0 ? 1 : 0;
}
