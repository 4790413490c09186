/*
 * native/errors.h — the shim's return codes and its own error messages.
 *
 * Codes are protocol.md §5 strings in static storage (valid for the life of the process).
 * Messages come from one table (error-table.gen.c, generated from error-messages.json), each
 * written as "<Chinese> / <English>[: <detail>]", the Chinese half in UTF-8 or, for callers
 * configured with "outputEncoding": "gbk", in GBK.
 */
#ifndef ONETRANS_ERRORS_H
#define ONETRANS_ERRORS_H

#include <stddef.h>

#include "error-table.gen.h"

extern const char OT_CODE_SYSTEM[]; /* "000002" */
extern const char OT_CODE_PARAM[];  /* "000105" */

/* A code from the runtime mapped to static storage; anything not a short code → 000002.
 * Caller holds the shim's lock (g_lock). */
const char *ot_intern_code(const char *code, size_t len);

/* An error answer being put together: {"code":N,"message":"…","data":null,"extra":"","orgId":""}. */
typedef struct ot_errbuf {
  char text[2048];
  size_t n;
  int gbk;
  int full; /* ran out of room: the rest is dropped, the JSON still closes */
} ot_errbuf;

/* Starts the message with the entry's "<zh> / <en>". */
void ot_err_begin(ot_errbuf *b, ot_msg id, int gbk);
/* Appends ": " and a detail (JSON-escaped; non-ASCII bytes become '?' for GBK readers). */
void ot_err_detail(ot_errbuf *b, const char *detail);
/* Appends ". " and a hint entry "<zh> / <en>", its %s holes filled (in order) from args, each
 * escaped like a detail (the same values go in both halves). */
void ot_err_hint(ot_errbuf *b, ot_msg id, const char *const *args);
/* Writes the finished JSON to out if it fits in cap bytes (with the NUL), else "" when cap >= 1.
 * Returns the entry's code (static storage). */
const char *ot_err_write(ot_errbuf *b, ot_msg id, char *out, size_t cap);

/* The common case: one entry with an optional detail. Returns the entry's code. */
const char *ot_write_error(char *out, size_t cap, ot_msg id, const char *detail, int gbk);

/* An "outcome unknown" answer (the request may have reached the runtime, its answer is lost):
 * the entry and detail, then, for a request with an outRefundNo (refund_no not empty), the
 * hint naming it for queryRefundResult. Returns the entry's code. */
const char *ot_write_unknown(char *out, size_t cap, ot_msg id, const char *detail, const char *refund_no, int gbk);

#endif
