/* errors.h: every way newsdesk refuses a request, in one table.
 *
 * Each error has its code (the JSON envelope's "code", stable for
 * clients), its status, a title (the heading of a refusal page) and a
 * default message.  A handler names the error and, when it can say more,
 * the field at fault and a message that never echoes input; fail()
 * answers it, as JSON ({"error":{"code","field","message"}}) or as the
 * route's refusal page (route.h), so no handler chooses a status or a
 * format of its own.
 */
#ifndef NEWSDESK_ERRORS_H
#define NEWSDESK_ERRORS_H

#include <stdbool.h>

struct req;
struct resp;
struct json_t;

enum err {
	/* 400: the request is wrong */
	ERR_INVALID_FIELD,
	ERR_INVALID_JSON,
	ERR_INVALID_UTF8,
	ERR_INVALID_STATUS,
	ERR_BAD_HEADERS,
	ERR_TOO_MANY_PARAMETERS,
	ERR_REFUSED,               /* a trap for robots was filled in */
	ERR_UNKNOWN_SIGNIN,
	ERR_SIGNIN_SPENT,
	ERR_SIGNIN_EXPIRED,
	ERR_OTHER_BROWSER,
	ERR_GITHUB_REFUSED,        /* GitHub did not accept a sign-in */
	/* 401, 403: who is asking */
	ERR_UNAUTHORIZED,
	ERR_BAD_CREDENTIALS,
	ERR_NO_ACCOUNTS,
	ERR_BAD_SIGNATURE,
	ERR_WEBHOOK_NOT_CONFIGURED,
	ERR_SIGN_IN_REQUIRED,
	ERR_GITHUB_SIGNIN,         /* a GitHub identity token that is not good here */
	ERR_FORBIDDEN,
	ERR_CSRF,
	ERR_NOT_YOUR_LOGIN,
	ERR_ORIGIN_NOT_ALLOWED,
	ERR_NOT_A_MAINTAINER,
	ERR_SIGNIN_DECLINED,
	/* 404, 405: what is asked for */
	ERR_NOT_FOUND,
	ERR_NO_DRAFT,
	ERR_SIGNIN_OFF,
	ERR_NO_MAINTAINERS_ORG,
	ERR_METHOD_NOT_ALLOWED,
	/* 409: the state does not allow it */
	ERR_DUPLICATE,
	ERR_NOT_PENDING,
	ERR_DOES_NOT_APPLY,
	ERR_ALREADY_IN_DRAFT,
	/* 413, 415, 429, 431: limits */
	ERR_PAYLOAD_TOO_LARGE,
	ERR_UNSUPPORTED_MEDIA_TYPE,
	ERR_RATE_LIMITED,
	ERR_TOO_MANY_ATTEMPTS,
	ERR_TOO_MANY_HEADERS,
	/* 5xx: our side */
	ERR_INTERNAL,
	ERR_NOT_IMPLEMENTED,
	ERR_GITHUB_UNAVAILABLE,    /* GitHub could not be asked (502) */
	ERR_UNAVAILABLE,           /* the database cannot answer now */
	ERR_DRAFT_UNAVAILABLE,
	ERR_OVERLOADED,
	ERR_BUSY,                  /* the pool for slow work is full */
	ERR__COUNT
};

struct err_def {
	const char *code;
	int status;
	const char *title;
	const char *message;
};

const struct err_def *err_def(enum err e);
/* The error of a code ("not_found"), for tests and the table's check:
 * true with *out set. */
bool err_parse(const char *code, enum err *out);

/* A refusal found by a check, carried to where it is answered. */
struct fault {
	enum err err;
	char field[32];       /* "" when not about one field */
	char message[300];
	bool already;         /* submissions: the entry is in the draft already */
};

/* Fills f; message NULL: the error's default message. */
void fault_set(struct fault *f, enum err e, const char *field, const char *message);

/* The one way to refuse: the error's status, as JSON or as the route's
 * refusal page (a page route always; a form post when the route has a
 * page).  field NULL: the route's error_field, if any; message NULL: the
 * error's default.  extra's members join the JSON envelope (may be NULL;
 * its reference is taken). */
void fail_extra(struct req *r, struct resp *rs, enum err e, const char *field,
		const char *message, struct json_t *extra);
void fail(struct req *r, struct resp *rs, enum err e, const char *field, const char *message);
void fail_fault(struct req *r, struct resp *rs, const struct fault *f);
/* Deferred work that found the pool for slow work full: refused as busy,
 * to be tried again in a few seconds, and answered now (req_answer).  rs
 * may hold headers already. */
void fail_busy_answer(struct req *r, struct resp *rs, const char *message);

#endif
