/*
 * mobiletrans-stress — many native threads calling MobileTransEx at once (posix only).
 *
 * Usage: mobiletrans-stress <library path> <threads> <calls per thread>
 * Each call sends {"echo":"<thread>-<call>","pad":"…"} and checks that the answer is exactly
 * its own input (a runtime that echoes, as the tests' double does). Prints
 *   calls=<n> ok=<n> mismatched=<n> failed=<n> usPerCall=<mean wall µs per call per thread>
 * Exit 0 only when every call returned 000000 with its own answer.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef const char *(*mobile_trans_ex_fn)(const char *in, char *out, int outSize);

static mobile_trans_ex_fn MobileTransEx;
static int g_calls;
static int g_ok, g_mismatch, g_failed;
static pthread_mutex_t g_count = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  int id = (int)(long)arg;
  char in[1024], out[1024];
  int ok = 0, mismatch = 0, failed = 0;
  for (int i = 0; i < g_calls; i++) {
    int pad = (id * 31 + i * 7) % 500;
    int n = snprintf(in, sizeof in, "{\"echo\":\"%d-%d\",\"pad\":\"%.*s\"}", id, i, pad,
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    (void)n;
    memset(out, 0, sizeof out);
    const char *code = MobileTransEx(in, out, (int)sizeof out);
    if (!code || strcmp(code, "000000") != 0)
      failed++;
    else if (strcmp(in, out) != 0)
      mismatch++;
    else
      ok++;
  }
  pthread_mutex_lock(&g_count);
  g_ok += ok;
  g_mismatch += mismatch;
  g_failed += failed;
  pthread_mutex_unlock(&g_count);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s <library> <threads> <calls per thread>\n", argv[0]);
    return 2;
  }
  void *h = dlopen(argv[1], RTLD_NOW);
  if (!h) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 2;
  }
  *(void **)&MobileTransEx = dlsym(h, "MobileTransEx");
  if (!MobileTransEx) return 2;
  int threads = atoi(argv[2]);
  g_calls = atoi(argv[3]);
  if (threads < 1 || threads > 1024 || g_calls < 1) return 2;

  char warm[64];
  MobileTransEx("{\"echo\":\"warm-up\"}", warm, (int)sizeof warm); /* start the runtime first */

  pthread_t *t = calloc((size_t)threads, sizeof *t);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, worker, (void *)(long)i);
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double us = ((double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3) / (double)g_calls;
  printf("calls=%d ok=%d mismatched=%d failed=%d usPerCall=%.1f\n", threads * g_calls, g_ok, g_mismatch, g_failed, us);
  free(t);
  return (g_ok == threads * g_calls) ? 0 : 1;
}
