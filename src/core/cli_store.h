/* core/cli_store.h: the database for a command-line command. */
#ifndef NEWSDESK_CLI_STORE_H
#define NEWSDESK_CLI_STORE_H

#include "config/config.h"
#include "store/store.h"

/* Opened and migrated, or NULL after one line on stderr. */
struct store *cli_open_store(const struct config *cfg);
/* A command's end: when rc < 0, err on stderr; err released, s closed.
 * The exit code (1 when rc < 0, else 0). */
int cli_store_done(struct store *s, int rc, struct buf *err);

#endif
