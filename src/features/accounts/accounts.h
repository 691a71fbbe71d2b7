/* accounts.h: signing in and out — maintainers' passwords and sessions,
 * GitHub sign-in for everyone — and who is signed in. */
#ifndef NEWSDESK_ACCOUNTS_H
#define NEWSDESK_ACCOUNTS_H

#include <stdbool.h>

#include "core/app.h"
#include "http/errors.h"
#include "http/fields.h"

int handle_admin_login(struct req *r, struct resp *rs);
extern const struct input_spec admin_login_input;
extern const struct input_spec github_login_input, github_callback_input;
int handle_admin_session(struct req *r, struct resp *rs);
int handle_admin_logout(struct req *r, struct resp *rs);
int handle_github_login(struct req *r, struct resp *rs);
int handle_github_callback(struct req *r, struct resp *rs);
int handle_github_logout(struct req *r, struct resp *rs);
int handle_me(struct req *r, struct resp *rs);

/* Whether any maintainer account exists yet (the admin page says what to
 * do before anyone tries to sign in). */
bool maintainer_accounts_exist(struct app *app);

/* The sign-in routes' refusal page: what went wrong, and a way to start
 * again. */
void signin_refusal_page(struct req *r, struct resp *rs, const struct err_def *e,
			 const char *field, const char *message, const char *back);

#endif
