/*
 * loadlibrary-client.c — the specification's C++ example of a legacy HIS client, in plain C.
 *
 * It does exactly what an old cashier program does: LoadLibraryA("OneTrans.dll") from its own
 * folder, GetProcAddress(h, "MobileTrans") as a `char* (__stdcall *)(char*, char*)`, a
 * caller-owned 8192-byte output buffer, the return value compared with "000000".
 * It is the program test/windows/ runs under wine, and a smoke test an integrator can run
 * on a real Windows machine.
 *
 * Usage:  loadlibrary-client.exe <portal base URL> [gbk] [kill]
 *   <portal base URL>  e.g. http://127.0.0.1:8080 ; the client appends /api/amp/hos/pushMsg
 *   gbk                send the request GBK-encoded (as an ANSI program on a Chinese Windows
 *                      does), with the spec's Chinese patient/department/doctor names
 *   kill               call twice; between the calls terminate the library's node.exe
 *                      (as a crash would) to prove the next call restarts it
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

/* Terminates every node.exe whose parent is this process: the library's runtime. */
static int kill_child_runtimes(void) {
  DWORD self = GetCurrentProcessId();
  int killed = 0;
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  if (snap == INVALID_HANDLE_VALUE) return -1;
  PROCESSENTRY32 pe;
  pe.dwSize = sizeof pe;
  for (BOOL ok = Process32First(snap, &pe); ok; ok = Process32Next(snap, &pe)) {
    if (pe.th32ParentProcessID != self || _stricmp(pe.szExeFile, "node.exe") != 0) continue;
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

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <portal base URL> [gbk] [kill]\n", argv[0]);
    return 2;
  }
  const char *base = argv[1];
  int gbk = 0, kill = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "gbk") == 0) gbk = 1;
    else if (strcmp(argv[i], "kill") == 0) kill = 1;
    else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }

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
    printf("KILLED=%d\n", kill_child_runtimes());
    fflush(stdout);
    ok = call_once(MobileTrans, base, gbk, 2) && ok;
  }
  /* The spec's client never unloads the library; neither do we (the runtime exits when the
   * process does, through the job object and its closed stdin). */
  return ok ? 0 : 1;
}
