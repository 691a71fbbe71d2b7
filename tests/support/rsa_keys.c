/* rsa_keys.c: see rsa_keys.h */
#include "support/rsa_keys.h"

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

static void take(BIO *b, struct buf *out)
{
	char *p = NULL;
	long n = BIO_get_mem_data(b, &p);
	buf_add(out, p, (size_t)n);
	BIO_free(b);
}

void rsa_key_pair(struct buf *priv, struct buf *pub)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	cr_assert_not_null(k);
	BIO *b = BIO_new(BIO_s_mem());
	cr_assert(PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL));
	take(b, priv);
	b = BIO_new(BIO_s_mem());
	cr_assert(PEM_write_bio_PUBKEY(b, k));
	take(b, pub);
	EVP_PKEY_free(k);
}
