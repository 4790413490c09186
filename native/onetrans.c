/*
 * native/onetrans.c — the MobileTrans shim: a thin C library that forwards each call over a
 * framed pipe to a private Node runtime (onetrans-bridge.cjs) and hands back its answer.
 *
 * No JSON logic (beyond reading the runtime's hello frame), no crypto, no HTTP here: the
 * TypeScript core does all of that. This file only owns processes, frames and waiting.
 *
 * Frame protocol (all integers u32 little-endian; mirrored in src/bridge/frames.ts):
 *   host → runtime request : payloadLen | requestId | capacity | payload
 *                            payload = the caller's pInData bytes without the NUL;
 *                            capacity = output bytes the caller can take, including the NUL.
 *   runtime → host reply   : payloadLen | requestId | payload
 *                            payload = code (ASCII) | NUL | output bytes (≤ capacity-1).
 *   hello (first frame)    : requestId 0, payload JSON {"version","capacity","maxWaitMs","pid","outputEncoding"}.
 * Request ids start at 1 and wrap skipping 0. Replies may come in any order.
 *
 * Threads: any number of caller threads + one reader thread per runtime. The reader thread
 * forks the runtime (so PR_SET_PDEATHSIG is tied to a thread that lives as long as the
 * runtime) and reads its hello frame. One caller at a time writes (rt->writing), so frames
 * never interleave.
 *
 * Reading replies is leader/follower where the platform can bound a pipe read by a deadline
 * (ot_child_timed_reads(): posix). Whoever holds the reading token (rt->reading) reads the
 * runtime's stdout and delivers every complete frame to its caller under g_lock; a waiting
 * caller takes the token when nobody holds it, so a lone caller reads its own answer and
 * needs no hand-off from another thread (on the VMs hospitals run, each wake-up of a sleeping
 * thread costs tens of µs). A leader reads only until its own answer or its deadline, then
 * passes the token to another waiting caller (pass_token). The reader thread meanwhile only
 * waits for the runtime's stdout to hang up; then it takes the token, delivers what is left
 * and fails the rest. Where reads cannot be bounded (Windows anonymous pipes), the reader
 * thread keeps the token for good and reads every frame, and callers just wait.
 * Every caller, leader or follower, waits on its own condition variable or in poll() with a
 * deadline.
 *
 * Failure rules:
 * - runtime gone before our request went out → start a new runtime and go on (once);
 * - runtime gone after (any byte of) our request went out → "000002": the outcome is unknown
 *   and the request is never resent (a payment must not be pushed twice);
 * - no answer by the deadline → "000002"; the runtime keeps running for other callers.
 */
#define ONETRANS_BUILDING 1
#include "onetrans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

#ifndef ONETRANS_VERSION
#define ONETRANS_VERSION "0.0.0"
#endif

#define DEFAULT_CAPACITY 8192u
/* Before the hello frame tells us the configured timeouts: connect 6000 + read 30000 (the
 * Java SDK's defaults) + margin. Also bounds how long a caller waits for a runtime to start. */
#define DEFAULT_WAIT_MS 38000u
#define MAX_REPLY_PAYLOAD (64u << 20)
#define MAX_CAPACITY (64u << 20)
#define PATH_MAX_UTF8 4096
#define REAP_WAIT_MS 2000u
/* How long a reading caller keeps trying before it sleeps, when answers come back fast (the
 * runtime answering at once: bad input, a local error). Waking a sleeping thread costs tens of
 * µs on a virtual machine; 100 µs halves such a round trip there (measured 118 → 55 µs). */
#define SPIN_US 100u

enum { RT_STARTING, RT_READY, RT_DEAD };

typedef struct pending {
  struct pending *next;
  uint32_t id;
  int written; /* the request may have reached the runtime */
  int done;
  const char *code;
  char *out;
  size_t outcap; /* bytes including the NUL */
  ot_cond cond;
} pending;

