/* json_schema.h: the subset of JSON Schema (OpenAPI 3.0 flavour) that
 * GitHub's request-body schemas use: type, nullable, enum, properties,
 * required, items, minItems, maxLength, oneOf/anyOf/allOf.  Formats are
 * not checked. */
#ifndef NEWSDESK_TEST_JSON_SCHEMA_H
#define NEWSDESK_TEST_JSON_SCHEMA_H

#include <jansson.h>

#include "util/buf.h"

/* 0 when v fits schema; -1 with "PATH: what" in err. */
int json_schema_check(json_t *schema, json_t *v, struct buf *err);

#endif
