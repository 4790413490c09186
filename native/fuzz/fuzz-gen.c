/*
 * native/fuzz/fuzz-gen.c — the inputs (fuzz.h): every class issue 7 names, built from the
 * spec's pushMsg request, each case a pure function of (seed, index).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* The simulator's test app (src/portal/config.ts) and the spec example's personal data: the
 * appKey, the ID number and a phone must never come back in an answer, not even in part. */
#define APP_ID "zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN"
#define APP_KEY "St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM"
#define ID_NO "460029196507081627"
#define PHONE "13907551234"
const char *const FZ_SECRETS[] = {APP_KEY, ID_NO, PHONE};
const size_t FZ_N_SECRETS = sizeof FZ_SECRETS / sizeof FZ_SECRETS[0];
/* patientName and drName of valid_request's callers (UTF-8). */
const char *const FZ_NAMES[] = {"周大鹏", "周小鹏"};
const size_t FZ_N_NAMES = sizeof FZ_NAMES / sizeof FZ_NAMES[0];
unsigned long fz_run_nonce;

#define MAX_PAYLOAD (64u << 20)

void fz_put(fz_buf *b, const void *s, size_t n) {
  if (n > ((size_t)-1) / 4) abort(); /* a length gone negative */
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + n + 1) cap *= 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p) abort();
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
}
void fz_puts(fz_buf *b, const char *s) { fz_put(b, s, strlen(s)); }
void fz_free(fz_buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

void fz_seed(fz_rng *r, uint64_t seed, uint64_t index) {
  r->s = (seed * 0x9E3779B97F4A7C15ull) ^ (index + 1) * 0xD1B54A32D192ED03ull;
  if (!r->s) r->s = 1;
  for (int i = 0; i < 4; i++) fz_next(r);
}
uint64_t fz_next(fz_rng *r) {
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return r->s * 0x2545F4914F6CDD1Dull;
}
uint32_t fz_below(fz_rng *r, uint32_t bound) { return bound ? (uint32_t)(fz_next(r) % bound) : 0; }

/* GBK for 周大鹏 / 总院牙体牙髓科 (what an ANSI caller sends). */
static const char GBK_NAME[] = "\xD6\xDC\xB4\xF3\xC5\xF4";
static const char GBK_DEPT[] = "\xD7\xDC\xD4\xBA\xD1\xC0\xCC\xE5\xD1\xC0\xCB\xE8\xBF\xC6";

/* The spec's pushMsg request. serverAddr comes first, so mutations can keep off it (a
 * mutated host would send the fuzzer to DNS instead of the simulator). Returns where the
 * bytes after serverAddr's value start. */
static size_t valid_request(fz_buf *b, const char *server, uint64_t index, const char *name, const char *dept,
                            const char *extra_field) {
  char tmp[512];
  fz_puts(b, "{\"data\":{\"serverAddr\":\"");
  fz_puts(b, server);
  fz_puts(b, "/api/amp/hos/pushMsg\"");
  size_t after = b->len;
  snprintf(tmp, sizeof tmp,
           ",\"appId\":\"" APP_ID "\",\"appKey\":\"" APP_KEY "\",\"encryptType\":\"SM4\",\"signType\":\"SM3\","
           "\"timestamp\":\"\",\"version\":\"1.0.0\",\"hisCustType\":\"\",\"hisCustId\":\"532494\",\"appType\":\"01\","
           "\"medOrgOrd\":\"FZ%lu-%llu\",\"subOrgCode\":\"5\",\"orderStatus\":\"MERCHANT_WAIT_PAY\","
           "\"orgCode\":\"H46040100001\",\"patientName\":\"",
           fz_run_nonce, (unsigned long long)index);
  fz_puts(b, tmp);
  fz_puts(b, name);
  fz_puts(b, "\",\"idType\":\"02\",\"idNo\":\"" ID_NO "\",\"telephone\":\"" PHONE "\",\"pushType\":\"HOSPITAL_PAYMENT\",\"deptName\":\"");
  fz_puts(b, dept);
  fz_puts(b, "\",\"deptCode\":\"BM00100\",\"drName\":\"周小鹏\",\"drNo\":\"D460106007245\","
             "\"createTime\":\"2022-05-09 08:32:51\",\"extData\":");
  fz_puts(b, extra_field ? extra_field : "null");
  fz_puts(b, "},\"orgId\":\"H46010000000\"}");
  return after;
}

static void random_bytes(fz_buf *b, fz_rng *r, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)fz_next(r);
    fz_put(b, &c, 1);
  }
}

