// What a handler is given: the request shaped by its table. The copy-by-spread path for the
// usual request gives exactly what the key-by-key path gives, on generated requests of every
// ORG table (clean ones, and ones with numbers for strings, nulls, spaced and unknown keys).
import { describe, expect, it } from 'vitest';
import { JsonNumber } from '../../src/core/json-text.js';
import { normalise } from '../../src/hospital/normalise.js';
import { ORG_INTERFACE_LIST, type FieldSpec } from '../../src/spec/index.js';
import { object, pick, rng } from '../spec/generate-objects.js';

/** normalise() as it was written key by key: the reference. */
function reference(obj: Record<string, unknown>, table: readonly FieldSpec[]): Record<string, unknown> {
  const byName = new Map(table.map((f) => [f.name, f]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const trimmed = key.trim();
    const field = byName.get(key) ?? (trimmed !== key && !(trimmed in obj) ? byName.get(trimmed) : undefined);
    if (!field) {
      out[key] = value;
      continue;
    }
    let v: unknown = value;
    if (value === null || value === undefined) v = undefined;
    else if (field.type === 'String') v = typeof value === 'number' || value instanceof JsonNumber ? String(value) : value;
    else if (field.type === 'Integer') v = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    else if (field.type === 'JSONString') v = typeof value === 'object' && !(value instanceof JsonNumber) ? JSON.stringify(value) : value;
    else if (Array.isArray(value)) {
      v = value.map((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? reference(item as Record<string, unknown>, field.items ?? []) : item));
    }
    if (v !== undefined) out[field.name] = v;
  }
  return out;
}

describe('normalise', () => {
  it.each(ORG_INTERFACE_LIST.map((s) => [s.id, s] as const))('%s request: the same copy as key by key, in the same key order', (_id, spec) => {
    const r = rng(spec.id.length * 7919 + spec.request.length);
    let spread = 0;
    for (let i = 0; i < 200; i++) {
      const obj = object(r, spec.request, 0, pick(r, [0, 0, 0.05, 0.3]));
      const got = normalise(obj, spec.request);
      expect(got).toStrictEqual(reference(obj, spec.request));
      expect(Object.keys(got)).toEqual(Object.keys(reference(obj, spec.request)));
      expect(got).not.toBe(obj); // a copy: the handler may change it
      if (Object.keys(obj).every((k) => spec.request.some((f) => f.name === k))) spread++;
    }
    expect(spread).toBeGreaterThan(20); // the clean path was taken too, not only the other
  });

  it('a number sent for a String becomes its text; null and spaced keys are handled on the slow path', () => {
    const table = ORG_INTERFACE_LIST.find((s) => s.id === 'ORG_003')!.request;
    expect(normalise({ org_trace_no: 'T1', feesum_amt: 12.5 }, table)).toStrictEqual({ org_trace_no: 'T1', feesum_amt: '12.5' });
    expect(normalise({ org_trace_no: 'T1', trace_id: null, ' doc_trace_no ': 'D' }, table)).toStrictEqual({ org_trace_no: 'T1', doc_trace_no: 'D' });
  });
});
