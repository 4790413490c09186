/*
 * native/errors.c — return codes and the error answers the shim writes itself (errors.h).
 */
#include "errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char OT_CODE_SYSTEM[] = "000002";
const char OT_CODE_PARAM[] = "000105";

static const char *const KNOWN_CODES[] = {
    "000000", "000001", "000002", "000003", "000100", "000101", "000102", "000105", "010010",
    "444444", "404404", "-1",     "-2",     "-3",     "-4",     "-5",     "-6",     "-7",
    "-8",     "0"};
#define N_INTERNED 64
static char g_interned[N_INTERNED][16];
static int g_n_interned;

const char *ot_intern_code(const char *code, size_t len) {
  if (len == 0 || len >= sizeof g_interned[0]) return OT_CODE_SYSTEM;
  for (size_t i = 0; i < len; i++) {
    char ch = code[i];
    int ok = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
             ch == '-' || ch == '_';
    if (!ok) return OT_CODE_SYSTEM;
  }
  for (size_t i = 0; i < sizeof KNOWN_CODES / sizeof KNOWN_CODES[0]; i++)
    if (strlen(KNOWN_CODES[i]) == len && memcmp(KNOWN_CODES[i], code, len) == 0) return KNOWN_CODES[i];
  for (int i = 0; i < g_n_interned; i++)
    if (strlen(g_interned[i]) == len && memcmp(g_interned[i], code, len) == 0) return g_interned[i];
  if (g_n_interned >= N_INTERNED) return "000001";
  memcpy(g_interned[g_n_interned], code, len);
  g_interned[g_n_interned][len] = 0;
  return g_interned[g_n_interned++];
}

/* Room kept for the closing ",\"data\":null,\"extra\":\"\",\"orgId\":\"\"}" and the NUL. */
#define TAIL_ROOM 48

static void put_raw(ot_errbuf *b, const char *s, size_t len) {
  if (b->full) return;
  if (b->n + len + TAIL_ROOM > sizeof b->text) {
    b->full = 1;
    return;
  }
  memcpy(b->text + b->n, s, len);
  b->n += len;
}

/* Length of the well-formed UTF-8 sequence at p, 0 if there is none. */
static size_t utf8_seq(const unsigned char *p) {
  size_t n = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : 0;
  if (p[0] > 0xF4) return 0;
  for (size_t i = 1; i < n; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  if (n == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0))) return 0;
  if (n == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))) return 0;
  return n;
}

/* A value from outside the table (a path, a reason): escaped for JSON; a UTF-8 character goes
 * in whole or not at all, and a byte that is not UTF-8, or any non-ASCII byte for a GBK
 * reader, becomes '?'. */
static void put_escaped(ot_errbuf *b, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (p && *p && !b->full) {
    unsigned char ch = *p;
    char esc[8];
    if (ch == '"' || ch == '\\') {
      esc[0] = '\\';
      esc[1] = (char)ch;
      put_raw(b, esc, 2);
    } else if (ch < 0x20 || ch == 0x7f) {
      snprintf(esc, sizeof esc, "\\u%04x", ch);
      put_raw(b, esc, 6);
    } else if (ch >= 0x80) {
      size_t n = utf8_seq(p);
      if (n == 0 || b->gbk) {
        put_raw(b, "?", 1);
        p += n ? n : 1;
      } else {
        put_raw(b, (const char *)p, n);
        p += n;
      }
      continue;
    } else {
      put_raw(b, (const char *)p, 1);
    }
    p++;
  }
}

/* Table text (trusted, may hold quotes) with its %s holes filled from args. */
static void put_filled(ot_errbuf *b, const char *text, const char *const *args) {
  int arg = 0;
  for (const char *p = text; *p && !b->full; p++) {
    if (p[0] == '%' && p[1] == 's') {
      put_escaped(b, args ? args[arg++] : "");
      p++;
    } else if (*p == '"' || *p == '\\') {
      char esc[2] = {'\\', *p};
      put_raw(b, esc, 2);
    } else {
      put_raw(b, p, 1);
    }
  }
}

static void put_pair(ot_errbuf *b, ot_msg id, const char *const *args) {
  const ot_message *m = &OT_MESSAGES[id];
  put_filled(b, b->gbk ? m->zh_gbk : m->zh_utf8, args);
  put_raw(b, " / ", 3);
  put_filled(b, m->en, args);
}

void ot_err_begin(ot_errbuf *b, ot_msg id, int gbk) {
  b->n = 0;
  b->gbk = gbk;
  b->full = 0;
  put_pair(b, id, NULL);
}

void ot_err_detail(ot_errbuf *b, const char *detail) {
  if (!detail || !*detail) return;
  put_raw(b, ": ", 2);
  put_escaped(b, detail);
}

void ot_err_hint(ot_errbuf *b, ot_msg id, const char *const *args) {
  put_raw(b, ". ", 2);
  put_pair(b, id, args);
}

const char *ot_err_write(ot_errbuf *b, ot_msg id, char *out, size_t cap) {
  const char *code = OT_MESSAGES[id].code;
  if (!out || cap == 0) return code;
  char head[32];
  int hn = snprintf(head, sizeof head, "{\"code\":%d,\"message\":\"", atoi(code));
  static const char tail[] = "\",\"data\":null,\"extra\":\"\",\"orgId\":\"\"}";
  size_t total = (size_t)hn + b->n + sizeof tail - 1;
  if (total + 1 <= cap) {
    memcpy(out, head, (size_t)hn);
    memcpy(out + hn, b->text, b->n);
    memcpy(out + hn + b->n, tail, sizeof tail); /* with its NUL */
  } else {
    out[0] = 0;
  }
  return code;
}

const char *ot_write_error(char *out, size_t cap, ot_msg id, const char *detail, int gbk) {
  ot_errbuf b;
  ot_err_begin(&b, id, gbk);
  ot_err_detail(&b, detail);
  return ot_err_write(&b, id, out, cap);
}

const char *ot_write_unknown(char *out, size_t cap, ot_msg id, const char *detail, const char *refund_no, int gbk) {
  ot_errbuf b;
  ot_err_begin(&b, id, gbk);
  ot_err_detail(&b, detail);
  if (refund_no && *refund_no) {
    const char *args[] = {refund_no};
    ot_err_hint(&b, OT_MSG_HINT_QUERY_REFUND, args);
  }
  return ot_err_write(&b, id, out, cap);
}
