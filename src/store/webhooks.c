/* webhooks.c: which GitHub deliveries were handled already */
#include "store/store_internal.h"
#include "store/webhooks.h"

int store_webhook_first_delivery(struct store *s, const char *delivery_id,
				 const char *event, int64_t now, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_WEBHOOK_SEEN, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, delivery_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, event, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	if (store_write_done(s, st, "record webhook delivery", err) < 0)
		return -1;
	return store_last_changes(s) > 0 ? 1 : 0;
}

int store_webhook_prune(struct store *s, int64_t before, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_WEBHOOK_PRUNE, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	return store_write_done(s, st, "prune webhook deliveries", err);
}
