/*
 * loadlibrary-client.c — the specification's C++ example of a legacy HIS client, in plain C.
 *
 * It does exactly what an old cashier program does: LoadLibraryA("OneTrans.dll") from its own
 * folder, GetProcAddress(h, "MobileTrans") as a `char* (__stdcall *)(char*, char*)`, a
 * caller-owned 8192-byte output buffer, the return value compared with "000000".
 * It is the program test/windows/ runs under wine, and a smoke test an integrator can run
 * on a real Windows machine.
 *
 * Usage:  loadlibrary-client.exe <portal base URL> [gbk] [kill] [threads] [ex] [reload]
 *   <portal base URL>  e.g. http://127.0.0.1:8080 ; the client appends /api/amp/hos/pushMsg
 *   gbk                send the request GBK-encoded (as an ANSI program on a Chinese Windows
 *                      does), with the spec's Chinese patient/department/doctor names
 *   kill               call twice; between the calls terminate the library's node.exe
 *                      (as a crash would) to prove the next call restarts it
 *   threads            then 8 threads x 3 calls at once; prints THREADS_OK=<ok>/<total>
 *   ex                 then MobileTransEx with a 8192-byte and a 32-byte buffer; prints
 *                      EX_RET=, EX_OUT=, SMALL_RET=, SMALL_LEN= (bytes before the NUL)
 *   reload             instead of the above: a host that loads the library for every
 *                      transaction: 20 x (LoadLibrary -> MobileTrans -> FreeLibrary); prints
 *                      RELOAD_OK=<ok>/20 and, after each FreeLibrary, how many node.exe children
 *                      are alive (RELOAD_CHILDREN_MAX=, RELOAD_CHILDREN_END=)
 * Environment (optional): ONETRANS_APP_ID, ONETRANS_APP_KEY, ONETRANS_ORG_ID override the
 *   spec example's credentials.
 * Prints, per call:  RET=<code>  and  OUT=<output JSON>  (plus VERSION= and KILLED=<n>).
 * Exit status: 0 when every call returned "000000", 1 otherwise, 2 when the DLL or its
 * export is missing.
 *
 * Build:  x86_64-w64-mingw32-gcc -O2 -o loadlibrary-client.exe loadlibrary-client.c -static
 *         i686-w64-mingw32-gcc   -O2 -o loadlibrary-client.exe loadlibrary-client.c -static
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The vendor's signature, spelled the way the spec's example spells it. */
typedef char *(__stdcall *MobileTransFn)(char *pInData, char *pOutData);
typedef const char *(__stdcall *OneTransVersionFn)(void);
typedef const char *(__stdcall *MobileTransExFn)(const char *pInData, char *pOutData, int outSize);

/* The spec's default capacity: the library never writes more than this, NUL included. */
#define OUT_CAPACITY 8192

/*
 * The Chinese strings of the spec's example request, as bytes, so that this file's own
 * encoding does not matter and the GBK case really sends GBK:
 *   周大鹏 (patientName), 总院牙体牙髓科 (deptName), 周小鹏 (drName).
 */
static const char NAME_UTF8[] = "\xe5\x91\xa8\xe5\xa4\xa7\xe9\xb9\x8f";
static const char DEPT_UTF8[] =
    "\xe6\x80\xbb\xe9\x99\xa2\xe7\x89\x99\xe4\xbd\x93\xe7\x89\x99\xe9\xab\x93\xe7\xa7\x91";
static const char DR_UTF8[] = "\xe5\x91\xa8\xe5\xb0\x8f\xe9\xb9\x8f";
static const char NAME_GBK[] = "\xd6\xdc\xb4\xf3\xc5\xf4";
static const char DEPT_GBK[] = "\xd7\xdc\xd4\xba\xd1\xc0\xcc\xe5\xd1\xc0\xcb\xe8\xbf\xc6";
static const char DR_GBK[] = "\xd6\xdc\xd0\xa1\xc5\xf4";

static const char *env_or(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return (v && *v) ? v : fallback;
}

