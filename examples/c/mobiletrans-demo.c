/*
 * mobiletrans-demo — the specification's C++ example of calling MobileTrans (spec text lines
 * 216-271), in C, with the request of lines 289-326 (a 医疗消息推送 pushMsg).
 *
 * Usage: mobiletrans-demo <portal base URL> [appId appKey orgId]
 *   e.g. mobiletrans-demo http://127.0.0.1:8080
 *   serverAddr = <base URL>/api/amp/hos/pushMsg; appId/appKey/orgId default to the spec's.
 *   The library is loaded from the demo's own folder (libOneTrans.so / OneTrans.dll), or from
 *   $ONETRANS_LIBRARY when set.
 * Prints the return code and the output JSON. Exit status 0 only when the return code is
 * 000000, the output's "code" is 0 and data.response is "SUCCESS".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _WIN32
#include <windows.h>
#if defined(_WIN64)
#define DEMO_CALL
#else
#define DEMO_CALL __stdcall
#endif
#define LIB_NAME "OneTrans.dll"
#else
#include <dlfcn.h>
#define DEMO_CALL
#define LIB_NAME "libOneTrans.so"
#endif

typedef char *(DEMO_CALL *mobile_trans_fn)(char *pInData, char *pOutData);

static char in_data[16384];
static char out_data[65536];

/* "key" : <value> — returns a pointer to the value, or NULL. Enough for checking a reply. */
static const char *json_value(const char *json, const char *key) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\"", key);
  const char *p = strstr(json, pat);
  if (!p) return NULL;
  p += strlen(pat);
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  if (*p != ':') return NULL;
  p++;
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  return p;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <portal base URL> [appId appKey orgId]\n", argv[0]);
    return 2;
  }
  const char *base = argv[1];
  const char *app_id = argc > 2 ? argv[2] : "zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN";
  const char *app_key = argc > 3 ? argv[3] : "St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM";
  const char *org_id = argc > 4 ? argv[4] : "H46010000000";
  size_t base_len = strlen(base);
  while (base_len > 0 && base[base_len - 1] == '/') base_len--;

  /* 时间戳：当前时间 yyyy-MM-dd HH:mm:ss, China Standard Time (UTC+8) whatever the TZ. */
  time_t now = time(NULL) + 8 * 3600;
  struct tm tmv;
#ifdef _WIN32
  gmtime_s(&tmv, &now);
#else
  gmtime_r(&now, &tmv);
#endif
  char ts[32];
  strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tmv);
  /* A fresh order number each run: the portal rejects replays. */
  char ord[32];
  snprintf(ord, sizeof ord, "ZL%04d%02d%02d%02d%02d%02d%04d", tmv.tm_year + 1900, tmv.tm_mon + 1,
           tmv.tm_mday, tmv.tm_hour, tmv.tm_min, tmv.tm_sec, (int)(clock() % 10000));

  int n = snprintf(in_data, sizeof in_data,
                   "{\n"
                   "  \"data\": {\n"
                   "    \"serverAddr\": \"%.*s/api/amp/hos/pushMsg\",\n"
                   "    \"appId\": \"%s\",\n"
                   "    \"appKey\": \"%s\",\n"
                   "    \"encryptType\": \"SM4\",\n"
                   "    \"signType\": \"SM3\",\n"
                   "    \"timestamp\": \"%s\",\n"
                   "    \"version\": \"1.0.0\",\n"
                   "    \"hisCustType\": \"\",\n"
                   "    \"hisCustId\": \"532494\",\n"
                   "    \"appType\": \"01\",\n"
                   "    \"medOrgOrd\": \"%s\",\n"
                   "    \"subOrgCode\": \"5\",\n"
                   "    \"refundReason\": \"\",\n"
                   "    \"payOrdId\": \"\",\n"
                   "    \"orderStatus\": \"MERCHANT_WAIT_PAY\",\n"
                   "    \"orgCode\": \"H46040100001\",\n"
                   "    \"patientName\": \"周大鹏\",\n"
                   "    \"idType\": \"02\",\n"
                   "    \"idNo\": \"460029196507081627\",\n"
                   "    \"takeMedicineLoc\": \"\",\n"
                   "    \"pushType\": \"HOSPITAL_PAYMENT\",\n"
                   "    \"scheduledTime\": \"\",\n"
                   "    \"deptName\": \"总院牙体牙髓科\",\n"
                   "    \"deptCode\": \"BM00100\",\n"
                   "    \"deptLoc\": \"\",\n"
                   "    \"drName\": \"周小鹏\",\n"
                   "    \"drLvName\": \"\",\n"
                   "    \"drNo\": \"D460106007245\",\n"
                   "    \"waitingNum\": \"\",\n"
                   "    \"checkItem\": \"\",\n"
                   "    \"createTime\": \"%s\",\n"
                   "    \"updateTime\": \"\",\n"
                   "    \"extData\": null\n"
                   "  },\n"
                   "  \"orgId\": \"%s\"\n"
                   "}\n",
                   (int)base_len, base, app_id, app_key, ts, ord, ts, org_id);
  if (n <= 0 || (size_t)n >= sizeof in_data) {
    fprintf(stderr, "request too long\n");
    return 2;
  }

  const char *lib_env = getenv("ONETRANS_LIBRARY");
  char lib_path[4096];
  if (lib_env && *lib_env) {
    snprintf(lib_path, sizeof lib_path, "%s", lib_env);
  } else {
    /* Beside the demo, like LoadLibrary("OneTrans.dll") from the program's folder. */
    snprintf(lib_path, sizeof lib_path, "%s", argv[0]);
    char *slash = strrchr(lib_path, '/');
#ifdef _WIN32
    char *bslash = strrchr(lib_path, '\\');
    if (!slash || (bslash && bslash > slash)) slash = bslash;
#endif
    if (slash) {
      slash[1] = 0;
    } else {
      lib_path[0] = 0;
#ifndef _WIN32
      strcpy(lib_path, "./");
#endif
    }
    strncat(lib_path, LIB_NAME, sizeof lib_path - strlen(lib_path) - 1);
  }

#ifdef _WIN32
  HMODULE handle = LoadLibraryA(lib_path);
  if (!handle) {
    fprintf(stderr, "LoadLibrary(%s) failed: %lu\n", lib_path, (unsigned long)GetLastError());
    return 3;
  }
  mobile_trans_fn MobileTrans = (mobile_trans_fn)(void *)GetProcAddress(handle, "MobileTrans");
#else
  void *handle = dlopen(lib_path, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    fprintf(stderr, "dlopen(%s) failed: %s\n", lib_path, dlerror());
    return 3;
  }
  mobile_trans_fn MobileTrans;
  *(void **)&MobileTrans = dlsym(handle, "MobileTrans");
#endif
  if (!MobileTrans) {
    fprintf(stderr, "MobileTrans not exported by %s\n", lib_path);
    return 3;
  }

  char *transret = MobileTrans(in_data, out_data);
  printf("return: %s\n", transret ? transret : "(null)");
  printf("output: %s\n", out_data);
  fflush(stdout);

  if (!transret || strcmp(transret, "000000") != 0) return 1;
  const char *code = json_value(out_data, "code");
  if (!code) return 1;
  if (*code == '"') code++;
  if (code[0] != '0' || (code[1] >= '0' && code[1] <= '9')) return 1;
  const char *data = json_value(out_data, "data");
  if (!data || *data != '{') return 1;
  const char *resp = json_value(data, "response");
  if (!resp || strncmp(resp, "\"SUCCESS\"", 9) != 0) return 1;
  return 0;
}
