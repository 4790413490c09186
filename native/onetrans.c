/*
 * native/onetrans.c — the MobileTrans exports: a thin C library that forwards each call to a
 * private Node runtime (onetrans-bridge.cjs) and hands back its answer.
 *
 * No JSON logic, no HTTP here: the TypeScript core does all of that. In gateway mode
 * (OneTrans.json "gateway") each call goes to gateway-client.c instead. The shim only
 * owns processes, frames and waiting: errors.c (codes, messages), locate.c (folder, config,
 * node), runtime.c / runtime-read.c (the runtime and its reader), and this file (one call:
 * wait, send, await). The frames are described in docs/frame-protocol.md.
 *
 * Failure rules:
 * - runtime gone before our request went out → start a new runtime and go on (twice at most);
 * - runtime gone after (any byte of) our request went out → "000002": the outcome is unknown
 *   and the request is never resent (a payment must not be pushed twice);
 * - no answer by the deadline → "000002", and the runtime is killed: a runtime that misses a
 *   deadline is stalled or swamped, and must not send later what its caller gave up on; the
 *   calls it held are answered 000002 (never resent), the next call starts a fresh runtime.
 *   Each request frame carries that deadline, so even a runtime that reads it late never
 *   starts it (docs/frame-protocol.md);
 * - every answer the library writes itself is also a line in the daily log (daily-log.c);
 * - an "outcome unknown" answer names the request's outRefundNo to query with;
 * - an input the runtime would refuse (over OT_MAX_REQUEST_PAYLOAD) → "000105" before any
 *   byte is written, so the stream and the calls of other threads are not disturbed.
 */
#define ONETRANS_BUILDING 1
#include "onetrans.h"

#include <stdio.h>
#include <string.h>

#include "daily-log.h"
#include "errors.h"
#include "gateway-client.h"
#include "limits.gen.h"
#include "runtime.h"

#ifndef ONETRANS_VERSION
#define ONETRANS_VERSION "0.0.0"
#endif

enum { STEP_OK, STEP_RETRY, STEP_DONE };

typedef struct call {
  const char *in;
  size_t inlen;
  char *out;
  size_t outcap; /* 0 until known: MobileTrans uses the runtime's announced capacity */
  int use_config_capacity;
  uint64_t start, deadline;
  uint64_t give_up; /* when the library stops waiting for the answer: the frame's deadline */
  runtime *rt;     /* referenced while set */
  int registered;  /* p is in rt->waiters */
  pending p;
  /* The answer when there is one (p.code), else the error to write at the end: never before,
   * since out may be the caller's input buffer and a retry resends it. */
  const char *code;
  ot_msg err;
  int err_start; /* err is the start failure: ot_write_start_failure */
  char detail[PATH_MAX_UTF8 + 300];
  int gbk;
  size_t errcap;
  int lib_msg; /* the answer is the library's own: its ot_msg + 1 (for the daily log); 0: the runtime's */
  /* From the input, read before anything may overwrite it (out may be the input buffer). */
  char iface[64], org_id[64], refund_no[64];
} call;

static int fail(call *c, ot_msg err, const char *detail, int step) {
  c->err = err;
  c->err_start = 0;
  if (detail != c->detail) snprintf(c->detail, sizeof c->detail, "%s", detail ? detail : "");
  return step;
}

/* g_lock held, for every step below. */