/* "yyyy-MM-dd HH:mm:ss" in UTC+8, the portal's clock, whatever the machine's zone. */
static void beijing_timestamp(char *buf, size_t size) {
  time_t now = time(NULL) + 8 * 3600;
  struct tm *t = gmtime(&now);
  strftime(buf, size, "%Y-%m-%d %H:%M:%S", t);
}

/* A fresh medOrgOrd per call: the portal may treat a repeated order number as a duplicate. */
static void order_number(char *buf, size_t size, int call) {
  SYSTEMTIME st;
  GetSystemTime(&st);
  snprintf(buf, size, "ZL%04u%02u%02u%02u%02u%02u%03u%lu%d", st.wYear, st.wMonth, st.wDay,
           st.wHour, st.wMinute, st.wSecond, st.wMilliseconds, GetCurrentProcessId() % 1000UL,
           call);
}

/* The spec's DLL request (pushMsg), with a fresh timestamp and the given portal address. */
static int build_request(char *buf, size_t size, const char *base, int gbk, int call) {
  char ts[32], ord[48];
  beijing_timestamp(ts, sizeof ts);
  order_number(ord, sizeof ord, call);
  size_t blen = strlen(base);
  while (blen > 0 && base[blen - 1] == '/') blen--; /* "http://h:p/" and "http://h:p" alike */
  int n = snprintf(buf, size,
      "{\"data\":{"
      "\"serverAddr\":\"%.*s/api/amp/hos/pushMsg\","
      "\"appId\":\"%s\",\"appKey\":\"%s\","
      "\"encryptType\":\"SM4\",\"signType\":\"SM3\","
      "\"timestamp\":\"%s\",\"version\":\"1.0.0\","
      "\"hisCustType\":\"\",\"hisCustId\":\"532494\",\"appType\":\"01\","
      "\"medOrgOrd\":\"%s\",\"subOrgCode\":\"5\",\"refundReason\":\"\",\"payOrdId\":\"\","
      "\"orderStatus\":\"MERCHANT_WAIT_PAY\",\"orgCode\":\"H46040100001\","
      "\"patientName\":\"%s\",\"idType\":\"02\",\"idNo\":\"460029196507081627\","
      "\"takeMedicineLoc\":\"\",\"pushType\":\"HOSPITAL_PAYMENT\",\"scheduledTime\":\"\","
      "\"deptName\":\"%s\",\"deptCode\":\"BM00100\",\"deptLoc\":\"\","
      "\"drName\":\"%s\",\"drLvName\":\"\",\"drNo\":\"D460106007245\","
      "\"waitingNum\":\"\",\"checkItem\":\"\",\"createTime\":\"2022-05-09 08:32:51\","
      "\"updateTime\":\"\",\"extData\":null},"
      "\"orgId\":\"%s\"}",
      (int)blen, base,
      env_or("ONETRANS_APP_ID", "zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN"),
      env_or("ONETRANS_APP_KEY", "St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM"),
      ts, ord,
      gbk ? NAME_GBK : NAME_UTF8, gbk ? DEPT_GBK : DEPT_UTF8, gbk ? DR_GBK : DR_UTF8,
      env_or("ONETRANS_ORG_ID", "H46010000000"));
  return (n > 0 && (size_t)n < size) ? 0 : -1;
}

/* Counts (and with `terminate`, ends) every node.exe whose parent is this process: the
 * library's runtime. */
static int child_runtimes(int terminate) {
  DWORD self = GetCurrentProcessId();
  int killed = 0;
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  if (snap == INVALID_HANDLE_VALUE) return -1;
  PROCESSENTRY32 pe;
  pe.dwSize = sizeof pe;
  for (BOOL ok = Process32First(snap, &pe); ok; ok = Process32Next(snap, &pe)) {
    if (pe.th32ParentProcessID != self || _stricmp(pe.szExeFile, "node.exe") != 0) continue;
    if (!terminate) {
      killed++;
      continue;
    }
    HANDLE p = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, pe.th32ProcessID);
    if (!p) continue;
    if (TerminateProcess(p, 137)) {
      WaitForSingleObject(p, 5000); /* gone for sure before the next call */
      killed++;
    }
    CloseHandle(p);
  }
  CloseHandle(snap);
  return killed;
}

