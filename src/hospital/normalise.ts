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

const INTEGER_TEXT = /^-?\d+$/;

/** A table row's name and type, copied: rows are literals of many shapes, a Row has one. */
interface Row {
  readonly name: string;
  readonly type: FieldSpec['type'];
  readonly field: FieldSpec;
}

/** What normalise() needs of a table, built once per table. */
interface Plan {
  readonly byName: ReadonlyMap<string, Row>;
  /** The list rows (the last row of a repeated name). */
  readonly lists: readonly Row[];
  /** The keys of the last object and the row of each: the same client sends the same keys (see validate.ts). */
  lastKeys: readonly string[];
  lastLayout: readonly (Row | undefined)[];
}
const plans = new WeakMap<readonly FieldSpec[], Plan>();
function planOf(table: readonly FieldSpec[]): Plan {
  let plan = plans.get(table);
  if (plan === undefined) {
    const rows = [...fieldsByName(table).values()].map((field): Row => ({ name: field.name, type: field.type, field }));
    plan = { byName: new Map(rows.map((r) => [r.name, r])), lists: rows.filter((r) => r.type === 'List<JSONObject>'), lastKeys: [], lastLayout: [] };
    plans.set(table, plan);
  }
  return plan;
}

function layoutOf(plan: Plan, keys: readonly string[]): readonly (Row | undefined)[] {
  const last = plan.lastKeys;
  if (last.length === keys.length) {
    let i = 0;
    while (i < keys.length && keys[i] === last[i]) i++;
    if (i === keys.length) return plan.lastLayout;
  }
  const layout = keys.map((key) => plan.byName.get(key));
  plan.lastKeys = keys;
  plan.lastLayout = layout;
  return layout;
}

/**
 * Whether `obj` has only table names, every value sent, and each value already as normalise()
 * makes it, lists aside: 'lists' when it holds a list (whose items are normalised apart). The
 * cases of valueFor are inlined: this runs on every key of every request.
 */
function normalShape(obj: Record<string, unknown>, plan: Plan): false | 'flat' | 'lists' {
  let shape: 'flat' | 'lists' = 'flat';
  const keys = Object.keys(obj);
  const values = Object.values(obj);
  const layout = layoutOf(plan, keys);
  for (let i = 0; i < keys.length; i++) {
    const row = layout[i];
    if (row === undefined) return false;
    const value = values[i];
    if (value === null || value === undefined) return false;
    switch (row.type) {
      case 'String':
        if (typeof value === 'number' || (typeof value === 'object' && value instanceof JsonNumber)) return false;
        break;
      case 'Integer':
        if (typeof value === 'string' && INTEGER_TEXT.test(value)) return false;
        break;
      case 'JSONString':
        if (typeof value === 'object' && !(value instanceof JsonNumber)) return false;
        break;
      case 'List<JSONObject>':
        shape = 'lists';
        break;
    }
  }
  return shape;
}

/** A copy of `obj` shaped by `table`; keys that are not in the table are kept as they are. */
export function normalise(obj: Record<string, unknown>, table: readonly FieldSpec[]): Record<string, unknown> {
  const plan = planOf(table);
  // The usual request: one spread is the copy (adding fifty keys one by one makes V8 turn the
  // object into a dictionary, several times slower); only its lists are rebuilt.
  const shape = normalShape(obj, plan);
  if (shape !== false) {
    const copy = { ...obj };
    if (shape === 'lists') {
      // Every key is a table name and every value is sent: a list row's key is there when its value is.
      for (const row of plan.lists) {
        const value = copy[row.name];
        if (value !== undefined) copy[row.name] = valueFor(row.field, value);
      }
    }
    return copy;
  }
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
