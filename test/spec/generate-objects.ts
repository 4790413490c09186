// Generated objects for a table: valid ones, and ones with the deviations a portal or HIS sends
// (missing fields, numbers for strings, null, too long, bad formats, keys with stray spaces,
// unknown keys, odd list items). Deterministic: the same seed gives the same objects.
import { JsonNumber } from '../../src/core/json-text.js';
import type { FieldSpec } from '../../src/spec/index.js';

/** A small deterministic PRNG (mulberry32): the same inputs on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const WEIRD: readonly unknown[] = [
  null, '', undefined, 0, 12, -3, 1.5, Number.NaN, true, false, [], [1], {}, { a: 1 },
  new JsonNumber('10.00'), new JsonNumber('12'), new JsonNumber('1E3'),
  '13800138000', '460029196507081627', '周大鹏', '😀😀😀', 'a'.repeat(45), '😀'.repeat(30),
  '2022-05-10 16:56:24', '2022-02-30 10:00:00', '2022-05-10', '12.345', '12.34', '-5', '007',
  '{"a":1}', '{bad json', ' 01 ',
];

export function pick<T>(r: () => number, list: readonly T[]): T {
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
export function object(r: () => number, table: readonly FieldSpec[], depth: number, noise: number): Record<string, unknown> {
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

