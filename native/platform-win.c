/*
 * native/platform-win.c — platform.h for Windows (Vista+ APIs; built with mingw-w64 or MSVC).
 *
 * Strings cross platform.h as UTF-8 and become UTF-16 here, at every system call, so
 * install folders with Chinese names work. Nothing runs in DllMain (there is none).
 */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601 /* Windows 7: PROC_THREAD_ATTRIBUTE_HANDLE_LIST, SRW, CONDITION_VARIABLE */
#endif
#include "platform.h"

#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct ot_child {
  HANDLE process;
  HANDLE job;     /* KILL_ON_JOB_CLOSE: the runtime dies with the host even if it hangs */
  HANDLE in_w;    /* we write: child's stdin */
  HANDLE out_r;   /* we read: child's stdout */
  DWORD pid;
};

/* ---- UTF-8 <-> UTF-16 ---------------------------------------------------------------------- */

static wchar_t *to_wide(const char *s) {
  int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
  if (n <= 0) return NULL;
  wchar_t *w = (wchar_t *)malloc((size_t)n * sizeof(wchar_t));
  if (!w) return NULL;
  if (MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n) <= 0) {
    free(w);
    return NULL;
  }
  return w;
}

static int to_utf8(const wchar_t *w, char *buf, size_t size) {
  int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
  if (n <= 0 || (size_t)n > size) return -1;
  return WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, (int)size, NULL, NULL) > 0 ? 0 : -1;
}

/* ---- time, sync, threads -------------------------------------------------------------------- */

uint64_t ot_now_ms(void) { return (uint64_t)GetTickCount64(); }

uint64_t ot_now_us(void) {
  LARGE_INTEGER f, c;
  if (!QueryPerformanceFrequency(&f) || !QueryPerformanceCounter(&c) || f.QuadPart == 0) return ot_now_ms() * 1000u;
  return (uint64_t)(c.QuadPart / f.QuadPart) * 1000000u + (uint64_t)(c.QuadPart % f.QuadPart) * 1000000u / (uint64_t)f.QuadPart;
}

void ot_mutex_init(ot_mutex *m) { InitializeSRWLock(m); }
void ot_mutex_lock(ot_mutex *m) { AcquireSRWLockExclusive(m); }
void ot_mutex_unlock(ot_mutex *m) { ReleaseSRWLockExclusive(m); }

void ot_cond_init(ot_cond *c) { InitializeConditionVariable(c); }
void ot_cond_destroy(ot_cond *c) { (void)c; /* condition variables need no cleanup */ }
void ot_cond_broadcast(ot_cond *c) { WakeAllConditionVariable(c); }

int ot_cond_wait_until(ot_cond *c, ot_mutex *m, uint64_t deadline_ms) {
  uint64_t now = ot_now_ms();
  if (now >= deadline_ms) return 1;
  uint64_t rel = deadline_ms - now;
  DWORD ms = rel >= 0xFFFFFFF0u ? 0xFFFFFFF0u : (DWORD)rel; /* never INFINITE */
  if (SleepConditionVariableSRW(c, m, ms, 0)) return 0;
  return GetLastError() == ERROR_TIMEOUT ? 1 : 0;
}

static BOOL CALLBACK once_trampoline(PINIT_ONCE once, PVOID param, PVOID *ctx) {
  (void)once;
  (void)ctx;
  void (*fn)(void);
  memcpy(&fn, &param, sizeof fn);
  fn();
  return TRUE;
}

void ot_call_once(ot_once *once, void (*fn)(void)) {
  PVOID param;
  memcpy(&param, &fn, sizeof param);
  InitOnceExecuteOnce(once, once_trampoline, param, NULL);
}

struct thread_start {
  void (*fn)(void *);
  void *arg;
};

static unsigned __stdcall thread_main(void *p) {
  struct thread_start s = *(struct thread_start *)p;
  free(p);
  s.fn(s.arg);
  return 0;
}

int ot_thread_start(void (*fn)(void *), void *arg) {
  struct thread_start *s = (struct thread_start *)malloc(sizeof *s);
  if (!s) return -1;
  s->fn = fn;
  s->arg = arg;
  /* _beginthreadex, not CreateThread: the thread uses the C runtime (malloc, snprintf). */
  uintptr_t h = _beginthreadex(NULL, 0, thread_main, s, 0, NULL);
  if (h == 0) {
    free(s);
    return -1;
  }
  CloseHandle((HANDLE)h); /* detached */
  return 0;
}

