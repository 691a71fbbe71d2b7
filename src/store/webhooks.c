/* webhooks.c: which GitHub deliveries were handled already */
#include "store/store_internal.h"
#include "store/webhooks.h"

int store_webhook_first_delivery(struct store *s, const char *delivery_id,
				 const char *event, int64_t now, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(delivery_id), PARAM_TEXT(event),
					 PARAM_INT(now) };
	struct store_one one = STORE_ONE(STMT_WEBHOOK_SEEN, "record webhook delivery", p);
	if (store_write_one(s, &one, err) < 0)
		return -1;
	return one.changes > 0 ? 1 : 0;
}

int store_webhook_prune(struct store *s, int64_t before, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(before) };
	struct store_one one = STORE_ONE(STMT_WEBHOOK_PRUNE, "prune webhook deliveries", p);
	return store_write_one(s, &one, err);
}
