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

/**
 * Whether `obj` has only table names, every value sent, and each value already as normalise()
 * makes it, lists aside: 'lists' when it holds a list (whose items are normalised apart).
 */
function normalShape(obj: Record<string, unknown>, byName: ReadonlyMap<string, FieldSpec>): false | 'flat' | 'lists' {
  let shape: 'flat' | 'lists' = 'flat';
  for (const key of Object.keys(obj)) {
    const field = byName.get(key);
    if (field === undefined) return false;
    const value = obj[key];
    if (value === null || value === undefined) return false;
    if (field.type === 'List<JSONObject>') shape = 'lists';
    else if (valueFor(field, value) !== value) return false;
  }
  return shape;
}

/** A copy of `obj` shaped by `table`; keys that are not in the table are kept as they are. */
export function normalise(obj: Record<string, unknown>, table: readonly FieldSpec[]): Record<string, unknown> {
  const byName = fieldsByName(table);
  // The usual request: one spread is the copy (adding fifty keys one by one makes V8 turn the
  // object into a dictionary, several times slower); only its lists are rebuilt.
  const shape = normalShape(obj, byName);
  if (shape !== false) {
    const copy = { ...obj };
    if (shape === 'lists') {
      for (const key of Object.keys(copy)) {
        const field = byName.get(key)!;
        if (field.type === 'List<JSONObject>') copy[key] = valueFor(field, copy[key]);
      }
    }
    return copy;
  }
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
