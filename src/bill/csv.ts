/**
 * A streaming CSV reader (RFC 4180, read leniently) for trade files and reconciliation inputs.
 *
 * Why our own: a day's trade file can hold a million 28-column rows, and a general parser that
 * builds every field char by char reads ~40k rows/s here. Trade files almost never quote, so
 * rows without a `"` take a fast path (native indexOf over the decoded text, fields handed out
 * as ranges, so amounts and times are read without making a string); a row with a quote takes
 * the full state machine: `"a,b"`, `""` inside quotes, line breaks inside quotes. As csv-parse's
 * relax_quotes does, a quote inside an unquoted field is an ordinary character, and text after a
 * closing quote is kept. A quote still open at the end of the input is an error.
 * test/bill/csv.test.ts checks rows against csv-parse's on generated inputs.
 *
 * Lines and fields are capped (1 MiB and 64 KiB characters by default; a trade-file row is a few
 * hundred): a row still open past the cap — an unterminated quote, a file with no line breaks — is
 * refused with its line number as soon as the cap is passed, so the text kept between chunks
 * (and rescanned when the next arrives) never grows past it and the work stays linear in the input.
 *
 * `writeBytes` takes UTF-8 bytes and reads them as latin-1 text, one character per byte: that copy
 * costs a fraction of decoding UTF-8 (most of a plain split loop's time on a trade file, whose
 * every row names the hospital in Chinese), and every separator, digit and backtick is ASCII, so
 * the ranges mean the same. `field` decodes a value that has a byte above 0x7f; the caps still
 * count the decoded characters (UTF-16 code units), worked out only when the byte count is over.
 */

import { AmpError } from '../core/errors.js';

export interface CsvRow {
  /** Number of fields. */
  length: number;
  /** 1-based line of the input where the row starts. */
  line: number;
  /** The text the unquoted fields are ranges of. */
  text: string;
  start: Int32Array;
  end: Int32Array;
  /** Unquoted values of quoted fields (undefined for a field read as a range). */
  quoted: (string | undefined)[] | null;
  /** `text` and `quoted` hold UTF-8 bytes as latin-1 characters (writeBytes): decode with `utf8Text`. */
  bytes: boolean;
}

/** Field k as a string. */
export function field(row: CsvRow, k: number): string {
  if (k >= row.length) return '';
  const q = row.quoted?.[k];
  const raw = q !== undefined ? q : row.text.slice(row.start[k]!, row.end[k]!);
  return row.bytes ? utf8Text(raw) : raw;
}

/** A latin-1 string of UTF-8 bytes as the text it encodes (itself when it is ASCII). */
export function utf8Text(raw: string): string {
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) > 0x7f) return Buffer.from(raw, 'latin1').toString('utf8');
  return raw;
}

