/*
 * native/locate.c — the library's folder, OneTrans.json, node, and a small JSON scanner.
 */
#include "locate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.gen.h"
#include "platform.h"

/* The shim reads only three settings, near the top of any sane file; the runtime reads the
 * whole file (src/mobiletrans/config.ts) and reports what is wrong with it. */
#define CONFIG_READ_MAX (1u << 20)

static void ot_wipe_bytes(void *p, size_t n) {
  volatile unsigned char *v = (volatile unsigned char *)p;
  while (n--) *v++ = 0;
}

/* ---- JSON: just enough to find a top-level key --------------------------------------------- */

static const char *skip_ws(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  return p;
}

/* p at '"'. Returns the character after the closing quote, NULL if unterminated. */
static const char *skip_string(const char *p) {
  for (p++; *p; p++) {
    if (*p == '\\') {
      if (!*++p) return NULL;
    } else if (*p == '"') {
      return p + 1;
    }
  }
  return NULL;
}

/* Any value: a string, a nested object or array (strings inside respected), or a literal. */
static const char *skip_value(const char *p) {
  if (*p == '"') return skip_string(p);
  if (*p == '{' || *p == '[') {
    int depth = 0;
    while (*p) {
      if (*p == '"') {
        p = skip_string(p);
        if (!p) return NULL;
        continue;
      }
      if (*p == '{' || *p == '[') depth++;
      if (*p == '}' || *p == ']') {
        if (--depth == 0) return p + 1;
      }
      p++;
    }
    return NULL;
  }
  while (*p && *p != ',' && *p != '}' && *p != ']') p++;
  return p;
}

/* The start of key's value in the top-level object, or NULL. Keys are compared as written
 * (the shim's keys need no escapes). */
static const char *find_value(const char *json, const char *key) {
  const char *p = skip_ws(json);
  if (*p != '{') return NULL;
  p = skip_ws(p + 1);
  size_t klen = strlen(key);
  /* The last one when a key repeats, as JSON.parse (src/mobiletrans/config.ts) takes it. */
  const char *found = NULL;
  while (*p == '"') {
    const char *kstart = p + 1;
    const char *kend = skip_string(p);
    if (!kend) return found;
    int match = (size_t)(kend - 1 - kstart) == klen && memcmp(kstart, key, klen) == 0;
    p = skip_ws(kend);
    if (*p != ':') return found;
    p = skip_ws(p + 1);
    if (match) found = p;
    p = skip_value(p);
    if (!p) return found;
    p = skip_ws(p);
    if (*p != ',') return found;
    p = skip_ws(p + 1);
  }
  return found;
}

static int hex4(const char *p, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return -1;
  }
  *out = v;
  return 0;
}

/* ---- JSON: is the whole text one object, as JSON.parse reads it? ---------------------------- */

static const unsigned char *json_ws(const unsigned char *p, const unsigned char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
  return p;
}

static int json_digit(const unsigned char *p, const unsigned char *end) {
  return p < end && *p >= '0' && *p <= '9';
}

/* p at '"': the character after the closing quote, NULL when the string is not JSON. Bytes
 * from 0x80 up pass: Node decodes a bad UTF-8 sequence to U+FFFD rather than refusing it. */