static int call_once(MobileTransFn MobileTrans, const char *base, int gbk, int call) {
  /* Caller-owned buffers, as in the spec's example. */
  static char in_data[16384];
  static char out_data[OUT_CAPACITY];
  memset(out_data, 0, sizeof out_data);
  if (build_request(in_data, sizeof in_data, base, gbk, call) != 0) {
    fprintf(stderr, "request does not fit the input buffer\n");
    return 0;
  }
  char *transret = MobileTrans(in_data, out_data);
  printf("RET=%s\n", transret ? transret : "(null)");
  printf("OUT=%s\n", out_data);
  fflush(stdout);
  return transret != NULL && strcmp(transret, "000000") == 0;
}

/* ---- threads mode: the library is called from many threads at once ---- */
#define N_THREADS 8
#define CALLS_PER_THREAD 3
struct thread_arg {
  MobileTransFn fn;
  const char *base;
  int gbk;
  int index;
  int ok;
  char last_ret[16];
};

static DWORD WINAPI thread_calls(LPVOID p) {
  struct thread_arg *a = (struct thread_arg *)p;
  char *in = (char *)malloc(16384), *out = (char *)malloc(OUT_CAPACITY);
  if (!in || !out) return 1;
  for (int i = 0; i < CALLS_PER_THREAD; i++) {
    /* call numbers 100.. keep every medOrgOrd distinct */
    if (build_request(in, 16384, a->base, a->gbk, 100 + a->index * CALLS_PER_THREAD + i) != 0) continue;
    out[0] = 0;
    char *ret = a->fn(in, out);
    snprintf(a->last_ret, sizeof a->last_ret, "%s", ret ? ret : "(null)");
    if (ret && strcmp(ret, "000000") == 0 && strstr(out, "\"SUCCESS\"")) a->ok++;
  }
  free(in);
  free(out);
  return 0;
}

static int run_threads(MobileTransFn fn, const char *base, int gbk) {
  HANDLE h[N_THREADS];
  struct thread_arg args[N_THREADS];
  int ok = 0;
  for (int i = 0; i < N_THREADS; i++) {
    args[i].fn = fn;
    args[i].base = base;
    args[i].gbk = gbk;
    args[i].index = i;
    args[i].ok = 0;
    strcpy(args[i].last_ret, "-");
    h[i] = CreateThread(NULL, 0, thread_calls, &args[i], 0, NULL);
  }
  for (int i = 0; i < N_THREADS; i++) {
    if (h[i]) {
      WaitForSingleObject(h[i], INFINITE);
      CloseHandle(h[i]);
    }
    ok += args[i].ok;
    if (args[i].ok != CALLS_PER_THREAD) printf("THREAD_%d_LAST_RET=%s\n", i, args[i].last_ret);
  }
  printf("THREADS_OK=%d/%d\n", ok, N_THREADS * CALLS_PER_THREAD);
  fflush(stdout);
  return ok == N_THREADS * CALLS_PER_THREAD;
}

/* ---- ex mode: MobileTransEx with the caller's real buffer size ---- */
static int run_ex(MobileTransExFn fn, const char *base, int gbk) {
  static char in[16384], out[OUT_CAPACITY];
  if (build_request(in, sizeof in, base, gbk, 200) != 0) return 0;
  const char *ret = fn(in, out, (int)sizeof out);
  printf("EX_RET=%s\nEX_OUT=%s\n", ret ? ret : "(null)", out);
  /* An answer cannot fit 32 bytes: a code, never an overrun. Canary bytes after the
   * buffer's end show whether the library stayed inside it. */
  char small[32 + 8];
  memset(small, 'Z', sizeof small);
  if (build_request(in, sizeof in, base, gbk, 201) != 0) return 0;
  const char *sret = fn(in, small, 32);
  int canary_ok = 1;
  for (size_t i = 32; i < sizeof small; i++) canary_ok &= small[i] == 'Z';
  printf("SMALL_RET=%s\nSMALL_LEN=%d\nSMALL_CANARY=%s\n", sret ? sret : "(null)",
         (int)strnlen(small, 32), canary_ok ? "intact" : "overwritten");
  fflush(stdout);
  return ret && strcmp(ret, "000000") == 0;
}

