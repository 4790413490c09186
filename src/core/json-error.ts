/**
 * Where a JSON text breaks, and what was expected there, without quoting the text. V8's own
 * message carries an excerpt of the input ("..."appKey":St72fYdfk6"... is not valid JSON"),
 * which is how appKeys, names and ID numbers ended up in pOutData and the daily log; messages
 * built from this name only the position.
 *
 * Run only after JSON.parse has failed, so its cost never lands on a good call. Iterative (an
 * explicit stack), so deep nesting cannot overflow it.
 */
import { encodeOutput } from './encoding.js';

export type JsonExpectation = 'value' | 'key' | 'colon' | 'commaOrBrace' | 'commaOrBracket' | 'end' | 'closingQuote' | 'escape' | 'noControlChar' | 'digit' | 'literal';

const EXPECTED: Readonly<Record<JsonExpectation, readonly [string, string]>> = {
  value: ['一个值（对象、数组、字符串、数字、true、false 或 null）', 'a value (object, array, string, number, true, false or null)'],
  key: ['用双引号括起的键名', 'a key in double quotes'],
  colon: ['冒号 :', 'a colon ":"'],
  commaOrBrace: ['逗号 , 或 }', '"," or "}"'],
  commaOrBracket: ['逗号 , 或 ]', '"," or "]"'],
  end: ['输入结束（其后不应再有字符）', 'the end of the input (nothing may follow)'],
  closingQuote: ['字符串的结束引号 "', 'the closing quote of a string'],
  escape: ['合法的转义（\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX）', 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)'],
  noControlChar: ['字符串中不能有控制字符（换行须写成 \\n）', 'no control character inside a string (write a newline as \\n)'],
  digit: ['数字', 'a digit'],
  literal: ['true、false 或 null', 'true, false or null'],
};

export interface JsonSyntaxPosition {
  /** Character index into the text. */
  index: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  expected: JsonExpectation;
}

const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** Scans a string starting at its opening quote; returns the index after it, or an error. */
function scanString(t: string, i: number): number | { at: number; expected: JsonExpectation } {
  for (let j = i + 1; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return { at: j, expected: 'noControlChar' };
    if (c === 0x5c) {
      const e = t.charCodeAt(j + 1);
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) if (!isHex(t.charCodeAt(j + k))) return { at: j, expected: 'escape' };
        j += 5;
      } else if ([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74].includes(e)) j += 1;
      else return { at: j, expected: 'escape' };
    }
  }
  return { at: t.length, expected: 'closingQuote' };
}

function scanNumber(t: string, i: number): number | { at: number; expected: JsonExpectation } {
  let j = i;
  if (t.charCodeAt(j) === 0x2d) j++;
  if (t.charCodeAt(j) === 0x30) j++;
  else if (isDigit(t.charCodeAt(j))) while (isDigit(t.charCodeAt(j))) j++;
  else return { at: j, expected: 'digit' };
  if (t.charCodeAt(j) === 0x2e) {
    j++;
    if (!isDigit(t.charCodeAt(j))) return { at: j, expected: 'digit' };
    while (isDigit(t.charCodeAt(j))) j++;
  }
  if (t.charCodeAt(j) === 0x65 || t.charCodeAt(j) === 0x45) {
    j++;
    if (t.charCodeAt(j) === 0x2b || t.charCodeAt(j) === 0x2d) j++;
    if (!isDigit(t.charCodeAt(j))) return { at: j, expected: 'digit' };
    while (isDigit(t.charCodeAt(j))) j++;
  }
  return j;
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxPosition | undefined {
  const t = text;
  // What the scanner wants next; the stack holds the open containers ('{' or '[').
  type Want = 'value' | 'firstValueOrClose' | 'key' | 'firstKeyOrClose' | 'colon' | 'afterValue';
  const stack: number[] = [];
  let want: Want = 'value';
  let i = 0;
  let err: { at: number; expected: JsonExpectation } | undefined;
  while (!err) {
    while (i < t.length && isWs(t.charCodeAt(i))) i++;
    const c = i < t.length ? t.charCodeAt(i) : -1;
    if (want === 'afterValue') {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (c !== -1) err = { at: i, expected: 'end' };
        break;
      }
      if (c === 0x2c) {
        want = top === 0x7b ? 'key' : 'value';
        i++;
      } else if ((top === 0x7b && c === 0x7d) || (top === 0x5b && c === 0x5d)) {
        stack.pop();
        i++;
      } else err = { at: i, expected: top === 0x7b ? 'commaOrBrace' : 'commaOrBracket' };
      continue;
    }
    if (want === 'colon') {
      if (c === 0x3a) {
        want = 'value';
        i++;
      } else err = { at: i, expected: 'colon' };
      continue;
    }
    if (want === 'key' || want === 'firstKeyOrClose') {
      if (want === 'firstKeyOrClose' && c === 0x7d) {
        stack.pop();
        want = 'afterValue';
        i++;
        continue;
      }
      if (c !== 0x22) {
        err = { at: i, expected: 'key' };
        continue;
      }
      const r = scanString(t, i);
      if (typeof r !== 'number') err = r;
      else {
        i = r;
        want = 'colon';
      }
      continue;
    }
    // A value (or, right after '[', the closing bracket).
    if (want === 'firstValueOrClose' && c === 0x5d) {
      stack.pop();
      want = 'afterValue';
      i++;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      stack.push(c);
      want = c === 0x7b ? 'firstKeyOrClose' : 'firstValueOrClose';
      i++;
      continue;
    }
    let r: number | { at: number; expected: JsonExpectation };
    if (c === 0x22) r = scanString(t, i);
    else if (c === 0x2d || isDigit(c)) r = scanNumber(t, i);
    else {
      const lit = ['true', 'false', 'null'].find((w) => t.startsWith(w, i));
      r = lit ? i + lit.length : { at: i, expected: c === 0x74 || c === 0x66 || c === 0x6e ? 'literal' : 'value' };
    }
    if (typeof r !== 'number') err = r;
    else {
      i = r;
      want = 'afterValue';
    }
  }
  if (!err) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < err.at && k < t.length; k++) {
    if (t.charCodeAt(k) === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  return { index: err.at, line, column: err.at - lineStart + 1, expected: err.expected };
}

/**
 * "…不是合法的JSON：第 L 行第 C 列（第 B 字节）处应为 … / … is not valid JSON: expected … at
 * line L, column C (byte offset B)". `what` names the text ([中文, English]); the byte offset
 * counts in the encoding the text arrived in. Never quotes the text.
 */
export function jsonErrorMessage(text: string, what: readonly [string, string], encoding: 'utf8' | 'gbk' = 'utf8'): [string, string] {
  const pos = findJsonSyntaxError(text);
  if (!pos) return [`${what[0]}不是合法的JSON`, `${what[1]} is not valid JSON`];
  const byte = pos.index === 0 ? 0 : encodeOutput(text.slice(0, pos.index), encoding).length;
  const [zh, en] = EXPECTED[pos.expected];
  return [
    `${what[0]}不是合法的JSON：第 ${pos.line} 行第 ${pos.column} 列（第 ${byte} 字节）处应为${zh}`,
    `${what[1]} is not valid JSON: expected ${en} at line ${pos.line}, column ${pos.column} (byte offset ${byte})`,
  ];
}
