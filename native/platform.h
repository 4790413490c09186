/*
 * native/platform.h — the small operating-system interface under the OneTrans shim.
 *
 * The shim's logic (native/onetrans.c, runtime.c…: frames, request ids, waiting, restarts) is
 * written once against this header. Each platform implements it in two files:
 *   native/platform-posix.c, child-posix.c   Linux (pthreads, fork+exec, pipes; pipe2, dup3
 *                                            and PR_SET_PDEATHSIG are Linux calls: another
 *                                            posix system needs its own versions of those)
 *   native/platform-win.c, child-win.c       Windows (critical sections, events,
 *                                            CreateProcessW, job object; XP-safe imports)
 *
 * Rules every implementation keeps:
 * - Paths and strings cross this interface as NUL-terminated UTF-8. The Windows side converts
 *   to UTF-16 at the system-call boundary (CreateProcessW, GetModuleFileNameW, _wgetenv…),
 *   so a library installed under a Chinese folder name still works.
 * - Nothing blocks forever except ot_child_read / ot_child_wait_hangup (the reader thread)
 *   and, on Windows, ot_child_write to an anonymous pipe (see the note there). Every wait a caller's thread
 *   makes has a deadline in ot_now_ms() milliseconds.
 * - Every descriptor/handle is non-inheritable except the child's own ends of its pipes.
 * - Nothing runs at load time (no constructors, nothing in DllMain).
 */
#ifndef ONETRANS_PLATFORM_H
#define ONETRANS_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
/* Only what Windows XP SP3 has (the x86 DLL must load there): a critical section made ready
 * on first use (so OT_MUTEX_INIT works statically), a condition variable of per-wait events,
 * a once flag of interlocked operations. */
typedef struct ot_mutex {
  LONG state; /* 0 new, 1 being set up, 2 ready */
  CRITICAL_SECTION cs;
} ot_mutex;
#define OT_MUTEX_INIT {0}
struct ot_cond_waiter;
typedef struct ot_cond {
  CRITICAL_SECTION cs;
  struct ot_cond_waiter *head;
} ot_cond;
typedef LONG ot_once;
#define OT_ONCE_INIT 0
#else
#include <pthread.h>
typedef pthread_mutex_t ot_mutex;
#define OT_MUTEX_INIT PTHREAD_MUTEX_INITIALIZER
typedef pthread_cond_t ot_cond;
typedef pthread_once_t ot_once;
#define OT_ONCE_INIT PTHREAD_ONCE_INIT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- time ------------------------------------------------------------------------------ */

/* Monotonic milliseconds (never jumps with the wall clock). */
uint64_t ot_now_ms(void);
/* Monotonic microseconds, same clock, for measuring short waits. */
uint64_t ot_now_us(void);

/* ---- locks, condition variables, once, threads ------------------------------------------ */

/* A mutex may also be initialised statically with OT_MUTEX_INIT. */
void ot_mutex_init(ot_mutex *m);
void ot_mutex_lock(ot_mutex *m);
void ot_mutex_unlock(ot_mutex *m);

/* Condition variables are initialised at run time (posix: CLOCK_MONOTONIC attribute). */
void ot_cond_init(ot_cond *c);
void ot_cond_destroy(ot_cond *c);
void ot_cond_broadcast(ot_cond *c);
/* Waits (m locked) until signalled or until ot_now_ms() >= deadline_ms.
 * Returns 0 when woken (maybe spuriously), 1 when the deadline passed. Callers re-check
 * their predicate either way. */
int ot_cond_wait_until(ot_cond *c, ot_mutex *m, uint64_t deadline_ms);

/* Runs fn exactly once across threads. */
void ot_call_once(ot_once *once, void (*fn)(void));

/* Starts a detached thread. Returns 0 on success. The thread has all asynchronous
 * signals blocked on posix, so the host's signal handlers never run on it. */
int ot_thread_start(void (*fn)(void *), void *arg);

/* Keeps this library loaded for the rest of the process (dlopen RTLD_NODELETE /
 * GET_MODULE_HANDLE_EX_FLAG_PIN): once the reader thread runs, unloading the code under it
 * would crash the host. Called before the first runtime starts. */
void ot_pin_library(void);

/* Id of the current process (a forked host child must not reuse its parent's runtime). */
long ot_self_pid(void);

/* ---- paths and environment (UTF-8) -------------------------------------------------------- */

/* Directory holding this library (dladdr / GetModuleHandleEx + GetModuleFileNameW),
 * without a trailing separator. Returns 0 on success. Never the working directory. */
int ot_self_dir(char *buf, size_t size);

/* Separator used to join paths ("/" or "\\"). */
const char *ot_path_sep(void);

/* Name of the node executable looked for beside the library ("node" or "node.exe"). */
const char *ot_node_exe_name(void);

/* Value of an environment variable in UTF-8. Returns 0 when set and non-empty and it fits. */
int ot_getenv(const char *name, char *buf, size_t size);

/* 1 when path names an existing regular file. */
int ot_file_exists(const char *path);

/* Reads at most size-1 bytes of a file, NUL-terminates. Returns bytes read, -1 on error. */
long ot_read_file(const char *path, char *buf, size_t size);

/* Appends len bytes to the file `path` in the folder `dir` (both UTF-8), creating the folder
 * (one level) and the file as needed, in one write (append mode: lines of several processes do
 * not interleave). Returns 0 when all bytes were written. */
int ot_append_file(const char *dir, const char *path, const void *data, size_t len);

