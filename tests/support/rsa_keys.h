/* rsa_keys.h: a fresh RSA key pair for the GitHub App tests (libcrypto). */
#ifndef NEWSDESK_TEST_RSA_KEYS_H
#define NEWSDESK_TEST_RSA_KEYS_H

#include "util/buf.h"

/* Appends the private key (PKCS#8 PEM) to priv and the public key (PEM)
 * to pub; Criterion asserts inside. */
void rsa_key_pair(struct buf *priv, struct buf *pub);

#endif