void ot_pin_library(void) {
  HMODULE h = NULL;
  /* FreeLibrary by the host after a call would unmap the reader thread's code: pin. */
  GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                     (LPCWSTR)(void *)&ot_pin_library, &h);
}

long ot_self_pid(void) { return (long)GetCurrentProcessId(); }

/* ---- paths and environment ------------------------------------------------------------------ */

int ot_self_dir(char *buf, size_t size) {
  HMODULE self = NULL;
  if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCWSTR)(void *)&ot_self_dir, &self))
    return -1;
  DWORD cap = MAX_PATH;
  wchar_t *w = NULL;
  for (;;) {
    wchar_t *nw = (wchar_t *)realloc(w, cap * sizeof(wchar_t));
    if (!nw) {
      free(w);
      return -1;
    }
    w = nw;
    DWORD n = GetModuleFileNameW(self, w, cap);
    if (n == 0) {
      free(w);
      return -1;
    }
    if (n < cap) break; /* fits (n == cap means truncated) */
    if (cap >= 32768) {
      free(w);
      return -1;
    }
    cap *= 2;
  }
  wchar_t *slash = wcsrchr(w, L'\\');
  wchar_t *fslash = wcsrchr(w, L'/');
  if (fslash && (!slash || fslash > slash)) slash = fslash;
  if (!slash) {
    free(w);
    return -1;
  }
  *slash = 0;
  int rc = to_utf8(w, buf, size);
  free(w);
  return rc;
}

const char *ot_path_sep(void) { return "\\"; }
const char *ot_node_exe_name(void) { return "node.exe"; }

int ot_getenv(const char *name, char *buf, size_t size) {
  wchar_t *wname = to_wide(name);
  if (!wname) return -1;
  /* GetEnvironmentVariableW sees the process environment (SetEnvironmentVariable included),
   * not a C runtime copy. */
  DWORD n = GetEnvironmentVariableW(wname, NULL, 0);
  int rc = -1;
  if (n > 1) {
    wchar_t *v = (wchar_t *)malloc((size_t)n * sizeof(wchar_t));
    if (v && GetEnvironmentVariableW(wname, v, n) > 0) rc = to_utf8(v, buf, size);
    free(v);
  }
  free(wname);
  return rc;
}

int ot_file_exists(const char *path) {
  wchar_t *w = to_wide(path);
  if (!w) return 0;
  DWORD a = GetFileAttributesW(w);
  free(w);
  return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

long ot_read_file(const char *path, char *buf, size_t size) {
  if (size == 0) return -1;
  wchar_t *w = to_wide(path);
  if (!w) return -1;
  HANDLE h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                         FILE_ATTRIBUTE_NORMAL, NULL);
  free(w);
  if (h == INVALID_HANDLE_VALUE) return -1;
  size_t got = 0;
  while (got + 1 < size) {
    DWORD want = (DWORD)((size - 1 - got) > 0x10000000u ? 0x10000000u : (size - 1 - got));
    DWORD n = 0;
    if (!ReadFile(h, buf + got, want, &n, NULL) || n == 0) break;
    got += n;
  }
  CloseHandle(h);
  buf[got] = 0;
  return (long)got;
}

/* Walks PATH only (not the current directory, unlike SearchPathW's default order). */
int ot_find_in_path(const char *name, char *buf, size_t size) {
  wchar_t *wname = to_wide(name);
  if (!wname) return -1;
  DWORD n = GetEnvironmentVariableW(L"PATH", NULL, 0);
  wchar_t *path = n ? (wchar_t *)malloc((size_t)n * sizeof(wchar_t)) : NULL;
  int rc = -1;
  if (path && GetEnvironmentVariableW(L"PATH", path, n) > 0) {
    wchar_t *ctx = NULL;
    for (wchar_t *dir = wcstok_s(path, L";", &ctx); dir; dir = wcstok_s(NULL, L";", &ctx)) {
      size_t dl = wcslen(dir);
      if (dl >= 2 && dir[0] == L'"' && dir[dl - 1] == L'"') { /* PATH entries may be quoted */
        dir[dl - 1] = 0;
        dir++;
        dl -= 2;
      }
      if (dl == 0) continue;
      size_t total = dl + 1 + wcslen(wname) + 1;
      wchar_t *cand = (wchar_t *)malloc(total * sizeof(wchar_t));
      if (!cand) break;
      int sep = dir[dl - 1] == L'\\' || dir[dl - 1] == L'/';
      _snwprintf(cand, total, sep ? L"%ls%ls" : L"%ls\\%ls", dir, wname);
      cand[total - 1] = 0;
      DWORD a = GetFileAttributesW(cand);
      if (a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY)) {
        rc = to_utf8(cand, buf, size);
        free(cand);
        break;
      }
      free(cand);
    }
  }
  free(path);
  free(wname);
  return rc;
}

