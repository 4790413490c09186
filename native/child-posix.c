/*
 * native/child-posix.c — platform.h's child runtime for Linux: fork+exec, pipes, reading
 * with deadlines, reaping.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

struct ot_child {
  pid_t pid;
  int in_fd;  /* we write: child's stdin */
  int out_fd; /* we read: child's stdout */
  int reaped;
};

/* ---- child --------------------------------------------------------------------------------- */

static void close_from(int lowfd) {
  /* In the forked child: close every descriptor the host leaked without CLOEXEC. */
#ifdef SYS_close_range
  if (syscall(SYS_close_range, (unsigned)lowfd, ~0u, 0u) == 0) return;
#endif
  struct rlimit rl;
  long max = 4096;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) max = (long)rl.rlim_cur;
  if (max > 65536) max = 65536;
  for (int fd = lowfd; fd < max; fd++) close(fd);
}

static void child_fail(int errfd, const char *what) {
  /* async-signal-safe only: write + _exit */
  int e = errno;
  char msg[96];
  size_t n = 0;
  const char *w = what;
  while (*w && n < 60) msg[n++] = *w++;
  msg[n++] = ':';
  msg[n++] = ' ';
  const char *es = e == ENOENT ? "no such file" : e == EACCES ? "permission denied" : "errno";
  while (*es && n < sizeof msg - 8) msg[n++] = *es++;
  if (e != ENOENT && e != EACCES) {
    char d[8];
    int k = 0, v = e;
    do { d[k++] = (char)('0' + v % 10); v /= 10; } while (v && k < 7);
    msg[n++] = ' ';
    while (k) msg[n++] = d[--k];
  }
  ssize_t ignored = write(errfd, msg, n);
  (void)ignored;
  _exit(127);
}

extern char **environ;

/*
 * The runtime's environment: the host's, plus MALLOC_ARENA_MAX=1 unless the host set it. glibc
 * gives each of node's threads its own malloc arena, and they grow to ~10 MB that a runtime
 * serving one call at a time does not need (bench footprint: 6-7 MB less private memory per
 * HIS process, warm calls as fast). Built before fork: the child may not allocate. NULL: use
 * environ as it is.
 */
static char **runtime_environment(void) {
  size_t n = 0;
  for (char **e = environ; e && *e; e++, n++) {
    if (strncmp(*e, "MALLOC_ARENA_MAX=", 17) == 0) return NULL;
  }
  char **env = malloc((n + 2) * sizeof *env);
  if (!env) return NULL;
  if (n) memcpy(env, environ, n * sizeof *env);
  env[n] = (char *)"MALLOC_ARENA_MAX=1";
  env[n + 1] = NULL;
  return env;
}

