/* fold_hash.h: hashing text with whitespace folded, so that two texts
 * that differ only in spacing (and, when asked, in case) hash alike —
 * how the same comment and the same contribution are told apart. */
#ifndef NEWSDESK_FOLD_HASH_H
#define NEWSDESK_FOLD_HASH_H

#include <sodium.h>
#include <stdbool.h>

/* Feeds s to st with every run of whitespace as one space (a run at the
 * start too), lower-cased when lower is set. */
void fold_hash_update(crypto_generichash_state *st, const char *s, bool lower);

#endif