/* ---- child ------------------------------------------------------------------------------------ */

/* Appends one argument quoted the way CommandLineToArgvW / the MSVC runtime parse it. */
static void append_arg(wchar_t *dst, size_t *len, const wchar_t *arg) {
  int needs = arg[0] == 0 || wcspbrk(arg, L" \t\n\v\"") != NULL;
  if (*len) dst[(*len)++] = L' ';
  if (!needs) {
    size_t n = wcslen(arg);
    memcpy(dst + *len, arg, n * sizeof(wchar_t));
    *len += n;
    return;
  }
  dst[(*len)++] = L'"';
  for (const wchar_t *p = arg;; p++) {
    size_t backslashes = 0;
    while (*p == L'\\') {
      p++;
      backslashes++;
    }
    if (*p == 0) {
      for (size_t i = 0; i < backslashes * 2; i++) dst[(*len)++] = L'\\';
      break;
    } else if (*p == L'"') {
      for (size_t i = 0; i < backslashes * 2 + 1; i++) dst[(*len)++] = L'\\';
      dst[(*len)++] = L'"';
    } else {
      for (size_t i = 0; i < backslashes; i++) dst[(*len)++] = L'\\';
      dst[(*len)++] = *p;
    }
  }
  dst[(*len)++] = L'"';
}

static void win_error(char *err, size_t errlen, const char *what) {
  DWORD e = GetLastError();
  const char *hint = e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? " (file not found)"
                     : e == ERROR_ACCESS_DENIED                             ? " (access denied)"
                     : e == ERROR_BAD_EXE_FORMAT                            ? " (not a valid executable for this Windows)"
                                                                            : "";
  snprintf(err, errlen, "%s failed: error %lu%s", what, (unsigned long)e, hint);
}

/* Windows fix (windows helper, test/windows): node.exe opens a FILE_TYPE_PIPE stdio handle
 * as a named pipe (libuv calls SetNamedPipeHandleState on it); for a handle that only looks
 * like a pipe - a socket, or under wine a Unix pipe - that fails, and node dies with
 * "open EBADF" the first time the runtime touches process.stderr. Hand the host's stderr
 * down only when node can open it: a file, a console/character device or a real pipe. */
static int stderr_usable_by_node(HANDLE h) {
  DWORD flags = 0;
  switch (GetFileType(h)) {
  case FILE_TYPE_DISK:
  case FILE_TYPE_CHAR:
    return 1;
  case FILE_TYPE_PIPE:
    return GetNamedPipeInfo(h, &flags, NULL, NULL, NULL) ? 1 : 0;
  default:
    return 0;
  }
}

