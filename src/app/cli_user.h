/* app/cli_user.h: the `user add|remove|list` commands. */
#ifndef NEWSDESK_CLI_USER_H
#define NEWSDESK_CLI_USER_H

#include <stdbool.h>

#include "config/config.h"

/* Are args (args[0] = "add", "remove" or "list") a user command? */
bool cli_user_known(int nargs, const char *const *args);
/* Runs it; returns the exit code. */
int cli_user(const struct config *cfg, int nargs, const char *const *args);

#endif
