/* identity.h: a person as GitHub vouches for them, and the signed token
 * that carries that vouching to where it is used.
 *
 * After a GitHub sign-in the service knows a login, its numeric id and an
 * avatar.  It hands them on as an identity token: the three, the origin it
 * is for (its audience: this service's own origin for the contribution
 * form's cookie, the reader's site for the comment widget) and an expiry,
 * signed with HMAC-SHA-256 under a key the service keeps (the key file, store_server_key
 * "identity").  Nothing is stored per token; a token is accepted only for
 * its audience and only until it expires.
 *
 *   v1.BASE64URL(JSON).BASE64URL(MAC over "v1." and the first part)
 */
#ifndef NEWSDESK_IDENTITY_H
#define NEWSDESK_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>

#include "github/user.h"
#include "util/buf.h"
#include "store/server_keys.h"

#define IDENTITY_KEY_BYTES 32
#define IDENTITY_TOKEN_MAX 1024

void identity_token_make(const unsigned char key[IDENTITY_KEY_BYTES],
			 const struct github_identity *who, const char *audience,
			 int64_t expires_at, struct buf *out);

enum identity_verdict {
	IDENTITY_OK,
	IDENTITY_BAD,            /* not ours, altered or malformed */
	IDENTITY_EXPIRED,
	IDENTITY_WRONG_AUDIENCE, /* signed for another origin */
};
enum identity_verdict identity_token_check(const unsigned char key[IDENTITY_KEY_BYTES],
					   const char *token, const char *audience,
					   int64_t now, struct github_identity *out);
const char *identity_verdict_message(enum identity_verdict v);

#endif
