/*
 * native/fuzz/json-check.c — a strict JSON checker for the library's answers (fuzz.h).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

typedef struct {
  const unsigned char *p, *end;
  int depth;
} jp;

static void ws(jp *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

static int utf8(jp *j) {
  const unsigned char *p = j->p;
  size_t n = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3 : p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : 0;
  if (n == 0 || (size_t)(j->end - p) < n) return 0;
  for (size_t i = 1; i < n; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  if (n == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0))) return 0;
  if (n == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))) return 0;
  j->p += n;
  return 1;
}

static int string(jp *j, const char **start, size_t *len) {
  if (j->p >= j->end || *j->p != '"') return 0;
  j->p++;
  if (start) *start = (const char *)j->p;
  while (j->p < j->end && *j->p != '"') {
    unsigned char c = *j->p;
    if (c < 0x20) return 0;
    if (c == '\\') {
      j->p++;
      if (j->p >= j->end) return 0;
      c = *j->p;
      if (c == 'u') {
        if (j->end - j->p < 5) return 0;
        for (int i = 1; i <= 4; i++)
          if (!strchr("0123456789abcdefABCDEF", j->p[i]) || !j->p[i]) return 0;
        j->p += 5;
      } else if (strchr("\"\\/bfnrt", c) && c) {
        j->p++;
      } else {
        return 0;
      }
    } else if (c >= 0x80) {
      if (!utf8(j)) return 0;
    } else {
      j->p++;
    }
  }
  if (j->p >= j->end) return 0;
  if (len) *len = (size_t)((const char *)j->p - *start);
  j->p++;
  return 1;
}

static int number(jp *j, long *out) {
  const unsigned char *s = j->p;
  if (j->p < j->end && *j->p == '-') j->p++;
  if (j->p >= j->end) return 0;
  if (*j->p == '0') j->p++;
  else if (*j->p >= '1' && *j->p <= '9')
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
  else return 0;
  int integer = 1;
  if (j->p < j->end && *j->p == '.') {
    integer = 0;
    j->p++;
    if (j->p >= j->end || *j->p < '0' || *j->p > '9') return 0;
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
  }
  if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
    integer = 0;
    j->p++;
    if (j->p < j->end && (*j->p == '+' || *j->p == '-')) j->p++;
    if (j->p >= j->end || *j->p < '0' || *j->p > '9') return 0;
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
  }
  if (out) *out = integer && j->p - s < 19 ? strtol((const char *)s, NULL, 10) : -999999999L;
  return 1;
}

static int value(jp *j, int top, int *has_code, long *code);

static int lit(jp *j, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0) return 0;
  j->p += n;
  return 1;
}

/* The members of an object (key: value, …) or the elements of an array, up to the closing
 * bracket; a top-level object's numeric "code" is recorded. */
static int members(jp *j, int object, int top, int *has_code, long *code) {
  unsigned char close = object ? '}' : ']';
  j->p++;
  ws(j);
  if (j->p < j->end && *j->p == close) {
    j->p++;
    return 1;
  }
  for (;;) {
    ws(j);
    if (object) {
      const char *k;
      size_t kl;
      if (!string(j, &k, &kl)) return 0;
      ws(j);
      if (j->p >= j->end || *j->p != ':') return 0;
      j->p++;
      ws(j);
      if (top && kl == 4 && memcmp(k, "code", 4) == 0 && j->p < j->end && (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))) {
        if (!number(j, code)) return 0;
        *has_code = 1;
      } else if (!value(j, 0, NULL, NULL)) {
        return 0;
      }
    } else if (!value(j, 0, NULL, NULL)) {
      return 0;
    }
    ws(j);
    if (j->p < j->end && *j->p == ',') {
      j->p++;
      continue;
    }
    if (j->p < j->end && *j->p == close) {
      j->p++;
      return 1;
    }
    return 0;
  }
}

static int value(jp *j, int top, int *has_code, long *code) {
  ws(j);
  if (j->p >= j->end || ++j->depth > 256) return 0;
  int ok = 0;
  unsigned char c = *j->p;
  if (c == '{' || c == '[') {
    ok = members(j, c == '{', top, has_code, code);
  } else if (c == '"') {
    ok = string(j, NULL, NULL);
  } else if (c == 't') {
    ok = lit(j, "true");
  } else if (c == 'f') {
    ok = lit(j, "false");
  } else if (c == 'n') {
    ok = lit(j, "null");
  } else {
    ok = number(j, NULL);
  }
  j->depth--;
  return ok;
}

int fz_json_check(const unsigned char *text, size_t len, int *has_code, long *code) {
  jp j = {text, text + len, 0};
  *has_code = 0;
  if (!value(&j, 1, has_code, code)) return 0;
  ws(&j);
  return j.p == j.end;
}
