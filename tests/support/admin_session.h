/* admin_session.h: a maintainer signed in to a running newsdesk, for tests
 * that drive the review API (its cookie and CSRF token kept together). */
#ifndef NEWSDESK_TEST_ADMIN_SESSION_H
#define NEWSDESK_TEST_ADMIN_SESSION_H

#include "support/http_client.h"

struct admin_session {
	unsigned port;
	char cookie[256];
	char csrf[128];
};

/* Signs in with a password (asserting 200). */
void admin_sign_in(struct admin_session *a, unsigned port, const char *user,
		   const char *password);
/* A JSON request as that maintainer; returns the status. */
long admin_call(const struct admin_session *a, const char *method, const char *path,
		const char *body, struct http_result *res);

#endif
