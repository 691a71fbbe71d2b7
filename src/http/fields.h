/* fields.h: a route's input, declared on its row and read before its
 * handler runs.
 *
 * An input_spec says where the values come from (a JSON body, a form
 * post, the query string, or the raw bytes of a signed body) and which
 * fields there are: each with its type, its bounds and whether it is
 * required.  The server reads the request against it and refuses, naming
 * the field, anything that does not fit: a wrong type, text that is too
 * long or holds a NUL, an integer out of range, a field the route does
 * not take.  The handler gets one object of checked values (req_input)
 * whose members have the declared types, the same for a JSON body and a
 * form, so the checks that follow are written once.
 *
 * A form's text field that is empty counts as not given, a checkbox as
 * true when present; form_into nests a form field into an object of the
 * JSON shape ("before" → {"position":{"before":V}}).
 */
#ifndef NEWSDESK_FIELDS_H
#define NEWSDESK_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/errors.h"
#include "http/http.h"

enum field_type {
	FT_TEXT,     /* a string, valid UTF-8 without NUL, at most max bytes */
	FT_INT,      /* an integer in [min, max]; a form's or query's decimal digits */
	FT_BOOL,     /* true or false; a form's checkbox */
	FT_OBJECT,   /* a JSON object (its members are the handler's to judge) */
	FT_IDS,      /* an array of 1..max positive integers */
	FT_ANY,      /* any JSON value (an edit's new value, checked by its owner) */
};

#define F_REQUIRED 1u    /* absent or null: refused */
#define F_NONEMPTY 16u   /* with F_REQUIRED: empty text is refused too */
#define F_NULLABLE 2u    /* JSON null is kept as null (an edit's "remove") */
#define F_FORM_ONLY 4u   /* only a form sends it */
#define F_REPEATED 8u    /* a query parameter given any number of times: an array */

struct field_spec {
	const char *name;
	enum field_type type;
	unsigned flags;
	int64_t max;            /* FT_TEXT: bytes; FT_INT: largest; FT_IDS: items */
	int64_t min;            /* FT_INT: smallest */
	const char *form_into;  /* a form field nested into this member's object */
};

enum input_from {
	IN_JSON = 1u << 0,   /* an application/json body holding one object */
	IN_FORM = 1u << 1,   /* an urlencoded or multipart form post */
	IN_QUERY = 1u << 2,  /* the query string */
	IN_RAW = 1u << 3,    /* the body's bytes as sent (a signed webhook): no fields */
	IN_NOTHING = 1u << 4 /* the route takes no input: a body or a parameter is ignored */
};

struct input_spec {
	unsigned from;                   /* enum input_from, or'ed */
	const struct field_spec *fields;
	size_t n;
	const char *whole;   /* the field a refusal of the request as a whole names */
};

/* Rows of a spec: a field of type t with flags f and bound max; an integer
 * field from lo to hi; a form field nested into the member into. */
#define FIELD(n, t, f, mx) { .name = (n), .type = (t), .flags = (f), .max = (mx) }
#define FIELD_INT(n, f, lo, hi) { .name = (n), .type = FT_INT, .flags = (f), .min = (lo), .max = (hi) }
#define FIELD_INTO(n, t, f, mx, into) \
	{ .name = (n), .type = (t), .flags = (f) | F_FORM_ONLY, .max = (mx), .form_into = (into) }

#define INPUT(from_, whole_, ...)                                                    \
	{ .from = (from_), .whole = (whole_), .fields = (const struct field_spec[]){ __VA_ARGS__ }, \
	  .n = sizeof((const struct field_spec[]){ __VA_ARGS__ }) / sizeof(struct field_spec) }

/* The routes that read nothing, and the signed webhook's raw bytes. */
extern const struct input_spec input_none, input_raw;

/* Reads r against spec: the checked values as a new object, or NULL with f
 * saying why (for IN_RAW and IN_NOTHING an empty object). */
json_t *input_read(struct req *r, const struct input_spec *spec, struct fault *f);

/* The request's checked values (borrowed; an empty object when the route
 * declares none), and typed reads of one of them. */
json_t *req_input(const struct req *r);
const char *in_text(const struct req *r, const char *name);      /* NULL: absent */
bool in_int(const struct req *r, const char *name, int64_t *out); /* false: absent */
bool in_flag(const struct req *r, const char *name);              /* absent: false */
json_t *in_value(const struct req *r, const char *name);          /* borrowed; NULL: absent */

#endif