/* ---- reload mode: LoadLibrary -> MobileTrans -> FreeLibrary on every transaction ---- */
#define RELOADS 20
static int run_reload(const char *base, int gbk) {
  int ok = 0, max_children = 0, children = 0;
  for (int i = 0; i < RELOADS; i++) {
    HMODULE h = LoadLibraryA("OneTrans.dll");
    if (h == NULL) {
      printf("LOADLIBRARY_ERROR=%lu\n", GetLastError());
      break;
    }
    MobileTransFn fn = (MobileTransFn)(void (*)(void))GetProcAddress(h, "MobileTrans");
    if (fn != NULL) ok += call_once(fn, base, gbk, 300 + i);
    if (!FreeLibrary(h)) printf("FREELIBRARY_ERROR=%lu\n", GetLastError());
    children = child_runtimes(0);
    if (children > max_children) max_children = children;
  }
  printf("RELOAD_OK=%d/%d\nRELOAD_CHILDREN_MAX=%d\nRELOAD_CHILDREN_END=%d\n", ok, RELOADS, max_children, children);
  fflush(stdout);
  return ok == RELOADS;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <portal base URL> [gbk] [kill] [threads] [ex] [reload]\n", argv[0]);
    return 2;
  }
  const char *base = argv[1];
  int gbk = 0, kill = 0, threads = 0, ex = 0, reload = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "gbk") == 0) gbk = 1;
    else if (strcmp(argv[i], "kill") == 0) kill = 1;
    else if (strcmp(argv[i], "threads") == 0) threads = 1;
    else if (strcmp(argv[i], "ex") == 0) ex = 1;
    else if (strcmp(argv[i], "reload") == 0) reload = 1;
    else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }

  if (reload) return run_reload(base, gbk) ? 0 : 1;

  HMODULE handle = LoadLibraryA("OneTrans.dll");
  if (handle == NULL) {
    /* 126 = ERROR_MOD_NOT_FOUND, 193 = ERROR_BAD_EXE_FORMAT (32/64-bit mismatch). */
    printf("LOADLIBRARY_ERROR=%lu\n", GetLastError());
    return 2;
  }
  MobileTransFn MobileTrans = (MobileTransFn)(void (*)(void))GetProcAddress(handle, "MobileTrans");
  if (MobileTrans == NULL) {
    printf("GETPROCADDRESS_ERROR=%lu\n", GetLastError());
    return 2;
  }
  OneTransVersionFn version =
      (OneTransVersionFn)(void (*)(void))GetProcAddress(handle, "OneTransVersion");
  printf("VERSION=%s\n", version ? version() : "(missing)");

  int ok = call_once(MobileTrans, base, gbk, 1);
  if (kill) {
    printf("KILLED=%d\n", child_runtimes(1));
    fflush(stdout);
    ok = call_once(MobileTrans, base, gbk, 2) && ok;
  }
  if (threads) ok = run_threads(MobileTrans, base, gbk) && ok;
  if (ex) {
    MobileTransExFn MobileTransEx = (MobileTransExFn)(void (*)(void))GetProcAddress(handle, "MobileTransEx");
    if (MobileTransEx == NULL) {
      printf("GETPROCADDRESS_ERROR=%lu\n", GetLastError());
      return 2;
    }
    ok = run_ex(MobileTransEx, base, gbk) && ok;
  }
  /* The spec's client never unloads the library; neither do we (the runtime exits when the
   * process does, through the job object and its closed stdin). */
  return ok ? 0 : 1;
}
