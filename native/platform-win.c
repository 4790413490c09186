/*
 * native/platform-win.c — platform.h for Windows (imports only what Windows XP SP3 exports, so
 * the x86 DLL loads there for gateway mode; built with mingw-w64 or MSVC):
 * time, locks, threads, paths, the OS version. The child process is in child-win.c.
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

/* ---- UTF-8 <-> UTF-16 ---------------------------------------------------------------------- */

wchar_t *ot_to_wide(const char *s) {
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

int ot_to_utf8(const wchar_t *w, char *buf, size_t size) {
  int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
  if (n <= 0 || (size_t)n > size) return -1;
  return WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, (int)size, NULL, NULL) > 0 ? 0 : -1;
}

/* ---- time, sync, threads -------------------------------------------------------------------- */

/* QueryPerformanceCounter is monotonic and on every Windows since 2000 (GetTickCount64 is
 * Vista+). */
uint64_t ot_now_us(void) {
  LARGE_INTEGER f, c;
  if (!QueryPerformanceFrequency(&f) || !QueryPerformanceCounter(&c) || f.QuadPart == 0) return (uint64_t)GetTickCount() * 1000u;
  return (uint64_t)(c.QuadPart / f.QuadPart) * 1000000u + (uint64_t)(c.QuadPart % f.QuadPart) * 1000000u / (uint64_t)f.QuadPart;
}

uint64_t ot_now_ms(void) { return ot_now_us() / 1000u; }

static void mutex_ready(ot_mutex *m) {
  if (InterlockedCompareExchange(&m->state, 2, 2) == 2) return;
  if (InterlockedCompareExchange(&m->state, 1, 0) == 0) {
    InitializeCriticalSection(&m->cs);
    InterlockedExchange(&m->state, 2);
    return;
  }
  while (InterlockedCompareExchange(&m->state, 2, 2) != 2) Sleep(0);
}

void ot_mutex_init(ot_mutex *m) {
  InitializeCriticalSection(&m->cs);
  m->state = 2;
}
void ot_mutex_lock(ot_mutex *m) {
  mutex_ready(m);
  EnterCriticalSection(&m->cs);
}
void ot_mutex_unlock(ot_mutex *m) { LeaveCriticalSection(&m->cs); }

/* Each waiter waits on its own event, linked into the condition's list while it waits. A
 * waiter is linked before it releases the mutex, so a broadcast made after that wakes it. */
struct ot_cond_waiter {
  struct ot_cond_waiter *next;
  HANDLE ev;
};

void ot_cond_init(ot_cond *c) {
  InitializeCriticalSection(&c->cs);
  c->head = NULL;
}
void ot_cond_destroy(ot_cond *c) { DeleteCriticalSection(&c->cs); }

void ot_cond_broadcast(ot_cond *c) {
  EnterCriticalSection(&c->cs);
  for (struct ot_cond_waiter *w = c->head; w; w = w->next) SetEvent(w->ev);
  c->head = NULL;
  LeaveCriticalSection(&c->cs);
}

int ot_cond_wait_until(ot_cond *c, ot_mutex *m, uint64_t deadline_ms) {
  uint64_t now = ot_now_ms();
  if (now >= deadline_ms) return 1;
  uint64_t rel = deadline_ms - now;
  DWORD ms = rel >= 0xFFFFFFF0u ? 0xFFFFFFF0u : (DWORD)rel; /* never INFINITE */
  struct ot_cond_waiter w;
  w.ev = CreateEventW(NULL, TRUE, FALSE, NULL);
  if (!w.ev) {
    /* No event to wait on: sleep a little instead; callers re-check their predicate. */
    ot_mutex_unlock(m);
    Sleep(ms < 10 ? ms : 10);
    ot_mutex_lock(m);
    return ot_now_ms() >= deadline_ms;
  }
  EnterCriticalSection(&c->cs);
  w.next = c->head;
  c->head = &w;
  LeaveCriticalSection(&c->cs);
  ot_mutex_unlock(m);
  DWORD r = WaitForSingleObject(w.ev, ms);
  ot_mutex_lock(m);
  EnterCriticalSection(&c->cs);
  for (struct ot_cond_waiter **pp = &c->head; *pp; pp = &(*pp)->next) {
    if (*pp == &w) {
      *pp = w.next;
      break;
    }
  }
  LeaveCriticalSection(&c->cs);
  CloseHandle(w.ev);
  return r == WAIT_TIMEOUT ? 1 : 0;
}