/* Flips, inserts, deletes and repeats bytes after `from`, a third of them next to a secret
 * (a parser's error excerpt around there is what issue 7 #1 found). */
static void mutate(fz_buf *b, fz_rng *r, size_t from) {
  int n = 1 + (int)fz_below(r, 6);
  static const char *const JUNK[] = {"\"", "\\", "{", "}", "[", "]", ",", ":", "\\u", "\\ud800", "0", "-", "1e999",
                                     "null", "\xff", "\xe5\x91", "\x00", "\x01", "\"\"", "周"};
  for (int k = 0; k < n && b->len > from + 1; k++) {
    size_t at = from + fz_below(r, (uint32_t)(b->len - from));
    if (fz_below(r, 3) == 0) {
      const char *s = FZ_SECRETS[fz_below(r, (uint32_t)FZ_N_SECRETS)];
      unsigned char *hit = memmem(b->p + from, b->len - from, s, strlen(s));
      if (hit) at = (size_t)(hit - b->p) + fz_below(r, (uint32_t)strlen(s) + 2) - 1;
      if (at >= b->len) at = b->len - 1;
    }
    switch (fz_below(r, 4)) {
    case 0: b->p[at] ^= (unsigned char)(1u << fz_below(r, 8)); break;
    case 1: memmove(b->p + at, b->p + at + 1, b->len - at - 1); b->len--; break;
    case 2: {
      const char *j = JUNK[fz_below(r, sizeof JUNK / sizeof JUNK[0])];
      size_t jl = *j ? strlen(j) : 1;
      fz_buf tail = {0};
      fz_put(&tail, b->p + at, b->len - at);
      b->len = at;
      fz_put(b, j, jl);
      fz_put(b, tail.p, tail.len);
      fz_free(&tail);
      break;
    }
    default: {
      size_t len = 1 + fz_below(r, 40);
      if (at + len > b->len) len = b->len - at;
      fz_buf chunk = {0};
      fz_put(&chunk, b->p + at, len);
      fz_buf tail = {0};
      fz_put(&tail, b->p + at, b->len - at);
      b->len = at;
      fz_put(b, chunk.p, chunk.len);
      fz_put(b, tail.p, tail.len);
      fz_free(&chunk);
      fz_free(&tail);
    }
    }
  }
}

static void nested(fz_buf *b, fz_rng *r, const char *server, uint64_t index) {
  size_t depth = 1 + fz_below(r, fz_below(r, 4) == 0 ? 20000 : 300);
  int objects = (int)fz_below(r, 2);
  fz_buf v = {0};
  for (size_t i = 0; i < depth; i++) fz_puts(&v, objects ? "{\"a\":" : "[");
  fz_puts(&v, "1");
  for (size_t i = 0; i < depth; i++) fz_puts(&v, objects ? "}" : "]");
  fz_put(&v, "", 1);
  if (fz_below(r, 5) == 0) { /* unbalanced */
    v.len = v.len / 2;
    fz_put(&v, "", 1);
  }
  valid_request(b, server, index, "周大鹏", "总院牙体牙髓科", (const char *)v.p);
  fz_free(&v);
}

