// The request a handler gets matches its TypeScript type: warn mode lets the portal send a
// number for a String field, a numeric string for an Integer, null for "not sent" and keys with
// stray spaces; the handler sees strings, numbers, absent fields and the table's own names.
import { JsonNumber } from '../core/json-text.js';
import type { FieldSpec } from '../spec/index.js';
import { fieldsByName } from '../spec/table-index.js';

function valueFor(field: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (field.type) {
    case 'String':
      return typeof value === 'number' || value instanceof JsonNumber ? String(value) : value;
    case 'Integer':
      return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    case 'JSONString':
      return typeof value === 'object' && !(value instanceof JsonNumber) ? JSON.stringify(value) : value;
    case 'List<JSONObject>':
      return Array.isArray(value)
        ? value.map((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? normalise(item as Record<string, unknown>, field.items ?? []) : item))
        : value;
  }
}

/** A copy of `obj` shaped by `table`; keys that are not in the table are kept as they are. */
export function normalise(obj: Record<string, unknown>, table: readonly FieldSpec[]): Record<string, unknown> {
  const byName = fieldsByName(table);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    let field = byName.get(key);
    if (field === undefined) {
      const trimmed = key.trim();
      if (trimmed !== key && !(trimmed in obj)) field = byName.get(trimmed);
    }
    if (!field) {
      out[key] = value;
      continue;
    }
    const v = valueFor(field, value);
    if (v !== undefined) out[field.name] = v;
  }
  return out;
}
