/*
 * native/sm-crypto.c — SM3, SM4, SM4-CTR and HMAC-SM3 (sm-crypto.h). Written from the
 * standards' descriptions; the tests hold it to Node's OpenSSL byte for byte.
 */
#include "sm-crypto.h"

#include <string.h>

#define ROL(x, n) ((uint32_t)(((x) << ((n) & 31)) | ((x) >> ((32 - ((n) & 31)) & 31))))

static uint32_t get_be32(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void put_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

/* ---- SM3 ----------------------------------------------------------------------------------- */

static const uint32_t SM3_IV[8] = {0x7380166fu, 0x4914b2b9u, 0x172442d7u, 0xda8a0600u,
                                   0xa96f30bcu, 0x163138aau, 0xe38dee4du, 0xb0fb0e4eu};

#define P0(x) ((x) ^ ROL((x), 9) ^ ROL((x), 17))
#define P1(x) ((x) ^ ROL((x), 15) ^ ROL((x), 23))

static void sm3_block(uint32_t v[8], const unsigned char *p) {
  uint32_t w[68], w1[64];
  for (int j = 0; j < 16; j++) w[j] = get_be32(p + 4 * j);
  for (int j = 16; j < 68; j++) {
    uint32_t x = w[j - 16] ^ w[j - 9] ^ ROL(w[j - 3], 15);
    w[j] = P1(x) ^ ROL(w[j - 13], 7) ^ w[j - 6];
  }
  for (int j = 0; j < 64; j++) w1[j] = w[j] ^ w[j + 4];
  uint32_t a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
  for (int j = 0; j < 64; j++) {
    uint32_t t = j < 16 ? 0x79cc4519u : 0x7a879d8au;
    uint32_t a12 = ROL(a, 12);
    uint32_t ss1 = ROL(a12 + e + ROL(t, j), 7);
    uint32_t ss2 = ss1 ^ a12;
    uint32_t ff = j < 16 ? (a ^ b ^ c) : ((a & b) | (a & c) | (b & c));
    uint32_t gg = j < 16 ? (e ^ f ^ g) : ((e & f) | (~e & g));
    uint32_t tt1 = ff + d + ss2 + w1[j];
    uint32_t tt2 = gg + h + ss1 + w[j];
    d = c;
    c = ROL(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = ROL(f, 19);
    f = e;
    e = P0(tt2);
  }
  v[0] ^= a;
  v[1] ^= b;
  v[2] ^= c;
  v[3] ^= d;
  v[4] ^= e;
  v[5] ^= f;
  v[6] ^= g;
  v[7] ^= h;
}

void ot_sm3_init(ot_sm3_ctx *s) {
  memcpy(s->v, SM3_IV, sizeof s->v);
  s->buflen = 0;
  s->total = 0;
}

void ot_sm3_update(ot_sm3_ctx *s, const void *data, size_t len) {
  const unsigned char *p = (const unsigned char *)data;
  s->total += len;
  if (s->buflen > 0) {
    size_t take = OT_SM3_BLOCK - s->buflen;
    if (take > len) take = len;
    memcpy(s->buf + s->buflen, p, take);
    s->buflen += take;
    p += take;
    len -= take;
    if (s->buflen < OT_SM3_BLOCK) return;
    sm3_block(s->v, s->buf);
    s->buflen = 0;
  }
  while (len >= OT_SM3_BLOCK) {
    sm3_block(s->v, p);
    p += OT_SM3_BLOCK;
    len -= OT_SM3_BLOCK;
  }
  if (len > 0) {
    memcpy(s->buf, p, len);
    s->buflen = len;
  }
}

void ot_sm3_final(ot_sm3_ctx *s, unsigned char out[OT_SM3_DIGEST]) {
  uint64_t bits = s->total * 8u;
  s->buf[s->buflen++] = 0x80;
  if (s->buflen > OT_SM3_BLOCK - 8) {
    memset(s->buf + s->buflen, 0, OT_SM3_BLOCK - s->buflen);
    sm3_block(s->v, s->buf);
    s->buflen = 0;
  }
  memset(s->buf + s->buflen, 0, OT_SM3_BLOCK - 8 - s->buflen);
  put_be32(s->buf + 56, (uint32_t)(bits >> 32));
  put_be32(s->buf + 60, (uint32_t)bits);
  sm3_block(s->v, s->buf);
  for (int i = 0; i < 8; i++) put_be32(out + 4 * i, s->v[i]);
  ot_wipe(s, sizeof *s);
}

void ot_sm3(const void *data, size_t len, unsigned char out[OT_SM3_DIGEST]) {
  ot_sm3_ctx s;
  ot_sm3_init(&s);
  ot_sm3_update(&s, data, len);
  ot_sm3_final(&s, out);
}

/* ---- SM4 ----------------------------------------------------------------------------------- */

static const unsigned char SBOX[256] = {
    0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb, 0x2c, 0x05,
    0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3, 0xaa, 0x44, 0x13, 0x26, 0x49, 0x86, 0x06, 0x99,
    0x9c, 0x42, 0x50, 0xf4, 0x91, 0xef, 0x98, 0x7a, 0x33, 0x54, 0x0b, 0x43, 0xed, 0xcf, 0xac, 0x62,
    0xe4, 0xb3, 0x1c, 0xa9, 0xc9, 0x08, 0xe8, 0x95, 0x80, 0xdf, 0x94, 0xfa, 0x75, 0x8f, 0x3f, 0xa6,
    0x47, 0x07, 0xa7, 0xfc, 0xf3, 0x73, 0x17, 0xba, 0x83, 0x59, 0x3c, 0x19, 0xe6, 0x85, 0x4f, 0xa8,
    0x68, 0x6b, 0x81, 0xb2, 0x71, 0x64, 0xda, 0x8b, 0xf8, 0xeb, 0x0f, 0x4b, 0x70, 0x56, 0x9d, 0x35,
    0x1e, 0x24, 0x0e, 0x5e, 0x63, 0x58, 0xd1, 0xa2, 0x25, 0x22, 0x7c, 0x3b, 0x01, 0x21, 0x78, 0x87,
    0xd4, 0x00, 0x46, 0x57, 0x9f, 0xd3, 0x27, 0x52, 0x4c, 0x36, 0x02, 0xe7, 0xa0, 0xc4, 0xc8, 0x9e,
    0xea, 0xbf, 0x8a, 0xd2, 0x40, 0xc7, 0x38, 0xb5, 0xa3, 0xf7, 0xf2, 0xce, 0xf9, 0x61, 0x15, 0xa1,
    0xe0, 0xae, 0x5d, 0xa4, 0x9b, 0x34, 0x1a, 0x55, 0xad, 0x93, 0x32, 0x30, 0xf5, 0x8c, 0xb1, 0xe3,
    0x1d, 0xf6, 0xe2, 0x2e, 0x82, 0x66, 0xca, 0x60, 0xc0, 0x29, 0x23, 0xab, 0x0d, 0x53, 0x4e, 0x6f,
    0xd5, 0xdb, 0x37, 0x45, 0xde, 0xfd, 0x8e, 0x2f, 0x03, 0xff, 0x6a, 0x72, 0x6d, 0x6c, 0x5b, 0x51,
    0x8d, 0x1b, 0xaf, 0x92, 0xbb, 0xdd, 0xbc, 0x7f, 0x11, 0xd9, 0x5c, 0x41, 0x1f, 0x10, 0x5a, 0xd8,
    0x0a, 0xc1, 0x31, 0x88, 0xa5, 0xcd, 0x7b, 0xbd, 0x2d, 0x74, 0xd0, 0x12, 0xb8, 0xe5, 0xb4, 0xb0,
    0x89, 0x69, 0x97, 0x4a, 0x0c, 0x96, 0x77, 0x7e, 0x65, 0xb9, 0xf1, 0x09, 0xc5, 0x6e, 0xc6, 0x84,
    0x18, 0xf0, 0x7d, 0xec, 0x3a, 0xdc, 0x4d, 0x20, 0x79, 0xee, 0x5f, 0x3e, 0xd7, 0xcb, 0x39, 0x48};

static const uint32_t FK[4] = {0xa3b1bac6u, 0x56aa3350u, 0x677d9197u, 0xb27022dcu};

static uint32_t tau(uint32_t x) {
  return ((uint32_t)SBOX[x >> 24] << 24) | ((uint32_t)SBOX[(x >> 16) & 0xff] << 16) |
         ((uint32_t)SBOX[(x >> 8) & 0xff] << 8) | (uint32_t)SBOX[x & 0xff];
}

static uint32_t round_t(uint32_t x) {
  uint32_t b = tau(x);
  return b ^ ROL(b, 2) ^ ROL(b, 10) ^ ROL(b, 18) ^ ROL(b, 24);
}

static uint32_t key_t(uint32_t x) {
  uint32_t b = tau(x);
  return b ^ ROL(b, 13) ^ ROL(b, 23);
}

void ot_sm4_set_key(ot_sm4 *k, const unsigned char key[OT_SM4_KEY]) {
  uint32_t K[4];
  for (int i = 0; i < 4; i++) K[i] = get_be32(key + 4 * i) ^ FK[i];
  for (int i = 0; i < 32; i++) {
    /* CK: byte j of word i is (4i + j) * 7 mod 256. */
    uint32_t ck = 0;
    for (int j = 0; j < 4; j++) ck = (ck << 8) | (uint32_t)(((4 * i + j) * 7) & 0xff);
    uint32_t rk = K[0] ^ key_t(K[1] ^ K[2] ^ K[3] ^ ck);
    k->rk[i] = rk;
    K[0] = K[1];
    K[1] = K[2];
    K[2] = K[3];
    K[3] = rk;
  }
  ot_wipe(K, sizeof K);
}

static void sm4_crypt(const uint32_t *rk, int step, const unsigned char in[16], unsigned char out[16]) {
  uint32_t x0 = get_be32(in), x1 = get_be32(in + 4), x2 = get_be32(in + 8), x3 = get_be32(in + 12);
  int r = step > 0 ? 0 : 31;
  for (int i = 0; i < 32; i++, r += step) {
    uint32_t x4 = x0 ^ round_t(x1 ^ x2 ^ x3 ^ rk[r]);
    x0 = x1;
    x1 = x2;
    x2 = x3;
    x3 = x4;
  }
  put_be32(out, x3);
  put_be32(out + 4, x2);
  put_be32(out + 8, x1);
  put_be32(out + 12, x0);
}

void ot_sm4_encrypt_block(const ot_sm4 *k, const unsigned char in[16], unsigned char out[16]) { sm4_crypt(k->rk, 1, in, out); }
void ot_sm4_decrypt_block(const ot_sm4 *k, const unsigned char in[16], unsigned char out[16]) { sm4_crypt(k->rk, -1, in, out); }

void ot_sm4_ctr(const ot_sm4 *k, const unsigned char iv[16], const unsigned char *in, unsigned char *out, size_t len) {
  unsigned char ctr[16], ks[16];
  memcpy(ctr, iv, 16);
  while (len > 0) {
    sm4_crypt(k->rk, 1, ctr, ks);
    size_t n = len < 16 ? len : 16;
    for (size_t i = 0; i < n; i++) out[i] = (unsigned char)(in[i] ^ ks[i]);
    in += n;
    out += n;
    len -= n;
    for (int i = 15; i >= 0; i--)
      if (++ctr[i] != 0) break;
  }
  ot_wipe(ks, sizeof ks);
}

/* ---- HMAC-SM3 ------------------------------------------------------------------------------ */

void ot_hmac_sm3_init(ot_hmac_sm3_ctx *h, const void *key, size_t keylen) {
  unsigned char k[OT_SM3_BLOCK], pad[OT_SM3_BLOCK];
  memset(k, 0, sizeof k);
  if (keylen > OT_SM3_BLOCK) ot_sm3(key, keylen, k);
  else if (keylen > 0) memcpy(k, key, keylen);
  for (int i = 0; i < OT_SM3_BLOCK; i++) pad[i] = (unsigned char)(k[i] ^ 0x36);
  ot_sm3_init(&h->inner);
  ot_sm3_update(&h->inner, pad, sizeof pad);
  for (int i = 0; i < OT_SM3_BLOCK; i++) pad[i] = (unsigned char)(k[i] ^ 0x5c);
  ot_sm3_init(&h->outer);
  ot_sm3_update(&h->outer, pad, sizeof pad);
  ot_wipe(k, sizeof k);
  ot_wipe(pad, sizeof pad);
}

void ot_hmac_sm3_update(ot_hmac_sm3_ctx *h, const void *data, size_t len) { ot_sm3_update(&h->inner, data, len); }

void ot_hmac_sm3_final(ot_hmac_sm3_ctx *h, unsigned char out[OT_SM3_DIGEST]) {
  unsigned char ih[OT_SM3_DIGEST];
  ot_sm3_final(&h->inner, ih);
  ot_sm3_update(&h->outer, ih, sizeof ih);
  ot_sm3_final(&h->outer, out);
  ot_wipe(ih, sizeof ih);
}

void ot_hmac_sm3(const void *key, size_t keylen, const void *data, size_t len, unsigned char out[OT_SM3_DIGEST]) {
  ot_hmac_sm3_ctx h;
  ot_hmac_sm3_init(&h, key, keylen);
  ot_hmac_sm3_update(&h, data, len);
  ot_hmac_sm3_final(&h, out);
}

/* ---- helpers ------------------------------------------------------------------------------- */

int ot_ct_diff(const void *a, const void *b, size_t n) {
  const volatile unsigned char *x = (const volatile unsigned char *)a, *y = (const volatile unsigned char *)b;
  unsigned char d = 0;
  for (size_t i = 0; i < n; i++) d |= (unsigned char)(x[i] ^ y[i]);
  return d != 0;
}

void ot_wipe(void *p, size_t n) {
  volatile unsigned char *v = (volatile unsigned char *)p;
  while (n--) *v++ = 0;
}