static const unsigned char *json_string_end(const unsigned char *p, const unsigned char *end) {
  for (p++; p < end; p++) {
    if (*p == '"') return p + 1;
    if (*p < 0x20) return NULL;
    if (*p != '\\') continue;
    if (++p >= end) return NULL;
    if (*p == 'u') {
      unsigned u;
      if (end - p < 5 || hex4((const char *)p + 1, &u) != 0) return NULL;
      p += 4;
    } else if (*p == 0 || !strchr("\"\\/bfnrt", *p)) {
      return NULL;
    }
  }
  return NULL;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? — no '+', no leading zero, no bare '.'. */
static const unsigned char *json_number_end(const unsigned char *p, const unsigned char *end) {
  if (p < end && *p == '-') p++;
  if (!json_digit(p, end)) return NULL;
  if (*p == '0') p++;
  else
    while (json_digit(p, end)) p++;
  if (p < end && *p == '.') {
    if (!json_digit(++p, end)) return NULL;
    while (json_digit(p, end)) p++;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    if (!json_digit(p, end)) return NULL;
    while (json_digit(p, end)) p++;
  }
  return p;
}

static const unsigned char *json_literal_end(const unsigned char *p, const unsigned char *end) {
  static const char *const words[] = {"true", "false", "null"};
  for (int i = 0; i < 3; i++) {
    size_t n = strlen(words[i]);
    if ((size_t)(end - p) >= n && memcmp(p, words[i], n) == 0) return p + n;
  }
  return NULL;
}

/* 1 when text[0, len) is one JSON object and nothing else but whitespace, by RFC 8259's grammar,
 * which is JSON.parse's. */
static int json_object_valid(const char *text, size_t len) {
  const unsigned char *p = (const unsigned char *)text, *end = p + len;
  /* The open brackets, innermost last: as deep as the text is long at most, so no input can
   * exhaust the C stack the way a recursive checker's could. */
  unsigned char *open = malloc(len ? len : 1);
  size_t depth = 0;
  int ok = 0;
  if (!open) return 0;
  p = json_ws(p, end);
  if (p >= end || *p != '{') goto done;
  for (;;) {
    /* A value starts at p. */
    p = json_ws(p, end);
    if (p >= end) goto done;
    if (*p == '{' || *p == '[') {
      open[depth++] = *p;
      p = json_ws(p + 1, end);
      if (p < end && *p == (open[depth - 1] == '{' ? '}' : ']')) {
        p++;
        depth--;
        goto after_value;
      }
      if (open[depth - 1] == '{') goto key;
      continue;
    }
    p = *p == '"' ? json_string_end(p, end) : (*p == '-' || (*p >= '0' && *p <= '9')) ? json_number_end(p, end) : json_literal_end(p, end);
    if (!p) goto done;
  after_value:
    p = json_ws(p, end);
    if (depth == 0) {
      ok = p == end; /* nothing but whitespace after the object */
      goto done;
    }
    if (p >= end) goto done;
    if (*p == (open[depth - 1] == '{' ? '}' : ']')) {
      p++;
      depth--;
      goto after_value;
    }
    if (*p++ != ',') goto done;
    if (open[depth - 1] == '[') continue;
  key:
    p = json_ws(p, end);
    if (p >= end || *p != '"' || !(p = json_string_end(p, end))) goto done;
    p = json_ws(p, end);
    if (p >= end || *p++ != ':') goto done;
  }
done:
  free(open);
  return ok;
}

int ot_json_string(const char *json, const char *key, char *buf, size_t size) {
  const char *p = find_value(json, key);
  if (!p || *p != '"' || size == 0) return -1;
  size_t n = 0;
  for (p++; *p && *p != '"'; p++) {
    char one[4];
    size_t len = 1;
    one[0] = *p;
    if (*p == '\\') {
      char e = *++p;
      unsigned u = 0;
      if (e == 'n') one[0] = '\n';
      else if (e == 't') one[0] = '\t';
      else if (e == 'r') one[0] = '\r';
      else if (e == 'b') one[0] = '\b';
      else if (e == 'f') one[0] = '\f';
      else if (e == '"' || e == '\\' || e == '/') one[0] = e;
      else if (e == 'u' && hex4(p + 1, &u) == 0 && u != 0 && (u < 0xD800 || u > 0xDFFF)) {
        p += 4;
        if (u < 0x80) {
          one[0] = (char)u;
        } else if (u < 0x800) {
          one[0] = (char)(0xC0 | (u >> 6));
          one[1] = (char)(0x80 | (u & 0x3F));
          len = 2;
        } else {
          one[0] = (char)(0xE0 | (u >> 12));
          one[1] = (char)(0x80 | ((u >> 6) & 0x3F));
          one[2] = (char)(0x80 | (u & 0x3F));
          len = 3;
        }
      } else {
        return -1; /* surrogate pairs, NUL: nothing the shim's settings need */
      }
    }
    if (n + len + 1 > size) return -1;
    memcpy(buf + n, one, len);
    n += len;
  }
  if (*p != '"' || n == 0) return -1;
  buf[n] = 0;
  return 0;
}

int ot_json_nested_string(const char *json, const char *outer, const char *key, char *buf, size_t size) {
  const char *p = find_value(json, outer);
  if (!p || *p != '{') return -1;
  return ot_json_string(p, key, buf, size);
}

int ot_json_empty_string(const char *json, const char *key) {
  const char *p = find_value(json, key);
  return p && p[0] == '"' && p[1] == '"';
}

long ot_json_number(const char *json, const char *key) {
  const char *p = find_value(json, key);
  if (!p || *p < '0' || *p > '9') return -1;
  /* Read as JSON.parse reads it (src/mobiletrans/config.ts takes 2.5e3 and 6000.0 as 2500 and
   * 6000): digits, an optional fraction, an optional exponent; -1 unless the value is whole. */
  uint64_t m = 0;
  long exp10 = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (m < 100000000000000000ULL) m = m * 10 + (uint64_t)(*p - '0');
    else exp10++;
  }
  if (*p == '.') {
    p++;
    if (*p < '0' || *p > '9') return -1;
    for (; *p >= '0' && *p <= '9'; p++)
      if (m < 100000000000000000ULL) {
        m = m * 10 + (uint64_t)(*p - '0');
        exp10--;
      }
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    int neg = *p == '-';
    if (*p == '+' || *p == '-') p++;
    if (*p < '0' || *p > '9') return -1;
    long e = 0;
    for (; *p >= '0' && *p <= '9'; p++)
      if (e < 100000L) e = e * 10 + (*p - '0');
    exp10 += neg ? -e : e;
  }
  if (m == 0) return 0;
  while (exp10 < 0 && m % 10 == 0) {
    m /= 10;
    exp10++;
  }
  if (exp10 < 0) return -1;
  for (; exp10 > 0 && m <= 2147483647ULL; exp10--) m *= 10;
  return m > 2147483647ULL ? 2147483647L : (long)m;
}

