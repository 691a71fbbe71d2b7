/* tokens.h: unguessable tokens (status pages, sessions, CSRF) and the hash
 * under which they are stored and looked up. */
#ifndef NEWSDESK_TOKENS_H
#define NEWSDESK_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_BYTES 32
#define TOKEN_CHARS 43          /* base64url of 32 bytes, no padding */
#define TOKEN_HASH_BYTES 32

/* 256 random bits as base64url into out (TOKEN_CHARS + 1 bytes). */
void token_new(char out[TOKEN_CHARS + 1]);
/* BLAKE2b-256 of the token text. */
void token_hash(const char *token, unsigned char out[TOKEN_HASH_BYTES]);
/* Is s shaped like a token (length and alphabet)?  Cheap early refusal. */
bool token_well_formed(const char *s);
/* Constant-time comparison of two NUL-terminated tokens. */
bool token_equal(const char *a, const char *b);

#endif
