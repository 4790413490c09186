import { randomBytes } from 'node:crypto';

/**
 * JSON numbers as the sender wrote them. A HIS that sends `"amount": 10.00` means the text
 * `10.00`; JSON.parse turns it into 10, and a portal that reads decimals as Java's BigDecimal
 * signs "10.00" while we would sign "10". So a number whose text does not survive
 * Number → String unchanged (10.00, 1E3, -0, integers beyond 2^53) is kept as a JsonNumber,
 * encrypted with that text and signed with that text: the verifier computes the same string
 * whichever way it reads it. Numbers that round-trip stay plain JS numbers.
 */
export class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
  valueOf(): number {
    return Number(this.text);
  }
  /** Inside stringifyJson a marker replaced by the text; elsewhere (JSON.stringify) the plain number. */
  toJSON(): string | number {
    if (!writing) return Number(this.text);
    rawWritten++;
    return MARK + this.text;
  }
}

// A per-process random marker: no string a caller sends can be mistaken for it.
const MARK = `#onetrans-number-${randomBytes(12).toString('hex')}#`;
const MARKED = new RegExp(`"${MARK}([^"]*)"`, 'g');
let rawWritten = 0;
let writing = false;

/** A JsonNumber when the text would not survive JSON.parse, else the plain number. */
export function numberFromText(text: string): number | JsonNumber {
  const n = Number(text);
  return String(n) === text ? n : new JsonNumber(text);
}

// Only a number with a fraction, an exponent, 16+ digits or a minus zero can change its text.
const MAY_CHANGE = /\d[.eE]|\d{16}|(?<![\w.])-0(?![.\deE])/;

/** False when JSON.parse keeps the text of every number in `text` (a cheap test, may say true needlessly). */
export function mayChangeNumbers(text: string): boolean {
  return MAY_CHANGE.test(text);
}
const TOKENS = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function containsNumber(v: unknown, depth = 0): boolean {
  if (typeof v === 'number') return true;
  if (v === null || typeof v !== 'object' || depth > 64) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (containsNumber(x, depth + 1)) return true;
    return false;
  }
  for (const k in v) if (containsNumber((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

/**
 * JSON.parse that keeps the text of numbers JSON.parse would change (see JsonNumber).
 * `parsed`, when given, is JSON.parse(text) already made: business objects are mostly strings,
 * and one without any number needs nothing more.
 */
export function parseJsonText(text: string, parsed?: unknown): unknown {
  if (!MAY_CHANGE.test(text)) return parsed !== undefined ? parsed : JSON.parse(text);
  const plain = parsed !== undefined ? parsed : JSON.parse(text);
  if (!containsNumber(plain)) return plain;
  let marked = false;
  const replaced = text.replace(TOKENS, (m) => {
    if (m.charCodeAt(0) === 34 || String(Number(m)) === m) return m;
    marked = true;
    return `"${MARK}${m}"`;
  });
  if (!marked) return plain;
  return JSON.parse(replaced, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? new JsonNumber(v.slice(MARK.length)) : v));
}

export interface StringifyOptions {
  /** Leave out object members whose value is null (array items stay). */
  dropNulls?: boolean;
  /** Write every non-ASCII character as \uXXXX. */
  ascii?: boolean;
}

function dropNull(this: unknown, _k: string, v: unknown): unknown {
  return v === null && !Array.isArray(this) ? undefined : v;
}

const NON_ASCII = /[^\x00-\x7f]/g;

/** Every non-ASCII UTF-16 unit of JSON text as \uXXXX (surrogate pairs as two escapes, as JSON writers do). */
export function escapeNonAscii(json: string): string {
  return json.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify that writes JsonNumbers as their text, optionally without nulls and ASCII only. */
export function stringifyJson(value: unknown, opts: StringifyOptions = {}): string {
  const before = rawWritten;
  writing = true;
  let json: string;
  try {
    json = JSON.stringify(value, opts.dropNulls ? dropNull : undefined) ?? 'null';
  } finally {
    writing = false;
  }
  if (rawWritten !== before) json = json.replace(MARKED, '$1');
  return opts.ascii ? escapeNonAscii(json) : json;
}

/** True when the value holds a JsonNumber anywhere (bounded depth). */
export function hasJsonNumber(value: unknown, depth = 0): boolean {
  if (value instanceof JsonNumber) return true;
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (hasJsonNumber(v, depth + 1)) return true;
  return false;
}

/** A copy with every JsonNumber replaced by its JS number, for code that only knows plain JSON. */
export function plainJson(value: unknown, depth = 0): unknown {
  if (value instanceof JsonNumber) return value.valueOf();
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => plainJson(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plainJson(v, depth + 1);
  return out;
}
