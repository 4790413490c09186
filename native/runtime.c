/*
 * native/runtime.c — starting, supervising and retiring the private Node runtime (runtime.h).
 */
#include "runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "limits.gen.h"

#define REAP_WAIT_MS 2000u

ot_mutex g_lock = OT_MUTEX_INIT;
static runtime *g_rt; /* current runtime (holds one reference) */
static uint32_t g_next_id = 1;
static ot_once g_pin_once = OT_ONCE_INIT;

uint32_t ot_next_request_id(void) {
  uint32_t id = g_next_id++;
  if (g_next_id == 0) g_next_id = 1;
  return id;
}

void ot_rt_release(runtime *rt) {
  if (--rt->refs == 0) {
    ot_cond_destroy(&rt->cond);
    free(rt->acc);
    free(rt);
  }
}

/* g_lock held. No new call picks rt any more. */
static void unpublish(runtime *rt) {
  if (g_rt == rt) {
    g_rt = NULL;
    rt->refs--; /* g_rt's reference; the holder's own is dropped by the holder */
  }
}

void ot_rt_retire(runtime *rt) {
  rt->retired = 1;
  if (rt->child) ot_child_kill(rt->child);
  unpublish(rt);
}

/* g_lock held. Wakes every caller whose request already went out: outcome unknown. */
static void fail_written(runtime *rt, const char *detail) {
  for (pending *p = rt->waiters; p; p = p->next) {
    if (p->written && !p->done) {
      p->done = 1;
      p->lib_msg = OT_MSG_DIED + 1;
      p->code = ot_write_unknown(p->out, p->outcap, OT_MSG_DIED, detail, p->refund_no, rt->gbk);
      ot_cond_broadcast(&p->cond);
    }
  }
}

const char *ot_write_start_failure(const runtime *rt, char *out, size_t cap) {
  ot_errbuf b;
  ot_err_begin(&b, OT_MSG_START_FAILED, rt->gbk);
  ot_err_detail(&b, rt->err);
  if (rt->node_failed) {
    char os[200];
    int state = ot_os_describe(os, sizeof os);
    const char *args[] = {os, OT_MIN_NODE_VERSION, ot_node_exe_name(), rt->config_file[0] ? rt->config_file : "OneTrans.json"};
    ot_err_hint(&b, OT_MSG_HINT_NODE, args);
    if (state == OT_OS_OLD_WINDOWS) ot_err_hint(&b, OT_MSG_HINT_OLD_WINDOWS, NULL);
    if (state == OT_OS_OLD_GLIBC) ot_err_hint(&b, OT_MSG_HINT_OLD_GLIBC, NULL);
    /* No gateway is configured (else node would not have been tried): say that one can be. */
    ot_err_hint(&b, OT_MSG_HINT_GATEWAY, NULL);
  }
  return ot_err_write(&b, OT_MSG_START_FAILED, out, cap);
}

/*
 * node's flags before the bridge script: V8 settings that shrink each runtime (a terminal server
 * runs one per HIS session). Kept to what measured a gain without slowing a warm call
 * (`npm run bench -- footprint`, pushMsg to a portal on loopback, 2,000 calls, node 22.23.2
 * linux-x64; private = anonymous memory):
 *   --max-semi-space-size=1  young generation capped at 1 MB a semi-space (default up to 16):
 *                            the runtime's garbage is small and short-lived; private after
 *                            2,000 calls 34-35 -> 30 MB, warm CPU per call unchanged.
 *   --liftoff-only           WebAssembly stays on the baseline compiler: the HTTP parser
 *                            (undici's llhttp) is wasm, and its TurboFan tier-up held ~15 MB of
 *                            compiler memory in the first 50 calls (the peak RSS); peak RSS with
 *                            the flag above 83 -> 77 MB, warm CPU per call unchanged.
 *   --max-opt=2              JS never optimised by TurboFan: TurboFan's code pages and
 *                            compile zones were the rest of the peak; with MALLOC_ARENA_MAX=1
 *                            (child-posix.c) and the ASCII bundle, private 18 -> 15 MB and
 *                            peak RSS 65 -> 58 MB after 2,000 calls. node 22 ships with
 *                            Maglev off, so the JS stays at the baseline compiler (Sparkplug):
 *                            8-15% more runtime CPU per warm call (bench footprint, quiet
 *                            machine: 1037 vs 881 us); adding --maglev gained nothing measurable.
 *                            Kept: the runtime is sized for terminal servers (one per HIS).
 * Not here, measured: --no-opt --no-maglev (no optimising tier at all) saves no more memory and
 * costs 20-40% more CPU per warm call; node 24 (linux-arm64) tiers up with Maglev, and
 * --no-maglev saves ~25 MB there at a similar cost. A site that prefers memory adds them with
 * "nodeFlags" in OneTrans.json, which replaces this list ("" = none).
 * --jitless is out: it turns WebAssembly off, and undici needs it.
 * Every flag must exist on each node the packages ship (22 on Windows and linux-x64, 24 on
 * linux-arm64): node refuses to start on an unknown one.
 */
