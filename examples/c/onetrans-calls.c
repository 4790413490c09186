/*
 * onetrans-calls — the four hospital → portal calls through MobileTrans, in C:
 *   pushMsg (AMP_HOS_001), refund (AMP_HOS_002), queryRefundResult (AMP_HOS_003), getTradeFile (AMP_HOS_004).
 * 四个接口的完整调用：先判别协议码（返回值），再判别业务状态；退款结果未知时用同一个 outRefundNo 查询，绝不换号重退。
 *
 * Usage: onetrans-calls <portal base URL> <ampTraceId> <traceId> <orgTraceNo>
 *   The three identifiers are those ORG_003 (rechargeSettle) gave the HIS for the payment to refund.
 *   The library is loaded from the program's own folder (libOneTrans.so / OneTrans.dll), or
 *   from $ONETRANS_LIBRARY. Credentials below are the simulator's; use those the portal issued.
 * Field meanings: docs/reference/. The business fields are those of examples/calls.json.
 * Exit status 0 when all four calls returned 000000.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _WIN32
#include <windows.h>
#if defined(_WIN64)
#define OT_CALL
#else
#define OT_CALL __stdcall /* 32-bit OneTrans.dll is __stdcall */
#endif
#define LIB_NAME "OneTrans.dll"
#else
#include <dlfcn.h>
#include <unistd.h>
#define OT_CALL
#define LIB_NAME "libOneTrans.so"
#endif

#define APP_ID "zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN"
#define APP_KEY "St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM"
#define ORG_ID "H46010000000"
#define ORG_CODE "H46040100001"
#define ORG_SECRET "AMP-SIM-ORG-SECRET-0001" /* 机构获取对账文件秘钥（对接时发放） */

typedef char *(OT_CALL *mobile_trans_fn)(char *pInData, char *pOutData);
static mobile_trans_fn MobileTrans;
static const char *base_url;
static size_t base_len;

/* ---- JSON without a library: an escaping appender and a one-field reader ---- */

/* Appends "key":"value" (value JSON-escaped) to the object text in buf; buf starts as "{". */
static void add(char *buf, size_t cap, const char *key, const char *value) {
  size_t n = strlen(buf);
  n += snprintf(buf + n, cap - n, "%s\"%s\":\"", buf[1] ? "," : "", key);
  for (const unsigned char *p = (const unsigned char *)value; *p && n + 8 < cap; p++) {
    if (*p == '"' || *p == '\\') { buf[n++] = '\\'; buf[n++] = (char)*p; }
    else if (*p < 0x20) n += snprintf(buf + n, cap - n, "\\u%04x", *p);
    else buf[n++] = (char)*p; /* UTF-8 (or GBK) bytes pass as they are */
  }
  buf[n] = 0;
  strncat(buf, "\"", cap - strlen(buf) - 1);
}

/* Copies the string (or number) value of "key" in json into out; 0 when absent. */
static int get(const char *json, const char *key, char *out, size_t cap) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\"", key);
  const char *p = strstr(json, pat);
  out[0] = 0;
  if (!p) return 0;
  p += strlen(pat);
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  if (*p++ != ':') return 0;
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  size_t n = 0;
  if (*p == '"') {
    for (p++; *p && *p != '"' && n + 1 < cap; p++) {
      if (*p == '\\' && p[1]) p++;
      out[n++] = *p;
    }
  } else {
    while (*p && *p != ',' && *p != '}' && n + 1 < cap) out[n++] = *p++;
  }
  out[n] = 0;
  return 1;
}

/* ---- Beijing time, whatever the machine's time zone ---- */
static void beijing(char *out, size_t cap, const char *fmt, long offset_sec) {
  time_t t = time(NULL) + 8 * 3600 + offset_sec;
  struct tm tmv;
#ifdef _WIN32
  gmtime_s(&tmv, &t);
#else
  gmtime_r(&t, &tmv);
#endif
  strftime(out, cap, fmt, &tmv);
}

/* A number unique per call: prefix + yyyyMMddHHmmss + 4 digits. */
static void fresh_no(char *out, size_t cap, const char *prefix) {
  static unsigned seq;
  char ts[20];
  beijing(ts, sizeof ts, "%Y%m%d%H%M%S", 0);
#ifdef _WIN32
  unsigned r = (unsigned)GetCurrentProcessId();
#else
  unsigned r = (unsigned)getpid();
#endif
  snprintf(out, cap, "%s%s%04u", prefix, ts, (r * 7u + ++seq) % 10000u);
}