/* A runtime that is ready, our request registered, and the writer token ours. */
static int call_wait(call *c) {
  runtime *rt = c->rt = ot_acquire_runtime(c->detail, sizeof c->detail);
  if (!rt) return fail(c, OT_MSG_START_FAILED, c->detail, STEP_DONE);
  for (;;) {
    uint64_t start_deadline = c->start + rt->start_wait_ms;
    if (rt->state != RT_STARTING || ot_now_ms() >= start_deadline) break;
    ot_cond_wait_until(&rt->cond, &g_lock, start_deadline); /* start_wait_ms may change: re-read */
  }
  c->gbk = rt->gbk;
  c->errcap = c->outcap ? c->outcap : rt->capacity;
  if (rt->state == RT_STARTING) {
    /* No hello in time: this runtime is wedged; kill it so the next call starts afresh. */
    if (rt->child) ot_child_kill(rt->child);
    return fail(c, OT_MSG_START_TIMEOUT, "", STEP_DONE);
  }
  if (rt->state == RT_DEAD) {
    /* Never got a request of ours: start another one. A runtime that could not start at all
     * is reported (with why, ot_write_start_failure) instead of retried. */
    int step = fail(c, OT_MSG_START_FAILED, rt->err, rt->was_ready ? STEP_RETRY : STEP_DONE);
    c->err_start = !rt->was_ready;
    return step;
  }
  if (c->use_config_capacity) c->outcap = c->errcap = rt->capacity;
  c->deadline = c->start + rt->max_wait_ms;
  memset(&c->p, 0, sizeof c->p);
  c->p.out = c->out;
  c->p.outcap = c->outcap;
  c->p.id = ot_next_request_id();
  c->p.refund_no = c->refund_no;
  ot_cond_init(&c->p.cond);
  c->p.next = rt->waiters;
  rt->waiters = &c->p;
  c->registered = 1;
  while (rt->state == RT_READY && rt->writing && !ot_cond_wait_until(&rt->cond, &g_lock, c->deadline)) {
  }
  if (rt->state != RT_READY) return fail(c, OT_MSG_BUSY, "", STEP_RETRY);
  if (rt->writing) return fail(c, OT_MSG_BUSY, "", STEP_DONE);
  return STEP_OK;
}

static void put_u32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

/* Writes the request frame (header, then payload) with the writer token. */
static int call_send(call *c) {
  runtime *rt = c->rt;
  /* Killed meanwhile (another call's missed deadline): nothing of ours reached it. */
  if (rt->retired) return fail(c, OT_MSG_UNAVAILABLE, "", STEP_RETRY);
  rt->writing = 1;
  ot_child *child = rt->child;
  /* The frame's deadline: the moment we stop waiting, on the runtime's clock (hello
   * "clockMs"), a guard earlier; 0 (none) for a runtime that announced no clock. */
  c->give_up = ot_now_ms() + rt->max_wait_ms;
  uint64_t deadline = 0;
  if (rt->have_clock) {
    int64_t d = (int64_t)c->give_up - rt->clock_offset - OT_CLOCK_GUARD_MS;
    deadline = d >= 1 ? (uint64_t)d : 1; /* 1: already past for the runtime, never "none" */
  }
  ot_mutex_unlock(&g_lock);

  unsigned char hdr[20];
  put_u32(hdr, (uint32_t)c->inlen);
  put_u32(hdr + 4, c->p.id);
  put_u32(hdr + 8, (uint32_t)(c->outcap > 0xFFFFFFFFu ? 0xFFFFFFFFu : c->outcap));
  put_u32(hdr + 12, (uint32_t)deadline);
  put_u32(hdr + 16, (uint32_t)(deadline >> 32));
  size_t written = 0;
  /* A runtime that already exited gets nothing: the next attempt starts a new one. */
  int wrc = ot_child_exited(child) ? -1 : ot_child_write(child, hdr, sizeof hdr, c->in, c->inlen, c->deadline, &written);

  ot_mutex_lock(&g_lock);
  rt->writing = 0;
  ot_cond_broadcast(&rt->cond);
  if (wrc != 0) {
    ot_rt_retire(rt);
    /* Nothing reached the runtime: it is dead or wedged; go on with a new one. Part of the
     * frame went out: the stream is broken and the outcome unknown. */
    if (written == 0 && !c->p.done) return fail(c, OT_MSG_UNAVAILABLE, "", STEP_RETRY);
    if (c->p.done) {
      c->code = c->p.code; /* the reader already answered it (DIED) */
      c->lib_msg = c->p.lib_msg;
    }
    return fail(c, OT_MSG_SEND_BROKEN, "", STEP_DONE);
  }
  c->p.written = 1;
  if (rt->state == RT_DEAD && !c->p.done) {
    /* Died between our write and now: the reader already failed the written callers. */
    return fail(c, OT_MSG_DIED, rt->err, STEP_DONE);
  }
  return STEP_OK;
}

