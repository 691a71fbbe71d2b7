/* reply.h: refusals (errors.h) and reading a body, JSON or form, into one
 * object, so that one set of checks serves both. */
#ifndef NEWSDESK_REPLY_H
#define NEWSDESK_REPLY_H

#include <jansson.h>
#include <stdbool.h>

#include "http/errors.h"
#include "http/http.h"

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
 * checks can name them).  NULL after refusing on rs. */
json_t *request_object(struct req *r, struct resp *rs, const struct form_field *spec,
		       size_t n_spec);

#endif