static char in_data[16384];
static char out_data[65536]; /* 出参缓冲区：至少 8192 字节（OneTrans.json 的 capacity） */

/* One call: wraps the business fields in the envelope, calls MobileTrans, prints the answer.
 * Returns the protocol code (a static string of the library: never free it). */
static const char *call(const char *api, const char *fields) {
  char ts[32];
  beijing(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", 0);
  printf("%s fields: %s\n", api, fields);
  /* orgSecret is a credential: it goes beside appKey, and is never printed. */
  int n = snprintf(in_data, sizeof in_data,
                   "{\"data\":{\"serverAddr\":\"%.*s/api/amp/hos/%s\",\"appId\":\"%s\",\"appKey\":\"%s\","
                   "\"encryptType\":\"SM4\",\"signType\":\"SM3\",\"timestamp\":\"%s\",\"version\":\"1.0.0\",%s%s,"
                   "\"orgId\":\"%s\"}",
                   (int)base_len, base_url, api, APP_ID, APP_KEY, ts,
                   strcmp(api, "getTradeFile") == 0 ? "\"orgSecret\":\"" ORG_SECRET "\"," : "", fields + 1, ORG_ID);
  /* fields + 1 drops the "{"; its "}" closes "data". */
  if (n <= 0 || (size_t)n >= sizeof in_data) {
    printf("%s: request too long\n", api);
    return "000105";
  }
  out_data[0] = 0;
  const char *ret = MobileTrans(in_data, out_data);
  if (!ret) ret = "000002";
  printf("%s return=%s\n", api, ret);
  return ret;
}

/* What the HIS does with a refund's tradeStatus (AMP_HOS_002/003). */
static void refund_verdict(const char *api, const char *status, const char *out_refund_no) {
  char desc[512];
  get(out_data, "tradeStatusDesc", desc, sizeof desc);
  if (!strcmp(status, "SUCCESS") || !strcmp(status, "REFUND"))
    printf("%s: 退款成功 / refunded\n", api);
  else if (!strcmp(status, "FAIL"))
    printf("%s: 退款失败 / refund failed: %s\n", api, desc);
  else /* ING, INIT, EXP or none: not final */
    printf("%s: 退款处理中，稍后用 outRefundNo=%s 再查 / not final yet: query again later with the same outRefundNo\n", api, out_refund_no);
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s <portal base URL> <ampTraceId> <traceId> <orgTraceNo>\n", argv[0]);
    return 2;
  }
  base_url = argv[1];
  base_len = strlen(base_url);
  while (base_len > 0 && base_url[base_len - 1] == '/') base_len--;

  const char *lib_env = getenv("ONETRANS_LIBRARY");
  char lib_path[4096];
  if (lib_env && *lib_env) {
    snprintf(lib_path, sizeof lib_path, "%s", lib_env);
  } else { /* beside the program, like LoadLibrary("OneTrans.dll") from the program's folder */
    snprintf(lib_path, sizeof lib_path, "%s", argv[0]);
    char *slash = strrchr(lib_path, '/');
#ifdef _WIN32
    char *bslash = strrchr(lib_path, '\\');
    if (!slash || (bslash && bslash > slash)) slash = bslash;
#endif
    if (slash) slash[1] = 0;
    else snprintf(lib_path, sizeof lib_path, "%s", "./");
    strncat(lib_path, LIB_NAME, sizeof lib_path - strlen(lib_path) - 1);
  }
#ifdef _WIN32
  HMODULE lib = LoadLibraryA(lib_path);
  if (!lib) { fprintf(stderr, "LoadLibrary(%s) failed: %lu\n", lib_path, (unsigned long)GetLastError()); return 3; }
  MobileTrans = (mobile_trans_fn)(void *)GetProcAddress(lib, "MobileTrans");
#else
  void *lib = dlopen(lib_path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "dlopen(%s) failed: %s\n", lib_path, dlerror()); return 3; }
  *(void **)&MobileTrans = dlsym(lib, "MobileTrans");
