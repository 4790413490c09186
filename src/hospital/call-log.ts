// One line per call: time, interface, org_trace_no, duration, ret_code, result, and why the
// toolkit answered when the handler did not. Free text (ret_msg, an error's message) comes here
// already masked by the call's values (redactText in handler.ts: names included, which no
// pattern can find); the line is masked once more by pattern (ID and phone numbers).
import { maskText } from '../core/mask.js';
import type { FieldSpec, InterfaceSpec, ValidationIssue } from '../spec/index.js';
import type { HospitalCallRecord } from './types.js';

const MAX_LISTED = 8;
const LINE_BREAK = /[\r\n]/;

/** `field:rule` for each issue, indices folded, without values. */
export function issueKeys(issues: readonly ValidationIssue[]): string[] {
  if (issues.length === 0) return [];
  // A few issues (the usual warn-mode call) are deduplicated by scanning; many, by a Set.
  const seen = issues.length > 16 ? new Set<string>() : undefined;
  const keys: string[] = [];
  for (const issue of issues) {
    const field = issue.field.includes('[') ? issue.field.replace(/\[\d+\]/g, '[]') : issue.field;
    const key = `${field || '(body)'}:${issue.rule}`;
    if (seen ? seen.has(key) : keys.includes(key)) continue;
    seen?.add(key);
    keys.push(key);
  }
  return keys;
}

function list(keys: readonly string[]): string {
  if (keys.length <= MAX_LISTED) return keys.join(',');
  return `${keys.slice(0, MAX_LISTED).join(',')},…(+${keys.length - MAX_LISTED})`;
}

/** `2026-01-02 10:00:00 ORG_003 /rechargeSettle org_trace_no=… 12ms http=200 ret_code=00 result=succ`. */
export function formatCallLine(r: HospitalCallRecord): string {
  // Appended piece by piece (no array to join): this runs on every call.
  let line = `${r.time} ${r.interfaceId || '-'} ${r.path}`;
  if (r.orgTraceNo) line += ` org_trace_no=${r.orgTraceNo}`;
  line += ` ${r.durationMs}ms http=${r.httpStatus} ret_code=${r.retCode}`;
  if (r.result) line += ` result=${r.result}`;
  if (r.outcome !== 'ok') line += ` outcome=${r.outcome}`;
  if (r.retMsg && r.retCode !== '00') line += ` ret_msg=${JSON.stringify(r.retMsg)}`;
  if (r.requestIssues.length) line += ` request_issues=${list(r.requestIssues)}`;
  if (r.responseIssues.length) line += ` answer_issues=${list(r.responseIssues)}`;
  if (r.error) line += ` error=${JSON.stringify(r.error)}`;
  return maskText(LINE_BREAK.test(line) ? line.replace(/[\r\n]+/g, ' ') : line);
}

/** The table of a direction. */
export function tableOf(spec: InterfaceSpec, direction: 'request' | 'response'): readonly FieldSpec[] {
  return direction === 'request' ? spec.request : spec.response;
}
