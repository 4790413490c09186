/*
 * onetrans-check.exe — the install check the Windows guide tells IT staff to run first.
 * 安装检查：双击或在命令行运行，逐项给出结论（中文 / English）：
 *   1. OneTrans.dll loaded from this program's own folder (32/64-bit match)
 *   2. the runtime (node.exe + onetrans-bridge.cjs + onetrans-bridge-body.cjs) started
 *   3. the portal reached
 *   4. the portal's answer decrypted and its signature verified
 * and, when a step fails, which setting to look at. It sends only one read-only
 * queryRefundResult (AMP_HOS_003) for a refund number that cannot exist: nothing is pushed,
 * refunded or downloaded.
 *
 * Usage: onetrans-check <门户地址 portal URL> <appId> <appKey> <orgId> <orgCode>
 *   or set ONETRANS_URL, ONETRANS_APP_ID, ONETRANS_APP_SECRET, ONETRANS_ORG_ID, ONETRANS_ORG_CODE.
 *   The portal URL is the one the HIS uses, e.g. http://10.1.2.3:8080 (…/api/amp/hos is added).
 * Exit status: 0 all good; 1 a check failed; 2 usage.
 * Built with MinGW-w64 by scripts/package-windows.mjs; shipped beside OneTrans.dll.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <windows.h>

#if defined(_WIN64)
#define OT_CALL
#define BITS "64"
#else
#define OT_CALL __stdcall
#define BITS "32"
#endif

typedef char *(OT_CALL *mobile_trans_fn)(char *pInData, char *pOutData);
typedef const char *(OT_CALL *version_fn)(void);

static char in_data[8192];
static char out_data[65536];

static void ok(const char *zh, const char *en) { printf("[ OK ] %s / %s\n", zh, en); }
static void bad(const char *zh, const char *en) { printf("[FAIL] %s / %s\n", zh, en); }
static void hint(const char *zh, const char *en) { printf("       -> %s / %s\n", zh, en); }

/* Copies the string value of "key" in json into out (escapes dropped); "" when absent. */
static void get(const char *json, const char *key, char *out, size_t cap) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\"", key);
  const char *p = strstr(json, pat);
  size_t n = 0;
  out[0] = 0;
  if (!p) return;
  p = strchr(p + strlen(pat), ':');
  if (!p) return;
  for (p++; *p == ' '; p++) {}
  if (*p != '"') return;
  for (p++; *p && *p != '"' && n + 1 < cap; p++) {
    if (*p == '\\' && p[1]) p++;
    out[n++] = *p;
  }
  out[n] = 0;
}

/* Appends a JSON string value (escaped) to buf. */
static void put_string(char *buf, size_t cap, const char *s) {
  size_t n = strlen(buf);
  if (n + 2 >= cap) return;
  buf[n++] = '"';
  for (; *s && n + 3 < cap; s++) {
    if (*s == '"' || *s == '\\') buf[n++] = '\\';
    buf[n++] = *s;
  }
  buf[n++] = '"';
  buf[n] = 0;
}

static const char *arg_or_env(int argc, char **argv, int i, const char *env) {
  if (argc > i && argv[i][0]) return argv[i];
  const char *v = getenv(env);
  return v && *v ? v : NULL;
}

