/* webhooks.h: webhook deliveries seen (webhooks.c). */
#ifndef NEWSDESK_STORE_WEBHOOKS_H
#define NEWSDESK_STORE_WEBHOOKS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Webhook deliveries (webhooks.c): 1 when delivery_id is new (and now
 * recorded), 0 when it was seen before. */
int store_webhook_first_delivery(struct store *s, const char *delivery_id,
				 const char *event, int64_t now, struct buf *err);
int store_webhook_prune(struct store *s, int64_t before, struct buf *err);

#endif