ot_child *ot_child_spawn(const char *exe, const char *const argv[], char *err, size_t errlen) {
  int in_p[2] = {-1, -1}, out_p[2] = {-1, -1}, err_p[2] = {-1, -1};
  char **env = NULL;
  if (pipe2(in_p, O_CLOEXEC) != 0 || pipe2(out_p, O_CLOEXEC) != 0 || pipe2(err_p, O_CLOEXEC) != 0) {
    snprintf(err, errlen, "pipe failed: %s", strerror(errno));
    goto fail;
  }
  pid_t parent = getpid();
  env = runtime_environment();
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(err, errlen, "fork failed: %s", strerror(errno));
    goto fail;
  }
  if (pid == 0) {
    /* Child: only async-signal-safe calls from here to exec. */
#ifdef __linux__
    /* Dies with the thread that forked it (the runtime's reader thread, which lives exactly
     * as long as the runtime) and so with the host process. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1); /* host already gone */
#endif
    (void)parent;
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* Lift our three pipe ends above 2 first: a host that closed its own 0..2 may have
     * been handed those numbers by pipe2. dup2 clears CLOEXEC on the copies it makes. */
    int a = fcntl(in_p[0], F_DUPFD_CLOEXEC, 10);
    int b = fcntl(out_p[1], F_DUPFD_CLOEXEC, 10);
    int errfd = fcntl(err_p[1], F_DUPFD_CLOEXEC, 10);
    if (errfd < 0) _exit(126);
    if (a < 0 || b < 0) child_fail(errfd, "dup");
    if (dup2(a, 0) < 0 || dup2(b, 1) < 0) child_fail(errfd, "dup2");
    if (dup3(errfd, 3, O_CLOEXEC) < 0) child_fail(errfd, "dup3");
    errfd = 3;
    close_from(4);
    execve(exe, (char *const *)argv, env ? env : environ);
    child_fail(errfd, "exec");
  }
  free(env);
  env = NULL;
  close(in_p[0]);
  close(out_p[1]);
  close(err_p[1]);
  in_p[0] = out_p[1] = err_p[1] = -1;
  /* Exec succeeded iff the CLOEXEC error pipe closes without data. */
  char msg[128];
  ssize_t n;
  do {
    n = read(err_p[0], msg, sizeof msg - 1);
  } while (n < 0 && errno == EINTR);
  close(err_p[0]);
  err_p[0] = -1;
  if (n > 0) {
    msg[n] = 0;
    snprintf(err, errlen, "%s (%s)", msg, exe);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    goto fail;
  }
  /* Our write end never blocks forever: writes poll with a deadline. */
  fcntl(in_p[1], F_SETFL, fcntl(in_p[1], F_GETFL) | O_NONBLOCK);
  /* Reads too: a caller thread reading with a deadline polls (ot_child_read_until). */
  fcntl(out_p[0], F_SETFL, fcntl(out_p[0], F_GETFL) | O_NONBLOCK);
  ot_child *c = calloc(1, sizeof *c);
  if (!c) {
    kill(pid, SIGKILL);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    snprintf(err, errlen, "out of memory");
    goto fail;
  }
  c->pid = pid;
  c->in_fd = in_p[1];
  c->out_fd = out_p[0];
  return c;
fail:
  free(env);
  for (int i = 0; i < 2; i++) {
    if (in_p[i] >= 0) close(in_p[i]);
    if (out_p[i] >= 0) close(out_p[i]);
    if (err_p[i] >= 0) close(err_p[i]);
  }
  return NULL;
}

long ot_child_pid(const ot_child *c) { return c ? (long)c->pid : 0; }

/*
 * SIGPIPE: a write to a pipe whose reader died raises SIGPIPE, whose default action would
 * kill the hospital's program. We must not change the host's process-wide disposition
 * (the host may rely on its own handler), so instead: block SIGPIPE in this thread around
 * the write (a write-generated SIGPIPE is directed at the writing thread), and if the write
 * failed with EPIPE and no SIGPIPE was pending before, consume the one we caused with
 * sigtimedwait(zero timeout) before restoring the mask. The host never sees it.
 */