void ot_call_once(ot_once *once, void (*fn)(void)) {
  if (InterlockedCompareExchange(once, 2, 2) == 2) return;
  if (InterlockedCompareExchange(once, 1, 0) == 0) {
    fn();
    InterlockedExchange(once, 2);
    return;
  }
  while (InterlockedCompareExchange(once, 2, 2) != 2) Sleep(1);
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
  int rc = ot_to_utf8(w, buf, size);
  free(w);
  return rc;
}

const char *ot_path_sep(void) { return "\\"; }
const char *ot_node_exe_name(void) { return "node.exe"; }

int ot_getenv(const char *name, char *buf, size_t size) {
  wchar_t *wname = ot_to_wide(name);
  if (!wname) return -1;
  /* GetEnvironmentVariableW sees the process environment (SetEnvironmentVariable included),
   * not a C runtime copy. */
  DWORD n = GetEnvironmentVariableW(wname, NULL, 0);
  int rc = -1;
  if (n > 1) {
    wchar_t *v = (wchar_t *)malloc((size_t)n * sizeof(wchar_t));
    if (v && GetEnvironmentVariableW(wname, v, n) > 0) rc = ot_to_utf8(v, buf, size);
    free(v);
  }
  free(wname);
  return rc;
}

int ot_file_exists(const char *path) {
  wchar_t *w = ot_to_wide(path);
  if (!w) return 0;
  DWORD a = GetFileAttributesW(w);
  free(w);
  return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

int ot_append_file(const char *dir, const char *path, const void *data, size_t len) {
  wchar_t *wdir = ot_to_wide(dir), *wpath = ot_to_wide(path);
  int rc = -1;
  if (wdir && wpath) {
    CreateDirectoryW(wdir, NULL); /* fails harmlessly when it exists */
    HANDLE h = CreateFileW(wpath, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h != INVALID_HANDLE_VALUE) {
      DWORD w = 0;
      if (len <= 0xFFFFFFFFu && WriteFile(h, data, (DWORD)len, &w, NULL) && w == (DWORD)len) rc = 0;
      CloseHandle(h);
    }
  }
  free(wdir);
  free(wpath);
  return rc;
}

int64_t ot_wall_seconds(void) {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  uint64_t t = ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime; /* 100 ns since 1601 */
  return (int64_t)(t / 10000000u) - 11644473600LL;
}

long ot_read_file(const char *path, char *buf, size_t size) {
  if (size == 0) return -1;
  wchar_t *w = ot_to_wide(path);
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
  wchar_t *wname = ot_to_wide(name);
  if (!wname) return -1;
  DWORD n = GetEnvironmentVariableW(L"PATH", NULL, 0);
  wchar_t *path = n ? (wchar_t *)malloc((size_t)n * sizeof(wchar_t)) : NULL;
  int rc = -1;
  if (path && GetEnvironmentVariableW(L"PATH", path, n) > 0) {
    /* Split by hand: wcstok_s is not in Windows XP's msvcrt.dll. */
    wchar_t *next = path;
    for (wchar_t *dir = next; dir; dir = next) {
      wchar_t *semi = wcschr(dir, L';');
      if (semi) *semi = 0;
      next = semi ? semi + 1 : NULL;
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
        rc = ot_to_utf8(cand, buf, size);
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


/* ---- the OS version ---------------------------------------------------------------------------- */

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);

int ot_os_describe(char *buf, size_t size) {
  /* RtlGetVersion tells the truth; GetVersionEx answers what the host's manifest claims. */
  OSVERSIONINFOW v;
  memset(&v, 0, sizeof v);
  v.dwOSVersionInfoSize = sizeof v;
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  rtl_get_version_fn get = NULL;
  if (ntdll) {
    FARPROC f = GetProcAddress(ntdll, "RtlGetVersion");
    memcpy(&get, &f, sizeof get);
  }
  if (!get || get(&v) != 0) {
    snprintf(buf, size, "Windows (version unknown)");
    return OT_OS_OK;
  }
  SYSTEM_INFO si;
  GetNativeSystemInfo(&si);
  const char *arch = si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64 ? "64-bit"
                     : si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_INTEL ? "32-bit"
                                                                                 : "";
  snprintf(buf, size, "Windows %lu.%lu (build %lu)%s%s", (unsigned long)v.dwMajorVersion,
           (unsigned long)v.dwMinorVersion, (unsigned long)v.dwBuildNumber, *arch ? ", " : "", arch);
  return v.dwMajorVersion < 10 ? OT_OS_OLD_WINDOWS : OT_OS_OK;
}
