/*
 * native/locate.h — where things are: the library's folder, its config file (OneTrans.json,
 * read once per runtime start), the node to run, and the one small JSON scanner the shim
 * needs (the config file and the runtime's hello frame).
 */
#ifndef ONETRANS_LOCATE_H
#define ONETRANS_LOCATE_H

#include <stddef.h>
#include <stdint.h>

#define PATH_MAX_UTF8 4096
/* "nodeFlags": at most this many bytes and OT_NODE_FLAGS_COUNT words. */
#define OT_NODE_FLAGS_MAX 512
#define OT_NODE_FLAGS_COUNT 16
/* "gateway": at most this many "host:port" entries, each host at most this long. */
#define OT_GATEWAYS_MAX 8
#define OT_GATEWAY_HOST_MAX 256

/* What the shim takes from its surroundings before a runtime exists. The runtime owns every
 * other setting of OneTrans.json. */
typedef struct ot_config {
  int have_dir;
  char dir[PATH_MAX_UTF8];  /* the library's folder */
  char file[PATH_MAX_UTF8]; /* the config file's path ("" when unknown) */
  int gbk;                  /* "outputEncoding": "gbk" */
  char node_path[PATH_MAX_UTF8]; /* "nodePath", resolved against dir ("" when absent) */
  uint32_t wait_ms;         /* ot_call_budget_ms of the file's timeouts: the start-up wait, and each
                             * call's in gateway mode (a runtime's hello overrides it for calls) */
  int have_node_flags;      /* "nodeFlags" given and usable ("" counts: no flags at all) */
  char node_flags[OT_NODE_FLAGS_MAX]; /* its text: "--flag" words separated by spaces */
  /* Gateway mode (docs/gateway-protocol.md): "gateway" given (even if unusable) means every
   * call goes to a gateway and node is never started. */
  int gateway_mode;
  int gateway_count;
  char gateway_host[OT_GATEWAYS_MAX][OT_GATEWAY_HOST_MAX];
  uint16_t gateway_port[OT_GATEWAYS_MAX];
  unsigned char gateway_key[16];
  char gateway_problem[160]; /* why the settings are unusable ("" when fine); never quotes the key */
  uint32_t connect_ms;       /* connectTimeoutMs: one connection attempt to a gateway */
  uint32_t capacity;         /* "capacity": pOutData's size for MobileTrans in gateway mode */
  /* The daily log the runtime writes (src/mobiletrans/log.ts): the library adds its own lines
   * for the calls it answers itself (a runtime that died, stalled or never started). */
  int log_on;                    /* "logLevel" is not "off" */
  char log_dir[PATH_MAX_UTF8];   /* "logDir" (default "logs") resolved like the runtime does */
} ot_config;

/* Finds the folder and reads the config file once. Never fails: what is missing stays empty
 * and the defaults apply. */
void ot_config_load(ot_config *cfg);

/* connect + read + OT_WAIT_MARGIN_MS, at most OT_MAX_WAIT_MS: src/core/limits.ts callBudgetMs,
 * which the runtime announces as the hello's maxWaitMs. Used only where no hello is there yet
 * (the start-up wait) or none comes (gateway mode); test/native/deadline-owner.test.ts fails if
 * the two disagree. */
uint32_t ot_call_budget_ms(long connect_ms, long read_ms);

/* The node to run, in this order: ONETRANS_NODE, node beside the library, "nodePath" in the
 * config file, the node CMake found at configure time, node on PATH. Returns 0 with the path
 * in buf, else -1 with the reason in why. */
int ot_find_node(const ot_config *cfg, char *buf, size_t size, char *why, size_t whylen);

/* Splits flags (a "nodeFlags" text, modified in place) into at most OT_NODE_FLAGS_COUNT words,
 * each starting with "--". Returns the count, or -1 when the text is not such a list. */
int ot_split_node_flags(char *flags, const char *words[OT_NODE_FLAGS_COUNT]);

/* Joins dir, the path separator and name. Returns 0 when it fits. */
int ot_join_path(char *buf, size_t size, const char *dir, const char *name);

/* The value of "key" at the top level of a JSON object text. A string: unescaped into buf
 * (\uXXXX as UTF-8), returns 0; -1 when absent, not a string, empty or too long. */
int ot_json_string(const char *json, const char *key, char *buf, size_t size);
/* Like ot_json_string, for "key" inside the top-level object "outer" ({"data":{"key":…}}). */
int ot_json_nested_string(const char *json, const char *outer, const char *key, char *buf, size_t size);
/* 1 when the value of "key" is the empty string "", else 0. */
int ot_json_empty_string(const char *json, const char *key);
/* A non-negative whole number, in any JSON spelling (2.5e3, 6000.0): its value (capped at
 * 2^31-1); -1 when absent or not one. */
long ot_json_number(const char *json, const char *key);

#endif
