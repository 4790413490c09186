// Field-aware masking of business objects: which field names hold IDs, phones, names or
// secrets, from the spec tables' marks (AMP_HOS and ORG) plus the secret settings. Value and
// free-text masking itself is src/core/mask.ts.
import { SECRET_FIELDS, maskText, maskValue, type Sensitivity } from '../core/mask.js';
import { Redactor } from '../core/redact.js';
import { AMP_INTERFACE_LIST } from './registry.js';
import { ORG_INTERFACE_LIST } from './org-registry.js';
import type { FieldSpec } from './types.js';

/** Field names whose values never reach a log unmasked. */
export const SENSITIVE_FIELDS: ReadonlyMap<string, Sensitivity> = (() => {
  const m = new Map<string, Sensitivity>([
    ['cardNo', 'id'],
    ['certNo', 'id'],
    ['drName', 'name'],
    // Free text typed by hospital staff: it can hold a patient's name ("患者欧阳娜娜取消").
    ['refundReason', 'text'],
  ]);
  const visit = (fields: readonly FieldSpec[]) => {
    for (const f of fields) {
      if (f.sensitive) m.set(f.name, f.sensitive);
      if (f.items) visit(f.items);
    }
  };
  for (const iface of [...AMP_INTERFACE_LIST, ...ORG_INTERFACE_LIST]) {
    visit(iface.request);
    visit(iface.response);
  }
  for (const k of SECRET_FIELDS) m.set(k, 'secret');
  return m;
})();

/** A copy of a business object fit for a log: marked fields masked, ID/phone numbers in text masked. */
export function maskFields(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return typeof value === 'string' ? maskText(value) : value;
  if (Array.isArray(value)) return value.map((v) => maskFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const how = SENSITIVE_FIELDS.get(k.trim());
    out[k] = how ? maskValue(v, how) : maskFields(v, depth + 1);
  }
  return out;
}

/** Request fields that name a call for a later query (spec policy outcomeUnknown.key): never masked as IDs. */
const QUERY_KEYS: ReadonlySet<string> = new Set(['outRefundNo']);

/**
 * Calls `fn` with each value of a sensitive field of `business` (nested objects and lists
 * included, a field's mark covering everything under it) as text.
 */
function eachSensitive(business: unknown, fn: (text: string, how: Sensitivity) => void): void {
  const visit = (value: unknown, how: Sensitivity | undefined, depth: number) => {
    if (depth > 8 || value === null || value === undefined) return;
    // A number the parser kept as text (JsonNumber) counts as its text.
    if (typeof value !== 'object' || (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)) {
      if (how) fn(typeof value === 'string' ? value : String(value), how);
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value) visit(v, how, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    // Every value in one builtin call, in the keys' order (no keyed load a key).
    const values = Object.values(record);
    const marks = how === undefined ? marksOf(keys) : undefined;
    for (let i = 0; i < keys.length; i++) {
      const v = values[i];
      const h = how ?? marks![i];
      // Most keys: an unmarked plain value, nothing under it to visit.
      if (h !== undefined || (typeof v === 'object' && v !== null)) visit(v, h, depth + 1);
    }
  };
  visit(business, undefined, 0);
}

/**
 * The mark of each key (SENSITIVE_FIELDS of the trimmed key), remembered for the key lists seen
 * last: a client sends the same keys in the same order on every call, and comparing a key list
 * (one pointer comparison a key) is cheaper than a trim check and a Map lookup a key. Keyed by
 * the first key; long lists are not kept, and the cache is emptied when it holds 64.
 */
const markCache = new Map<string, { readonly keys: readonly string[]; readonly marks: readonly (Sensitivity | undefined)[] }>();
function marksOf(keys: readonly string[]): readonly (Sensitivity | undefined)[] {
  if (keys.length === 0) return [];
  const hit = markCache.get(keys[0]!);
  if (hit !== undefined && hit.keys.length === keys.length) {
    let i = 1;
    while (i < keys.length && keys[i] === hit.keys[i]) i++;
    if (i === keys.length) return hit.marks;
  }
  const marks = keys.map((k) => SENSITIVE_FIELDS.get(trimmedKey(k)));
  if (keys.length <= 256) {
    if (markCache.size >= 64) markCache.clear();
    markCache.set(keys[0]!, { keys, marks });
  }
  return marks;
}

/** k.trim(), without the call for the usual key (printable ASCII at both ends): once per key of every request. */
function trimmedKey(k: string): string {
  const first = k.charCodeAt(0);
  const last = k.charCodeAt(k.length - 1);
  return first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f ? k : k.trim();
}

/** The key an outcome-unknown refund is queried by, which its message must show as it is. */
function queryKeys(business: unknown): unknown[] {
  const keep: unknown[] = [];
  const find = (v: unknown, depth: number) => {
    if (depth > 2 || v === null || typeof v !== 'object' || Array.isArray(v)) return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (QUERY_KEYS.has(k)) keep.push(x);
      else find(x, depth + 1);
    }
  };
  find(business, 0);
  return keep;
}

/**
 * The redactor of one request (src/core/redact.ts): every value of a sensitive field of
 * `business` (names, ID numbers, phones, card numbers, free text), the secrets among its keys,
 * and `secrets` (the appKey/appSecret and keys the caller holds).
 */
export function requestRedactor(business: unknown, secrets: readonly unknown[] = []): Redactor {
  const values: [unknown, Sensitivity][] = [];
  eachSensitive(business, (text, how) => values.push([text, how]));
  for (const s of secrets) values.push([s, 'secret']);
  return new Redactor(values, queryKeys(business));
}

// Characters JSON.stringify escapes: only a value holding one can appear in a text escaped.
const ESCAPED_IN_JSON = /["\\\u0000-\u001f\ud800-\udfff]/;
// What maskText looks for first: an ID or phone number is a run of at least 11 digits.
const DIGIT_RUN = /\d{11}/;

/**
 * `text` exactly as `requestRedactor(business, secrets).redact(text)` leaves it, for a sink that
 * masks a short text or two per call (the hospital toolkit's call log, the simulator's log):
 * the redactor is built from the values the text holds only, and only when it holds one (or an
 * ID/phone-like number) — so the usual call pays one walk of the request and allocates nothing
 * else. Empty text costs nothing.
 */
export function redactText(text: string, business: unknown, secrets: readonly unknown[] = []): string {
  if (text === '') return text;
  let held: [string, Sensitivity][] | undefined;
  const consider = (value: unknown, how: Sensitivity) => {
    // A value longer than the text is not in it, nor its JSON-escaped form (never shorter).
    if (typeof value !== 'string') return;
    const t = value.trim();
    if (t.length > text.length) return;
    if (t !== '' && (text.includes(t) || (ESCAPED_IN_JSON.test(t) && text.includes(JSON.stringify(t).slice(1, -1))))) (held ??= []).push([t, how]);
  };
  eachSensitive(business, consider);
  for (const s of secrets) consider(s, 'secret');
  // With no value held the redactor masks ID and phone patterns only, and text without a run of
  // 11 digits has none.
  if (!held && !DIGIT_RUN.test(text)) return text;
  return new Redactor(held ?? [], queryKeys(business)).redact(text);
}
