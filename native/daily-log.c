/*
 * native/daily-log.c — the library's own lines in the daily log (daily-log.h).
 */
#include "daily-log.h"

#include <stdio.h>
#include <string.h>

#include "locate.h"
#include "platform.h"

#define FIELD_MAX 64

/* Civil date of a day count since 1970-01-01 (Howard Hinnant's days_from_civil, inverted). */
static void civil(int64_t days, int *y, unsigned *m, unsigned *d) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  unsigned doe = (unsigned)(days - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Appends " key=value" with value reduced to printable ASCII without spaces. */
static size_t put_field(char *line, size_t n, size_t cap, const char *key, const char *value) {
  if (!value || !*value || n + strlen(key) + 3 >= cap) return n;
  n += (size_t)snprintf(line + n, cap - n, " %s=", key);
  size_t k = 0;
  for (const unsigned char *p = (const unsigned char *)value; *p && k < FIELD_MAX && n + 2 < cap; p++, k++)
    line[n++] = *p > 0x20 && *p < 0x7f ? (char)*p : '?';
  line[n] = 0;
  return n;
}

void ot_log_library_call(const char *log_dir, const ot_log_call *c) {
  if (!log_dir || !*log_dir) return;
  /* CST (UTC+8), like the runtime's lines and file names. */
  int64_t t = ot_wall_seconds() + 8 * 3600;
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  int y;
  unsigned mo, d;
  civil(days, &y, &mo, &d);
  char path[PATH_MAX_UTF8 + 32], name[40];
  snprintf(name, sizeof name, "onetrans-%04d%02u%02u.log", y, mo, d);
  if (ot_join_path(path, sizeof path, log_dir, name) != 0) return;

  const ot_message *m = &OT_MESSAGES[c->msg];
  char line[2048];
  size_t n = (size_t)snprintf(line, sizeof line, "%04d-%02u-%02u %02u:%02u:%02u ERROR", y, mo, d, (unsigned)(secs / 3600),
                              (unsigned)(secs % 3600 / 60), (unsigned)(secs % 60));
  n = put_field(line, n, sizeof line, "iface", c->iface && *c->iface ? c->iface : "-");
  n = put_field(line, n, sizeof line, "orgId", c->org_id && *c->org_id ? c->org_id : "-");
  if (n < sizeof line) n += (size_t)snprintf(line + n, sizeof line - n, " ms=%llu code=%s msg=%s / %s", (unsigned long long)c->ms, c->code, m->zh_utf8, m->en);
  if (n < sizeof line && c->detail && *c->detail) n += (size_t)snprintf(line + n, sizeof line - n, ": %.300s", c->detail);
  if (n >= sizeof line) n = sizeof line - 1;
  n = put_field(line, n, sizeof line, "outRefundNo", c->out_refund_no);
  if (n + 40 < sizeof line) n += (size_t)snprintf(line + n, sizeof line - n, " by=library");
  if (n + 40 < sizeof line && c->runtime_pid > 0) n += (size_t)snprintf(line + n, sizeof line - n, " runtimePid=%ld", c->runtime_pid);
  if (n + 1 >= sizeof line) n = sizeof line - 2;
  line[n++] = '\n';
  line[n] = 0;
  (void)ot_append_file(log_dir, path, line, n);
}

void ot_log_request_fields(const char *in, char *iface, char *org_id, char *out_refund_no, size_t size) {
  iface[0] = org_id[0] = out_refund_no[0] = 0;
  if (!in) return;
  char addr[512];
  if (ot_json_nested_string(in, "data", "serverAddr", addr, sizeof addr) == 0) {
    char *q = strpbrk(addr, "?#");
    if (q) *q = 0;
    size_t len = strlen(addr);
    while (len > 0 && addr[len - 1] == '/') addr[--len] = 0;
    const char *last = strrchr(addr, '/');
    snprintf(iface, size, "%s", last ? last + 1 : addr);
  }
  if (ot_json_string(in, "orgId", org_id, size) != 0) org_id[0] = 0;
  if (ot_json_nested_string(in, "data", "outRefundNo", out_refund_no, size) != 0) out_refund_no[0] = 0;
}