ot_child *ot_child_spawn(const char *exe, const char *const argv[], char *err, size_t errlen) {
  HANDLE in_r = NULL, in_w = NULL, out_r = NULL, out_w = NULL, err_h = NULL, job = NULL;
  wchar_t *wexe = NULL, *cmd = NULL;
  LPPROC_THREAD_ATTRIBUTE_LIST attrs = NULL;
  ot_child *c = NULL;
  PROCESS_INFORMATION pi;
  memset(&pi, 0, sizeof pi);

  /* Pipes are created non-inheritable; only the child's two ends are made inheritable, and
   * the handle list below restricts inheritance to exactly those (plus stderr). */
  SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, FALSE};
  if (!CreatePipe(&in_r, &in_w, &sa, 0) || !CreatePipe(&out_r, &out_w, &sa, 0)) {
    win_error(err, errlen, "CreatePipe");
    goto fail;
  }
  if (!SetHandleInformation(in_r, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT) ||
      !SetHandleInformation(out_w, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)) {
    win_error(err, errlen, "SetHandleInformation");
    goto fail;
  }
  /* stderr: an inheritable duplicate of the host's, or NUL (GUI hosts have none). */
  HANDLE host_err = GetStdHandle(STD_ERROR_HANDLE);
  if (host_err && host_err != INVALID_HANDLE_VALUE && stderr_usable_by_node(host_err) &&
      DuplicateHandle(GetCurrentProcess(), host_err, GetCurrentProcess(), &err_h, 0, TRUE, DUPLICATE_SAME_ACCESS)) {
    /* ok */
  } else {
    SECURITY_ATTRIBUTES isa = {sizeof isa, NULL, TRUE};
    err_h = CreateFileW(L"NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &isa, OPEN_EXISTING, 0, NULL);
    if (err_h == INVALID_HANDLE_VALUE) err_h = NULL;
  }

  wexe = to_wide(exe);
  if (!wexe) {
    snprintf(err, errlen, "bad path encoding");
    goto fail;
  }
  size_t cap = 1;
  for (int i = 0; argv[i]; i++) cap += 3 + 3 * strlen(argv[i]) + 2;
  cmd = (wchar_t *)calloc(cap, sizeof(wchar_t));
  if (!cmd) {
    snprintf(err, errlen, "out of memory");
    goto fail;
  }
  size_t len = 0;
  for (int i = 0; argv[i]; i++) {
    wchar_t *wa = to_wide(argv[i]);
    if (!wa) {
      snprintf(err, errlen, "bad argument encoding");
      goto fail;
    }
    append_arg(cmd, &len, wa);
    free(wa);
  }
  cmd[len] = 0;

  HANDLE inherit[3];
  DWORD n_inherit = 0;
  inherit[n_inherit++] = in_r;
  inherit[n_inherit++] = out_w;
  if (err_h) inherit[n_inherit++] = err_h;
  SIZE_T attr_size = 0;
  InitializeProcThreadAttributeList(NULL, 1, 0, &attr_size);
  attrs = (LPPROC_THREAD_ATTRIBUTE_LIST)HeapAlloc(GetProcessHeap(), 0, attr_size);
  if (!attrs || !InitializeProcThreadAttributeList(attrs, 1, 0, &attr_size)) {
    if (attrs) HeapFree(GetProcessHeap(), 0, attrs);
    attrs = NULL;
    win_error(err, errlen, "InitializeProcThreadAttributeList");
    goto fail;
  }
  if (!UpdateProcThreadAttribute(attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherit, n_inherit * sizeof(HANDLE),
                                 NULL, NULL)) {
    win_error(err, errlen, "UpdateProcThreadAttribute");
    goto fail;
  }

  STARTUPINFOEXW si;
  memset(&si, 0, sizeof si);
  si.StartupInfo.cb = sizeof si;
  si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  si.StartupInfo.hStdInput = in_r;
  si.StartupInfo.hStdOutput = out_w;
  si.StartupInfo.hStdError = err_h;
  si.lpAttributeList = attrs;

  /* Suspended, so it is in the job before it can run (or start grandchildren). */
  if (!CreateProcessW(wexe, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW | EXTENDED_STARTUPINFO_PRESENT | CREATE_SUSPENDED,
                      NULL, NULL, &si.StartupInfo, &pi)) {
    win_error(err, errlen, "CreateProcess");
    goto fail;
  }
  job = CreateJobObjectW(NULL, NULL);
  if (job) {
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION li;
    memset(&li, 0, sizeof li);
    li.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &li, sizeof li) ||
        !AssignProcessToJobObject(job, pi.hProcess)) {
      /* A host already in a job that forbids nesting (pre-Windows 8): go on without one;
       * the runtime still exits when its stdin closes with the host. */
      CloseHandle(job);
      job = NULL;
    }
  }
  ResumeThread(pi.hThread);
  CloseHandle(pi.hThread);
  pi.hThread = NULL;

  c = (ot_child *)calloc(1, sizeof *c);
  if (!c) {
    TerminateProcess(pi.hProcess, 1);
    snprintf(err, errlen, "out of memory");
    goto fail;
  }
  c->process = pi.hProcess;
  c->job = job;
  c->in_w = in_w;
  c->out_r = out_r;
  c->pid = pi.dwProcessId;
  CloseHandle(in_r);
  CloseHandle(out_w);
  if (err_h) CloseHandle(err_h);
  DeleteProcThreadAttributeList(attrs);
  HeapFree(GetProcessHeap(), 0, attrs);
  free(wexe);
  free(cmd);
  return c;

