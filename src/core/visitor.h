/* visitor.h: who is asking.  A contributor's or a no-JS commenter's GitHub
 * identity rides in a first-party cookie, as an identity token
 * (auth/identity.h) whose audience is this service's own origin. */
#ifndef NEWSDESK_VISITOR_H
#define NEWSDESK_VISITOR_H

#include <stdbool.h>

#include "core/app.h"
#include "github/user.h"

#define IDENTITY_COOKIE "nd_github"

/* Is GitHub sign-in configured (a client id and its secret)? */
bool github_signin_offered(const struct app *app);
/* The identity of the nd_github cookie, when it is valid here and now. */
bool signed_in_identity(struct app *app, struct req *r, struct github_identity *who);
/* public_url's "scheme://host[:port]". */
void own_origin(const struct app *app, struct buf *out);

#endif