/** UTF-16 code units of the text that the UTF-8 bytes text[a, b) encode (whole characters). */
export function utf8Units(text: string, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    // A lead or ASCII byte starts a character; a 4-byte one is a surrogate pair.
    if ((c & 0xc0) !== 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
}

export type CsvErrorKind = 'UNCLOSED_QUOTE' | 'LINE_TOO_LONG' | 'FIELD_TOO_LONG';

/**
 * Text that cannot be read as CSV (000105); `line` is where the bad row starts, `kind` why. The
 * messages (Chinese, English) never quote the input. Callers wrap it in a BillError.
 */
export class CsvError extends AmpError {
  constructor(
    readonly kind: CsvErrorKind,
    messageZh: string,
    messageEn: string,
    readonly line: number,
  ) {
    super('000105', messageZh, messageEn);
    this.name = 'CsvError';
  }
}

export interface CsvLimits {
  /** The input comes through writeBytes (UTF-8); write is then not used. */
  bytes?: boolean;
  /** Characters one row (with its quoted line breaks) may take; default 1 MiB. */
  maxLineChars?: number;
  /** Characters one field may take; default 64 KiB. */
  maxFieldChars?: number;
}

export const DEFAULT_MAX_LINE_CHARS = 1 << 20;
export const DEFAULT_MAX_FIELD_CHARS = 1 << 16;

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Where the field starting at `i` ends: the next separator or line break, or the text's end. */
function fieldEnd(text: string, i: number): number {
  const n = text.length;
  let e = i;
  while (e < n) {
    const c = text.charCodeAt(e);
    if (c === 44 || c === LF) break;
    e++;
  }
  return e;
}

/** The end of text[from, e) without the CR of a CRLF that follows it. */
function withoutCr(text: string, from: number, e: number): number {
  return e > from && text.charCodeAt(e - 1) === CR && (e >= text.length || text.charCodeAt(e) === LF) ? e - 1 : e;
}

export class CsvReader {
  private carry = '';
  private line = 1;
  private readonly row: CsvRow;
  private cap = 64;
  private readonly maxLine: number;
  private readonly maxField: number;
  private readonly bytes: boolean;

  constructor(
    private readonly onRow: (row: CsvRow) => void,
    limits: CsvLimits = {},
  ) {
    this.bytes = limits.bytes ?? false;
    this.row = { length: 0, line: 1, text: '', start: new Int32Array(this.cap), end: new Int32Array(this.cap), quoted: null, bytes: this.bytes };
    this.maxLine = limits.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
    this.maxField = limits.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
  }

  /** Feeds decoded text (whole characters). */
  write(chunk: string): void {
    this.consume(this.carry ? this.carry + chunk : chunk, false);
    // What is kept is one unfinished row: refuse it once it is past the cap, before it grows more.
    if (this.over(this.carry, 0, this.carry.length, this.maxLine)) throw this.lineTooLong(this.line);
  }

  /** Feeds UTF-8 bytes (whole characters; the reader was made with `bytes: true`). */
  writeBytes(chunk: Buffer): void {
    const nl = this.carry ? chunk.indexOf(LF) : -1;
    if (nl >= 0 && nl + 1 < chunk.length) {
      // The carried row ends in this chunk: end it with a short piece, so that the rest is read
      // as a string of its own and not copied once more behind the carried text.
      this.write(chunk.toString('latin1', 0, nl + 1));
      this.write(chunk.toString('latin1', nl + 1));
    } else this.write(chunk.toString('latin1'));
  }

  /** text[a, b) is longer than `cap` characters (counted only when its length in bytes is over). */
  private over(text: string, a: number, b: number, cap: number): boolean {
    return b - a > cap && (!this.bytes || utf8Units(text, a, b) > cap);
  }

  private lineTooLong(line: number): CsvError {
    return new CsvError('LINE_TOO_LONG', `该行超过 ${this.maxLine} 个字符的上限（可能是引号未闭合或缺少换行）`, `the line is longer than ${this.maxLine} characters (an unclosed quote or missing line breaks?)`, line);
  }

  private fieldTooLong(line: number): CsvError {
    return new CsvError('FIELD_TOO_LONG', `该行有字段超过 ${this.maxField} 个字符的上限`, `a field is longer than ${this.maxField} characters`, line);
  }

  /** Ends the input: a last row without a line break is read. */
  end(): void {
    const t = this.carry;
    this.carry = '';
    if (t) this.consume(t, true);
  }

  private grow(): void {
    this.cap *= 2;
    const s = new Int32Array(this.cap);
    s.set(this.row.start);
    const e = new Int32Array(this.cap);
    e.set(this.row.end);
    this.row.start = s;
    this.row.end = e;
  }

  private consume(text: string, last: boolean): void {
    const row = this.row;
    row.text = text;
    let pos = 0;
    let q = text.indexOf('"');
    for (;;) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!last || pos >= text.length) break;
        nl = text.length;
      }
      if (q >= 0 && q < pos) q = text.indexOf('"', pos);
      if (q >= 0 && q < nl) {
        const next = this.quotedRow(text, pos, last);
        if (next < 0) break; // the row goes on in the next chunk
        pos = next;
        continue;
      }
      const end = nl > pos && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      if (this.over(text, pos, end, this.maxLine)) throw this.lineTooLong(this.line);
      const maxField = this.maxField;
      let n = 0;
      let a = pos;
      for (;;) {
        if (n === this.cap) this.grow();
        const c = text.indexOf(',', a);
        if (c < 0 || c >= end) {
          if (end - a > maxField && this.over(text, a, end, maxField)) throw this.fieldTooLong(this.line);
          row.start[n] = a;
          row.end[n] = end;
          n++;
          break;
        }
        if (c - a > maxField && this.over(text, a, c, maxField)) throw this.fieldTooLong(this.line);
        row.start[n] = a;
        row.end[n] = c;
        n++;
        a = c + 1;
      }
      row.length = n;
      row.line = this.line;
      row.quoted = null;
      this.line += 1;
      pos = nl + 1;
      this.onRow(row);
    }
    this.carry = pos < text.length ? text.slice(pos) : '';
  }

  /**
   * One row that has a quote, from `pos`; the position after its line break, or -1 when the
   * row is not complete in `text` (it is then kept for the next chunk).
   */
  private quotedRow(text: string, pos: number, last: boolean): number {
    const row = this.row;
    const quoted: (string | undefined)[] = [];
    const n = text.length;
    let i = pos;
    let k = 0;
    let lines = 0;
    for (;;) {
      if (k === this.cap) this.grow();
      if (i < n && text.charCodeAt(i) === QUOTE) {
        // A quoted field: "" is a quote, a line break is part of the value.
        let value = '';
        let from = i + 1;
        let j = from;
        for (;;) {
          const qi = text.indexOf('"', j);
          if (qi < 0) {
            if (this.over(text, i, n, this.maxField)) throw this.fieldTooLong(this.line);
            if (!last) return -1;
            throw new CsvError('UNCLOSED_QUOTE', '引号括起的字段没有结束', 'a quoted field is not closed', this.line);
          }
          if (qi + 1 < n && text.charCodeAt(qi + 1) === QUOTE) {
            value += text.slice(from, qi + 1);
            from = j = qi + 2;
            continue;
          }
          if (qi + 1 >= n && !last) return -1;
          value += text.slice(from, qi);
          j = qi + 1;
          break;
        }
        for (let c = i; c < j; c++) if (text.charCodeAt(c) === LF) lines++;
        // Text after the closing quote, up to the separator, is kept (read leniently).
        const e = fieldEnd(text, j);
        if (e >= n && !last) return -1;
        const tailEnd = withoutCr(text, j, e);
        if (tailEnd > j) value += text.slice(j, tailEnd);
        if (this.over(value, 0, value.length, this.maxField)) throw this.fieldTooLong(this.line);
        if (this.over(text, pos, e, this.maxLine)) throw this.lineTooLong(this.line);
        quoted[k] = value;
        row.start[k] = 0;
        row.end[k] = 0;
        k++;
        i = e;
      } else {
        const e = fieldEnd(text, i);
        if (e >= n && !last) return -1;
        if (this.over(text, i, e, this.maxField)) throw this.fieldTooLong(this.line);
        if (this.over(text, pos, e, this.maxLine)) throw this.lineTooLong(this.line);
        row.start[k] = i;
        row.end[k] = withoutCr(text, i, e);
        k++;
        i = e;
      }
      if (i >= n || text.charCodeAt(i) === LF) break;
      i++; // the comma
    }
    row.length = k;
    row.line = this.line;
    row.quoted = quoted;
    this.line += 1 + lines;
    this.onRow(row);
    return i + 1;
  }
}