/* Waits for the answer: reads it (and others') as the leader while nobody else does, else
 * follows; gives up at the deadline. */
static int call_await(call *c) {
  runtime *rt = c->rt;
  pending *p = &c->p;
  uint64_t written_us = ot_now_us();
  uint64_t deadline = c->give_up;
  while (!p->done) {
    if (ot_now_ms() >= deadline) break;
    if (rt->callers_read && !rt->reading && !rt->stream_end) {
      rt->reading = 1;
      ot_mutex_unlock(&g_lock);
      for (;;) {
        /* Spin only while answers come back fast: for a slow answer (the portal) it would
         * only burn the host's CPU. */
        int r = ot_pump(rt, deadline, rt->fast_answers ? OT_SPIN_US : 0);
        ot_mutex_lock(&g_lock);
        if (r < 0) {
          /* Over: the reader thread sees the hang-up and fails whoever still waits. */
          rt->stream_end = 1;
          ot_child_kill(rt->child);
        }
        if (r <= 0 || p->done) break;
        ot_mutex_unlock(&g_lock);
      }
      rt->reading = 0;
      ot_pass_token(rt, p);
      continue;
    }
    /* Follow: the leader wakes us with our answer or hands us the token. */
    ot_cond_wait_until(&p->cond, &g_lock, deadline);
  }
  /* Leaving at our deadline may drop a token that was just passed to us: pass it on. */
  if (!p->done && !rt->reading) ot_pass_token(rt, p);
  if (!p->done) {
    /* Missed: the runtime is stalled or swamped. Take it down now, so it can never send what
     * we gave up on (a stopped process dies too); its other calls get 000002 from the reader
     * thread, and the next call starts a fresh runtime. */
    ot_rt_retire(rt);
    char d[160];
    snprintf(d, sizeof d, "no answer within %u ms; the runtime (pid %ld) was stopped, a new one serves the next call",
             rt->max_wait_ms, rt->pid);
    return fail(c, OT_MSG_NO_ANSWER, d, STEP_DONE);
  }
  rt->fast_answers = ot_now_us() - written_us <= OT_SPIN_US;
  c->lib_msg = p->lib_msg;
  c->code = p->code ? p->code : OT_CODE_SYSTEM;
  return STEP_DONE;
}

/* The one cleanup path: whatever step ended the attempt. */
static void call_end(call *c) {
  if (c->registered) {
    ot_remove_pending(c->rt, &c->p);
    ot_cond_destroy(&c->p.cond);
    c->registered = 0;
  }
  if (c->rt) {
    ot_rt_release(c->rt);
    c->rt = NULL;
  }
}

static int output_gbk_now(void) {
  ot_config cfg;
  ot_config_load(&cfg);
  return cfg.gbk;
}

/* The answers after which the request may have reached the runtime: "outcome unknown". */
static int outcome_unknown(ot_msg m) { return m == OT_MSG_DIED || m == OT_MSG_SEND_BROKEN || m == OT_MSG_NO_ANSWER; }

/* Inputs above this are not scanned for the log's fields (the line then says iface=-). */
#define LOG_SCAN_MAX (1u << 20)

