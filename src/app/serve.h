/* app/serve.h: running the HTTP service until a signal says stop. */
#ifndef NEWSDESK_SERVE_H
#define NEWSDESK_SERVE_H

#include "config/config.h"

/* Migrates, serves, and on SIGTERM/SIGINT stops accepting, drains and
 * returns 0; returns 1 after logging why it could not start. */
int serve_run(const struct config *cfg);

#endif
