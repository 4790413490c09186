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
 * The redactor of one request (src/core/redact.ts): every value of a sensitive field of
 * `business` (names, ID numbers, phones, card numbers, free text), the secrets among its keys,
 * and `secrets` (the appKey/appSecret and keys the caller holds).
 */
export function requestRedactor(business: unknown, secrets: readonly unknown[] = []): Redactor {
  const values: [unknown, Sensitivity][] = [];
  const visit = (value: unknown, how: Sensitivity | undefined, depth: number) => {
    if (depth > 8 || value === null || value === undefined) return;
    // A number the parser kept as text (JsonNumber) counts as its text.
    if (typeof value !== 'object' || (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)) {
      if (how) values.push([typeof value === 'string' ? value : String(value), how]);
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value) visit(v, how, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, how ?? SENSITIVE_FIELDS.get(k.trim()), depth + 1);
  };
  visit(business, undefined, 0);
  for (const s of secrets) values.push([s, 'secret']);
  // The key an outcome-unknown refund is queried by must show in its message as it is.
  const keep: unknown[] = [];
  const find = (v: unknown, depth: number) => {
    if (depth > 2 || v === null || typeof v !== 'object' || Array.isArray(v)) return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (QUERY_KEYS.has(k)) keep.push(x);
      else find(x, depth + 1);
    }
  };
  find(business, 0);
  return new Redactor(values, keep);
}
