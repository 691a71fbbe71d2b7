/* comment_tokens.c: signed edit and form tokens (see comment_tokens.h) */
#include "auth/comment_tokens.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void put64(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;
	for (int i = 7; i >= 0; i--, u >>= 8)
		p[i] = (unsigned char)(u & 0xff);
}

static int64_t get64(const unsigned char *p)
{
	uint64_t u = 0;
	for (int i = 0; i < 8; i++)
		u = u << 8 | p[i];
	return (int64_t)u;
}

/* The MAC input starts with a purpose label so that one kind of token
 * can never pass for the other. */
static void mac(const struct comment_keys *k, const char *purpose, const unsigned char *msg,
		size_t len, unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, k->key, sizeof k->key);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, out);
}

#define STAMP_CHARS 54  /* base64url of 8 + 32 bytes */

static int decode(const char *token, size_t chars, unsigned char *out, size_t len)
{
	size_t got = 0;
	if (!token || strlen(token) != chars)
		return -1;
	if (sodium_base642bin(out, len, token, chars, NULL, &got, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || got != len)
		return -1;
	return 0;
}

void edit_token_make(const struct comment_keys *k, int64_t id, int64_t created_at,
		     int64_t expires_at, char out[EDIT_TOKEN_CHARS + 1])
{
	unsigned char raw[16 + crypto_auth_hmacsha256_BYTES], msg[24];
	put64(raw, id);
	put64(raw + 8, expires_at);
	memcpy(msg, raw, 16);
	put64(msg + 16, created_at);
	mac(k, "newsdesk comment edit", msg, sizeof msg, raw + 16);
	sodium_bin2base64(out, EDIT_TOKEN_CHARS + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int edit_token_id(const char *token, int64_t *id)
{
	unsigned char raw[16 + crypto_auth_hmacsha256_BYTES];
	if (decode(token, EDIT_TOKEN_CHARS, raw, sizeof raw) < 0)
		return -1;
	*id = get64(raw);
	return 0;
}

enum edit_token_verdict edit_token_check(const struct comment_keys *k, const char *token, int64_t id,
		      int64_t created_at, int64_t now)
{
	unsigned char raw[16 + crypto_auth_hmacsha256_BYTES], msg[24];
	unsigned char want[crypto_auth_hmacsha256_BYTES];
	if (decode(token, EDIT_TOKEN_CHARS, raw, sizeof raw) < 0)
		return EDIT_TOKEN_BAD;
	memcpy(msg, raw, 16);
	put64(msg + 16, created_at);
	mac(k, "newsdesk comment edit", msg, sizeof msg, want);
	if (sodium_memcmp(want, raw + 16, sizeof want) != 0 || get64(raw) != id)
		return EDIT_TOKEN_BAD;
	return now < get64(raw + 8) ? EDIT_TOKEN_OK : EDIT_TOKEN_EXPIRED;
}

/* A signed 8-byte value: base64url(value, HMAC-SHA-256(purpose, value)). */
static void stamp_make(const struct comment_keys *k, const char *purpose, int64_t value,
		       char out[STAMP_CHARS + 1])
{
	unsigned char raw[8 + crypto_auth_hmacsha256_BYTES];
	put64(raw, value);
	mac(k, purpose, raw, 8, raw + 8);
	sodium_bin2base64(out, STAMP_CHARS + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* 0 with the value when token is a stamp of ours for purpose, else -1. */
static int stamp_check(const struct comment_keys *k, const char *purpose, const char *token,
		       int64_t *value)
{
	unsigned char raw[8 + crypto_auth_hmacsha256_BYTES];
	unsigned char want[crypto_auth_hmacsha256_BYTES];
	if (decode(token, STAMP_CHARS, raw, sizeof raw) < 0)
		return -1;
	mac(k, purpose, raw, 8, want);
	if (sodium_memcmp(want, raw + 8, sizeof want) != 0)
		return -1;
	*value = get64(raw);
	return 0;
}

void author_token_make(const struct comment_keys *k, int64_t comment_id,
		       char out[AUTHOR_TOKEN_CHARS + 1])
{
	stamp_make(k, "newsdesk comment author", comment_id, out);
}

int author_token_check(const struct comment_keys *k, const char *token, int64_t *comment_id)
{
	return stamp_check(k, "newsdesk comment author", token, comment_id) == 0 &&
			       *comment_id > 0
		       ? 0
		       : -1;
}

void form_token_make(const struct comment_keys *k, int64_t now,
		     char out[FORM_TOKEN_CHARS + 1])
{
	stamp_make(k, "newsdesk comment form", now, out);
}

enum form_token_verdict form_token_check(const struct comment_keys *k, const char *token,
					 int64_t now, int64_t min_seconds)
{
	int64_t issued;
	if (stamp_check(k, "newsdesk comment form", token, &issued) < 0)
		return FORM_TOKEN_BAD;
	if (now - issued < min_seconds)
		return FORM_TOKEN_EARLY;
	if (now - issued > FORM_TOKEN_MAX_AGE)
		return FORM_TOKEN_OLD;
	return FORM_TOKEN_OK;
}

#define READER_ID_BYTES 16

void reader_token_new(const struct comment_keys *k, char out[READER_TOKEN_CHARS + 1])
{
	unsigned char raw[READER_ID_BYTES + crypto_auth_hmacsha256_BYTES];
	randombytes_buf(raw, READER_ID_BYTES);
	mac(k, "newsdesk reader", raw, READER_ID_BYTES, raw + READER_ID_BYTES);
	sodium_bin2base64(out, READER_TOKEN_CHARS + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int reader_token_key(const struct comment_keys *k, const char *token,
		     char key[READER_KEY_MAX + 1])
{
	unsigned char raw[READER_ID_BYTES + crypto_auth_hmacsha256_BYTES];
	unsigned char want[crypto_auth_hmacsha256_BYTES];
	if (decode(token, READER_TOKEN_CHARS, raw, sizeof raw) < 0)
		return -1;
	mac(k, "newsdesk reader", raw, READER_ID_BYTES, want);
	if (sodium_memcmp(want, raw + READER_ID_BYTES, sizeof want) != 0)
		return -1;
	/* another purpose, so the key stored is no part of the token */
	mac(k, "newsdesk reader key", raw, READER_ID_BYTES, want);
	char hex[33];
	sodium_bin2hex(hex, sizeof hex, want, 16);
	snprintf(key, READER_KEY_MAX + 1, "anon:%s", hex);
	return 0;
}

/* HMAC over the time and the reactor, under the form's purpose. */
static void reaction_form_mac(const struct comment_keys *k, const unsigned char when[8],
			      const char *reactor, unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	unsigned char msg[8 + READER_KEY_MAX + 1] = { 0 };
	size_t n = strlen(reactor);
	if (n > READER_KEY_MAX)
		n = READER_KEY_MAX;
	memcpy(msg, when, 8);
	memcpy(msg + 8, reactor, n);
	mac(k, "newsdesk reaction form", msg, 8 + n, out);
}

void reaction_form_token_make(const struct comment_keys *k, const char *reactor, int64_t now,
			      char out[FORM_TOKEN_CHARS + 1])
{
	unsigned char raw[8 + crypto_auth_hmacsha256_BYTES];
	put64(raw, now);
	reaction_form_mac(k, raw, reactor, raw + 8);
	sodium_bin2base64(out, FORM_TOKEN_CHARS + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool reaction_form_token_check(const struct comment_keys *k, const char *token,
			       const char *reactor, int64_t now)
{
	unsigned char raw[8 + crypto_auth_hmacsha256_BYTES];
	unsigned char want[crypto_auth_hmacsha256_BYTES];
	if (decode(token, FORM_TOKEN_CHARS, raw, sizeof raw) < 0)
		return false;
	reaction_form_mac(k, raw, reactor, want);
	int64_t made = get64(raw);
	return sodium_memcmp(want, raw + 8, sizeof want) == 0 && made <= now + 60 &&
	       now - made <= FORM_TOKEN_MAX_AGE;
}

void unsubscribe_token_make(const struct comment_keys *k, int64_t address_id, int64_t comment_id,
			    char out[MAIL_TOKEN_CHARS + 1])
{
	unsigned char raw[16 + crypto_auth_hmacsha256_BYTES];
	put64(raw, address_id);
	put64(raw + 8, comment_id);
	mac(k, "newsdesk mail unsubscribe", raw, 16, raw + 16);
	sodium_bin2base64(out, MAIL_TOKEN_CHARS + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int unsubscribe_token_check(const struct comment_keys *k, const char *token, int64_t *address_id,
			    int64_t *comment_id)
{
	unsigned char raw[16 + crypto_auth_hmacsha256_BYTES];
	unsigned char want[crypto_auth_hmacsha256_BYTES];
	if (decode(token, MAIL_TOKEN_CHARS, raw, sizeof raw) < 0)
		return -1;
	mac(k, "newsdesk mail unsubscribe", raw, 16, want);
	if (sodium_memcmp(want, raw + 16, sizeof want) != 0 || get64(raw) <= 0 ||
	    get64(raw + 8) < 0)
		return -1;
	*address_id = get64(raw);
	*comment_id = get64(raw + 8);
	return 0;
}

/* (The label differs from the first confirmation links', which named no
 * comment and held for ever: none of those passes.) */
#define CONFIRM_LABEL "newsdesk mail confirm until"

void confirm_token_make(const struct comment_keys *k, int64_t address_id, int64_t upto,
			int64_t made, char out[CONFIRM_TOKEN_CHARS + 1])
{
	unsigned char raw[24 + crypto_auth_hmacsha256_BYTES];
	put64(raw, address_id);
	put64(raw + 8, upto);
	put64(raw + 16, made);
	mac(k, CONFIRM_LABEL, raw, 24, raw + 24);
	sodium_bin2base64(out, CONFIRM_TOKEN_CHARS + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum confirm_verdict confirm_token_check(const struct comment_keys *k, const char *token,
					 int64_t now, int64_t valid_s, int64_t *address_id,
					 int64_t *upto)
{
	unsigned char raw[24 + crypto_auth_hmacsha256_BYTES];
	unsigned char want[crypto_auth_hmacsha256_BYTES];
	if (decode(token, CONFIRM_TOKEN_CHARS, raw, sizeof raw) < 0)
		return CONFIRM_BAD;
	mac(k, CONFIRM_LABEL, raw, 24, want);
	if (sodium_memcmp(want, raw + 24, sizeof want) != 0 || get64(raw) <= 0 ||
	    get64(raw + 8) <= 0)
		return CONFIRM_BAD;
	int64_t made = get64(raw + 16);
	if (made > now + 60 || now - made > valid_s)
		return CONFIRM_EXPIRED;
	*address_id = get64(raw);
	*upto = get64(raw + 8);
	return CONFIRM_OK;
}

void mail_address_hash(const struct comment_keys *k, const char *email, unsigned char out[32])
{
	static const char label[] = "newsdesk forgotten address";
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->key, sizeof k->key, 32);
	crypto_generichash_update(&st, (const unsigned char *)label, sizeof label);
	for (const char *p = email; *p; p++) {
		unsigned char c = (unsigned char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		crypto_generichash_update(&st, &c, 1);
	}
	crypto_generichash_final(&st, out, 32);
}
