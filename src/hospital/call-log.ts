// One line per call: time, interface, org_trace_no, duration, ret_code, result, and why the
// toolkit answered when the handler did not. Free text (ret_msg, an error's message) is masked
// twice: ID and phone numbers by pattern, and every value the request carried in a field the
// spec marks sensitive (names included, which no pattern can find).
import { maskText } from '../core/mask.js';
import { maskValue, type FieldSpec, type InterfaceSpec, type ValidationIssue } from '../spec/index.js';
import { fieldsByName } from '../spec/table-index.js';
import type { HospitalCallRecord } from './types.js';

const MAX_LISTED = 8;
const LINE_BREAK = /[\r\n]/;

/** How each sensitive value is masked ('id', 'name', …), keyed by the value itself. */
export type SensitiveValues = Map<string, NonNullable<FieldSpec['sensitive']>>;

/**
 * Sensitive values of an object by its table, nested lists included (at most a few hundred).
 * Only how each is masked is noted: the masked form is worked out by maskWith for the values
 * a text holds (usually none).
 */
export function sensitiveValues(obj: unknown, table: readonly FieldSpec[], out: SensitiveValues = new Map(), depth = 0): SensitiveValues {
  if (depth > 4 || typeof obj !== 'object' || obj === null || out.size > 500) return out;
  const byName = fieldsByName(table);
  const record = obj as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = byName.get(key.trim());
    if (!field || (!field.items && !field.sensitive)) continue;
    const value = record[key];
    if (field.items && Array.isArray(value)) {
      for (const item of value.slice(0, 200)) sensitiveValues(item, field.items, out, depth + 1);
    } else if (field.sensitive && typeof value === 'string' && value.length >= 2) {
      out.set(value, field.sensitive);
    }
  }
  return out;
}

/** Masks the known values (longest first), then ID/phone patterns. */
export function maskWith(text: string, known: ReadonlyMap<string, NonNullable<FieldSpec['sensitive']>>): string {
  let out = text;
  if (known.size > 0) {
    for (const value of [...known.keys()].sort((a, b) => b.length - a.length)) {
      if (out.includes(value)) out = out.split(value).join(String(maskValue(value, known.get(value)!)));
    }
  }
  return maskText(out);
}

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
