/* identity.c: GitHub identities and their signed tokens */
#include "auth/identity.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define PREFIX "v1."
#define MAC_CHARS 43   /* base64url of 32 bytes */
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static void mac_of(const unsigned char key[IDENTITY_KEY_BYTES], const char *signed_part,
		   size_t len, char out[MAC_CHARS + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, IDENTITY_KEY_BYTES);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)signed_part, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, MAC_CHARS + 1, mac, sizeof mac, B64);
}

void identity_token_make(const unsigned char key[IDENTITY_KEY_BYTES],
			 const struct github_identity *who, const char *audience,
			 int64_t expires_at, struct buf *out)
{
	json_t *claims = json_pack("{s:I,s:s,s:s,s:s,s:I}", "sub", (json_int_t)who->id, "login",
				   who->login, "avatar", who->avatar_url, "aud", audience, "exp",
				   (json_int_t)expires_at);
	char *text = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	size_t tl = strlen(text);
	size_t start = out->len;
	buf_adds(out, PREFIX);
	size_t enc = sodium_base64_ENCODED_LEN(tl, B64);
	buf_grow(out, enc);
	sodium_bin2base64(out->p + out->len, enc, (const unsigned char *)text, tl, B64);
	out->len += enc - 1;
	char mac[MAC_CHARS + 1];
	mac_of(key, out->p + start, out->len - start, mac);
	buf_addf(out, ".%s", mac);
	free(text);
}

enum identity_verdict identity_token_check(const unsigned char key[IDENTITY_KEY_BYTES],
					   const char *token, const char *audience,
					   int64_t now, struct github_identity *out)
{
	size_t n = token ? strlen(token) : 0;
	if (n > IDENTITY_TOKEN_MAX || n < sizeof PREFIX + MAC_CHARS + 1 ||
	    strncmp(token, PREFIX, strlen(PREFIX)) != 0)
		return IDENTITY_BAD;
	const char *dot = strrchr(token, '.');
	if (dot == token + strlen(PREFIX) - 1 || strlen(dot + 1) != MAC_CHARS)
		return IDENTITY_BAD;
	char want[MAC_CHARS + 1];
	mac_of(key, token, (size_t)(dot - token), want);
	if (sodium_memcmp(want, dot + 1, MAC_CHARS) != 0)
		return IDENTITY_BAD;

	/* signed by us: what follows only reads what we wrote */
	const char *b64 = token + strlen(PREFIX);
	size_t b64_len = (size_t)(dot - b64), raw_len = 0;
	unsigned char raw[IDENTITY_TOKEN_MAX];
	if (sodium_base642bin(raw, sizeof raw, b64, b64_len, NULL, &raw_len, NULL, B64) != 0)
		return IDENTITY_BAD;
	json_t *c = json_loadb((const char *)raw, raw_len, 0, NULL);
	json_int_t sub = 0, exp = 0;
	const char *login = NULL, *avatar = NULL, *aud = NULL;
	enum identity_verdict v = IDENTITY_OK;
	if (!c || json_unpack(c, "{s:I,s:s,s:s,s:s,s:I}", "sub", &sub, "login", &login, "avatar",
			      &avatar, "aud", &aud, "exp", &exp) != 0 ||
	    !valid_github_login(login) || strlen(avatar) > AVATAR_URL_MAX)
		v = IDENTITY_BAD;
	else if (strcmp(aud, audience) != 0)
		v = IDENTITY_WRONG_AUDIENCE;
	else if (now >= exp)
		v = IDENTITY_EXPIRED;
	if (v == IDENTITY_OK && out) {
		out->id = (int64_t)sub;
		snprintf(out->login, sizeof out->login, "%s", login);
		snprintf(out->avatar_url, sizeof out->avatar_url, "%s", avatar);
	}
	json_decref(c);
	return v;
}

const char *identity_verdict_message(enum identity_verdict v)
{
	switch (v) {
	case IDENTITY_OK: return "signed in";
	case IDENTITY_BAD: return "the GitHub sign-in is not valid; sign in again";
	case IDENTITY_EXPIRED: return "the GitHub sign-in has expired; sign in again";
	case IDENTITY_WRONG_AUDIENCE:
		return "the GitHub sign-in was made for another site; sign in again here";
	}
	return "?";
}