fail:
  if (pi.hProcess) CloseHandle(pi.hProcess);
  if (pi.hThread) CloseHandle(pi.hThread);
  if (job) CloseHandle(job);
  if (attrs) {
    DeleteProcThreadAttributeList(attrs);
    HeapFree(GetProcessHeap(), 0, attrs);
  }
  if (in_r) CloseHandle(in_r);
  if (in_w) CloseHandle(in_w);
  if (out_r) CloseHandle(out_r);
  if (out_w) CloseHandle(out_w);
  if (err_h) CloseHandle(err_h);
  free(wexe);
  free(cmd);
  return NULL;
}

long ot_child_pid(const ot_child *c) { return c ? (long)c->pid : 0; }

/* Anonymous pipes are synchronous: a write blocks while the pipe is full, so deadline_ms
 * is honoured only between chunks. The runtime reads stdin continuously, and when it dies
 * the reader thread terminates it, which fails a blocked write at once. There is no SIGPIPE
 * on Windows: a dead reader gives ERROR_BROKEN_PIPE / ERROR_NO_DATA. */
int ot_child_write(ot_child *c, const void *buf, size_t len, uint64_t deadline_ms, size_t *written) {
  const unsigned char *p = (const unsigned char *)buf;
  size_t done = 0;
  int rc = 0;
  if (!c->in_w) rc = -1;
  /* Windows fix (windows helper, test/windows): a runtime that has already exited cannot
   * read any of this frame, so report nothing written and let the shim start a new one.
   * Under wine a write just after the runtime was terminated can still be accepted (the
   * pipe outlives the process for a moment), turning a clean restart into "outcome unknown". */
  if (rc == 0 && c->process && WaitForSingleObject(c->process, 0) == WAIT_OBJECT_0) rc = -1;
  while (rc == 0 && done < len) {
    if (done > 0 && ot_now_ms() >= deadline_ms) {
      rc = -1;
      break;
    }
    DWORD chunk = (DWORD)((len - done) > 65536 ? 65536 : (len - done));
    DWORD n = 0;
    if (!WriteFile(c->in_w, p + done, chunk, &n, NULL)) {
      rc = -1;
      break;
    }
    done += n;
  }
  if (written) *written = done;
  return rc;
}

int ot_child_exited(ot_child *c) {
  return !c || !c->process || WaitForSingleObject(c->process, 0) == WAIT_OBJECT_0;
}

long ot_child_read(ot_child *c, void *buf, size_t len) {
  DWORD want = len > 0x10000000u ? 0x10000000u : (DWORD)len;
  for (;;) {
    DWORD n = 0;
    if (!ReadFile(c->out_r, buf, want, &n, NULL)) {
      DWORD e = GetLastError();
      return (e == ERROR_BROKEN_PIPE || e == ERROR_HANDLE_EOF) ? 0 : -1;
    }
    /* A zero-byte write by the other side reads as success with 0 bytes; end of stream on
     * an anonymous pipe is ERROR_BROKEN_PIPE, so keep reading. */
    if (n > 0) return (long)n;
  }
}

/* Anonymous pipes have no overlapped I/O and nothing to wait on: a read cannot be bounded by
 * a deadline, so the reader thread keeps reading every frame (no leader/follower here). */
int ot_child_timed_reads(void) { return 0; }

long ot_child_read_until(ot_child *c, void *buf, size_t len, uint64_t deadline_ms, uint32_t spin_us) {
  (void)deadline_ms; /* reader thread only (ot_child_timed_reads() is 0): blocks */
  (void)spin_us;
  return ot_child_read(c, buf, len);
}

void ot_child_wait_hangup(ot_child *c) {
  /* Not used while ot_child_timed_reads() is 0; the runtime's exit is the same event. */
  if (c && c->process) WaitForSingleObject(c->process, INFINITE);
}

void ot_child_close_stdin(ot_child *c) {
  if (c && c->in_w) {
    CloseHandle(c->in_w);
    c->in_w = NULL;
  }
}

void ot_child_kill(ot_child *c) {
  if (c && c->process) TerminateProcess(c->process, 1);
}

void ot_child_reap_and_free(ot_child *c, uint32_t timeout_ms) {
  if (!c) return;
  ot_child_close_stdin(c);
  if (c->process) {
    if (WaitForSingleObject(c->process, timeout_ms) != WAIT_OBJECT_0) {
      TerminateProcess(c->process, 1);
      WaitForSingleObject(c->process, 5000);
    }
    CloseHandle(c->process);
  }
  if (c->out_r) CloseHandle(c->out_r);
  if (c->job) CloseHandle(c->job); /* kills anything left in the job */
  free(c);
}
