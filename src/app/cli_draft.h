/* app/cli_draft.h: the `draft sections|apply` commands (SPEC §2). */
#ifndef NEWSDESK_CLI_DRAFT_H
#define NEWSDESK_CLI_DRAFT_H

#include "config/config.h"

/* args[0] is "sections" or "apply"; returns the exit code. */
int cli_draft(const struct config *cfg, int nargs, const char *const *args);

#endif
