/* password.c: argon2id hashing through libsodium */
#include "auth/password.h"

#include <sodium.h>
#include <string.h>

#include "util/utf8.h"

int password_check_rules(const char *pw, size_t len, struct buf *err)
{
	if (len > PASSWORD_MAX_BYTES) {
		buf_addf(err, "password is longer than %d bytes", PASSWORD_MAX_BYTES);
		return -1;
	}
	if (!utf8_valid(pw, len, NULL)) {
		buf_adds(err, "password is not valid UTF-8");
		return -1;
	}
	if (utf8_len(pw, len) < PASSWORD_MIN_CHARS) {
		buf_addf(err, "password must have at least %d characters",
			 PASSWORD_MIN_CHARS);
		return -1;
	}
	return 0;
}

int password_hash(const char *pw, size_t len, struct buf *out)
{
	char h[crypto_pwhash_STRBYTES];
	if (sodium_init() < 0)
		return -1;
	if (crypto_pwhash_str_alg(h, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	buf_adds(out, h);
	sodium_memzero(h, sizeof h);
	return 0;
}

bool password_verify(const char *hash, const char *pw, size_t len)
{
	/* libsodium reads a full crypto_pwhash_STRBYTES from the string */
	char h[crypto_pwhash_STRBYTES] = { 0 };
	if (sodium_init() < 0 || strlen(hash) >= sizeof h)
		return false;
	memcpy(h, hash, strlen(hash));
	return crypto_pwhash_str_verify(h, pw, len) == 0;
}