static const char *const DEFAULT_NODE_FLAGS[] = {"--max-semi-space-size=1", "--liftoff-only", "--max-opt=2"};

/* Reader thread. Starts node; returns the child, or NULL with rt->err set. */
static ot_child *start_child(runtime *rt, const ot_config *cfg) {
  char node[PATH_MAX_UTF8], script[PATH_MAX_UTF8], body[PATH_MAX_UTF8], why[2 * PATH_MAX_UTF8 + 400];
  why[0] = 0;
  int node_failed = 0;
  ot_child *child = NULL;
  if (!cfg->have_dir) {
    snprintf(why, sizeof why, "cannot locate the library's own directory");
  } else if (ot_join_path(script, sizeof script, cfg->dir, "onetrans-bridge.cjs") != 0 || !ot_file_exists(script)) {
    snprintf(why, sizeof why, "onetrans-bridge.cjs not found beside the library in %s", cfg->dir);
  } else if (ot_join_path(body, sizeof body, cfg->dir, "onetrans-bridge-body.cjs") != 0 || !ot_file_exists(body)) {
    /* The entry compiles this file (src/bridge/loader.ts): without it node would start and die. */
    snprintf(why, sizeof why, "onetrans-bridge-body.cjs not found beside the library in %s", cfg->dir);
  } else if (ot_find_node(cfg, node, sizeof node, why, sizeof why) != 0) {
    node_failed = 1;
  } else {
    const char *argv[OT_NODE_FLAGS_COUNT + 5];
    char flags_buf[OT_NODE_FLAGS_MAX];
    const char *flags[OT_NODE_FLAGS_COUNT];
    int nflags = 0, argc = 0;
    if (cfg->have_node_flags) {
      memcpy(flags_buf, cfg->node_flags, sizeof flags_buf);
      nflags = ot_split_node_flags(flags_buf, flags); /* checked when read: >= 0 */
      if (nflags < 0) nflags = 0;
    } else {
      nflags = (int)(sizeof DEFAULT_NODE_FLAGS / sizeof DEFAULT_NODE_FLAGS[0]);
      for (int i = 0; i < nflags; i++) flags[i] = DEFAULT_NODE_FLAGS[i];
    }
    argv[argc++] = node;
    for (int i = 0; i < nflags; i++) argv[argc++] = flags[i];
    argv[argc++] = script;
    argv[argc++] = "--lib-dir";
    argv[argc++] = cfg->dir;
    argv[argc] = NULL;
    char err[300];
    child = ot_child_spawn(node, argv, err, sizeof err);
    if (!child) {
      snprintf(why, sizeof why, "cannot start %s: %s", node, err);
      node_failed = 1;
    }
  }
  ot_mutex_lock(&g_lock);
  rt->gbk = cfg->gbk;
  rt->start_wait_ms = cfg->wait_ms;
  rt->max_wait_ms = cfg->wait_ms; /* the same formula; the hello's maxWaitMs (the runtime's) replaces it */
  rt->log_on = cfg->log_on;
  snprintf(rt->log_dir, sizeof rt->log_dir, "%s", cfg->log_dir);
  snprintf(rt->config_file, sizeof rt->config_file, "%s", cfg->file);
  if (child) {
    rt->child = child;
    rt->pid = ot_child_pid(child);
    snprintf(rt->node, sizeof rt->node, "%s", node);
  } else {
    snprintf(rt->err, sizeof rt->err, "%s", why);
    rt->node_failed = node_failed;
  }
  ot_cond_broadcast(&rt->cond);
  ot_mutex_unlock(&g_lock);
  return child;
}

/* Reader thread, reading token held. Reads the hello, then (where callers can read with a
 * deadline) hands the token to them and waits for the runtime's stdout to hang up, then takes
 * the token back and delivers what is left. Elsewhere it reads every frame. */