/* "gateway": ["host:port", ...] and "gatewayKey": 32 hex digits. Sets gateway_mode when
 * "gateway" is present at all, gateway_problem when it or the key cannot be used. */
static void read_gateway(const char *json, ot_config *cfg) {
  const char *p = find_value(json, "gateway");
  if (!p) return;
  cfg->gateway_mode = 1;
  if (*p != '[') {
    snprintf(cfg->gateway_problem, sizeof cfg->gateway_problem, "\"gateway\" must be a list of \"host:port\" strings");
    return;
  }
  p = skip_ws(p + 1);
  while (*p == '"') {
    const char *start = p + 1, *end = strchr(start, '"');
    const char *colon = NULL;
    if (!end) break;
    for (const char *q = start; q < end; q++)
      if (*q == ':') colon = q;
    size_t hostlen = colon ? (size_t)(colon - start) : 0;
    long port = 0;
    int digits = 0;
    if (colon)
      for (const char *q = colon + 1; q < end && *q >= '0' && *q <= '9' && digits < 6; q++, digits++) port = port * 10 + (*q - '0');
    if (hostlen > 1 && start[0] == '[' && colon[-1] == ']') { /* [v6]:port */
      start++;
      hostlen -= 2;
    }
    if (!colon || hostlen == 0 || hostlen >= OT_GATEWAY_HOST_MAX || digits == 0 || colon + 1 + digits != end || port < 1 || port > 65535 ||
        memchr(start, '\\', hostlen) || cfg->gateway_count >= OT_GATEWAYS_MAX) {
      snprintf(cfg->gateway_problem, sizeof cfg->gateway_problem, "\"gateway\" entry %d is not \"host:port\" (at most %d entries)", cfg->gateway_count + 1, OT_GATEWAYS_MAX);
      return;
    }
    memcpy(cfg->gateway_host[cfg->gateway_count], start, hostlen);
    cfg->gateway_host[cfg->gateway_count][hostlen] = 0;
    cfg->gateway_port[cfg->gateway_count] = (uint16_t)port;
    cfg->gateway_count++;
    p = skip_ws(end + 1);
    if (*p == ',') p = skip_ws(p + 1);
  }
  if (*p != ']' || cfg->gateway_count == 0) {
    snprintf(cfg->gateway_problem, sizeof cfg->gateway_problem, "\"gateway\" must be a non-empty list of \"host:port\" strings");
    return;
  }
  char key[40];
  int ok = ot_json_string(json, "gatewayKey", key, sizeof key) == 0 && strlen(key) == 32;
  for (int i = 0; ok && i < 16; i++) {
    unsigned v;
    char h[5] = {'0', '0', key[2 * i], key[2 * i + 1], 0};
    if (hex4(h, &v) != 0) ok = 0;
    else cfg->gateway_key[i] = (unsigned char)v;
  }
  ot_wipe_bytes(key, sizeof key);
  if (!ok) snprintf(cfg->gateway_problem, sizeof cfg->gateway_problem, "\"gatewayKey\" must be exactly 32 hex digits, the same as the gateway's key file");
}

