/*
 * native/child-win.c — platform.h's child runtime for Windows: CreateProcessW into a job
 * object, anonymous pipes, exit codes.
 *
 * Strings cross platform.h as UTF-8 and become UTF-16 here, at every system call, so
 * install folders with Chinese names work. Nothing runs in DllMain (there is none).
 */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601 /* Windows 7: PROC_THREAD_ATTRIBUTE_HANDLE_LIST, SRW, CONDITION_VARIABLE */
#endif
#include "platform.h"
#include "platform-win.h"

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

/* node.exe opens a FILE_TYPE_PIPE stdio handle
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

/* The attribute-list functions (Vista+) are looked up at run time, so the DLL still loads on
 * Windows XP, where only gateway mode can work. */
typedef BOOL(WINAPI *init_attrs_fn)(LPPROC_THREAD_ATTRIBUTE_LIST, DWORD, DWORD, PSIZE_T);
typedef BOOL(WINAPI *update_attr_fn)(LPPROC_THREAD_ATTRIBUTE_LIST, DWORD, DWORD_PTR, PVOID, SIZE_T, PVOID, PSIZE_T);
typedef VOID(WINAPI *delete_attrs_fn)(LPPROC_THREAD_ATTRIBUTE_LIST);
static init_attrs_fn p_init_attrs;
static update_attr_fn p_update_attr;
static delete_attrs_fn p_delete_attrs;

static int attr_api_ready(void) {
  if (!p_delete_attrs) {
    HMODULE k = GetModuleHandleW(L"kernel32.dll");
    if (!k) return 0;
    p_init_attrs = (init_attrs_fn)(void (*)(void))GetProcAddress(k, "InitializeProcThreadAttributeList");
    p_update_attr = (update_attr_fn)(void (*)(void))GetProcAddress(k, "UpdateProcThreadAttribute");
    p_delete_attrs = (delete_attrs_fn)(void (*)(void))GetProcAddress(k, "DeleteProcThreadAttributeList");
  }
  return p_init_attrs && p_update_attr && p_delete_attrs;
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

  wexe = ot_to_wide(exe);
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
    wchar_t *wa = ot_to_wide(argv[i]);
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
  if (!attr_api_ready()) {
    /* Windows XP / Server 2003: no attribute lists, and no Node.js for them either. */
    snprintf(err, errlen, "this Windows cannot run the local runtime (no InitializeProcThreadAttributeList): use gateway mode");
    goto fail;
  }
  p_init_attrs(NULL, 1, 0, &attr_size);
  attrs = (LPPROC_THREAD_ATTRIBUTE_LIST)HeapAlloc(GetProcessHeap(), 0, attr_size);
  if (!attrs || !p_init_attrs(attrs, 1, 0, &attr_size)) {
    if (attrs) HeapFree(GetProcessHeap(), 0, attrs);
    attrs = NULL;
    win_error(err, errlen, "InitializeProcThreadAttributeList");
    goto fail;
  }
  if (!p_update_attr(attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherit, n_inherit * sizeof(HANDLE),
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
  p_delete_attrs(attrs);
  HeapFree(GetProcessHeap(), 0, attrs);
  free(wexe);
  free(cmd);
  return c;

fail:
  if (pi.hProcess) CloseHandle(pi.hProcess);
  if (pi.hThread) CloseHandle(pi.hThread);
  if (job) CloseHandle(job);
  if (attrs) {
    p_delete_attrs(attrs);
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
/* A frame up to this size is copied into one buffer and written with one WriteFile: the
 * runtime then reads it whole instead of a lone header first. Kept small: it lives on the
 * stack of the host's thread. */
#define ONE_WRITE_MAX 4096u

static int write_all(ot_child *c, const unsigned char *p, size_t len, uint64_t deadline_ms, size_t *done_total) {
  size_t done = 0;
  int rc = 0;
  while (rc == 0 && done < len) {
    if (*done_total + done > 0 && ot_now_ms() >= deadline_ms) {
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
  *done_total += done;
  return rc;
}

int ot_child_write(ot_child *c, const void *head, size_t head_len, const void *body, size_t body_len, uint64_t deadline_ms,
                   size_t *written) {
  size_t done = 0;
  int rc = 0;
  if (!c->in_w) rc = -1;
  /* A runtime that has already exited cannot
   * read any of this frame, so report nothing written and let the shim start a new one.
   * Under wine a write just after the runtime was terminated can still be accepted (the
   * pipe outlives the process for a moment), turning a clean restart into "outcome unknown". */
  if (rc == 0 && c->process && WaitForSingleObject(c->process, 0) == WAIT_OBJECT_0) rc = -1;
  if (rc == 0 && head_len + body_len <= ONE_WRITE_MAX) {
    unsigned char frame[ONE_WRITE_MAX];
    memcpy(frame, head, head_len);
    if (body_len > 0) memcpy(frame + head_len, body, body_len);
    rc = write_all(c, frame, head_len + body_len, deadline_ms, &done);
  } else if (rc == 0) {
    rc = write_all(c, (const unsigned char *)head, head_len, deadline_ms, &done);
    if (rc == 0 && body_len > 0) rc = write_all(c, (const unsigned char *)body, body_len, deadline_ms, &done);
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

/* What a node.exe exit code means, when it is node's own "unsupported Windows" exit (216) or
 * one of the loader's (NTSTATUS) codes: the ones an IT person meets when node.exe does not
 * fit the machine. */
static const char *exit_code_meaning(DWORD code) {
  switch (code) {
  case 216u: return "node.exe refused to run on this Windows version (ERROR_EXE_MACHINE_TYPE_MISMATCH, node's own platform check)";
  case 0xC0000135u: return "a DLL that node.exe needs is missing";
  case 0xC0000139u: return "node.exe needs a Windows function this Windows does not have: it is too old for this Node.js";
  case 0xC000007Bu: return "node.exe or a DLL it loads is for the other architecture (32/64-bit)";
  case 0xC0000142u: return "a DLL failed to initialise";
  case 0xC0000005u: return "access violation";
  default: return NULL;
  }
}

void ot_child_reap_and_free(ot_child *c, uint32_t timeout_ms, char *how, size_t howlen) {
  if (!c) return;
  ot_child_close_stdin(c);
  if (c->process) {
    if (WaitForSingleObject(c->process, timeout_ms) != WAIT_OBJECT_0) {
      TerminateProcess(c->process, 1);
      WaitForSingleObject(c->process, 5000);
    }
    DWORD code = 0;
    if (how && howlen) {
      if (GetExitCodeProcess(c->process, &code)) {
        const char *meaning = exit_code_meaning(code);
        snprintf(how, howlen, code > 0xFFFFu ? "exit code 0x%08lX%s%s" : "exit code %lu%s%s", (unsigned long)code,
                 meaning ? ": " : "", meaning ? meaning : "");
      } else {
        snprintf(how, howlen, "exit code unknown");
      }
    }
    CloseHandle(c->process);
  } else if (how && howlen) {
    snprintf(how, howlen, "exit code unknown");
  }
  if (c->out_r) CloseHandle(c->out_r);
  if (c->job) CloseHandle(c->job); /* kills anything left in the job */
  free(c);
}
