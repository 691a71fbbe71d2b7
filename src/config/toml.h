/* toml.h: a reader for the subset of TOML v1.0 that configuration needs.
 *
 * Supported: comments, bare/quoted/dotted keys, [tables] and [dotted.tables],
 * basic strings with every TOML escape, literal strings, multi-line basic and
 * literal strings, decimal/hex/octal/binary integers with underscores,
 * booleans, arrays (multi-line, trailing comma, comments inside) and inline
 * tables.  Floats, dates and arrays of tables are rejected with a clear
 * message rather than half-supported.
 *
 * The whole document is validated (UTF-8, duplicate keys, table
 * redefinition) before toml_parse returns; every value keeps the line it
 * was defined on so that callers can report "FILE:LINE: message".
 * A document owns all of its values: free it with toml_free().
 */
#ifndef NEWSDESK_TOML_H
#define NEWSDESK_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum toml_type { TOML_STRING, TOML_INT, TOML_BOOL, TOML_ARRAY, TOML_TABLE };

struct toml_table;

struct toml_value {
	enum toml_type type;
	int line;
	union {
		char *s; /* NUL-free UTF-8 */
		int64_t i;
		bool b;
		struct {
			struct toml_value **items;
			size_t n, cap;
		} arr;
		struct toml_table *tab;
	} u;
};

struct toml_kv {
	char *key;
	struct toml_value *val;
};

struct toml_table {
	struct toml_kv *kv;
	size_t n, cap;
	int line;
	bool is_inline;   /* inline tables are sealed */
	bool header_seen; /* defined by a [header] */
	bool implicit;    /* created as the parent of a dotted key or header */
};

/* Parses text (len bytes; need not be NUL-terminated).  Returns the root
 * table, or NULL with "NAME:LINE: message" in err. */
struct toml_table *toml_parse(const char *text, size_t len, const char *name,
			      struct buf *err);
void toml_free(struct toml_table *t);
const struct toml_value *toml_get(const struct toml_table *t, const char *key);
const char *toml_type_name(enum toml_type t);

#endif