/* Wall-clock seconds since 1970-01-01 UTC (for log lines; deadlines use ot_now_ms). */
int64_t ot_wall_seconds(void);

/* Resolves a bare program name ("node") through PATH into buf. Returns 0 when found. */
int ot_find_in_path(const char *name, char *buf, size_t size);

/* The operating system in words, for start-up errors: "Windows 6.1 (build 7601)" (from
 * RtlGetVersion, which no compatibility shim lies to), "Linux 6.1.0 x86_64, glibc 2.36".
 * Returns OT_OS_OLD_WINDOWS before Windows 10 (Node.js 20+ does not support it),
 * OT_OS_OLD_GLIBC under glibc 2.28 (official Node.js 20+ builds do not run), else OT_OS_OK. */
enum { OT_OS_OK, OT_OS_OLD_WINDOWS, OT_OS_OLD_GLIBC };
int ot_os_describe(char *buf, size_t size);

/* ---- the child runtime -------------------------------------------------------------------- */

typedef struct ot_child ot_child;

/*
 * Starts `exe` with arguments argv (argv[0] is the program name as the child sees it,
 * NULL-terminated list, all UTF-8) with:
 *   stdin  = a pipe the shim writes frames to,
 *   stdout = a pipe the shim reads frames from,
 *   stderr = the host's stderr (posix) / the host's stderr handle if valid, else NUL (win).
 * posix: fork from the calling thread (the shim calls this from the runtime's own
 *   long-lived reader thread, because PR_SET_PDEATHSIG follows the forking *thread*),
 *   PR_SET_PDEATHSIG(SIGKILL) on Linux, all other descriptors closed, signal mask cleared,
 *   exec errors reported back through a CLOEXEC pipe so a missing node fails here.
 * win: CreateProcessW, CREATE_NO_WINDOW, PROC_THREAD_ATTRIBUTE_HANDLE_LIST limited to the
 *   child's pipe ends, assigned to a job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE.
 * Returns NULL on failure with a short reason (ASCII) in err.
 */
ot_child *ot_child_spawn(const char *exe, const char *const argv[], char *err, size_t errlen);

/* OS process id (for logs and tests). */
long ot_child_pid(const ot_child *c);

/*
 * Writes one frame to the child's stdin — head_len bytes of head, then body_len bytes of body —
 * giving up at deadline_ms. Both parts go out in one system call where they fit the pipe
 * (posix: writev; Windows: one WriteFile for a small frame), so the runtime wakes once per
 * request instead of reading a lone header and waiting again for the payload.
 * *written receives how many bytes went out (so the caller knows whether the runtime may
 * have seen the request). Returns 0 when all bytes were written, -1 on error (broken pipe:
 * the runtime is gone) or timeout. Never raises SIGPIPE in the host.
 * Callers serialise writes themselves (one writer at a time).
 * Windows note: anonymous pipes are synchronous, so the deadline is best effort there.
 */
int ot_child_write(ot_child *c, const void *head, size_t head_len, const void *body, size_t body_len, uint64_t deadline_ms,
                   size_t *written);

/* 1 when the child has certainly exited (without reaping it), else 0. The shim checks this
 * before sending a request: a request written to a pipe whose reader already died can be
 * accepted by the pipe (seen under wine) and would then count as "outcome unknown". */
int ot_child_exited(ot_child *c);

/* Blocking read from the child's stdout (reader thread only).
 * Returns bytes read (>0), 0 at end of stream, -1 on error. */
long ot_child_read(ot_child *c, void *buf, size_t len);

/*
 * Leader/follower reading (see native/onetrans.c). 1 when this platform can bound a read of
 * the child's stdout by a deadline and wait for the end of that stream without reading it:
 * then a caller's own thread reads its answer (no hand-off through the reader thread) and the
 * reader thread only watches for the runtime's exit. 0 where pipe reads cannot be bounded
 * (Windows anonymous pipes): there the reader thread reads every frame, as before.
 */
int ot_child_timed_reads(void);

/* Like ot_child_read, but gives up at deadline_ms (UINT64_MAX: never) and returns -2 then.
 * When nothing is there yet, first keeps trying for up to spin_us microseconds without
 * sleeping (an answer that lands then costs no wake-up), then sleeps until data or the
 * deadline. One reader at a time (the shim's reading token). Only where
 * ot_child_timed_reads() is 1. */
long ot_child_read_until(ot_child *c, void *buf, size_t len, uint64_t deadline_ms, uint32_t spin_us);

/* Blocks until the child's stdout has no writer left (the runtime exited or was killed),
 * without consuming any byte of it. Only where ot_child_timed_reads() is 1. */
void ot_child_wait_hangup(ot_child *c);

/* Closes the shim's end of the child's stdin (the runtime exits on EOF). Idempotent. */
void ot_child_close_stdin(ot_child *c);

/* Kills the child if still running. Does not wait. */
void ot_child_kill(ot_child *c);

/* Waits up to timeout_ms for the child to exit (posix: reaps it, no zombie), then kills it
 * and reaps it for good, closes every handle and frees c. When how is not NULL it receives
 * how the child ended, in words ("exit status 3", "killed by signal 9", on Windows the exit
 * code with what the loader's codes mean: a missing DLL or entry point, a wrong-bitness exe). */
void ot_child_reap_and_free(ot_child *c, uint32_t timeout_ms, char *how, size_t howlen);

#ifdef __cplusplus
}
#endif

#endif /* ONETRANS_PLATFORM_H */
