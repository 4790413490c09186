/*
 * native/sm-crypto.h — the shim's only cryptography: the Chinese national algorithms the
 * gateway hop needs (docs/gateway-protocol.md), nothing else.
 *
 *   SM3       hash, GB/T 32905-2016 (32-byte digest)
 *   SM4       block cipher, GB/T 32907-2016 (16-byte key and block)
 *   SM4-CTR   counter mode over a 128-bit big-endian counter (as OpenSSL's "sm4-ctr")
 *   HMAC-SM3  RFC 2104 construction over SM3 (64-byte block)
 *
 * Plain C99 and libc only (no OpenSSL on a Windows XP workstation). Tested against Node's
 * OpenSSL on the standards' examples and on random inputs (test/native/sm-crypto.test.ts,
 * via native/tests/sm-crypto-tool.c). Not hardened against cache-timing attacks on the S-box
 * lookups: the keys it protects live on the same machine as the attacker would have to.
 */
#ifndef ONETRANS_SM_CRYPTO_H
#define ONETRANS_SM_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define OT_SM3_DIGEST 32
#define OT_SM3_BLOCK 64
#define OT_SM4_BLOCK 16
#define OT_SM4_KEY 16

typedef struct ot_sm3_ctx {
  uint32_t v[8];
  unsigned char buf[OT_SM3_BLOCK];
  size_t buflen;
  uint64_t total; /* bytes hashed so far */
} ot_sm3_ctx;

void ot_sm3_init(ot_sm3_ctx *s);
void ot_sm3_update(ot_sm3_ctx *s, const void *data, size_t len);
void ot_sm3_final(ot_sm3_ctx *s, unsigned char out[OT_SM3_DIGEST]);
void ot_sm3(const void *data, size_t len, unsigned char out[OT_SM3_DIGEST]);

typedef struct ot_sm4 {
  uint32_t rk[32]; /* round keys */
} ot_sm4;

void ot_sm4_set_key(ot_sm4 *k, const unsigned char key[OT_SM4_KEY]);
void ot_sm4_encrypt_block(const ot_sm4 *k, const unsigned char in[OT_SM4_BLOCK], unsigned char out[OT_SM4_BLOCK]);
void ot_sm4_decrypt_block(const ot_sm4 *k, const unsigned char in[OT_SM4_BLOCK], unsigned char out[OT_SM4_BLOCK]);
/* SM4-CTR: XORs len bytes of in with the key stream starting at counter block iv into out
 * (in == out allowed). The same call encrypts and decrypts. */
void ot_sm4_ctr(const ot_sm4 *k, const unsigned char iv[OT_SM4_BLOCK], const unsigned char *in, unsigned char *out, size_t len);

typedef struct ot_hmac_sm3_ctx {
  ot_sm3_ctx inner, outer;
} ot_hmac_sm3_ctx;

void ot_hmac_sm3_init(ot_hmac_sm3_ctx *h, const void *key, size_t keylen);
void ot_hmac_sm3_update(ot_hmac_sm3_ctx *h, const void *data, size_t len);
void ot_hmac_sm3_final(ot_hmac_sm3_ctx *h, unsigned char out[OT_SM3_DIGEST]);
void ot_hmac_sm3(const void *key, size_t keylen, const void *data, size_t len, unsigned char out[OT_SM3_DIGEST]);

/* Compares n bytes in time independent of where they differ. 0 when equal. */
int ot_ct_diff(const void *a, const void *b, size_t n);
/* Overwrites n bytes with zeros in a way the compiler does not drop. */
void ot_wipe(void *p, size_t n);

#endif
