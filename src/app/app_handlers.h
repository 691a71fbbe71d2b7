/* app_handlers.h: the routes that belong to no feature: health, metrics
 * and the static files. */
#ifndef NEWSDESK_APP_HANDLERS_H
#define NEWSDESK_APP_HANDLERS_H

#include "core/app.h"

int handle_healthz(struct req *r, struct resp *rs);
int handle_static(struct req *r, struct resp *rs);
/* GET /api/v1/widget: each widget file's current version, its ?v= path and
 * its size in each coding (static_files.c). */
int handle_widget_version(struct req *r, struct resp *rs);
/* Compresses the widget's files into the static cache before the first
 * request (serve.c, at start). */
void static_files_warm(const char *web_root);
int handle_metrics(struct req *r, struct resp *rs);

#endif
