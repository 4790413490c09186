/**
 * Field values of trade files and reconciliation inputs, parsed by hand on the hot path (a
 * million rows × four amounts × three times): yuan text → integer fen, never through a float;
 * `yyyy-MM-dd HH:mm:ss` in UTC+8 → Date. Amounts follow the one pattern of core/money.ts (`fenAt`).
 */
import { fenToYuan, yuanToFen } from '../core/money.js';
import { cstTimestamp, daysIn, digitsAt } from '../core/time.js';

export { fenAt } from '../core/money.js';

/** @deprecated the one amount pattern is core/money.ts `yuanToFen` (what the trade-file reader accepts). */
export function parseFen(text: string, signed = false): number | null {
  return yuanToFen(text, signed);
}

/** @deprecated core/money.ts `fenToYuan`. */
export const formatYuan = fenToYuan;

const CST_MS = 8 * 3600 * 1000;

/** `yyyy-MM-dd HH:mm:ss` (also `yyyy/MM/dd`, or `T` between) in UTC+8 → Date; null when not a real time. */
export function parseCstTime(t: string): Date | null {
  return cstTimeAt(t, 0, t.length);
}

/** parseCstTime on t[from, to) without cutting it out. */
export function cstTimeAt(t: string, from: number, to: number): Date | null {
  const ms = cstMillisAt(t, from, to);
  return ms === null ? null : new Date(ms);
}

/** The instant of t[from, to) in ms since the epoch, or null (no Date made). */
export function cstMillisAt(t: string, from: number, to: number): number | null {
  if (!isCstTimeAt(t, from, to)) return null;
  const o = from;
  return Date.UTC(digitsAt(t, o, 4), digitsAt(t, o + 5, 2) - 1, digitsAt(t, o + 8, 2), digitsAt(t, o + 11, 2), digitsAt(t, o + 14, 2), digitsAt(t, o + 17, 2)) - CST_MS;
}

/**
 * t[from, to) is a real `yyyy-MM-dd HH:mm:ss` time (what cstMillisAt reads): the check alone, for
 * the columns a caller does not keep (Date.UTC was most of the check's cost).
 */
export function isCstTimeAt(t: string, from: number, to: number): boolean {
  if (to - from !== 19) return false;
  const o = from;
  const s1 = t.charCodeAt(o + 4);
  if ((s1 !== 45 && s1 !== 47) || t.charCodeAt(o + 7) !== s1) return false;
  const mid = t.charCodeAt(o + 10);
  if ((mid !== 32 && mid !== 84) || t.charCodeAt(o + 13) !== 58 || t.charCodeAt(o + 16) !== 58) return false;
  // Straight-line digits (three times a row on a million rows): a non-digit makes its pair negative.
  const y = digits2(t, o) * 100 + digits2(t, o + 2);
  const mo = digits2(t, o + 5);
  const d = digits2(t, o + 8);
  const h = digits2(t, o + 11);
  const mi = digits2(t, o + 14);
  const s = digits2(t, o + 17);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return false;
  return d <= 28 || d <= daysIn(y, mo);
}

/** The two digits at t[i], t[i + 1] as a number, or a negative number when either is not a digit. */
function digits2(t: string, i: number): number {
  const a = t.charCodeAt(i) - 48;
  const b = t.charCodeAt(i + 1) - 48;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -100000 : a * 10 + b;
}

/** @deprecated core/time.ts `cstTimestamp`. */
export const formatCstTime = (d: Date): string => cstTimestamp(d);