typedef struct runtime {
  int refs;
  int state;
  int was_ready; /* a hello arrived: the runtime did start */
  int gbk;       /* the caller reads GBK ("outputEncoding": "gbk"): for the shim's own errors */
  int writing;
  long owner_pid;
  ot_child *child;
  long pid;
  uint32_t capacity;
  uint32_t max_wait_ms;
  char version[64];
  char err[PATH_MAX_UTF8 + 300];
  char node[PATH_MAX_UTF8]; /* the node it runs, for error messages */
  pending *waiters;
  ot_cond cond; /* state changes, the writer token, the reading token for the reader thread */
  /* Reading the runtime's stdout. Only the holder of the reading token touches acc*. */
  int reading;      /* the reading token is held */
  int callers_read; /* callers may take the token (timed reads, after the hello) */
  int stream_end;   /* end of stream, read error or corrupt frame: nobody reads any more */
  int drain_wanted; /* the reader thread waits for the token */
  int fast_answers; /* the last answer came within SPIN_US of its request: leaders spin first */
  const char *end_reason;
  unsigned char *acc; /* bytes read but not yet delivered (at most a partial frame between reads) */
  size_t acc_len, acc_cap;
} runtime;

static ot_mutex g_lock = OT_MUTEX_INIT;
static runtime *g_rt;        /* current runtime (holds one reference) */
static uint32_t g_next_id = 1;
static ot_once g_pin_once = OT_ONCE_INIT;

/* ---- codes: returned pointers are static, valid for the life of the process ---------------- */

static const char *const KNOWN_CODES[] = {
    "000000", "000001", "000002", "000003", "000100", "000101", "000102", "000105", "010010",
    "444444", "404404", "-1",     "-2",     "-3",     "-4",     "-5",     "-6",     "-7",
    "-8",     "0"};
#define N_INTERNED 64
static char g_interned[N_INTERNED][16];
static int g_n_interned;

static const char CODE_SYSTEM[] = "000002";
static const char CODE_PARAM[] = "000105";

/* g_lock held. Maps a code from the runtime to static storage; odd codes → 000002. */
static const char *intern_code(const char *code, size_t len) {
  if (len == 0 || len >= sizeof g_interned[0]) return CODE_SYSTEM;
  for (size_t i = 0; i < len; i++) {
    char ch = code[i];
    int ok = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
             ch == '-' || ch == '_';
    if (!ok) return CODE_SYSTEM;
  }
  for (size_t i = 0; i < sizeof KNOWN_CODES / sizeof KNOWN_CODES[0]; i++)
    if (strlen(KNOWN_CODES[i]) == len && memcmp(KNOWN_CODES[i], code, len) == 0) return KNOWN_CODES[i];
  for (int i = 0; i < g_n_interned; i++)
    if (strlen(g_interned[i]) == len && memcmp(g_interned[i], code, len) == 0) return g_interned[i];
  if (g_n_interned >= N_INTERNED) return "000001";
  memcpy(g_interned[g_n_interned], code, len);
  g_interned[g_n_interned][len] = 0;
  return g_interned[g_n_interned++];
}

/* ---- error JSON written by the shim itself ------------------------------------------------ */

/* The Chinese half of the shim's own messages, also in GBK for callers configured with
 * "outputEncoding": "gbk" (ANSI programs: PowerBuilder, Delphi 7…), so they do not see
 * mojibake. Generated with iconv-lite; the English half is ASCII in both encodings. */
static const struct {
  const char *utf8, *gbk;
} ZH_GBK[] = {
    {"入参为空", "\xC8\xEB\xB2\xCE\xCE\xAA\xBF\xD5"},
    {"入参过长", "\xC8\xEB\xB2\xCE\xB9\xFD\xB3\xA4"},
    {"运行时无法启动", "\xD4\xCB\xD0\xD0\xCA\xB1\xCE\xDE\xB7\xA8\xC6\xF4\xB6\xAF"},
    {"运行时启动超时", "\xD4\xCB\xD0\xD0\xCA\xB1\xC6\xF4\xB6\xAF\xB3\xAC\xCA\xB1"},
    {"运行时繁忙，等待超时", "\xD4\xCB\xD0\xD0\xCA\xB1\xB7\xB1\xC3\xA6\xA3\xAC\xB5\xC8\xB4\xFD\xB3\xAC\xCA\xB1"},
    {"运行时不可用", "\xD4\xCB\xD0\xD0\xCA\xB1\xB2\xBB\xBF\xC9\xD3\xC3"},
    {"请求发送中断，结果未知", "\xC7\xEB\xC7\xF3\xB7\xA2\xCB\xCD\xD6\xD0\xB6\xCF\xA3\xAC\xBD\xE1\xB9\xFB\xCE\xB4\xD6\xAA"},
    {"运行时在调用中退出，结果未知",
     "\xD4\xCB\xD0\xD0\xCA\xB1\xD4\xDA\xB5\xF7\xD3\xC3\xD6\xD0\xCD\xCB\xB3\xF6\xA3\xAC\xBD\xE1\xB9\xFB\xCE\xB4\xD6\xAA"},
    {"运行时应答格式错误", "\xD4\xCB\xD0\xD0\xCA\xB1\xD3\xA6\xB4\xF0\xB8\xF1\xCA\xBD\xB4\xED\xCE\xF3"},
    {"出参缓冲区不足", "\xB3\xF6\xB2\xCE\xBB\xBA\xB3\xE5\xC7\xF8\xB2\xBB\xD7\xE3"},
    {"运行时应答超时", "\xD4\xCB\xD0\xD0\xCA\xB1\xD3\xA6\xB4\xF0\xB3\xAC\xCA\xB1"},
};

