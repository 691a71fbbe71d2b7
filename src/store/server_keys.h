/* server_keys.h: the service's own secrets, in the key file (server_keys.c). */
#ifndef NEWSDESK_STORE_SERVER_KEYS_H
#define NEWSDESK_STORE_SERVER_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* A secret the service keeps for itself, in key_file (mode 0600, beside
 * the database, never in it, so that a backup of the database holds no
 * key that opens its sealed tokens or signs identities): read from there,
 * or made from randomness and written there at first use.  A key an older
 * version kept in server_keys moves to the file and leaves the database. */
int store_server_key(struct store *s, const char *key_file, const char *name, unsigned char *key,
		     size_t len, struct buf *err);

#endif
