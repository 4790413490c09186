/*
 * native/fuzz/fuzz.h — the fuzz harness for libOneTrans (issue 7 "Keep it found"): generated
 * inputs of every class go through MobileTrans / MobileTransEx, and every answer is checked.
 * See fuzz-main.c for the checks and scripts/fuzz.mjs for how it is run.
 */
#ifndef ONETRANS_FUZZ_H
#define ONETRANS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* ---- bytes ----------------------------------------------------------------------------------- */

typedef struct fz_buf {
  unsigned char *p;
  size_t len, cap;
} fz_buf;

void fz_put(fz_buf *b, const void *s, size_t n);
void fz_puts(fz_buf *b, const char *s);
void fz_free(fz_buf *b);

/* ---- randomness: one stream per case, so any case replays from (seed, index) ------------------- */

typedef struct fz_rng {
  uint64_t s;
} fz_rng;

void fz_seed(fz_rng *r, uint64_t seed, uint64_t index);
uint64_t fz_next(fz_rng *r);
/* 0 <= n < bound */
uint32_t fz_below(fz_rng *r, uint32_t bound);

/* ---- inputs ---------------------------------------------------------------------------------- */

/* The values the checks look for in every answer: none may come back, not even in part. */
extern const char *const FZ_SECRETS[];
extern const size_t FZ_N_SECRETS;
/* The request's personal names: none may come back whole (a portal message quoting the
 * patient, issue 18 §3). */
extern const char *const FZ_NAMES[];
extern const size_t FZ_N_NAMES;
/* Set once by the driver: keeps order numbers of different runs apart. */
extern unsigned long fz_run_nonce;

enum fz_call { FZ_CALL_MT, FZ_CALL_EX };

typedef struct fz_case {
  const char *klass; /* the input class, for the report */
  fz_buf in;         /* the bytes passed as pInData (NUL added by the driver) */
  int in_null;       /* pass NULL as pInData */
  int out_null;      /* pass NULL as pOutData */
  int call;          /* FZ_CALL_MT: 8192-byte buffer; FZ_CALL_EX: out_size */
  int out_size;      /* for MobileTransEx (may be <= 0) */
  int expect_param;  /* must come back 000105 (NULL pointers, over the payload cap…) */
  int garbled;       /* holds a byte that is neither UTF-8 nor GBK: must not succeed */
} fz_case;

/* Builds case `index` (classes in turn, a few fixed repro cases first). server: the portal's
 * base URL (http://127.0.0.1:PORT); rogue (or NULL): a portal that misbehaves. */
void fz_generate(fz_case *c, uint64_t seed, uint64_t index, const char *server, const char *rogue);

/* ---- JSON ------------------------------------------------------------------------------------ */

/* 1 when text[0..len) is one JSON value (RFC 8259) in valid UTF-8; when it is an object with a
 * numeric top-level "code", *has_code = 1 and *code = its value. */
int fz_json_check(const unsigned char *text, size_t len, int *has_code, long *code);

#endif
