/*
 * native/tests/sm-crypto-tool.c — drives native/sm-crypto.c from test/native/sm-crypto.test.ts.
 *
 * Reads one command a line from stdin, writes one line of hex (or "ERR") to stdout:
 *   sm3 DATA                  SM3 digest
 *   sm3chunks N DATA          SM3 digest, fed N (decimal) bytes at a time (the streaming path)
 *   hmac KEY DATA             HMAC-SM3
 *   sm4e KEY BLOCK            one SM4 block encrypted
 *   sm4d KEY BLOCK            one SM4 block decrypted
 *   ctr KEY IV DATA           SM4-CTR (encrypts and decrypts alike)
 *   sm4iter N KEY BLOCK       BLOCK encrypted N (decimal) times over with KEY (GB/T 32907 A.2)
 * Every argument is hex ("-" stands for no bytes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sm-crypto.h"

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes a hex word in place; returns its byte count, or -1. */
static long unhex(char *s) {
  if (strcmp(s, "-") == 0) return 0;
  size_t n = strlen(s);
  if (n % 2) return -1;
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    s[i] = (char)(hi * 16 + lo);
  }
  return (long)(n / 2);
}

static void put_hex(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
  if (n == 0) printf("-");
  printf("\n");
}

int main(void) {
  size_t cap = 1u << 22;
  char *line = malloc(cap);
  unsigned char *out = malloc(cap / 2 + 64);
  if (!line || !out) return 2;
  while (fgets(line, (int)cap, stdin)) {
    char *argv[4] = {0};
    int argc = 0;
    for (char *t = strtok(line, " \r\n"); t && argc < 4; t = strtok(NULL, " \r\n")) argv[argc++] = t;
    if (argc == 0) continue;
    long chunk = argc > 1 ? atol(argv[1]) : 0; /* sm3chunks: decimal, read before unhex */
    long a = argc > 1 ? unhex(argv[1]) : -1, b = argc > 2 ? unhex(argv[2]) : -1, c = argc > 3 ? unhex(argv[3]) : -1;
    const unsigned char *A = (unsigned char *)argv[1], *B = (unsigned char *)argv[2], *C = (unsigned char *)argv[3];
    if (!strcmp(argv[0], "sm3") && a >= 0) {
      ot_sm3(A, (size_t)a, out);
      put_hex(out, 32);
    } else if (!strcmp(argv[0], "sm3chunks") && argc == 3 && b >= 0) {
      if (chunk <= 0) chunk = 1;
      ot_sm3_ctx s;
      ot_sm3_init(&s);
      for (long off = 0; off < b; off += chunk) ot_sm3_update(&s, B + off, (size_t)(b - off < chunk ? b - off : chunk));
      ot_sm3_final(&s, out);
      put_hex(out, 32);
    } else if (!strcmp(argv[0], "hmac") && a >= 0 && b >= 0) {
      ot_hmac_sm3(A, (size_t)a, B, (size_t)b, out);
      put_hex(out, 32);
    } else if ((!strcmp(argv[0], "sm4e") || !strcmp(argv[0], "sm4d")) && a == 16 && b == 16) {
      ot_sm4 k;
      ot_sm4_set_key(&k, A);
      if (argv[0][3] == 'e') ot_sm4_encrypt_block(&k, B, out);
      else ot_sm4_decrypt_block(&k, B, out);
      put_hex(out, 16);
    } else if (!strcmp(argv[0], "ctr") && a == 16 && b == 16 && c >= 0) {
      ot_sm4 k;
      ot_sm4_set_key(&k, A);
      ot_sm4_ctr(&k, B, C, out, (size_t)c);
      put_hex(out, (size_t)c);
    } else if (!strcmp(argv[0], "sm4iter") && b == 16 && c == 16 && chunk > 0) {
      ot_sm4 k;
      ot_sm4_set_key(&k, B);
      memcpy(out, C, 16);
      for (long i = 0; i < chunk; i++) ot_sm4_encrypt_block(&k, out, out);
      put_hex(out, 16);
    } else {
      printf("ERR\n");
    }
    fflush(stdout);
  }
  free(line);
  free(out);
  return 0;
}
