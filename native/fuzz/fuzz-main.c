/*
 * native/fuzz/fuzz-main.c — the driver: loads the library, runs cases on several threads and
 * checks every answer.
 *
 *   onetrans-fuzz <libOneTrans.so> --server http://127.0.0.1:PORT [--rogue URL] [--count N]
 *                 [--seed S] [--threads T] [--first I] [--verbose]
 * --rogue: the base URL of a portal that misbehaves (every 11th case goes there).
 *
 * Checks (a failed one prints "FINDING <check> case=<i> class=<class> ret=<code> out=<excerpt>"):
 *   ret-unknown    the return value is NULL or not a code of protocol.md §5
 *   param-expected NULL pointers, outSize <= 0, an input over the payload cap: not 000105
 *   overflow       a byte past the capacity changed (the capacity: 8192 for MobileTrans)
 *   no-nul         no NUL within the capacity
 *   empty-success  an empty answer with a code other than 000002 / 000105
 *   bad-json       the answer is not one JSON value in valid UTF-8
 *   no-code        the answer has no numeric top-level "code"
 *   code-mismatch  "code" is not the returned code as a number
 *   echo           8 bytes or more of the appKey, the ID number or the phone came back, or a
 *                  patient's or doctor's name of the request (the rogue portal quotes them)
 *   garbled-success a request with a byte that is neither UTF-8 nor GBK came back 000000
 *   slow           a call took longer than connect + read timeout + margin (45 s)
 * The last line is "SUMMARY seed=S cases=N findings=F", preceded by "CHECK <name> <count>"
 * and "CODE <code> <count>" lines. Exit status 1 when anything was found.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"

typedef const char *(*mt_fn)(char *, char *);
typedef const char *(*mtx_fn)(const char *, char *, int);

static mt_fn g_mt;
static mtx_fn g_mtx;
static const char *g_server, *g_rogue;
static uint64_t g_seed, g_count, g_first, g_next;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_verbose;

static const char *const CHECKS[] = {"ret-unknown", "param-expected", "overflow", "no-nul", "empty-success", "bad-json",
                                     "no-code", "code-mismatch", "echo", "garbled-success", "slow"};
#define N_CHECKS (sizeof CHECKS / sizeof CHECKS[0])
static unsigned long g_found[N_CHECKS];
static const char *const CODES[] = {"000000", "000001", "000002", "000003", "000100", "000101", "000102", "000105", "010010",
                                    "444444", "404404", "-1", "-2", "-3", "-4", "-5", "-6", "-7", "-8"};
#define N_CODES (sizeof CODES / sizeof CODES[0])
static unsigned long g_codes[N_CODES + 1];

#define CANARY 0xEE
#define GUARD 64
#define MT_CAPACITY 8192

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int code_index(const char *ret) {
  for (size_t i = 0; ret && i < N_CODES; i++)
    if (strcmp(ret, CODES[i]) == 0) return (int)i;
  return -1;
}

static void finding(size_t check, uint64_t index, const fz_case *c, const char *ret, const unsigned char *out, size_t len) {
  pthread_mutex_lock(&g_lock);
  if (g_found[check]++ < 100) {
    printf("FINDING %s case=%llu class=%s ret=%s out=", CHECKS[check], (unsigned long long)index, c->klass, ret ? ret : "(null)");
    for (size_t i = 0; out && i < len && i < 300; i++) {
      unsigned char ch = out[i];
      if (ch >= 0x20 && ch != 0x7f) putchar(ch);
      else printf("\\x%02x", ch);
    }
    printf("\n");
    fflush(stdout);
  }
  pthread_mutex_unlock(&g_lock);
}

static void run_case(uint64_t index) {
  fz_case c;
  fz_generate(&c, g_seed, index, g_server, g_rogue);
  fz_put(&c.in, "", 1); /* the caller's NUL */
  size_t cap = c.call == FZ_CALL_EX ? (c.out_size > 0 ? (size_t)c.out_size : 0) : MT_CAPACITY;
  unsigned char *out = c.out_null ? NULL : malloc(cap + GUARD);
  if (out) memset(out, CANARY, cap + GUARD);
  char *in = c.in_null ? NULL : (char *)c.in.p;
  double t0 = now_ms();
  const char *ret = c.call == FZ_CALL_EX ? g_mtx(in, (char *)out, c.out_size) : g_mt(in, (char *)out);
  double took = now_ms() - t0;

  int ci = code_index(ret);
  pthread_mutex_lock(&g_lock);
  g_codes[ci < 0 ? N_CODES : (size_t)ci]++;
  if (g_verbose) {
    printf("CASE %llu %s %s %.1f ms %.160s\n", (unsigned long long)index, c.klass, ret ? ret : "(null)", took,
           out && cap && memchr(out, 0, cap) ? (const char *)out : "");
    fflush(stdout);
  }
  pthread_mutex_unlock(&g_lock);
  if (ci < 0) finding(0, index, &c, ret, NULL, 0);
  if (c.expect_param && (!ret || strcmp(ret, "000105") != 0)) finding(1, index, &c, ret, NULL, 0);
  if (took > 45000) finding(10, index, &c, ret, NULL, 0);
  if (out) {
    for (size_t i = cap; i < cap + GUARD; i++)
      if (out[i] != CANARY) {
        finding(2, index, &c, ret, out, cap);
        break;
      }
    unsigned char *nul = cap ? memchr(out, 0, cap) : NULL;
    if (cap && !nul) finding(3, index, &c, ret, out, cap);
    size_t len = nul ? (size_t)(nul - out) : 0;
    if (nul && len == 0 && ret && strcmp(ret, "000002") != 0 && strcmp(ret, "000105") != 0) finding(4, index, &c, ret, out, 0);
    if (nul && len > 0) {
      int has_code = 0;
      long code = 0;
      if (!fz_json_check(out, len, &has_code, &code)) finding(5, index, &c, ret, out, len);
      else if (!has_code) finding(6, index, &c, ret, out, len);
      else if (ret && code != strtol(ret, NULL, 10)) finding(7, index, &c, ret, out, len);
      for (size_t s = 0; s < FZ_N_SECRETS; s++) {
        const char *secret = FZ_SECRETS[s];
        size_t sl = strlen(secret);
        for (size_t at = 0; at + 8 <= sl; at++)
          if (memmem(out, len, secret + at, 8)) {
            finding(8, index, &c, ret, out, len);
            s = FZ_N_SECRETS;
            break;
          }
      }
      for (size_t n = 0; n < FZ_N_NAMES; n++)
        if (memmem(out, len, FZ_NAMES[n], strlen(FZ_NAMES[n]))) {
          finding(8, index, &c, ret, out, len);
          break;
        }
    }
    if (c.garbled && ret && strcmp(ret, "000000") == 0) finding(9, index, &c, ret, out, len);
  }
  free(out);
  fz_free(&c.in);
}

