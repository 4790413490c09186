import { parse as csvParse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvError, CsvReader, field } from '../../src/bill/csv.js';

/** Rows as arrays, feeding the text in pieces cut at the given points. */
function read(text: string, cuts: number[] = []): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const r = new CsvReader((row) => {
    const out: string[] = [];
    for (let k = 0; k < row.length; k++) out.push(field(row, k));
    rows.push(out);
    lines.push(row.line);
  });
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    r.write(text.slice(at, c));
    at = c;
  }
  r.write(text.slice(at));
  r.end();
  return { rows, lines };
}

/** A small deterministic generator (the same cases every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['a', 'b', '7', '.', ' ', '中', '`', ',', '"', '\n', '\r\n', '14.01', '2024-04-24 09:00:00'];

function randomCsv(rand: () => number): string {
  const rows: string[] = [];
  const nRows = 1 + Math.floor(rand() * 8);
  for (let r = 0; r < nRows; r++) {
    const cells: string[] = [];
    const nCells = 1 + Math.floor(rand() * 6);
    for (let c = 0; c < nCells; c++) {
      let v = '';
      const len = Math.floor(rand() * 5);
      for (let i = 0; i < len; i++) v += PIECES[Math.floor(rand() * PIECES.length)];
      if (/[",\r\n]/.test(v)) {
        // Either written properly (quoted, quotes doubled) or, when it only has a quote inside
        // and no separator, left bare: a lenient reader keeps such a quote as it is.
        if (!/[,\r\n]/.test(v) && !v.startsWith('"') && rand() < 0.5) cells.push(v);
        else cells.push(`"${v.replace(/"/g, '""')}"`);
      } else cells.push(v);
    }
    rows.push(cells.join(','));
  }
  // One line ending per input (csv-parse takes the first one it sees for the whole input).
  const eol = rand() < 0.5 ? '\r\n' : '\n';
  return rows.join(eol) + (rand() < 0.7 ? eol : '');
}

describe('CsvReader', () => {
  it('reads what csv-parse reads, on 3,000 generated inputs cut at random places', () => {
    const rand = rng(11);
    for (let n = 0; n < 3000; n++) {
      const text = randomCsv(rand);
      const expected = csvParse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: false }) as string[][];
      const cuts = Array.from({ length: Math.floor(rand() * 4) }, () => Math.floor(rand() * text.length));
      expect(read(text, cuts).rows, JSON.stringify(text)).toEqual(expected);
    }
  });

  it('counts lines from the start of each row, line breaks inside quotes included', () => {
    const { rows, lines } = read('h1,h2\r\n"a\r\nb",c\r\nd,e\r\n');
    expect(rows).toEqual([['h1', 'h2'], ['a\r\nb', 'c'], ['d', 'e']]);
    expect(lines).toEqual([1, 2, 4]);
  });

  it('reads a last row without a line break, and an empty line as one empty field', () => {
    expect(read('a,b\n\nc').rows).toEqual([['a', 'b'], [''], ['c']]);
  });

  it('refuses a quote left open at the end, naming the line where its row starts', () => {
    let err: unknown;
    try {
      read('a,b\n"c,d\ne\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).line).toBe(2);
  });

  it('reads the same rows from UTF-8 bytes (writeBytes) as from text, cut anywhere between characters', () => {
    const rand = rng(29);
    const wide = ['中', '𠀀', 'é'];
    for (let n = 0; n < 1000; n++) {
      let text = randomCsv(rand);
      // Some non-ASCII of every UTF-8 length, inside and outside quotes.
      text = text.replace(/a/g, () => wide[Math.floor(rand() * 3)]!);
      const pieces: string[] = [];
      let at = 0;
      for (const c of Array.from({ length: Math.floor(rand() * 4) }, () => Math.floor(rand() * text.length)).sort((x, y) => x - y)) {
        if (c <= at || (text.charCodeAt(c) & 0xfc00) === 0xdc00) continue; // not inside a surrogate pair
        pieces.push(text.slice(at, c));
        at = c;
      }
      pieces.push(text.slice(at));
      const rows: string[][] = [];
      const r = new CsvReader((row) => rows.push(Array.from({ length: row.length }, (_, k) => field(row, k))), { bytes: true });
      for (const p of pieces) r.writeBytes(Buffer.from(p, 'utf8'));
      r.end();
      expect(rows, JSON.stringify(text)).toEqual(read(text).rows);
    }
  });

  it('counts the caps in characters when it reads bytes: 3-byte characters up to the cap pass, one more is refused', () => {
    const fromBytes = (text: string, limits: { maxFieldChars?: number; maxLineChars?: number }) => {
      const rows: string[][] = [];
      const r = new CsvReader((row) => rows.push(Array.from({ length: row.length }, (_, k) => field(row, k))), { bytes: true, ...limits });
      r.writeBytes(Buffer.from(text, 'utf8'));
      r.end();
      return rows;
    };
    expect(fromBytes(`a,${'中'.repeat(10)}\n`, { maxFieldChars: 10 })).toEqual([['a', '中'.repeat(10)]]);
    expect(fromBytes(`a,"${'中'.repeat(10)}"\n`, { maxFieldChars: 10 })).toEqual([['a', '中'.repeat(10)]]);
    expect(() => fromBytes(`a\n${'中'.repeat(11)},b\n`, { maxFieldChars: 10 })).toThrow(expect.objectContaining({ kind: 'FIELD_TOO_LONG', line: 2 }));
    expect(() => fromBytes(`a\n"${'中'.repeat(11)}",b\n`, { maxFieldChars: 10 })).toThrow(expect.objectContaining({ kind: 'FIELD_TOO_LONG', line: 2 }));
    expect(fromBytes(`${'中'.repeat(9)},b\n`, { maxLineChars: 11 })).toEqual([['中'.repeat(9), 'b']]);
    expect(() => fromBytes(`${'中'.repeat(10)},b\n`, { maxLineChars: 11 })).toThrow(expect.objectContaining({ kind: 'LINE_TOO_LONG', line: 1 }));
    // A character outside the BMP is two UTF-16 units, in bytes as in text.
    expect(() => fromBytes(`${'𠀀'.repeat(6)}\n`, { maxLineChars: 11 })).toThrow(expect.objectContaining({ kind: 'LINE_TOO_LONG' }));
  });

  it('reads rows wider than its first buffer', () => {
    const wide = Array.from({ length: 300 }, (_, i) => `v${i}`);
    expect(read(`${wide.join(',')}\n"${wide.join(',')}",x\n`).rows).toEqual([wide, [wide.join(','), 'x']]);
  });
});
