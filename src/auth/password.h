/* password.h: maintainer passwords, hashed with argon2id (libsodium). */
#ifndef NEWSDESK_PASSWORD_H
#define NEWSDESK_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 1024

/* Checks the length and encoding rules; -1 with the reason in err. */
int password_check_rules(const char *pw, size_t len, struct buf *err);
/* Writes the argon2id string into out; -1 when libsodium fails (no memory). */
int password_hash(const char *pw, size_t len, struct buf *out);
bool password_verify(const char *hash, const char *pw, size_t len);

#endif
