/* reply.h: one way to refuse, decided once per request.
 *
 * A refusal is a field_error: the status, a code, the field at fault (""
 * when none) and a message that never echoes input.  Where it goes is
 * chosen by the route: JSON ({"error":{"code","field","message"}}) for API
 * clients and the widget, and for a plain HTML form the route's
 * refusal_page (the contribution form's page, or the comment thread's with
 * its way back).
 *
 * request_object() reads the body either way into one JSON object, so
 * that one set of checks serves both. */
#ifndef NEWSDESK_REPLY_H
#define NEWSDESK_REPLY_H

#include <jansson.h>
#include <stdbool.h>

#include "http/http.h"
#include "http/route.h"

struct field_error {
	int status;
	const char *code;        /* "invalid_field", … */
	char field[32];          /* "" when not about one field */
	char message[300];
	bool already;            /* submissions: the entry is in the draft already */
};

/* 400 invalid_field for field with message. */
void field_error_set(struct field_error *e, int status, const char *code, const char *field,
		     const char *message);

struct reply {
	struct req *r;
	struct resp *rs;
	bool form;               /* the body was a form */
	refusal_page_fn page;    /* a form's refusal: the route's page (NULL: JSON) */
	const char *default_field;  /* JSON's field when a refusal names none */
	const char *back;        /* where the refusal page leads back to, once known */
};

void reply_init(struct reply *rp, struct req *r, struct resp *rs, const char *default_field);
void reply_error(const struct reply *rp, const struct field_error *e);
void reply_fail(const struct reply *rp, int status, const char *code, const char *field,
		const char *message);

/* What a form field becomes in the JSON object. */
enum form_kind {
	FORM_TEXT,     /* a string; empty means not given */
	FORM_FLAG,     /* a checkbox: true when present */
	FORM_BEFORE,   /* {"position":{"before":VALUE}} when not empty */
};
struct form_field {
	const char *name;
	enum form_kind kind;
};

/* The body as one JSON object: JSON as sent, or a form's fields as spec
 * says (spec NULL: every field as text, unknown ones kept so that the
 * checks can name them).  NULL after answering through rp. */
json_t *request_object(struct req *r, const struct reply *rp, const struct form_field *spec,
		       size_t n_spec);

#endif