static void huge(fz_buf *b, fz_rng *r, const char *server, uint64_t index) {
  size_t n = fz_below(r, 8) == 0 ? (1u << 20) * (1 + fz_below(r, 4)) : 1024 + fz_below(r, 65536);
  fz_buf s = {0};
  static const char *const UNITS[] = {"x", "周", "\\\"", "\\u5468", " "};
  const char *u = UNITS[fz_below(r, 5)];
  while (s.len < n) fz_puts(&s, u);
  fz_put(&s, "", 1);
  valid_request(b, server, index, fz_below(r, 2) ? (const char *)s.p : "周大鹏", fz_below(r, 2) ? (const char *)s.p : "总院", NULL);
  fz_free(&s);
}

static void bad_utf8(fz_case *c, fz_rng *r, const char *server, uint64_t index) {
  /* 0xFF is neither UTF-8 nor a GBK byte; the others are bad UTF-8 that may still read as GBK. */
  static const char *const BAD[] = {"\xff", "\xc0\x80", "\xed\xa0\x80", "\xe5\x91", "\xf4\x90\x80\x80", "\x80"};
  int which = (int)fz_below(r, 6);
  char name[64];
  snprintf(name, sizeof name, "周%s大鹏", BAD[which]);
  valid_request(&c->in, server, index, name, "总院牙体牙髓科", NULL);
  c->garbled = which == 0;
}

static void wrong_types(fz_buf *b, fz_rng *r, const char *server, uint64_t index) {
  static const char *const SHAPES[] = {
      "[]", "\"data\"", "123", "null", "true", "{\"data\":\"x\"}", "{\"data\":[1,2]}", "{\"data\":null}", "{\"data\":{}}",
      "{\"orgId\":{\"a\":1},\"data\":{}}", "{\"data\":{\"serverAddr\":123}}", "{\"data\":{\"serverAddr\":\"ftp://x\"}}",
      "{\"data\":{\"serverAddr\":\"%s/api/amp/hos/pushMsg\",\"appId\":[],\"appKey\":{}}}",
      "{\"data\":{\"serverAddr\":\"%s/api/amp/hos/pushMsg\",\"appId\":\"" APP_ID "\",\"appKey\":\"" APP_KEY
      "\",\"medOrgOrd\":12345,\"patientName\":[\"周\"],\"pushType\":7}}",
      "\xef\xbb\xbf{\"data\":{\"serverAddr\":\"%s/api/amp/hos/nope\",\"appId\":\"" APP_ID "\",\"appKey\":\"" APP_KEY "\"}}",
      "{\"data\":{\"serverAddr\":\"%s/api/amp/hos/pushMsg\",\"appId\":\"" APP_ID "\",\"appKey\":\"" APP_KEY
      "\",\"signType\":\"SM2\",\"idNo\":\"" ID_NO "\"}}",
      "{\"data\":{\"a\":1,\"a\":2,\"serverAddr\":\"%s/x\",\"idNo\":\"" ID_NO "\"}}"};
  char text[1024];
  snprintf(text, sizeof text, SHAPES[fz_below(r, sizeof SHAPES / sizeof SHAPES[0])], server);
  fz_puts(b, text);
  (void)index;
}

static void to_gbk(fz_buf *b, const char *server, uint64_t index) { valid_request(b, server, index, GBK_NAME, GBK_DEPT, NULL); }