static void read_until_end(runtime *rt, ot_child *child) {
  int timed = ot_child_timed_reads();
  int r;
  for (;;) {
    r = ot_pump(rt, UINT64_MAX, 0);
    if (r <= 0 || !timed) {
      if (r > 0) continue;
      break;
    }
    ot_mutex_lock(&g_lock);
    int started = rt->state != RT_STARTING;
    if (started) {
      rt->callers_read = 1;
      rt->reading = 0;
      ot_pass_token(rt, NULL);
    }
    ot_mutex_unlock(&g_lock);
    if (started) break;
  }
  if (r <= 0) return;
  ot_child_wait_hangup(child);
  /* Nobody writes to the pipe any more: take the token back, deliver what is left. */
  ot_mutex_lock(&g_lock);
  rt->callers_read = 0;
  rt->drain_wanted = 1;
  while (rt->reading) ot_cond_wait_until(&rt->cond, &g_lock, ot_now_ms() + 1000);
  rt->drain_wanted = 0;
  rt->reading = 1; /* kept for good: the stream is over */
  int ended = rt->stream_end;
  ot_mutex_unlock(&g_lock);
  if (!ended)
    while (ot_pump(rt, UINT64_MAX, 0) > 0) {
    }
}

static void reader_main(void *arg) {
  runtime *rt = arg;
  ot_config *cfg = malloc(sizeof *cfg);
  ot_child *child = NULL;
  if (cfg) {
    ot_config_load(cfg); /* the one read of OneTrans.json for this runtime */
    child = start_child(rt, cfg);
    free(cfg);
  }
  if (!child) {
    ot_mutex_lock(&g_lock);
    if (!cfg) snprintf(rt->err, sizeof rt->err, "out of memory");
    rt->state = RT_DEAD;
    ot_cond_broadcast(&rt->cond);
    unpublish(rt);
    ot_rt_release(rt); /* the reader's own reference */
    ot_mutex_unlock(&g_lock);
    return;
  }

  read_until_end(rt, child);
  const char *end_reason = rt->end_reason ? rt->end_reason : "the runtime exited";

  /* The runtime is gone (or must go). Kill first so a writer blocked on a full pipe fails
   * fast with EPIPE; the pid cannot be reused before we reap it. */
  ot_child_kill(child);
  ot_mutex_lock(&g_lock);
  int was_ready = rt->was_ready;
  if (!was_ready) {
    /* Nobody sent it anything: reap it first, so the error can say how it ended (exit status,
     * or on Windows the loader's reason). Callers still see RT_STARTING meanwhile. */
    rt->child = NULL;
    ot_mutex_unlock(&g_lock);
    char how[160];
    ot_child_reap_and_free(child, REAP_WAIT_MS, how, sizeof how);
    ot_mutex_lock(&g_lock);
    snprintf(rt->err, sizeof rt->err, "%s before it was ready (pid %ld, %s, %s; its stderr says why)", end_reason,
             rt->pid, rt->node, how);
    rt->node_failed = !rt->frame_mismatch;
  } else {
    snprintf(rt->err, sizeof rt->err, "%s (pid %ld)", end_reason, rt->pid);
  }
  rt->state = RT_DEAD;
  fail_written(rt, rt->err);
  ot_cond_broadcast(&rt->cond);
  unpublish(rt);
  if (was_ready) {
    while (rt->writing) ot_cond_wait_until(&rt->cond, &g_lock, ot_now_ms() + 1000);
    rt->child = NULL;
    ot_mutex_unlock(&g_lock);
    ot_child_reap_and_free(child, REAP_WAIT_MS, NULL, 0);
    ot_mutex_lock(&g_lock);
  }
  ot_rt_release(rt);
  ot_mutex_unlock(&g_lock);
}

static void pin_once(void) { ot_pin_library(); }

runtime *ot_acquire_runtime(char *why, size_t whylen) {
  long me = ot_self_pid();
  if (g_rt && (g_rt->state == RT_DEAD || g_rt->owner_pid != me)) {
    /* A forked host child leaks its parent's runtime object instead of touching it. */
    g_rt = NULL;
  }
  if (!g_rt) {
    runtime *rt = calloc(1, sizeof *rt);
    if (!rt) {
      snprintf(why, whylen, "out of memory");
      return NULL;
    }
    rt->refs = 2; /* g_rt + the reader thread */
    rt->state = RT_STARTING;
    rt->reading = 1; /* the reader thread's until the hello */
    rt->owner_pid = me;
    rt->capacity = OT_DEFAULT_CAPACITY;
    rt->max_wait_ms = ot_call_budget_ms(OT_DEFAULT_CONNECT_TIMEOUT_MS, OT_DEFAULT_READ_TIMEOUT_MS);
    rt->start_wait_ms = rt->max_wait_ms;
    ot_cond_init(&rt->cond);
    ot_call_once(&g_pin_once, pin_once);
    if (ot_thread_start(reader_main, rt) != 0) {
      ot_cond_destroy(&rt->cond);
      free(rt);
      snprintf(why, whylen, "cannot start the reader thread");
      return NULL;
    }
    g_rt = rt;
  }
  g_rt->refs++;
  return g_rt;
}
