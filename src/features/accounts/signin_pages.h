/* signin_pages.h: the pages that end a GitHub sign-in. */
#ifndef NEWSDESK_SIGNIN_PAGES_H
#define NEWSDESK_SIGNIN_PAGES_H

#include <stdint.h>

#include "github/user.h"
#include "util/buf.h"

/* The end of a GitHub sign-in that did not work (or was declined). */
void render_signin_problem(struct buf *b, const char *title, const char *message,
			   const char *again_url);
/* The sign-in popup's last page: hands the identity token to the site
 * that opened it (web/signin_done.js reads the data attributes). */
void render_signin_handover(struct buf *b, const char *origin, const char *token,
			    const struct github_identity *who, int64_t expires_at);

#endif