void fz_generate(fz_case *c, uint64_t seed, uint64_t index, const char *server, const char *rogue) {
  fz_rng r;
  fz_seed(&r, seed, index);
  memset(c, 0, sizeof *c);
  c->call = FZ_CALL_MT;
  /* Fixed cases first: the repros, then the edges that must come back 000105. */
  switch (index) {
  case 0: /* issue 7 #1: a missing quote before the appKey */
    c->klass = "repro-unquoted-appKey";
    valid_request(&c->in, server, index, "周大鹏", "总院", NULL);
    {
      unsigned char *k = memmem(c->in.p, c->in.len, "\"" APP_KEY, strlen(APP_KEY) + 1);
      if (k) memmove(k, k + 1, c->in.len - (size_t)(k - c->in.p) - 1), c->in.len--;
    }
    return;
  case 1: /* issue 7 #2: one stray 0xFF in a UTF-8 request */
    c->klass = "repro-stray-ff";
    valid_request(&c->in, server, index, "周\xff大鹏", "总院牙体牙髓科", NULL);
    c->garbled = 1;
    return;
  case 2: /* issue 7 #8: over the payload cap */
    c->klass = "over-payload-cap";
    valid_request(&c->in, server, index, "周大鹏", "总院", NULL);
    while (c->in.len <= MAX_PAYLOAD) fz_put(&c->in, "                                ", 32);
    c->expect_param = 1;
    return;
  case 3: c->klass = "null-in"; c->in_null = 1; c->expect_param = 1; return;
  case 4: c->klass = "null-out"; fz_puts(&c->in, "{}"); c->out_null = 1; c->expect_param = 1; return;
  case 5: c->klass = "ex-size-0"; fz_puts(&c->in, "{}"); c->call = FZ_CALL_EX; c->out_size = 0; c->expect_param = 1; return;
  case 6: c->klass = "ex-size-negative"; fz_puts(&c->in, "{}"); c->call = FZ_CALL_EX; c->out_size = -1; c->expect_param = 1; return;
  case 7: c->klass = "ex-null-in"; c->in_null = 1; c->call = FZ_CALL_EX; c->out_size = 64; c->expect_param = 1; return;
  case 8: c->klass = "valid"; valid_request(&c->in, server, index, "周大鹏", "总院牙体牙髓科", NULL); return;
  case 9: /* found by the fuzzer (seed 1, case 68973): a phone number typed into pushType */
    c->klass = "repro-phone-in-enum";
    valid_request(&c->in, server, index, "周大鹏", "总院", NULL);
    {
      unsigned char *t = memmem(c->in.p, c->in.len, "HOSPITAL_PAYMENT", 16);
      if (t) memcpy(t, PHONE "     ", 16); /* same length: the JSON stays valid */
    }
    return;
  }
  if (rogue && index % 11 == 10) {
    c->klass = "rogue-portal";
    valid_request(&c->in, rogue, index, "周大鹏", "总院牙体牙髓科", NULL);
    return;
  }
  switch (index % 11 % 10) {
  case 0: c->klass = "random-bytes"; random_bytes(&c->in, &r, fz_below(&r, 600)); break;
  case 1: c->klass = "valid"; valid_request(&c->in, server, index, "周大鹏", "总院牙体牙髓科", NULL); break;
  case 2:
  case 3: {
    c->klass = "mutated";
    size_t from = valid_request(&c->in, server, index, "周大鹏", "总院牙体牙髓科", NULL);
    mutate(&c->in, &r, from);
    break;
  }
  case 4: c->klass = "nested"; nested(&c->in, &r, server, index); break;
  case 5: c->klass = "huge-string"; huge(&c->in, &r, server, index); break;
  case 6: c->klass = "bad-utf8"; bad_utf8(c, &r, server, index); break;
  case 7: c->klass = "gbk"; to_gbk(&c->in, server, index); break;
  case 8: c->klass = "wrong-types"; wrong_types(&c->in, &r, server, index); break;
  default: { /* embedded NULs, and tiny capacities through MobileTransEx */
    size_t from = valid_request(&c->in, server, index, "周大鹏", "总院", NULL);
    if (fz_below(&r, 2)) {
      c->klass = "embedded-nul";
      c->in.p[from + fz_below(&r, (uint32_t)(c->in.len - from))] = 0;
    } else {
      c->klass = "tiny-capacity";
      c->call = FZ_CALL_EX;
      c->out_size = 1 + (int)fz_below(&r, fz_below(&r, 2) ? 16 : 400);
      if (fz_below(&r, 2)) mutate(&c->in, &r, from);
    }
  }
  }
}