int ot_child_write(ot_child *c, const void *head, size_t head_len, const void *body, size_t body_len, uint64_t deadline_ms,
                   size_t *written) {
  size_t len = head_len + body_len;
  size_t done = 0;
  int rc = 0;
  sigset_t pipe_set, old_mask, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigpending(&pending);
  int was_pending = sigismember(&pending, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
  int got_epipe = 0;
  if (c->in_fd < 0) rc = -1;
  while (rc == 0 && done < len) {
    /* What is left of the frame: the rest of the head (if any), then the rest of the body. */
    struct iovec iov[2];
    int n_iov = 0;
    if (done < head_len) {
      iov[n_iov].iov_base = (char *)head + done;
      iov[n_iov++].iov_len = head_len - done;
    }
    if (body_len > 0) {
      size_t body_done = done > head_len ? done - head_len : 0;
      iov[n_iov].iov_base = (char *)body + body_done;
      iov[n_iov++].iov_len = body_len - body_done;
    }
    ssize_t n = writev(c->in_fd, iov, n_iov);
    if (n > 0) {
      done += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      uint64_t now = ot_now_ms();
      if (now >= deadline_ms) {
        rc = -1;
        break;
      }
      struct pollfd pfd = {c->in_fd, POLLOUT, 0};
      uint64_t wait = deadline_ms - now;
      poll(&pfd, 1, wait > 1000 ? 1000 : (int)wait);
      continue;
    }
    if (n < 0 && errno == EPIPE) got_epipe = 1;
    rc = -1;
  }
  if (got_epipe && !was_pending) {
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
  if (written) *written = done;
  return rc;
}

int ot_child_exited(ot_child *c) {
  if (!c || c->reaped) return 1;
  siginfo_t info;
  memset(&info, 0, sizeof info);
  /* WNOWAIT: look without reaping; the reader thread reaps. ECHILD (a host that ignores
   * SIGCHLD) means we cannot tell: say alive and let EPIPE speak. */
  if (waitid(P_PID, (id_t)c->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == c->pid) return 1;
  return 0;
}

long ot_child_read(ot_child *c, void *buf, size_t len) { return ot_child_read_until(c, buf, len, UINT64_MAX, 0); }

int ot_child_timed_reads(void) { return 1; }

long ot_child_read_until(ot_child *c, void *buf, size_t len, uint64_t deadline_ms, uint32_t spin_us) {
  if (spin_us > 0) {
    uint64_t spin_end = ot_now_us() + spin_us;
    for (;;) {
      ssize_t n = read(c->out_fd, buf, len);
      if (n >= 0) return (long)n;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      if (ot_now_us() >= spin_end) break;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
  }
  for (;;) {
    /* Read first: the answer is often there already, and then poll() would be one more
     * system call for nothing. out_fd is non-blocking (ot_child_spawn). */
    ssize_t n = read(c->out_fd, buf, len);
    if (n >= 0) return (long)n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    int timeout = -1;
    if (deadline_ms != UINT64_MAX) {
      uint64_t now = ot_now_ms();
      if (now >= deadline_ms) return -2;
      uint64_t wait = deadline_ms - now;
      timeout = wait > 60000 ? 60000 : (int)wait;
    }
    struct pollfd pfd = {c->out_fd, POLLIN, 0};
    poll(&pfd, 1, timeout); /* readable, hung up, EINTR or timeout: the loop re-checks */
  }
}

void ot_child_wait_hangup(ot_child *c) {
  /* events = 0: poll reports only POLLHUP/POLLERR, i.e. the runtime's end of its stdout is
   * closed; bytes still waiting in the pipe neither wake us nor get consumed. */
  for (;;) {
    struct pollfd pfd = {c->out_fd, 0, 0};
    int r = poll(&pfd, 1, -1);
    if (r > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))) return;
    if (r < 0 && errno != EINTR) return;
  }
}

void ot_child_close_stdin(ot_child *c) {
  if (c && c->in_fd >= 0) {
    close(c->in_fd);
    c->in_fd = -1;
  }
}

void ot_child_kill(ot_child *c) {
  if (c && !c->reaped) kill(c->pid, SIGKILL);
}

void ot_child_reap_and_free(ot_child *c, uint32_t timeout_ms, char *how, size_t howlen) {
  if (!c) return;
  ot_child_close_stdin(c);
  uint64_t deadline = ot_now_ms() + timeout_ms;
  int st = 0, got = 0;
  while (!c->reaped) {
    pid_t r = waitpid(c->pid, &st, WNOHANG);
    if (r == c->pid || (r < 0 && errno == ECHILD)) {
      got = r == c->pid;
      c->reaped = 1;
      break;
    }
    if (r < 0 && errno != EINTR) break;
    if (ot_now_ms() >= deadline) {
      kill(c->pid, SIGKILL);
      while ((r = waitpid(c->pid, &st, 0)) < 0 && errno == EINTR) {
      }
      got = r == c->pid;
      c->reaped = 1;
      break;
    }
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  if (how && howlen) {
    if (got && WIFEXITED(st))
      snprintf(how, howlen, "exit status %d%s", WEXITSTATUS(st), WEXITSTATUS(st) == 127 ? " (not found or not executable)" : "");
    else if (got && WIFSIGNALED(st))
      snprintf(how, howlen, "killed by signal %d", WTERMSIG(st));
    else
      snprintf(how, howlen, "exit status unknown");
  }
  if (c->out_fd >= 0) close(c->out_fd);
  free(c);
}
