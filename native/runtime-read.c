/*
 * native/runtime-read.c — reading the runtime's stdout: frames (docs/frame-protocol.md), the
 * hello, delivering each reply to its caller, and passing the reading token on (runtime.h).
 */
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "limits.gen.h"
#include "runtime.h"

#define MAX_CAPACITY (64u << 20)

static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

void ot_remove_pending(runtime *rt, pending *p) {
  for (pending **pp = &rt->waiters; *pp; pp = &(*pp)->next) {
    if (*pp == p) {
      *pp = p->next;
      return;
    }
  }
}

/* 0, or -1 when the runtime speaks another frame layout (rt->end_reason says so). */
static int parse_hello(runtime *rt, const char *json) {
  long frame = ot_json_number(json, "frame");
  if (frame != (long)OT_FRAME_VERSION) {
    rt->frame_mismatch = 1;
    rt->end_reason = "the runtime speaks another frame version than this library (onetrans-bridge.cjs and the "
                     "library come from different versions: install both from one package)";
    return -1;
  }
  long clock = ot_json_number(json, "clockMs");
  if (clock >= 0) {
    rt->clock_offset = (int64_t)ot_now_ms() - (int64_t)clock;
    rt->have_clock = 1;
  }
  long cap = ot_json_number(json, "capacity");
  long wait = ot_json_number(json, "maxWaitMs");
  if (cap >= 2 && cap <= (long)MAX_CAPACITY) rt->capacity = (uint32_t)cap;
  /* The runtime owns each call's budget (src/core/limits.ts callBudgetMs); one over the cap
   * (a runtime from another version) is held to it, never replaced by a default. */
  if (wait >= 1) rt->max_wait_ms = wait < (long)OT_MAX_WAIT_MS ? (uint32_t)wait : OT_MAX_WAIT_MS;
  char val[64];
  if (ot_json_string(json, "outputEncoding", val, sizeof val) == 0)
    rt->gbk = strcmp(val, "gbk") == 0 || strcmp(val, "GBK") == 0;
  if (ot_json_string(json, "version", val, sizeof val) == 0) memcpy(rt->version, val, sizeof rt->version);
  return 0;
}

/* g_lock held. Delivers a reply payload to its caller, if still waiting. */
static void deliver(runtime *rt, uint32_t id, const unsigned char *payload, uint32_t len) {
  pending *p = rt->waiters;
  while (p && p->id != id) p = p->next;
  if (!p || p->done) return; /* the caller gave up (timeout): drop the late answer */
  const unsigned char *nul = memchr(payload, 0, len < 16 ? len : 16);
  if (!nul) {
    p->lib_msg = OT_MSG_BAD_REPLY + 1;
    p->code = ot_write_error(p->out, p->outcap, OT_MSG_BAD_REPLY, "", rt->gbk);
  } else {
    size_t code_len = (size_t)(nul - payload);
    size_t out_len = len - code_len - 1;
    if (out_len + 1 > p->outcap) {
      p->lib_msg = OT_MSG_OUT_TOO_SMALL + 1;
      p->code = ot_write_error(p->out, p->outcap, OT_MSG_OUT_TOO_SMALL, "", rt->gbk);
    } else {
      p->code = ot_intern_code((const char *)payload, code_len);
      memcpy(p->out, nul + 1, out_len);
      p->out[out_len] = 0;
    }
  }
  p->done = 1;
  ot_cond_broadcast(&p->cond);
}

/* g_lock held. One frame from the runtime: the hello or a reply. -1: a hello this library
 * cannot talk to (another frame version). */
static int handle_frame(runtime *rt, uint32_t id, const unsigned char *payload, uint32_t len) {
  if (id != 0) {
    deliver(rt, id, payload, len);
    return 0;
  }
  if (rt->state != RT_STARTING) return 0;
  char *json = malloc((size_t)len + 1);
  if (json) {
    memcpy(json, payload, len);
    json[len] = 0;
    int ok = parse_hello(rt, json);
    free(json);
    if (ok != 0) return -1;
  }
  rt->state = RT_READY;
  rt->was_ready = 1;
  ot_cond_broadcast(&rt->cond);
  return 0;
}

/* A partial frame stays in rt->acc for the next holder of the token. */
int ot_pump(runtime *rt, uint64_t deadline, uint32_t spin_us) {
  size_t need = rt->acc_len + 65536;
  if (rt->acc_len >= 8) {
    uint32_t len = get_u32(rt->acc);
    if (len > OT_MAX_REPLY_PAYLOAD) {
      rt->end_reason = "the runtime sent an oversized frame";
      return -1;
    }
    if ((size_t)len + 8 > need) need = (size_t)len + 8; /* room for the whole frame at once */
  }
  if (need > rt->acc_cap) {
    unsigned char *grown = realloc(rt->acc, need);
    if (!grown) {
      rt->end_reason = "out of memory";
      return -1;
    }
    rt->acc = grown;
    rt->acc_cap = need;
  }
  long got = ot_child_read_until(rt->child, rt->acc + rt->acc_len, rt->acc_cap - rt->acc_len, deadline, spin_us);
  if (got == -2) return 0;
  if (got <= 0) {
    if (!rt->end_reason) rt->end_reason = "the runtime exited";
    return -1;
  }
  rt->acc_len += (size_t)got;
  size_t off = 0;
  int rc = 1;
  ot_mutex_lock(&g_lock);
  while (rt->acc_len - off >= 8) {
    uint32_t len = get_u32(rt->acc + off), id = get_u32(rt->acc + off + 4);
    if (len > OT_MAX_REPLY_PAYLOAD) {
      rt->end_reason = "the runtime sent an oversized frame";
      rc = -1;
      break;
    }
    if (rt->acc_len - off - 8 < len) break;
    if (handle_frame(rt, id, rt->acc + off + 8, len) != 0) {
      rc = -1;
      break;
    }
    off += 8 + (size_t)len;
  }
  ot_mutex_unlock(&g_lock);
  if (off > 0) {
    memmove(rt->acc, rt->acc + off, rt->acc_len - off);
    rt->acc_len -= off;
  }
  if (rt->acc_len == 0 && rt->acc_cap > (1u << 20)) {
    /* After a huge answer, do not keep megabytes around for the life of the runtime. */
    free(rt->acc);
    rt->acc = NULL;
    rt->acc_cap = 0;
  }
  return rc;
}

/* Wakes the reader thread when it waits to drain, else one caller (not `self`, which is
 * leaving) still waiting for its answer, which takes the token when it wakes. Called on every
 * release of the token and by every caller that leaves while the token is free, so while
 * callers wait for answers somebody reads or is about to. */
void ot_pass_token(runtime *rt, const pending *self) {
  if (rt->drain_wanted) {
    ot_cond_broadcast(&rt->cond);
    return;
  }
  if (!rt->callers_read || rt->stream_end) return;
  for (pending *p = rt->waiters; p; p = p->next) {
    if (p != self && p->written && !p->done) {
      ot_cond_broadcast(&p->cond);
      return;
    }
  }
}