#endif
  if (!MobileTrans) { fprintf(stderr, "MobileTrans not exported by %s\n", lib_path); return 3; }

  int failures = 0;
  char f[4096], v[1024], ts[32], no[48], status[64];
  const char *ret;

  /* 1. pushMsg 医疗消息推送 */
  beijing(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", 0);
  fresh_no(no, sizeof no, "C");
  strcpy(f, "{");
  add(f, sizeof f, "hisCustType", "01");
  add(f, sizeof f, "hisCustId", "532494");
  add(f, sizeof f, "phone", "13800000000");
  add(f, sizeof f, "appType", "01");
  add(f, sizeof f, "medOrgOrd", no);
  add(f, sizeof f, "orderStatus", "MERCHANT_WAIT_PAY");
  add(f, sizeof f, "orgCode", ORG_CODE);
  add(f, sizeof f, "patientName", "周大鹏");
  add(f, sizeof f, "idType", "01");
  add(f, sizeof f, "idNo", "460029196507081627");
  add(f, sizeof f, "pushType", "HOSPITAL_PAYMENT");
  add(f, sizeof f, "amount", "25.00");
  add(f, sizeof f, "deptName", "内科");
  add(f, sizeof f, "createTime", ts);
  strcat(f, "}");
  ret = call("pushMsg", f);
  if (strcmp(ret, "000000") != 0) { /* 1) 协议码 */
    get(out_data, "message", v, sizeof v);
    printf("pushMsg: 调用失败 / call failed: %s\n", v);
    failures++;
  } else { /* 2) 业务状态 */
    get(out_data, "response", status, sizeof status);
    printf("pushMsg status response=%s\n", status);
    printf("pushMsg: %s\n", strcmp(status, "SUCCESS") == 0 ? "推送成功 / pushed" : "门户未接受推送 / not accepted");
  }

  /* 2. refund 平台退款申请 — outRefundNo is kept: it is the only way to learn the outcome later. */
  char out_refund_no[48], org_refund_sn[48];
  fresh_no(out_refund_no, sizeof out_refund_no, "CR");
  fresh_no(org_refund_sn, sizeof org_refund_sn, "CS");
  strcpy(f, "{");
  add(f, sizeof f, "ampTraceId", argv[2]);
  add(f, sizeof f, "traceId", argv[3]);
  add(f, sizeof f, "orgTraceNo", argv[4]);
  add(f, sizeof f, "orgCode", ORG_CODE);
  add(f, sizeof f, "refundReason", "患者申请退款");
  add(f, sizeof f, "refundAmount", "1.00");
  add(f, sizeof f, "refundType", "01");
  add(f, sizeof f, "outRefundNo", out_refund_no);
  add(f, sizeof f, "orgRefundSn", org_refund_sn);
  strcat(f, "}");
  ret = call("refund", f);
  if (strcmp(ret, "000000") != 0) {
    get(out_data, "message", v, sizeof v);
    printf("refund: 结果未知或失败（%s），用同一个 outRefundNo=%s 查询 queryRefundResult，绝不换号重退 / "
           "outcome unknown or failed: query with the same outRefundNo, never refund again\n", v, out_refund_no);
    failures++;
  } else {
    get(out_data, "tradeStatus", status, sizeof status);
    printf("refund status tradeStatus=%s\n", status);
    refund_verdict("refund", status, out_refund_no);
  }

  /* 3. queryRefundResult 查询退款结果 — with the same outRefundNo (read-only: safe to repeat). */
  strcpy(f, "{");
  add(f, sizeof f, "orgCode", ORG_CODE);
  add(f, sizeof f, "outRefundNo", out_refund_no);
  strcat(f, "}");
  ret = call("queryRefundResult", f);
  if (strcmp(ret, "000000") != 0) {
    get(out_data, "message", v, sizeof v);
    printf("queryRefundResult: 查询失败，稍后再查 / query failed, try again later: %s\n", v);
    failures++;
  } else {
    get(out_data, "tradeStatus", status, sizeof status);
    printf("queryRefundResult status tradeStatus=%s\n", status);
    refund_verdict("queryRefundResult", status, out_refund_no);
  }

  /* 4. getTradeFile 对账文件获取 — yesterday's file (Beijing date). */
  beijing(ts, sizeof ts, "%Y-%m-%d", -86400);
  strcpy(f, "{");
  add(f, sizeof f, "orgCode", ORG_CODE);
  add(f, sizeof f, "billDate", ts);
  add(f, sizeof f, "billType", "ALL");
  strcat(f, "}");
  ret = call("getTradeFile", f);
  if (strcmp(ret, "000000") != 0) {
    get(out_data, "message", v, sizeof v);
    printf("getTradeFile: 获取失败 / failed: %s\n", v);
    failures++;
  } else {
    char digest[128];
    get(out_data, "downloadUrl", v, sizeof v);
    get(out_data, "digest", digest, sizeof digest);
    printf("getTradeFile status digest=%s\n", digest);
    printf("getTradeFile: 一分钟内下载 %s 并核对 SHA1 / download within one minute and check its SHA1 (onetrans bill download does both)\n", v);
  }
  return failures ? 1 : 0;
}
