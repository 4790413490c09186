/*
 * native/platform-posix.c — platform.h for Linux: time, locks, threads, paths, the OS.
 * The child process is in child-posix.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "platform.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* ---- time ---------------------------------------------------------------------------------- */

uint64_t ot_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t ot_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---- sync ---------------------------------------------------------------------------------- */

void ot_mutex_init(ot_mutex *m) { pthread_mutex_init(m, NULL); }
void ot_mutex_lock(ot_mutex *m) { pthread_mutex_lock(m); }
void ot_mutex_unlock(ot_mutex *m) { pthread_mutex_unlock(m); }

void ot_cond_init(ot_cond *c) {
  pthread_condattr_t a;
  pthread_condattr_init(&a);
#if !defined(__APPLE__)
  /* Deadlines are monotonic: a wall-clock change must not stretch or cut a wait. */
  pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
#endif
  pthread_cond_init(c, &a);
  pthread_condattr_destroy(&a);
}
void ot_cond_destroy(ot_cond *c) { pthread_cond_destroy(c); }
void ot_cond_broadcast(ot_cond *c) { pthread_cond_broadcast(c); }

int ot_cond_wait_until(ot_cond *c, ot_mutex *m, uint64_t deadline_ms) {
  uint64_t now = ot_now_ms();
  if (now >= deadline_ms) return 1;
  struct timespec ts;
#if defined(__APPLE__)
  uint64_t rel = deadline_ms - now;
  ts.tv_sec = (time_t)(rel / 1000u);
  ts.tv_nsec = (long)((rel % 1000u) * 1000000u);
  int rc = pthread_cond_timedwait_relative_np(c, m, &ts);
#else
  ts.tv_sec = (time_t)(deadline_ms / 1000u);
  ts.tv_nsec = (long)((deadline_ms % 1000u) * 1000000u);
  int rc = pthread_cond_timedwait(c, m, &ts);
#endif
  return rc == ETIMEDOUT ? 1 : 0;
}

void ot_call_once(ot_once *once, void (*fn)(void)) { pthread_once(once, fn); }

struct thread_start {
  void (*fn)(void *);
  void *arg;
};

static void *thread_main(void *p) {
  struct thread_start s = *(struct thread_start *)p;
  free(p);
  s.fn(s.arg);
  return NULL;
}

int ot_thread_start(void (*fn)(void *), void *arg) {
  struct thread_start *s = malloc(sizeof *s);
  if (!s) return -1;
  s->fn = fn;
  s->arg = arg;
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  /* Block asynchronous signals while creating, so the new thread starts with them blocked
   * (it inherits the mask): the host's handlers keep running on the host's threads only. */
  sigset_t all, old;
  sigfillset(&all);
  sigdelset(&all, SIGSEGV);
  sigdelset(&all, SIGBUS);
  sigdelset(&all, SIGFPE);
  sigdelset(&all, SIGILL);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  pthread_t t;
  int rc = pthread_create(&t, &a, thread_main, s);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&a);
  if (rc != 0) {
    free(s);
    return -1;
  }
  return 0;
}

/* ---- paths --------------------------------------------------------------------------------- */

int ot_self_dir(char *buf, size_t size) {
  Dl_info info;
  /* The address of this function is inside the library, whatever the working directory. */
  if (!dladdr((void *)&ot_self_dir, &info) || !info.dli_fname) return -1;
  char *real = realpath(info.dli_fname, NULL);
  const char *p = real ? real : info.dli_fname;
  const char *slash = strrchr(p, '/');
  size_t n = slash ? (size_t)(slash - p) : 0;
  int rc = -1;
  if (slash && n == 0) n = 1; /* library in "/" */
  if (slash && n < size) {
    memcpy(buf, p, n);
    buf[n] = 0;
    rc = 0;
  } else if (!slash && size > 1) {
    /* dli_fname without a directory: fall back to the current directory is NOT allowed;
     * report failure and let the caller use the other lookups. */
    rc = -1;
  }
  free(real);
  return rc;
}

const char *ot_path_sep(void) { return "/"; }
const char *ot_node_exe_name(void) { return "node"; }

int ot_getenv(const char *name, char *buf, size_t size) {
  const char *v = getenv(name);
  if (!v || !*v) return -1;
  size_t n = strlen(v);
  if (n >= size) return -1;
  memcpy(buf, v, n + 1);
  return 0;
}

int ot_file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int ot_append_file(const char *dir, const char *path, const void *data, size_t len) {
  if (mkdir(dir, 0755) != 0 && errno != EEXIST) return -1;
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  ssize_t w;
  do {
    w = write(fd, data, len);
  } while (w < 0 && errno == EINTR);
  close(fd);
  return w == (ssize_t)len ? 0 : -1;
}

int64_t ot_wall_seconds(void) { return (int64_t)time(NULL); }

long ot_read_file(const char *path, char *buf, size_t size) {
  if (size == 0) return -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t got = 0;
  while (got + 1 < size) {
    ssize_t r = read(fd, buf + got, size - 1 - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  buf[got] = 0;
  return (long)got;
}

int ot_find_in_path(const char *name, char *buf, size_t size) {
  if (strchr(name, '/')) {
    if (strlen(name) >= size || access(name, X_OK) != 0) return -1;
    strcpy(buf, name);
    return 0;
  }
  const char *path = getenv("PATH");
  if (!path || !*path) path = "/usr/local/bin:/usr/bin:/bin";
  const char *p = path;
  while (*p) {
    const char *end = strchr(p, ':');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len > 0 && len + 1 + strlen(name) < size) {
      memcpy(buf, p, len);
      buf[len] = '/';
      strcpy(buf + len + 1, name);
      struct stat st;
      if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0) return 0;
    }
    if (!end) break;
    p = end + 1;
  }
  return -1;
}

void ot_pin_library(void) {
  Dl_info info;
  if (!dladdr((void *)&ot_pin_library, &info) || !info.dli_fname) return;
  /* The handle is deliberately never closed: RTLD_NODELETE keeps the code mapped. */
  void *h = dlopen(info.dli_fname, RTLD_NOW | RTLD_NODELETE | RTLD_NOLOAD);
  (void)h;
}

long ot_self_pid(void) { return (long)getpid(); }

int ot_os_describe(char *buf, size_t size) {
  struct utsname u;
  int n = uname(&u) == 0 ? snprintf(buf, size, "%s %s %s", u.sysname, u.release, u.machine) : snprintf(buf, size, "posix");
  if (n < 0 || (size_t)n >= size) n = (int)strlen(buf);
  int state = OT_OS_OK;
#ifdef _CS_GNU_LIBC_VERSION
  char libc[64]; /* "glibc 2.36" */
  size_t len = confstr(_CS_GNU_LIBC_VERSION, libc, sizeof libc);
  if (len > 0 && len <= sizeof libc) {
    snprintf(buf + n, size - (size_t)n, ", %s", libc);
    int major = 0, minor = 0;
    if (sscanf(libc, "glibc %d.%d", &major, &minor) == 2 && (major < 2 || (major == 2 && minor < 28)))
      state = OT_OS_OLD_GLIBC;
  }
#endif
  return state;
}
