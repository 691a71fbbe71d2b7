/* json_body.h: the one way handlers read a JSON request body. */
#ifndef NEWSDESK_JSON_BODY_H
#define NEWSDESK_JSON_BODY_H

#include <jansson.h>

#include "http/http.h"

/* Returns the body as a JSON object (caller owns the reference), or NULL
 * with rs set: 415 unless Content-Type is application/json, 400 for invalid
 * UTF-8, invalid JSON, duplicate keys or a non-object.  Messages say what is
 * wrong without echoing the input. */
json_t *json_body_object(struct req *r, struct resp *rs);

#endif
