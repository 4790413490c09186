/**
 * The canonical sign string of protocol.md §3.
 *
 * Canonical JSON: keys sorted by code point at every depth; numbers and booleans written as
 * strings; null, "" and empty arrays dropped (inside arrays too, so both sides agree whatever
 * their JSON library does with holes); an empty object stays {}; compact; non-ASCII raw.
 * A JsonNumber (a number whose text JSON.parse would change, e.g. 10.00) is written with the
 * text it was received or will be sent with, so signer and verifier agree on it.
 */
import { JsonNumber } from './json-text.js';

function compareCodePoints(a: string, b: string): number {
  // Plain `<` compares UTF-16 code units, which misorders astral characters against
  // U+E000..U+FFFF; keys are almost always ASCII, so only take the slow path when needed.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff && y >= 0xe000) return 1;
    if (y >= 0xd800 && y <= 0xdfff && x >= 0xe000) return -1;
    return x - y;
  }
  return a.length - b.length;
}

const SURROGATE = /[\ud800-\udfff]/;

function sortKeys(keys: string[]): string[] {
  // The native sort orders by UTF-16 unit, which equals code-point order unless a key holds an
  // astral character; checking for one is cheaper than a JS comparator on every call.
  for (const k of keys) if (SURROGATE.test(k)) return keys.sort(compareCodePoints);
  if (keys.length > 32) return keys.sort();
  // Business objects have a few dozen keys: insertion sort beats the native sort's set-up.
  for (let i = 1; i < keys.length; i++) {
    const x = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > x) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = x;
  }
  return keys;
}

function isDropped(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

// Strings that need no escaping are the common case; quoting them directly halves the cost.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function scalar(v: unknown): string {
  return quote(typeof v === 'string' ? v : String(v));
}

/** An object's keys in canonical order, each with its `"key":` and `,"key":` written out. */
interface Shape {
  /** Object.keys() as the object gave them: the cache key. */
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly first: readonly string[];
  readonly next: readonly string[];
}

// Business objects of one interface come with the same keys in the same order, call after
// call: sorting and quoting them is done once per key list and reused.
const SHAPES: (Shape | undefined)[] = new Array<Shape | undefined>(16);
let shapeSlot = 0;
const MAX_SHAPE_KEYS = 256;

function shapeOf(keys: string[]): Shape {
  const n = keys.length;
  for (const shape of SHAPES) {
    if (shape === undefined || shape.keys.length !== n) continue;
    let same = true;
    for (let i = 0; i < n; i++) {
      if (shape.keys[i] !== keys[i]) {
        same = false;
        break;
      }
    }
    if (same) return shape;
  }
  const sorted = sortKeys([...keys]);
  const first = sorted.map((k) => `${quote(k)}:`);
  const shape: Shape = { keys, sorted, first, next: first.map((h) => `,${h}`) };
  if (n <= MAX_SHAPE_KEYS) {
    SHAPES[shapeSlot] = shape;
    shapeSlot = (shapeSlot + 1) % SHAPES.length;
  }
  return shape;
}

function write(value: unknown): string {
  if (value === null || typeof value !== 'object') return scalar(value);
  if (value instanceof JsonNumber) return quote(value.text);
  if (Array.isArray(value)) {
    let out = '[';
    let first = true;
    for (const item of value) {
      if (isDropped(item)) continue;
      out += (first ? '' : ',') + write(item);
      first = false;
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const { sorted, first, next } = shapeOf(Object.keys(obj));
  let out = '{';
  let heads = first;
  for (let i = 0; i < sorted.length; i++) {
    const v = obj[sorted[i]!];
    if (isDropped(v) || typeof v === 'function') continue;
    out += heads[i]! + write(v);
    heads = next;
  }
  return out + '}';
}

export function canonicalJson(value: unknown): string {
  return write(value);
}

/** Envelope fields that never enter the sign string (protocol.md §3 step 1). */
export const DEFAULT_SIGN_EXCLUDED: ReadonlySet<string> = new Set(['signData', 'encData', 'extra']);

/** Java's String.CASE_INSENSITIVE_ORDER: compares char by char, upper- then lower-cased. */
function compareCaseInsensitive(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a[i]!;
    let y = b[i]!;
    if (x === y) continue;
    x = x.toUpperCase();
    y = y.toUpperCase();
    if (x !== y) {
      x = x.toLowerCase();
      y = y.toLowerCase();
      if (x !== y) return x.charCodeAt(0) - y.charCodeAt(0);
    }
  }
  return a.length - b.length;
}

export type TopLevelOrder = 'codepoint' | 'caseInsensitive';

/**
 * `name=value` pairs of the envelope (minus signData/encData/extra and empty values) plus
 * `data` = canonical plaintext, sorted by name, joined by `&`, then `&key=<appSecret>`.
 * A top-level value is written as received: a string as is, a number (an epoch timestamp) as
 * its text.
 */
export function signString(
  head: Record<string, unknown>,
  data: unknown,
  appSecret: string,
  excluded: ReadonlySet<string> = DEFAULT_SIGN_EXCLUDED,
  keyName = 'key',
  order: TopLevelOrder = 'codepoint',
): string {
  const pairs: [string, string][] = [];
  for (const k of Object.keys(head)) {
    // `data` is the plaintext, never a field of the envelope itself.
    if (k === 'data' || excluded.has(k)) continue;
    const v = head[k];
    if (v === null || v === undefined || v === '') continue;
    pairs.push([k, typeof v === 'string' ? v : typeof v === 'object' && !(v instanceof JsonNumber) ? canonicalJson(v) : String(v)]);
  }
  if (data !== null && data !== undefined && data !== '') pairs.push(['data', canonicalJson(data)]);
  pairs.sort(order === 'caseInsensitive' ? (a, b) => compareCaseInsensitive(a[0], b[0]) : (a, b) => compareCodePoints(a[0], b[0]));
  let s = '';
  for (const [k, v] of pairs) s += `${k}=${v}&`;
  return `${s}${keyName}=${appSecret}`;
}
