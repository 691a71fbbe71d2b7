/* store.h: the only place that talks SQL.
 *
 * A store is shared by all threads; each thread gets its own SQLite
 * connection on first use (WAL, foreign keys, busy timeout), with its
 * prepared statements cached by id.  Every function returns 0 on success
 * and -1 on failure with a one-line reason in err (when err is given);
 * none of them exits the process.
 */
#ifndef NEWSDESK_STORE_H
#define NEWSDESK_STORE_H

#include <stdint.h>

#include "util/buf.h"

struct store;

/* Opens (creating the file and its folder when missing) and checks that the
 * schema is not newer than this binary knows.  Does not migrate. */
struct store *store_open(const char *path, int64_t busy_timeout_ms,
			 struct buf *err);
/* Closes every per-thread connection.  No thread may use the store after. */
void store_close(struct store *s);

int store_schema_version(struct store *s, int *version, struct buf *err);
int store_latest_version(void);
/* Applies migrations up to target (store_latest_version() for all), each in
 * its own transaction that also bumps PRAGMA user_version. */
int store_migrate(struct store *s, int target, struct buf *err);
/* Consistent copy to dest through SQLite's online backup API. */
int store_backup(struct store *s, const char *dest, struct buf *err);
/* A trivial query: is the database answering? */
int store_ping(struct store *s);

/* Accounts (users.c) */
int store_user_set_password(struct store *s, const char *name,
			    const char *password_hash, int64_t now,
			    struct buf *err);

#endif
