// Field-aware masking of business objects: which field names hold IDs, phones, names or
// secrets, from the spec tables' marks (AMP_HOS and ORG) plus the secret settings. Value and
// free-text masking itself is src/core/mask.ts.
import { SECRET_FIELDS, maskText, maskValue, type Sensitivity } from '../core/mask.js';
import { AMP_INTERFACE_LIST } from './registry.js';
import { ORG_INTERFACE_LIST } from './org-registry.js';
import type { FieldSpec } from './types.js';

/** Field names whose values never reach a log unmasked. */
export const SENSITIVE_FIELDS: ReadonlyMap<string, Sensitivity> = (() => {
  const m = new Map<string, Sensitivity>([
    ['cardNo', 'id'],
    ['certNo', 'id'],
    ['drName', 'name'],
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