/* ---- node's own flags --------------------------------------------------------------------- */

int ot_split_node_flags(char *flags, const char *words[OT_NODE_FLAGS_COUNT]) {
  int n = 0;
  char *p = flags;
  for (;;) {
    while (*p == ' ' || *p == '\t') *p++ = 0;
    if (!*p) return n;
    /* Only options: a word that is not one ("-e", a script) would change what node runs. */
    if (n == OT_NODE_FLAGS_COUNT || p[0] != '-' || p[1] != '-' || !p[2]) return -1;
    words[n++] = p;
    while (*p && *p != ' ' && *p != '\t') p++;
  }
}

/* ---- paths ----------------------------------------------------------------------------------- */

int ot_join_path(char *buf, size_t size, const char *dir, const char *name) {
  int n = snprintf(buf, size, "%s%s%s", dir, ot_path_sep(), name);
  return (n > 0 && (size_t)n < size) ? 0 : -1;
}

static int is_absolute(const char *p) {
  if (p[0] == '/' || p[0] == '\\') return 1;
  if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':') return 1;
  return 0;
}

/* path when absolute, else dir/path. */
static int resolve(char *buf, size_t size, const char *dir, const char *path) {
  if (is_absolute(path)) {
    if (strlen(path) >= size) return -1;
    strcpy(buf, path);
    return 0;
  }
  return dir ? ot_join_path(buf, size, dir, path) : -1;
}

/* ---- the config file ----------------------------------------------------------------------- */

uint32_t ot_call_budget_ms(long connect_ms, long read_ms) {
  uint64_t sum = (uint64_t)(connect_ms > 0 ? connect_ms : 0) + (uint64_t)(read_ms > 0 ? read_ms : 0) + OT_WAIT_MARGIN_MS;
  return sum < OT_MAX_WAIT_MS ? (uint32_t)sum : OT_MAX_WAIT_MS;
}