static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&g_lock);
    uint64_t i = g_next++;
    pthread_mutex_unlock(&g_lock);
    if (i >= g_first + g_count) return NULL;
    run_case(i);
  }
}

int main(int argc, char **argv) {
  const char *lib = argc > 1 ? argv[1] : NULL;
  int threads = 4;
  g_count = 2000;
  g_seed = 1;
  for (int i = 2; i < argc; i += 2) {
    if (!strcmp(argv[i], "--verbose")) {
      g_verbose = 1;
      i--;
    } else if (i + 1 >= argc) lib = NULL;
    else if (!strcmp(argv[i], "--server")) g_server = argv[i + 1];
    else if (!strcmp(argv[i], "--rogue")) g_rogue = argv[i + 1];
    else if (!strcmp(argv[i], "--count")) g_count = strtoull(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--seed")) g_seed = strtoull(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--threads")) threads = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--first")) g_first = strtoull(argv[i + 1], NULL, 10);
    else lib = NULL;
  }
  if (!lib || !g_server || threads < 1 || threads > 64) {
    fprintf(stderr, "usage: %s <libOneTrans.so> --server http://127.0.0.1:PORT [--rogue URL] [--count N] [--seed S] [--threads T] [--first I]\n", argv[0]);
    return 2;
  }
  void *h = dlopen(lib, RTLD_NOW);
  if (!h) {
    fprintf(stderr, "dlopen %s: %s\n", lib, dlerror());
    return 2;
  }
  *(void **)&g_mt = dlsym(h, "MobileTrans");
  *(void **)&g_mtx = dlsym(h, "MobileTransEx");
  if (!g_mt || !g_mtx) {
    fprintf(stderr, "MobileTrans / MobileTransEx not exported by %s\n", lib);
    return 2;
  }
  fz_run_nonce = (unsigned long)time(NULL);
  g_next = g_first;
  pthread_t t[64];
  for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  unsigned long total = 0;
  for (size_t i = 0; i < N_CHECKS; i++) {
    printf("CHECK %s %lu\n", CHECKS[i], g_found[i]);
    total += g_found[i];
  }
  for (size_t i = 0; i <= N_CODES; i++)
    if (g_codes[i]) printf("CODE %s %lu\n", i < N_CODES ? CODES[i] : "other", g_codes[i]);
  printf("SUMMARY seed=%llu cases=%llu findings=%lu\n", (unsigned long long)g_seed, (unsigned long long)g_count, total);
  return total ? 1 : 0;
}
