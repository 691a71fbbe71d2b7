/* dump.h: everything as one JSON document (dump.c). */
#ifndef NEWSDESK_STORE_DUMP_H
#define NEWSDESK_STORE_DUMP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"

/* Everything as one JSON document (dump.c; the format is docs/export-format.md). */
#include <stdio.h>
int store_export(struct store *s, FILE *out, int schema, struct buf *err);
/* Reads such a document into an empty database, all or nothing. */
struct json_t;
int store_import(struct store *s, struct json_t *doc, struct buf *err);

#endif