static const char *do_call(const char *in, char *out, size_t outcap, int use_config_capacity) {
  uint64_t start = ot_now_ms();
  size_t inlen = strlen(in);
  if (inlen > OT_MAX_REQUEST_PAYLOAD) {
    char d[96];
    snprintf(d, sizeof d, "%lu bytes, the limit is %lu", (unsigned long)inlen, (unsigned long)OT_MAX_REQUEST_PAYLOAD);
    return ot_write_error(out, outcap ? outcap : OT_DEFAULT_CAPACITY, OT_MSG_IN_TOO_LONG, d, output_gbk_now());
  }
  /* Gateway mode: the call goes over the LAN and node is never started. */
  const ot_config *gw = ot_gateway_config();
  if (gw->gateway_mode) return ot_gateway_call(gw, in, inlen, out, outcap, start);
  call c;
  memset(&c, 0, sizeof c);
  c.in = in;
  c.inlen = inlen;
  c.out = out;
  c.outcap = outcap;
  c.use_config_capacity = use_config_capacity;
  c.start = start;
  c.errcap = outcap ? outcap : OT_DEFAULT_CAPACITY;
  if (inlen <= LOG_SCAN_MAX) ot_log_request_fields(in, c.iface, c.org_id, c.refund_no, sizeof c.refund_no);
  int restarts = 0;
  /* Where the library's own answer is logged (copied out: the file is written unlocked). */
  char log_dir[PATH_MAX_UTF8];
  int log_on = 0;
  long runtime_pid = 0;
  log_dir[0] = 0;
  ot_mutex_lock(&g_lock);
  for (;;) {
    int step = call_wait(&c);
    if (step == STEP_OK) step = call_send(&c);
    if (step == STEP_OK) step = call_await(&c);
    if (step == STEP_RETRY && restarts++ < 2) {
      call_end(&c);
      continue;
    }
    if (!c.code) {
      int gbk = c.rt ? c.gbk : output_gbk_now();
      c.lib_msg = (c.err_start ? OT_MSG_START_FAILED : c.err) + 1;
      c.code = c.err_start              ? ot_write_start_failure(c.rt, out, c.errcap)
               : outcome_unknown(c.err) ? ot_write_unknown(out, c.errcap, c.err, c.detail, c.refund_no, gbk)
                                        : ot_write_error(out, c.errcap, c.err, c.detail, gbk);
    }
    if (c.lib_msg && c.rt && c.rt->log_dir[0]) {
      log_on = c.rt->log_on;
      runtime_pid = c.rt->pid;
      memcpy(log_dir, c.rt->log_dir, sizeof log_dir);
    }
    call_end(&c);
    break;
  }
  ot_mutex_unlock(&g_lock);
  if (c.lib_msg) {
    if (!log_dir[0]) {
      /* No runtime to ask (it never started): read the config file ourselves. */
      ot_config cfg;
      ot_config_load(&cfg);
      log_on = cfg.log_on;
      memcpy(log_dir, cfg.log_dir, sizeof log_dir);
    }
    if (log_on) {
      ot_log_call line = {c.iface, c.org_id, c.refund_no, ot_now_ms() - start, c.code, (ot_msg)(c.lib_msg - 1),
                          c.err_start || c.lib_msg - 1 != (int)c.err ? "" : c.detail, runtime_pid};
      ot_log_library_call(log_dir, &line);
    }
  }
  return c.code;
}

/* ---- exports ------------------------------------------------------------------------------- */

ONETRANS_API char *ONETRANS_CALL MobileTrans(char *pInData, char *pOutData) {
  if (!pOutData) return (char *)OT_CODE_PARAM;
  if (!pInData) {
    /* The caller's buffer size is unknown here; the message is far shorter than any
     * capacity the vendor's callers allocate (their examples use 8 KiB and more). */
    return (char *)ot_write_error(pOutData, 256, OT_MSG_IN_NULL, "", output_gbk_now());
  }
  return (char *)do_call(pInData, pOutData, 0, 1);
}

ONETRANS_API const char *ONETRANS_CALL MobileTransEx(const char *pInData, char *pOutData, int outSize) {
  if (!pOutData || outSize <= 0) return OT_CODE_PARAM;
  if (!pInData) return ot_write_error(pOutData, (size_t)outSize, OT_MSG_IN_NULL, "", output_gbk_now());
  return do_call(pInData, pOutData, (size_t)outSize, 0);
}

ONETRANS_API const char *ONETRANS_CALL OneTransVersion(void) { return ONETRANS_VERSION; }
