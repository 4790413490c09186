// The compiled validator gives exactly the issues of the validator it replaced (kept as
// validate-reference.ts): same fields, rules, masked values, messages, severities and order,
// over generated valid and invalid objects for every table of the thirteen interfaces.
import { describe, expect, it } from 'vitest';
import { JsonNumber } from '../../src/core/json-text.js';
import {
  AMP_INTERFACE_LIST,
  ORG_INTERFACE_LIST,
  validate,
  type Direction,
  type FieldSpec,
  type InterfaceSpec,
  type ValidationMode,
} from '../../src/spec/index.js';
import { referenceValidate } from './validate-reference.js';

/** A small deterministic PRNG (mulberry32): the same inputs on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD: readonly unknown[] = [
  null, '', undefined, 0, 12, -3, 1.5, Number.NaN, true, false, [], [1], {}, { a: 1 },
  new JsonNumber('10.00'), new JsonNumber('12'), new JsonNumber('1E3'),
  '13800138000', '460029196507081627', '周大鹏', '😀😀😀', 'a'.repeat(45), '😀'.repeat(30),
  '2022-05-10 16:56:24', '2022-02-30 10:00:00', '2022-05-10', '12.345', '12.34', '-5', '007',
  '{"a":1}', '{bad json', ' 01 ',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

/** A value that fits the row, most of the time. */
function goodValue(r: () => number, f: FieldSpec, depth: number): unknown {
  if (f.enum && f.enum.length > 0) return pick(r, f.enum).value;
  switch (f.type) {
    case 'Integer':
      return Math.floor(r() * 100);
    case 'JSONString':
      return '{"k":"v"}';
    case 'List<JSONObject>':
      return depth > 3 ? [] : Array.from({ length: Math.floor(r() * 3) }, () => object(r, f.items ?? [], depth + 1, 0.3));
    case 'String':
      if (f.format === 'datetime') return '2022-05-10 16:56:24';
      if (f.format === 'date') return '2022-05-10';
      if (f.format === 'amount') return '125.50';
      return 'x'.repeat(1 + Math.floor(r() * Math.min(8, f.maxLength ?? 8)));
  }
}

/** An object for `table`: each row kept, dropped or replaced by an odd value with probability `noise`. */
function object(r: () => number, table: readonly FieldSpec[], depth: number, noise: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of table) {
    const roll = r();
    if (roll < noise / 3) continue;
    let key = f.name;
    if (r() < noise / 10) key = r() < 0.5 ? `${f.name} ` : ` ${f.name}`;
    out[key] = roll < noise ? pick(r, WEIRD) : goodValue(r, f, depth);
    if (f.type === 'List<JSONObject>' && roll < noise * 0.6 && r() < 0.5) out[key] = [object(r, f.items ?? [], depth + 1, noise), pick(r, WEIRD)];
  }
  if (r() < noise / 2) out[pick(r, ['cardNo', 'cardType', 'extra', 'toString'])] = pick(r, WEIRD);
  if (r() < noise / 4 && table.length > 0) {
    // Both the name and a spaced spelling of it.
    const f = pick(r, table);
    out[f.name] = goodValue(r, f, depth);
    out[`${f.name}  `] = pick(r, WEIRD);
  }
  return out;
}

const SPECS: readonly InterfaceSpec[] = [...AMP_INTERFACE_LIST, ...ORG_INTERFACE_LIST];
const MODES: readonly ValidationMode[] = ['warn', 'strict'];
const DIRECTIONS: readonly Direction[] = ['request', 'response'];

describe('compiled validation gives the same issues as the table-walking validator', () => {
  it.each(SPECS.map((s) => [s.id, s] as const))('%s: generated objects, both directions, warn and strict', (_id, spec) => {
    const r = rng(spec.id.split('').reduce((a, c) => a * 31 + c.charCodeAt(0), 7));
    let compared = 0;
    let withIssues = 0;
    for (let i = 0; i < 300; i++) {
      const direction = pick(r, DIRECTIONS);
      const mode = pick(r, MODES);
      const table = direction === 'request' ? spec.request : spec.response;
      const noise = pick(r, [0, 0.05, 0.2, 0.5]);
      const params: unknown = r() < 0.03 ? pick(r, ['{"idNo":"460029196507081627"}', 12, null, [1]]) : object(r, table, 0, noise);
      if (direction === 'response' && spec.failureResponse && r() < 0.3 && typeof params === 'object' && params !== null && !Array.isArray(params)) {
        (params as Record<string, unknown>)[spec.failureResponse.field] = pick(r, ['01', '99', '00', '', 1]);
      }
      const options = direction === 'response' && r() < 0.7 ? { request: object(r, spec.request, 0, noise) } : {};
      const expected = referenceValidate(spec, params, mode, direction, options);
      const actual = validate(spec, params, mode, direction, options);
      expect(actual).toStrictEqual(expected);
      // Same order and key order, too (what formatIssues and a log line show).
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
      compared++;
      if (expected.issues.length > 0) withIssues++;
    }
    expect(compared).toBe(300);
    // The inputs exercise the reporting paths, not only clean objects.
    expect(withIssues).toBeGreaterThan(100);
  });

  it('the spec examples by id and suffix, and an unknown mode', () => {
    for (const spec of SPECS) {
      const params = object(rng(1), spec.request, 0, 0.1);
      expect(validate(spec.id, params)).toStrictEqual(referenceValidate(spec.id, params));
      expect(validate(spec.suffix, params, 'strict')).toStrictEqual(referenceValidate(spec.suffix, params, 'strict'));
    }
    expect(() => validate('ORG_003', {}, 'loose' as ValidationMode)).toThrow(/Unknown validation mode/);
  });
});
