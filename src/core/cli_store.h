/* core/cli_store.h: the database for a command-line command. */
#ifndef NEWSDESK_CLI_STORE_H
#define NEWSDESK_CLI_STORE_H

#include "config/config.h"
#include "store/store.h"

/* Opened and migrated, or NULL after one line on stderr. */
struct store *cli_open_store(const struct config *cfg);

#endif