int main(int argc, char **argv) {
  SetConsoleOutputCP(CP_UTF8); /* the messages are UTF-8 */
  printf("onetrans-check (" BITS "-bit)\n");

  const char *url = arg_or_env(argc, argv, 1, "ONETRANS_URL");
  const char *app_id = arg_or_env(argc, argv, 2, "ONETRANS_APP_ID");
  const char *app_key = arg_or_env(argc, argv, 3, "ONETRANS_APP_SECRET");
  const char *org_id = arg_or_env(argc, argv, 4, "ONETRANS_ORG_ID");
  const char *org_code = arg_or_env(argc, argv, 5, "ONETRANS_ORG_CODE");

  /* 1. the library, from this program's own folder. Wide-character calls: a HIS folder often
   *    has a Chinese name, which the ANSI calls turn into "????" on a non-Chinese code page. */
  wchar_t dll[MAX_PATH + 32];
  DWORD len = GetModuleFileNameW(NULL, dll, MAX_PATH);
  while (len > 0 && dll[len - 1] != L'\\' && dll[len - 1] != L'/') len--;
  dll[len] = 0;
  wcscat(dll, L"OneTrans.dll");
  char dll_utf8[4 * (MAX_PATH + 32)];
  if (!WideCharToMultiByte(CP_UTF8, 0, dll, -1, dll_utf8, sizeof dll_utf8, NULL, NULL)) strcpy(dll_utf8, "OneTrans.dll");
  HMODULE lib = LoadLibraryW(dll);
  if (!lib) {
    DWORD err = GetLastError();
    char zh[1200], en[1200];
    snprintf(zh, sizeof zh, "无法加载 %s（错误码 %lu）", dll_utf8, (unsigned long)err);
    snprintf(en, sizeof en, "cannot load %s (error %lu)", dll_utf8, (unsigned long)err);
    bad(zh, en);
    if (err == 193 || err == 216)
      hint("32/64 位不匹配：x86 目录的文件只能一起使用，x64 目录的也一样", "32/64-bit mismatch: use the files of one folder (x86 or x64) together");
    else
      hint("把压缩包里的全部文件复制到同一目录（OneTrans.dll、node.exe、onetrans-bridge.cjs、onetrans-bridge-body.cjs、OneTrans.json）",
           "copy every file of the zip into one folder (OneTrans.dll, node.exe, onetrans-bridge.cjs, onetrans-bridge-body.cjs, OneTrans.json)");
    return 1;
  }
  mobile_trans_fn MobileTrans = (mobile_trans_fn)(void *)GetProcAddress(lib, "MobileTrans");
  version_fn OneTransVersion = (version_fn)(void *)GetProcAddress(lib, "OneTransVersion");
  if (!MobileTrans || !OneTransVersion) {
    bad("OneTrans.dll 没有 MobileTrans / OneTransVersion：这不是本工具包的 DLL（旧文件未覆盖？）",
        "OneTrans.dll lacks MobileTrans / OneTransVersion: not this toolkit's DLL (an old file left in place?)");
    return 1;
  }
  {
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "已加载 OneTrans.dll %s（" BITS " 位）", OneTransVersion());
    snprintf(en, sizeof en, "OneTrans.dll %s loaded (" BITS "-bit)", OneTransVersion());
    ok(zh, en);
  }

  if (!url || !app_id || !app_key || !org_id || !org_code) {
    printf("\n用法 / usage: onetrans-check <门户地址 portal URL> <appId> <appKey> <orgId> <orgCode>\n"
           "  （或设置环境变量 / or set ONETRANS_URL, ONETRANS_APP_ID, ONETRANS_APP_SECRET, ONETRANS_ORG_ID, ONETRANS_ORG_CODE）\n");
    return 2;
  }

  /* 2-4. one read-only queryRefundResult for a refund number that cannot exist */
  char base[1024];
  snprintf(base, sizeof base, "%s", url);
  size_t bl = strlen(base);
  while (bl > 0 && base[bl - 1] == '/') base[--bl] = 0;
  if (!strstr(base, "/api/")) strncat(base, "/api/amp/hos", sizeof base - strlen(base) - 1);
  char server[1100], check_no[48];
  snprintf(server, sizeof server, "%s/queryRefundResult", base);
  snprintf(check_no, sizeof check_no, "CHECK-%lu-%lu", (unsigned long)time(NULL), (unsigned long)GetCurrentProcessId());
  strcpy(in_data, "{\"data\":{\"serverAddr\":");
  put_string(in_data, sizeof in_data, server);
  strcat(in_data, ",\"appId\":");
  put_string(in_data, sizeof in_data, app_id);
  strcat(in_data, ",\"appKey\":");
  put_string(in_data, sizeof in_data, app_key);
  strcat(in_data, ",\"encryptType\":\"SM4\",\"signType\":\"SM3\",\"timestamp\":\"\",\"version\":\"1.0.0\",\"orgCode\":");
  put_string(in_data, sizeof in_data, org_code);
  strcat(in_data, ",\"outRefundNo\":");
  put_string(in_data, sizeof in_data, check_no);
  strcat(in_data, "},\"orgId\":");
  put_string(in_data, sizeof in_data, org_id);
  strcat(in_data, "}");

  printf("       查询一个不存在的退款单（只读）/ querying a refund that cannot exist (read-only): %s\n", server);
  const char *ret = MobileTrans(in_data, out_data);
  if (!ret) ret = "000002";
  char msg[2048];
  get(out_data, "message", msg, sizeof msg);
  printf("       返回码 / return code: %s\n", ret);

  if (strcmp(ret, "000000") == 0) {
    ok("运行时已启动", "runtime started");
    ok("已连通门户", "portal reached");
    /* profile.responseSignature "warn" delivers an answer whose signature failed, marked in
     * extra as {"signatureVerified":false} (a JSON string, so its quotes are escaped). */
    const char *unverified = strstr(out_data, "signatureVerified");
    if (unverified && strstr(unverified, "false") && strstr(unverified, "false") - unverified <= 24) {
      ok("门户应答已解密", "answer decrypted");
      bad("门户应答的签名未通过验证（OneTrans.json 的 profile.responseSignature 为 \"warn\"，应答照常交付）",
          "the answer's signature did not verify (profile.responseSignature is \"warn\" in OneTrans.json; answers are still delivered)");
      hint("向门户确认应答签名规则，运行 onetrans.cmd probe；确认后把 responseSignature 改回 \"verify\"",
           "ask the portal for its answer-signing rule, run onetrans.cmd probe; then set responseSignature back to \"verify\"");
      return 1;
    }
    ok("门户应答已解密，签名验证通过", "answer decrypted, signature verified");
    printf("\n结论：安装正确，可以调用 / verdict: the installation works\n");
    return 0;
  }
  if (strcmp(ret, "000002") == 0) {
    bad("运行时未能启动或中途退出", "the runtime did not start or stopped");
    printf("       %s\n", msg);
    hint("node.exe、onetrans-bridge.cjs、onetrans-bridge-body.cjs 须与 OneTrans.dll 在同一目录（杀毒软件是否隔离了它们？）；详见 logs\\ 下当天的日志；OneTrans.json 的 nodePath、nodeFlags",
         "node.exe, onetrans-bridge.cjs and onetrans-bridge-body.cjs must sit beside OneTrans.dll (quarantined by antivirus?); see today's log in logs\\; OneTrans.json nodePath, nodeFlags");
    return 1;
  }
  ok("运行时已启动", "runtime started");
  if (strcmp(ret, "000100") == 0 || strcmp(ret, "000003") == 0) {
    bad("连不上门户", "portal not reached");
    printf("       %s\n", msg);
    hint("核对门户地址（HIS 的 serverAddr）、网络和防火墙；需要代理时设 OneTrans.json 的 proxy；HTTPS 私有证书设 caFile；超时见 connectTimeoutMs、readTimeoutMs",
         "check the portal address (the HIS's serverAddr), network, firewall; OneTrans.json proxy, caFile, connectTimeoutMs, readTimeoutMs");
    return 1;
  }
  ok("已连通门户", "portal reached");
  bad("门户拒绝了请求", "the portal refused the request");
  printf("       %s\n", msg);
  if (strcmp(ret, "000101") == 0 || strcmp(ret, "000102") == 0)
    hint("appId 与 appKey 不配套，或门户需要不同的协议配置：运行 onetrans.cmd probe，把它打印的 profile 块写进 OneTrans.json；SM2 时核对 clientPrvKey、serverPubKey",
         "appId and appKey do not match, or the portal needs another protocol profile: run onetrans.cmd probe and put the profile block it prints into OneTrans.json; for SM2 check clientPrvKey, serverPubKey");
  else if (strcmp(ret, "010010") == 0)
    hint("本机时间与北京时间相差超过 5 分钟：校准时钟（NTP）", "this machine's clock is more than 5 minutes off Beijing time: fix it (NTP)");
  else if (strcmp(ret, "000001") == 0 || strcmp(ret, "-8") == 0 || strcmp(ret, "-4") == 0)
    hint("核对 appId、orgId（对接时下发）", "check appId and orgId (issued by the portal)");
  else if (strcmp(ret, "404404") == 0 || strcmp(ret, "-5") == 0)
    hint("门户地址的路径不对：应为 http://主机:端口/api/amp/hos（或部署给出的路径）；后缀不同时设 OneTrans.json 的 profile.suffixes",
         "wrong path in the portal address: http://host:port/api/amp/hos (or the deployment's); other suffixes: profile.suffixes");
  else if (strcmp(ret, "000105") == 0)
    hint("参数不合规范：见上面的说明（机构编号 orgCode 等）", "invalid parameters: see the message above (orgCode …)");
  else
    hint("见 docs/reference/codes.md 中该返回码的处理；把 logs\\ 下当天的日志交给技术支持（\"logLevel\": \"trace\" 记录更多）",
         "see docs/reference/codes.md for this code; give today's log (logs\\) to support (\"logLevel\": \"trace\" records more)");
  return 1;
}
