// The hand-written timestamp check (no Date, no regex: the validator runs it on every request)
// against the round trip through Date it replaced, which stays here as the reference.
import { describe, expect, it } from 'vitest';
import { isCstTimestamp, isValidDate, parseCstTimestamp } from '../../src/core/time.js';

const CST_OFFSET_MS = 8 * 3600 * 1000;
/** The former implementation: regex, Date.UTC, then formatting back and comparing. */
function reference(s: unknown): Date | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se) - CST_OFFSET_MS);
  const iso = new Date(date.getTime() + CST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}` === s ? date : null;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function agrees(s: string): void {
  const want = reference(s);
  expect(parseCstTimestamp(s)?.getTime() ?? null, s).toBe(want?.getTime() ?? null);
  expect(isCstTimestamp(s), s).toBe(want !== null);
  if (s.length >= 10) expect(isValidDate(s.slice(0, 10)), s.slice(0, 10)).toBe(reference(`${s.slice(0, 10)} 00:00:00`) !== null);
}

describe('isCstTimestamp / parseCstTimestamp / isValidDate', () => {
  it('agree with the Date round trip on every day, month and day number of leap, century and edge years', () => {
    for (const year of [0, 99, 100, 101, 999, 1899, 1900, 1970, 2000, 2023, 2024, 2100, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) agrees(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} 12:00:00`);
      }
    }
  });

  it('agree on every hour, minute and second number, valid or not, at both ends of a day', () => {
    for (let v = 0; v <= 99; v++) {
      agrees(`2024-02-29 ${pad(v, 2)}:00:00`);
      agrees(`2024-12-31 23:${pad(v, 2)}:59`);
      agrees(`2024-01-01 00:00:${pad(v, 2)}`);
    }
  });

  it('agree on 20,000 near-misses: each character of a valid time replaced, dropped or doubled', () => {
    const base = '2022-04-21 13:19:25';
    const alphabet = ['0', '1', '2', '3', '9', '-', ':', ' ', 'T', 'a', '.', '/', '\n', '０', '+', ''];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 20_000; i++) {
      const chars = [...base];
      for (let k = 0; k <= rand(3); k++) {
        const at = rand(chars.length + 1);
        const c = alphabet[rand(alphabet.length)]!;
        if (rand(3) === 0) chars.splice(at, 0, c);
        else chars[at] = c;
      }
      agrees(chars.join(''));
    }
    for (const s of ['', ' ', base + ' ', ' ' + base, base + '\n', base.replace(' ', 'T'), '2022-4-21 13:19:25', '2022-04-21 13:19:25.0']) agrees(s);
  });

  it('refuse what is not a string', () => {
    for (const v of [undefined, null, 20220421131925, new Date(), ['2022-04-21 13:19:25']]) {
      expect(parseCstTimestamp(v)).toBeNull();
      expect(isCstTimestamp(v)).toBe(false);
      expect(isValidDate(v)).toBe(false);
    }
  });
});