void ot_config_load(ot_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->wait_ms = ot_call_budget_ms(OT_DEFAULT_CONNECT_TIMEOUT_MS, OT_DEFAULT_READ_TIMEOUT_MS);
  cfg->connect_ms = OT_DEFAULT_CONNECT_TIMEOUT_MS;
  cfg->capacity = OT_DEFAULT_CAPACITY;
  cfg->have_dir = ot_self_dir(cfg->dir, sizeof cfg->dir) == 0;
  const char *dir = cfg->have_dir ? cfg->dir : NULL;
  /* ONETRANS_CONFIG (relative to the library's folder) when set, else OneTrans.json beside
   * the library: the same file src/mobiletrans/config.ts reads. */
  char env[PATH_MAX_UTF8];
  int explicit_file = ot_getenv("ONETRANS_CONFIG", env, sizeof env) == 0;
  const char *name = explicit_file ? env : "OneTrans.json";
  cfg->log_on = 1;
  size_t dlen = dir ? strlen(dir) : 0;
  if (dir && dlen + 6 <= sizeof cfg->log_dir) {
    memcpy(cfg->log_dir, dir, dlen);
    memcpy(cfg->log_dir + dlen, ot_path_sep(), 1);
    memcpy(cfg->log_dir + dlen + 1, "logs", 5);
  }
  if (resolve(cfg->file, sizeof cfg->file, dir, name) != 0) {
    cfg->file[0] = 0;
    return;
  }
  char *text = malloc(CONFIG_READ_MAX);
  if (!text) return;
  long got = ot_read_file(cfg->file, text, CONFIG_READ_MAX);
  if (got > 0) {
    const char *json = text;
    size_t len = (size_t)got;
    if ((unsigned char)json[0] == 0xEF && (unsigned char)json[1] == 0xBB && (unsigned char)json[2] == 0xBF) {
      json += 3;
      len -= 3;
    }
    /* A file JSON.parse refuses is no settings at all to the runtime (src/mobiletrans/config.ts:
     * every default, the problem in its daily log), so none is read from it here either: a
     * truncated file or one with a stray token would otherwise give a start-up wait, node flags
     * or a gateway the runtime never agrees to. The log folder is then the default one, found
     * as the runtime finds it. */
    const int valid = json_object_valid(json, len);
    /* Relative paths in the file (logDir, nodePath; caFile in the runtime) are read from the
     * file's own folder: the library's for OneTrans.json beside it, the named file's folder
     * for ONETRANS_CONFIG (src/mobiletrans/config.ts, baseDir). */
    char base[PATH_MAX_UTF8];
    const char *log_base = dir; /* the folder relative paths start from */
    if (explicit_file && strlen(cfg->file) < sizeof base) {
      strcpy(base, cfg->file);
      char *cut = strrchr(base, ot_path_sep()[0]);
#ifdef _WIN32
      char *slash = strrchr(base, '/');
      if (slash && (!cut || slash > cut)) cut = slash;
#endif
      if (cut) {
        *cut = 0;
        log_base = base;
      }
    }
    char val[PATH_MAX_UTF8];
    if (valid) {
      if (ot_json_string(json, "outputEncoding", val, sizeof val) == 0)
        cfg->gbk = strcmp(val, "gbk") == 0 || strcmp(val, "GBK") == 0;
      if (ot_json_string(json, "nodePath", val, sizeof val) == 0 &&
          resolve(cfg->node_path, sizeof cfg->node_path, log_base, val) != 0)
        cfg->node_path[0] = 0;
      /* Replaces the runtime's built-in node flags (runtime.c); "" runs node with none. A value
       * that is not a list of "--" words keeps the built-in ones (the runtime's log says why). */
      char words_buf[OT_NODE_FLAGS_MAX];
      const char *words[OT_NODE_FLAGS_COUNT];
      if (ot_json_empty_string(json, "nodeFlags")) {
        cfg->have_node_flags = 1;
      } else if (ot_json_string(json, "nodeFlags", cfg->node_flags, sizeof cfg->node_flags) == 0) {
        memcpy(words_buf, cfg->node_flags, sizeof words_buf);
        cfg->have_node_flags = ot_split_node_flags(words_buf, words) >= 0;
        if (!cfg->have_node_flags) cfg->node_flags[0] = 0;
      }
      read_gateway(json, cfg);
      long cap = ot_json_number(json, "capacity");
      if (cap >= 64) cfg->capacity = (uint32_t)cap;
      long connect = ot_json_number(json, "connectTimeoutMs"), read = ot_json_number(json, "readTimeoutMs");
      if (connect < 1) connect = OT_DEFAULT_CONNECT_TIMEOUT_MS;
      if (read < 1) read = OT_DEFAULT_READ_TIMEOUT_MS;
      cfg->wait_ms = ot_call_budget_ms(connect, read);
      cfg->connect_ms = (uint32_t)connect;
      if (ot_json_string(json, "logLevel", val, sizeof val) == 0) cfg->log_on = strcmp(val, "off") != 0;
    }
    if (!valid || ot_json_string(json, "logDir", val, sizeof val) != 0) strcpy(val, "logs");
    if (resolve(cfg->log_dir, sizeof cfg->log_dir, log_base, val) != 0) cfg->log_dir[0] = 0;
  }
  if (got > 0) ot_wipe_bytes(text, (size_t)got); /* it may hold gatewayKey and clientPrvKey */
  free(text);
}

/* ---- node ------------------------------------------------------------------------------------ */

int ot_find_node(const ot_config *cfg, char *buf, size_t size, char *why, size_t whylen) {
  if (ot_getenv("ONETRANS_NODE", buf, size) == 0) return 0;
  if (cfg->have_dir && ot_join_path(buf, size, cfg->dir, ot_node_exe_name()) == 0 && ot_file_exists(buf)) return 0;
  if (cfg->node_path[0] && strlen(cfg->node_path) < size) {
    strcpy(buf, cfg->node_path);
    return 0;
  }
#ifdef ONETRANS_NODE_DEFAULT
  if (strlen(ONETRANS_NODE_DEFAULT) < size && ot_file_exists(ONETRANS_NODE_DEFAULT)) {
    strcpy(buf, ONETRANS_NODE_DEFAULT);
    return 0;
  }
#endif
  if (ot_find_in_path(ot_node_exe_name(), buf, size) == 0) return 0;
  snprintf(why, whylen, "node not found (ONETRANS_NODE, %s beside the library, nodePath in OneTrans.json, PATH)",
           ot_node_exe_name());
  return -1;
}
