/* json_body.h: reading a JSON request body (fields.h reads every route's
 * input through it). */
#ifndef NEWSDESK_JSON_BODY_H
#define NEWSDESK_JSON_BODY_H

#include <jansson.h>
#include <stdbool.h>

#include "http/errors.h"
#include "http/http.h"

/* Returns the body as a JSON object (caller owns the reference), or NULL
 * with f set: 415 unless Content-Type is application/json, 400 for invalid
 * UTF-8, invalid JSON, duplicate keys or a non-object.  Messages say what is
 * wrong without echoing the input. */
json_t *json_body_read(struct req *r, struct fault *f);
/* Is the body JSON by its Content-Type? */
bool req_is_json(const struct req *r);

#endif
