/*
 * native/runtime.h — one private Node runtime and the callers waiting on it.
 *
 * The frame protocol spoken over the runtime's stdin/stdout is described once, in
 * docs/frame-protocol.md.
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
 * passes the token to another waiting caller (ot_pass_token). The reader thread meanwhile only
 * waits for the runtime's stdout to hang up; then it takes the token, delivers what is left
 * and fails the rest. Where reads cannot be bounded (Windows anonymous pipes), the reader
 * thread keeps the token for good and reads every frame, and callers just wait.
 * Every caller, leader or follower, waits on its own condition variable or in poll() with a
 * deadline.
 */
#ifndef ONETRANS_RUNTIME_H
#define ONETRANS_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "locate.h"
#include "platform.h"

/* How long a reading caller keeps trying before it sleeps, when answers come back fast (the
 * runtime answering at once: bad input, a local error). Waking a sleeping thread costs tens of
 * µs on a virtual machine; 100 µs halves such a round trip there (measured 118 → 55 µs). */
#define OT_SPIN_US 100u

/* Subtracted from every deadline sent to the runtime: the library's clock and the runtime's
 * may tick at slightly different rates and resolutions (Windows: GetTickCount64 against QPC),
 * so the runtime stops starting requests this much before the library gives up. */
#define OT_CLOCK_GUARD_MS 100

enum { RT_STARTING, RT_READY, RT_DEAD };

typedef struct pending {
  struct pending *next;
  uint32_t id;
  int written; /* the request may have reached the runtime */
  int done;
  int lib_msg;  /* the library wrote the answer: its ot_msg + 1; 0 for the runtime's own answer */
  const char *refund_no; /* the request's data.outRefundNo ("" when none), named in "outcome unknown" */
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
  int retired;   /* killed by the library (missed deadline, broken stream): nothing more is written to it */
  long owner_pid;
  ot_child *child;
  long pid;
  uint32_t capacity;
  uint32_t max_wait_ms;
  uint32_t start_wait_ms; /* how long callers wait for the hello (from the config file) */
  /* The runtime's deadline clock (docs/frame-protocol.md): our ot_now_ms() minus the hello's
   * "clockMs", measured when the hello was read, so never less than the true offset: a
   * deadline converted with it falls at or before ours. */
  int have_clock;
  int64_t clock_offset;
  int frame_mismatch; /* the hello announced another frame version */
  int log_on;         /* the daily log is on ("logLevel" is not "off") */
  char log_dir[PATH_MAX_UTF8];
  char version[64];
  char err[PATH_MAX_UTF8 + 300];
  int node_failed; /* err is about node itself (missing, would not start, died before hello) */
  char node[PATH_MAX_UTF8];        /* the node it runs, for error messages */
  char config_file[PATH_MAX_UTF8]; /* where "nodePath" goes, for error messages */
  pending *waiters;
  ot_cond cond; /* state changes, the writer token, the reading token for the reader thread */
  /* Reading the runtime's stdout. Only the holder of the reading token touches acc*. */
  int reading;      /* the reading token is held */
  int callers_read; /* callers may take the token (timed reads, after the hello) */
  int stream_end;   /* end of stream, read error or corrupt frame: nobody reads any more */
  int drain_wanted; /* the reader thread waits for the token */
  int fast_answers; /* the last answer came within OT_SPIN_US of its request: leaders spin first */
  const char *end_reason;
  unsigned char *acc; /* bytes read but not yet delivered (at most a partial frame between reads) */
  size_t acc_len, acc_cap;
} runtime;

/* Guards every runtime's shared fields, g_rt and request ids. */
extern ot_mutex g_lock;

/* g_lock held. The current runtime with a reference for the caller, starting one when there
 * is none (or only a dead one, or one inherited across fork()). NULL with why on failure. */
runtime *ot_acquire_runtime(char *why, size_t whylen);
/* g_lock held. Drops a reference. */
void ot_rt_release(runtime *rt);
/* g_lock held. Kills the runtime and makes sure no new call picks it (it stays alive for the
 * references still held). */
void ot_rt_retire(runtime *rt);
/* g_lock held. A fresh request id (never 0, the hello's). */
uint32_t ot_next_request_id(void);
/* g_lock held. Unlinks p from rt->waiters (if linked). */
void ot_remove_pending(runtime *rt, pending *p);
/* g_lock held, reading token free. Wakes whoever should read next (not `self`, which leaves). */
void ot_pass_token(runtime *rt, const pending *self);
/* Reading token held, g_lock not held. Reads once, until deadline at most (UINT64_MAX: no
 * limit), and delivers every complete frame. 1 after a read, 0 at the deadline, -1 when the
 * stream is over (rt->end_reason says why). */
int ot_pump(runtime *rt, uint64_t deadline, uint32_t spin_us);
/* g_lock held. The error for a runtime that never became ready (rt->err, plus, when node
 * itself failed, the OS, the Node version needed and where "nodePath" goes). */
const char *ot_write_start_failure(const runtime *rt, char *out, size_t cap);

#endif
