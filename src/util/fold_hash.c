/* fold_hash.c: whitespace-folded hashing (fold_hash.h) */
#include "util/fold_hash.h"

#include <ctype.h>

void fold_hash_update(crypto_generichash_state *st, const char *s, bool lower)
{
	bool space = false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isspace(c)) {
			space = true;
			continue;
		}
		if (space) {
			crypto_generichash_update(st, (const unsigned char *)" ", 1);
			space = false;
		}
		if (lower)
			c = (unsigned char)tolower(c);
		crypto_generichash_update(st, &c, 1);
	}
}