/* Writes {"code":<n>,"message":"<zh> / <en>: <detail>","data":null,"extra":"","orgId":""} (the
 * runtime's output shape, src/mobiletrans/output.ts outputFor) if it fits in cap bytes (with
 * the NUL); else an empty string if cap >= 1. gbk: the caller reads GBK, so the Chinese half
 * is written in GBK and any non-ASCII byte of the detail (a path) becomes '?'. */
static void write_error(char *out, size_t cap, const char *code, const char *zh, const char *en,
                        const char *detail, int gbk) {
  if (!out || cap == 0) return;
  if (gbk) {
    const char *g = NULL;
    for (size_t i = 0; i < sizeof ZH_GBK / sizeof ZH_GBK[0]; i++)
      if (strcmp(ZH_GBK[i].utf8, zh) == 0) g = ZH_GBK[i].gbk;
    zh = g ? g : "";
  }
  char buf[1024];
  size_t n = 0;
  int num = atoi(code);
  n += (size_t)snprintf(buf + n, sizeof buf - n, "{\"code\":%d,\"message\":\"%s%s%s", num, zh, *zh ? " / " : "", en);
  if (detail && *detail && n < sizeof buf) {
    n += (size_t)snprintf(buf + n, sizeof buf - n, ": ");
    for (const char *p = detail; *p && n + 8 < sizeof buf; p++) {
      unsigned char ch = (unsigned char)*p;
      if (ch == '"' || ch == '\\') {
        buf[n++] = '\\';
        buf[n++] = (char)ch;
      } else if (ch < 0x20) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, "\\u%04x", ch);
      } else if (ch >= 0x80 && gbk) {
        buf[n++] = '?';
      } else {
        buf[n++] = (char)ch;
      }
    }
  }
  if (n < sizeof buf) n += (size_t)snprintf(buf + n, sizeof buf - n, "\",\"data\":null,\"extra\":\"\",\"orgId\":\"\"}");
  if (n >= sizeof buf) n = sizeof buf - 1;
  buf[n] = 0;
  if (n + 1 <= cap) {
    memcpy(out, buf, n + 1);
  } else {
    out[0] = 0;
  }
}

/* ---- little-endian helpers ---------------------------------------------------------------- */

static void put_u32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}
static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* ---- locating node and the bridge ---------------------------------------------------------- */

static int join_path(char *buf, size_t size, const char *dir, const char *name) {
  int n = snprintf(buf, size, "%s%s%s", dir, ot_path_sep(), name);
  return (n > 0 && (size_t)n < size) ? 0 : -1;
}

static int is_absolute(const char *p) {
  if (p[0] == '/' || p[0] == '\\') return 1;
  if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':') return 1;
  return 0;
}

/* The runtime's config file: ONETRANS_CONFIG (relative to the library's folder) when set,
 * else OneTrans.json beside the library — the same file src/mobiletrans/config.ts reads. */
static int config_path(const char *dir, char *buf, size_t size) {
  char env[PATH_MAX_UTF8];
  if (ot_getenv("ONETRANS_CONFIG", env, sizeof env) == 0) {
    if (is_absolute(env)) {
      if (strlen(env) >= size) return -1;
      strcpy(buf, env);
      return 0;
    }
    return dir ? join_path(buf, size, dir, env) : -1;
  }
  return dir ? join_path(buf, size, dir, "OneTrans.json") : -1;
}

/* Minimal scan of the config file for "key": "<string>" (JSON escapes \\ \" \/ only).
 * The shim reads only nodePath and outputEncoding from it: the runtime owns the rest. */
