/* pulls.h: the routes of the pull-request side: GitHub's webhook and the
 * editor's month. */
#ifndef NEWSDESK_PULLS_H
#define NEWSDESK_PULLS_H

#include "core/app.h"

int handle_github_webhook(struct req *r, struct resp *rs);
int handle_admin_month(struct req *r, struct resp *rs);

#endif
