/**
 * Field values of trade files and reconciliation inputs, parsed by hand on the hot path (a
 * million rows × four amounts × three times): yuan text → integer fen, never through a float;
 * `yyyy-MM-dd HH:mm:ss` in UTC+8 → Date. Amounts follow the one pattern of core/money.ts (`fenAt`).
 */
import { fenToYuan, yuanToFen } from '../core/money.js';
import { cstTimestamp } from '../core/time.js';

export { fenAt } from '../core/money.js';

/** @deprecated the one amount pattern is core/money.ts `yuanToFen` (what the trade-file reader accepts). */
export function parseFen(text: string, signed = false): number | null {
  return yuanToFen(text, signed);
}

/** @deprecated core/money.ts `fenToYuan`. */
export const formatYuan = fenToYuan;

const CST_MS = 8 * 3600 * 1000;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function num(t: string, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** `yyyy-MM-dd HH:mm:ss` (also `yyyy/MM/dd`, or `T` between) in UTC+8 → Date; null when not a real time. */
export function parseCstTime(t: string): Date | null {
  return cstTimeAt(t, 0, t.length);
}

/** parseCstTime on t[from, to) without cutting it out. */
export function cstTimeAt(t: string, from: number, to: number): Date | null {
  const ms = cstMillisAt(t, from, to);
  return ms === null ? null : new Date(ms);
}

/** The instant of t[from, to) in ms since the epoch, or null (no Date made: a check only). */
export function cstMillisAt(t: string, from: number, to: number): number | null {
  if (to - from !== 19) return null;
  const o = from;
  const s1 = t.charCodeAt(o + 4);
  if ((s1 !== 45 && s1 !== 47) || t.charCodeAt(o + 7) !== s1) return null;
  const mid = t.charCodeAt(o + 10);
  if ((mid !== 32 && mid !== 84) || t.charCodeAt(o + 13) !== 58 || t.charCodeAt(o + 16) !== 58) return null;
  const y = num(t, o, 4);
  const mo = num(t, o + 5, 2);
  const d = num(t, o + 8, 2);
  const h = num(t, o + 11, 2);
  const mi = num(t, o + 14, 2);
  const s = num(t, o + 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (mo === 2 && leap ? 29 : DAYS[mo - 1]!)) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s) - CST_MS;
}

/** @deprecated core/time.ts `cstTimestamp`. */
export const formatCstTime = (d: Date): string => cstTimestamp(d);