static int config_string(const char *dir, const char *key, char *buf, size_t size) {
  char cfg_path[PATH_MAX_UTF8];
  if (config_path(dir, cfg_path, sizeof cfg_path) != 0) return -1;
  char *cfg = malloc(65536);
  if (!cfg) return -1;
  int rc = -1;
  char pat[40];
  snprintf(pat, sizeof pat, "\"%s\"", key);
  if (ot_read_file(cfg_path, cfg, 65536) > 0) {
    const char *k = strstr(cfg, pat);
    if (k) {
      const char *p = k + strlen(pat);
      while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
      if (*p == ':') {
        p++;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        if (*p == '"') {
          p++;
          size_t n = 0;
          while (*p && *p != '"' && n + 1 < size) {
            if (*p == '\\' && (p[1] == '\\' || p[1] == '"' || p[1] == '/')) p++;
            buf[n++] = *p++;
          }
          buf[n] = 0;
          if (*p == '"' && n > 0) rc = 0;
        }
      }
    }
  }
  free(cfg);
  return rc;
}

static int config_node_path(const char *dir, char *buf, size_t size) {
  char val[PATH_MAX_UTF8];
  if (config_string(dir, "nodePath", val, sizeof val) != 0) return -1;
  if (is_absolute(val)) {
    if (strlen(val) >= size) return -1;
    strcpy(buf, val);
    return 0;
  }
  return join_path(buf, size, dir, val);
}

/* 1 when the config asks for GBK output (before any hello has told us). */
static int config_wants_gbk(const char *dir) {
  char val[16];
  return config_string(dir, "outputEncoding", val, sizeof val) == 0 &&
         (strcmp(val, "gbk") == 0 || strcmp(val, "GBK") == 0);
}

/* For errors before any runtime exists (NULL pInData): look at the config directly. */
static int output_gbk_now(void) {
  char dir[PATH_MAX_UTF8];
  return ot_self_dir(dir, sizeof dir) == 0 ? config_wants_gbk(dir) : config_wants_gbk(NULL);
}

/* Order: ONETRANS_NODE, node beside the library, "nodePath" in OneTrans.json beside the
 * library, the node CMake found at configure time, node on PATH. */
static int find_node(const char *dir, char *buf, size_t size, char *why, size_t whylen) {
  if (ot_getenv("ONETRANS_NODE", buf, size) == 0) return 0;
  if (dir && join_path(buf, size, dir, ot_node_exe_name()) == 0 && ot_file_exists(buf)) return 0;
  if (dir && config_node_path(dir, buf, size) == 0) return 0;
#ifdef ONETRANS_NODE_DEFAULT
  if (strlen(ONETRANS_NODE_DEFAULT) < size && ot_file_exists(ONETRANS_NODE_DEFAULT)) {
    strcpy(buf, ONETRANS_NODE_DEFAULT);
    return 0;
  }
#endif
  if (ot_find_in_path(ot_node_exe_name(), buf, size) == 0) return 0;
  snprintf(why, whylen,
           "node not found (ONETRANS_NODE, %s beside the library, nodePath in OneTrans.json, PATH)",
           ot_node_exe_name());
  return -1;
}

/* ---- runtime lifetime --------------------------------------------------------------------- */

/* g_lock held. */
static void rt_release(runtime *rt) {
  if (--rt->refs == 0) {
    ot_cond_destroy(&rt->cond);
    free(rt->acc);
    free(rt);
  }
}

/* g_lock held. Wakes every caller whose request already went out: outcome unknown. */
static void fail_written(runtime *rt, const char *detail) {
  for (pending *p = rt->waiters; p; p = p->next) {
    if (p->written && !p->done) {
      p->done = 1;
      p->code = CODE_SYSTEM;
      write_error(p->out, p->outcap, CODE_SYSTEM, "运行时在调用中退出，结果未知",
                  "the OneTrans runtime exited during the call; the outcome is unknown", detail, rt->gbk);
      ot_cond_broadcast(&p->cond);
    }
  }
}

/* g_lock held. */
static void remove_pending(runtime *rt, pending *p) {
  for (pending **pp = &rt->waiters; *pp; pp = &(*pp)->next) {
    if (*pp == p) {
      *pp = p->next;
      return;
    }
  }
}

