/* migrations.h: the schema migrations compiled into the binary.
 * Versions rise (checked at start-up); a number may be left out, for
 * another branch's migration. */
#ifndef NEWSDESK_MIGRATIONS_H
#define NEWSDESK_MIGRATIONS_H

#include <stddef.h>

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const size_t migrations_count;

#endif
