/* app_handlers.h: the routes that belong to no feature: health, metrics
 * and the static files. */
#ifndef NEWSDESK_APP_HANDLERS_H
#define NEWSDESK_APP_HANDLERS_H

#include "core/app.h"

int handle_healthz(struct req *r, struct resp *rs);
int handle_static(struct req *r, struct resp *rs);
int handle_metrics(struct req *r, struct resp *rs);

#endif