/* Digits after "key": in a small JSON text. */
static long json_number(const char *json, const char *key) {
  char pat[40];
  snprintf(pat, sizeof pat, "\"%s\"", key);
  const char *k = strstr(json, pat);
  if (!k) return -1;
  const char *p = k + strlen(pat);
  while (*p == ' ' || *p == ':' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  if (*p < '0' || *p > '9') return -1;
  long v = 0;
  while (*p >= '0' && *p <= '9' && v < 1000000000L) v = v * 10 + (*p++ - '0');
  return v;
}

static void parse_hello(runtime *rt, const char *json) {
  long cap = json_number(json, "capacity");
  long wait = json_number(json, "maxWaitMs");
  if (cap >= 2 && cap <= (long)MAX_CAPACITY) rt->capacity = (uint32_t)cap;
  if (wait >= 1 && wait <= 3600L * 1000L) rt->max_wait_ms = (uint32_t)wait;
  const char *enc = strstr(json, "\"outputEncoding\"");
  if (enc) {
    enc = strchr(enc + 16, '"');
    if (enc) rt->gbk = strncmp(enc + 1, "gbk", 3) == 0 || strncmp(enc + 1, "GBK", 3) == 0;
  }
  const char *v = strstr(json, "\"version\"");
  if (v) {
    v = strchr(v + 9, '"');
    if (v) {
      v++;
      size_t n = 0;
      while (v[n] && v[n] != '"' && n + 1 < sizeof rt->version) n++;
      memcpy(rt->version, v, n);
      rt->version[n] = 0;
    }
  }
}

/* g_lock held. Delivers a reply payload to its caller, if still waiting. */
static void deliver(runtime *rt, uint32_t id, const unsigned char *payload, uint32_t len) {
  pending *p = rt->waiters;
  while (p && p->id != id) p = p->next;
  if (!p || p->done) return; /* the caller gave up (timeout): drop the late answer */
  const unsigned char *nul = memchr(payload, 0, len < 16 ? len : 16);
  if (!nul) {
    p->code = CODE_SYSTEM;
    write_error(p->out, p->outcap, CODE_SYSTEM, "运行时应答格式错误", "malformed reply from the OneTrans runtime", "", rt->gbk);
  } else {
    size_t code_len = (size_t)(nul - payload);
    size_t out_len = len - code_len - 1;
    if (out_len + 1 > p->outcap) {
      p->code = CODE_SYSTEM;
      write_error(p->out, p->outcap, CODE_SYSTEM, "出参缓冲区不足", "the answer does not fit in the output buffer", "", rt->gbk);
    } else {
      p->code = intern_code((const char *)payload, code_len);
      memcpy(p->out, nul + 1, out_len);
      p->out[out_len] = 0;
    }
  }
  p->done = 1;
  ot_cond_broadcast(&p->cond);
}

/* g_lock held. One frame from the runtime: the hello or a reply. */
static void handle_frame(runtime *rt, uint32_t id, const unsigned char *payload, uint32_t len) {
  if (id != 0) {
    deliver(rt, id, payload, len);
    return;
  }
  if (rt->state != RT_STARTING) return;
  char *json = malloc((size_t)len + 1);
  if (json) {
    memcpy(json, payload, len);
    json[len] = 0;
    parse_hello(rt, json);
    free(json);
  }
  rt->state = RT_READY;
  rt->was_ready = 1;
  ot_cond_broadcast(&rt->cond);
}

/* Reading token held, g_lock not held. Reads once (waiting at most until deadline, UINT64_MAX:
 * no limit) and delivers every complete frame. Returns 1 after a read, 0 at the deadline, -1
 * when the stream is over (end of file, read error, corrupt frame; rt->end_reason says which).
 * A partial frame stays in rt->acc for the next holder of the token. */
static int pump(runtime *rt, uint64_t deadline, uint32_t spin_us) {
  size_t need = rt->acc_len + 65536;
  if (rt->acc_len >= 8) {
    uint32_t len = get_u32(rt->acc);
    if (len > MAX_REPLY_PAYLOAD) {
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
    if (len > MAX_REPLY_PAYLOAD) {
      rt->end_reason = "the runtime sent an oversized frame";
      rc = -1;
      break;
    }
    if (rt->acc_len - off - 8 < len) break;
    handle_frame(rt, id, rt->acc + off + 8, len);
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

/* g_lock held, reading token free. Wakes whoever should read next: the reader thread when it
 * waits to drain, else one caller (not `self`, which is leaving) still waiting for its
 * answer, which takes the token when it wakes. Called on every release of the token and by
 * every caller that leaves while the token is free, so while callers wait for answers
 * somebody reads or is about to. */
static void pass_token(runtime *rt, const pending *self) {
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

static void reader_main(void *arg) {
  runtime *rt = arg;
  char dir[PATH_MAX_UTF8], node[PATH_MAX_UTF8], script[PATH_MAX_UTF8], why[PATH_MAX_UTF8 + 200];
  why[0] = 0;
  ot_child *child = NULL;
  int have_dir = ot_self_dir(dir, sizeof dir) == 0;
  int gbk = config_wants_gbk(have_dir ? dir : NULL);
  if (!have_dir) {
    snprintf(why, sizeof why, "cannot locate the library's own directory");
  } else if (join_path(script, sizeof script, dir, "onetrans-bridge.cjs") != 0 || !ot_file_exists(script)) {
    snprintf(why, sizeof why, "onetrans-bridge.cjs not found beside the library in %s", dir);
  } else if (find_node(dir, node, sizeof node, why, sizeof why) == 0) {
    const char *argv[] = {node, script, "--lib-dir", dir, NULL};
    char err[300];
    child = ot_child_spawn(node, argv, err, sizeof err);
    if (!child) snprintf(why, sizeof why, "cannot start %s: %s", node, err);
  }

  ot_mutex_lock(&g_lock);
  rt->gbk = gbk;
  if (!child) {
    rt->state = RT_DEAD;
    snprintf(rt->err, sizeof rt->err, "%s", why);
    ot_cond_broadcast(&rt->cond);
    if (g_rt == rt) {
      g_rt = NULL;
      rt->refs--; /* g_rt's reference; the reader's own is dropped just below */
    }
    rt_release(rt);
    ot_mutex_unlock(&g_lock);
    return;
  }
  rt->child = child;
  rt->pid = ot_child_pid(child);
  snprintf(rt->node, sizeof rt->node, "%s", node);
  ot_mutex_unlock(&g_lock);

  /* The reader thread holds the reading token from the start (acquire_runtime): first the
   * hello frame; then, where callers can read with a deadline, it hands the token to them and
   * only watches for the end of the runtime's stdout. Elsewhere it reads every frame. */
  int timed = ot_child_timed_reads();
  int r;
  for (;;) {
    r = pump(rt, UINT64_MAX, 0);
    if (r <= 0 || !timed) {
      if (r > 0) continue;
      break;
    }
    ot_mutex_lock(&g_lock);
    int started = rt->state != RT_STARTING;
    if (started) {
      rt->callers_read = 1;
      rt->reading = 0;
      pass_token(rt, NULL);
    }
    ot_mutex_unlock(&g_lock);
    if (started) break;
  }
  if (r > 0) {
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
      while (pump(rt, UINT64_MAX, 0) > 0) {
      }
  }
  const char *end_reason = rt->end_reason ? rt->end_reason : "the runtime exited";

  /* The runtime is gone (or must go). Kill first so a writer blocked on a full pipe fails
   * fast with EPIPE; the pid cannot be reused before we reap it. */
  ot_child_kill(child);
  ot_mutex_lock(&g_lock);
  if (!rt->was_ready)
    snprintf(rt->err, sizeof rt->err, "%s before it was ready (pid %ld, %s; its stderr says why — is this node 20 or later?)",
             end_reason, rt->pid, rt->node);
  else
    snprintf(rt->err, sizeof rt->err, "%s (pid %ld)", end_reason, rt->pid);
  rt->state = RT_DEAD;
  fail_written(rt, rt->err);
  ot_cond_broadcast(&rt->cond);
  if (g_rt == rt) {
    g_rt = NULL;
    rt->refs--; /* g_rt's reference; ours is dropped at the end */
  }
  while (rt->writing) ot_cond_wait_until(&rt->cond, &g_lock, ot_now_ms() + 1000);
  rt->child = NULL;
  ot_mutex_unlock(&g_lock);
  ot_child_reap_and_free(child, REAP_WAIT_MS);
  ot_mutex_lock(&g_lock);
  rt_release(rt);
  ot_mutex_unlock(&g_lock);
}

static void pin_once(void) { ot_pin_library(); }

/* g_lock held. Returns the current runtime with a reference for the caller, starting one
 * when there is none (or only a dead one, or one inherited across fork()). */
static runtime *acquire_runtime(char *why, size_t whylen) {
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
    rt->capacity = DEFAULT_CAPACITY;
    rt->max_wait_ms = DEFAULT_WAIT_MS;
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

/* ---- the call ------------------------------------------------------------------------------ */

static const char *do_call(const char *in, char *out, size_t outcap, int use_config_capacity) {
  uint64_t start = ot_now_ms();
  size_t inlen = strlen(in);
  if (inlen > 0xFFFFFFF0u - 12u) {
    write_error(out, outcap ? outcap : 256, CODE_PARAM, "入参过长", "pInData is too long", "", output_gbk_now());
    return CODE_PARAM;
  }
  char why[PATH_MAX_UTF8 + 300];
  why[0] = 0;
  int restarts = 0;
  ot_mutex_lock(&g_lock);
  for (;;) {
    runtime *rt = acquire_runtime(why, sizeof why);
    if (!rt) {
      ot_mutex_unlock(&g_lock);
      write_error(out, outcap ? outcap : DEFAULT_CAPACITY, CODE_SYSTEM, "运行时无法启动",
                  "the OneTrans runtime could not start", why, output_gbk_now());
      return CODE_SYSTEM;
    }
    uint64_t start_deadline = start + DEFAULT_WAIT_MS;
    while (rt->state == RT_STARTING && !ot_cond_wait_until(&rt->cond, &g_lock, start_deadline)) {
    }
    if (rt->state == RT_STARTING) {
      /* No hello in time: this runtime is wedged; kill it so the next call starts afresh. */
      if (rt->child) ot_child_kill(rt->child);
      size_t cap = outcap ? outcap : rt->capacity;
      int gbk = rt->gbk;
      rt_release(rt);
      ot_mutex_unlock(&g_lock);
      write_error(out, cap, CODE_SYSTEM, "运行时启动超时", "the OneTrans runtime did not start in time", "", gbk);
      return CODE_SYSTEM;
    }
    if (rt->state == RT_DEAD) {
      /* Never got a request of ours: start another one, once. A runtime that could not
       * start at all is reported instead of retried. */
      int never_ready = !rt->was_ready;
      snprintf(why, sizeof why, "%s", rt->err);
      size_t cap = outcap ? outcap : rt->capacity;
      int gbk = rt->gbk;
      rt_release(rt);
      if (!never_ready && restarts++ < 2) continue;
      ot_mutex_unlock(&g_lock);
      write_error(out, cap, CODE_SYSTEM, "运行时无法启动", "the OneTrans runtime could not start", why, gbk);
      return CODE_SYSTEM;
    }

    /* READY */
    if (use_config_capacity) outcap = rt->capacity;
    uint64_t deadline = start + rt->max_wait_ms;
    pending p;
    memset(&p, 0, sizeof p);
    p.out = out;
    p.outcap = outcap;
    p.id = g_next_id++;
    if (g_next_id == 0) g_next_id = 1;
    ot_cond_init(&p.cond);
    p.next = rt->waiters;
    rt->waiters = &p;

    while (rt->state == RT_READY && rt->writing && !ot_cond_wait_until(&rt->cond, &g_lock, deadline)) {
    }
    if (rt->state != RT_READY || rt->writing) {
      int dead = rt->state != RT_READY;
      int gbk = rt->gbk;
      remove_pending(rt, &p);
      ot_cond_destroy(&p.cond);
      rt_release(rt);
      if (dead && restarts++ < 2) continue;
      ot_mutex_unlock(&g_lock);
      write_error(out, outcap, CODE_SYSTEM, "运行时繁忙，等待超时", "timed out waiting to send to the OneTrans runtime", "", gbk);
      return CODE_SYSTEM;
    }
    rt->writing = 1;
    ot_child *child = rt->child;
    p.written = 0;
    ot_mutex_unlock(&g_lock);

    unsigned char hdr[12];
    put_u32(hdr, (uint32_t)inlen);
    put_u32(hdr + 4, p.id);
    put_u32(hdr + 8, (uint32_t)(outcap > 0xFFFFFFFFu ? 0xFFFFFFFFu : outcap));
    size_t w1 = 0, w2 = 0;
    /* A runtime that already exited gets nothing: the next attempt starts a new one. */
    int wrc = ot_child_exited(child) ? -1 : ot_child_write(child, hdr, sizeof hdr, deadline, &w1);
    if (wrc == 0 && inlen > 0) wrc = ot_child_write(child, in, inlen, deadline, &w2);

    ot_mutex_lock(&g_lock);
    rt->writing = 0;
    ot_cond_broadcast(&rt->cond);
    int gbk = rt->gbk;
    if (wrc != 0) {
      if (w1 + w2 == 0 && !p.done) {
        /* Nothing reached the runtime: it is dead or wedged. Retire it and go on. */
        ot_child_kill(child);
        if (g_rt == rt) {
          g_rt = NULL;
          rt->refs--; /* g_rt's reference; ours is dropped below */
        }
        remove_pending(rt, &p);
        ot_cond_destroy(&p.cond);
        rt_release(rt);
        if (restarts++ < 2) continue;
        ot_mutex_unlock(&g_lock);
        write_error(out, outcap, CODE_SYSTEM, "运行时不可用", "the OneTrans runtime is not accepting requests", "", gbk);
        return CODE_SYSTEM;
      }
      /* Part of the frame went out: the stream is broken and the outcome unknown. */
      ot_child_kill(child);
      remove_pending(rt, &p);
      ot_cond_destroy(&p.cond);
      rt_release(rt);
      ot_mutex_unlock(&g_lock);
      if (!p.done)
        write_error(out, outcap, CODE_SYSTEM, "请求发送中断，结果未知",
                    "sending the request to the OneTrans runtime failed midway; the outcome is unknown", "", gbk);
      return CODE_SYSTEM;
    }
    p.written = 1;
    uint64_t written_us = ot_now_us();
    if (rt->state == RT_DEAD && !p.done) {
      /* Died between our write and now: the reader already failed the written callers. */
      p.done = 1;
      p.code = CODE_SYSTEM;
      write_error(out, outcap, CODE_SYSTEM, "运行时在调用中退出，结果未知",
                  "the OneTrans runtime exited during the call; the outcome is unknown", rt->err, gbk);
    }
    deadline = ot_now_ms() + rt->max_wait_ms;
    while (!p.done) {
      if (ot_now_ms() >= deadline) break;
      if (rt->callers_read && !rt->reading && !rt->stream_end) {
        /* Nobody is reading: lead. Read until our own answer or our deadline, delivering
         * everybody's answers on the way, then pass the token on. */
        rt->reading = 1;
        ot_mutex_unlock(&g_lock);
        for (;;) {
          /* Spin only while answers come back fast: for a slow answer (the portal) it
           * would only burn the host's CPU. */
          int r = pump(rt, deadline, rt->fast_answers ? SPIN_US : 0);
          ot_mutex_lock(&g_lock);
          if (r < 0) {
            /* Over: the reader thread sees the hang-up and fails whoever still waits. */
            rt->stream_end = 1;
            ot_child_kill(rt->child);
          }
          if (r <= 0 || p.done) break;
          ot_mutex_unlock(&g_lock);
        }
        rt->reading = 0;
        pass_token(rt, &p);
        continue;
      }
      /* Follow: the leader wakes us with our answer or hands us the token. */
      ot_cond_wait_until(&p.cond, &g_lock, deadline);
    }
    /* Leaving at our deadline may drop a token that was just passed to us: pass it on. */
    if (!p.done && !rt->reading) pass_token(rt, &p);
    if (p.done) rt->fast_answers = ot_now_us() - written_us <= SPIN_US;
    const char *code = p.code;
    int done = p.done;
    uint32_t waited = rt->max_wait_ms;
    remove_pending(rt, &p);
    ot_cond_destroy(&p.cond);
    rt_release(rt);
    ot_mutex_unlock(&g_lock);
    if (!done) {
      char d[64];
      snprintf(d, sizeof d, "no answer within %u ms", waited);
      write_error(out, outcap, CODE_SYSTEM, "运行时应答超时", "the OneTrans runtime did not answer in time", d, gbk);
      return CODE_SYSTEM;
    }
    return code ? code : CODE_SYSTEM;
  }
}

/* ---- exports ------------------------------------------------------------------------------- */

ONETRANS_API char *ONETRANS_CALL MobileTrans(char *pInData, char *pOutData) {
  if (!pOutData) return (char *)CODE_PARAM;
  if (!pInData) {
    /* The caller's buffer size is unknown here; the message is far shorter than any
     * capacity the vendor's callers allocate (their examples use 8 KiB and more). */
    write_error(pOutData, 256, CODE_PARAM, "入参为空", "pInData is NULL", "", output_gbk_now());
    return (char *)CODE_PARAM;
  }
  return (char *)do_call(pInData, pOutData, 0, 1);
}

ONETRANS_API const char *ONETRANS_CALL MobileTransEx(const char *pInData, char *pOutData, int outSize) {
  if (!pOutData || outSize <= 0) return CODE_PARAM;
  if (!pInData) {
    write_error(pOutData, (size_t)outSize, CODE_PARAM, "入参为空", "pInData is NULL", "", output_gbk_now());
    return CODE_PARAM;
  }
  return do_call(pInData, pOutData, (size_t)outSize, 0);
}

ONETRANS_API const char *ONETRANS_CALL OneTransVersion(void) { return ONETRANS_VERSION; }
