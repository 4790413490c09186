/*
 * native/daily-log.h — the library's own lines in the daily log (logs/onetrans-YYYYMMDD.log,
 * the file the runtime writes: src/mobiletrans/log.ts).
 *
 * The library answers some calls itself: the runtime died, stalled past the deadline, could
 * not start. Those calls must leave a line too, and the runtime cannot write it (it is dead or
 * frozen), so the library appends it, in the runtime's format, marked by=library.
 */
#ifndef ONETRANS_DAILY_LOG_H
#define ONETRANS_DAILY_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "error-table.gen.h"

/* What one line says about a call. Strings may be NULL or empty (then left out). Values taken
 * from the caller's input (iface, orgId, outRefundNo) are identifiers, never personal data;
 * they are written as printable ASCII only, at most 64 characters each. */
typedef struct ot_log_call {
  const char *iface;
  const char *org_id;
  const char *out_refund_no;
  uint64_t ms;
  const char *code;
  ot_msg msg;
  const char *detail; /* ASCII, the shim's own words */
  long runtime_pid;   /* 0 when unknown */
} ot_log_call;

/* Appends one ERROR line to the daily log in log_dir (best effort: a folder that cannot be
 * written is skipped). */
void ot_log_library_call(const char *log_dir, const ot_log_call *call);

/* The interface of a request (the last path segment of data.serverAddr, "refund") into buf,
 * and its orgId and data.outRefundNo, each "" when absent. */
void ot_log_request_fields(const char *in, char *iface, char *org_id, char *out_refund_no, size_t size);

#endif
