/**
 * Field values of trade files and reconciliation inputs, parsed by hand on the hot path (a
 * million rows × four amounts × three times): yuan text → integer fen, never through a float;
 * `yyyy-MM-dd HH:mm:ss` in UTC+8 → Date.
 */

/**
 * "14.01" → 1401, "-3.5" → -350, "12" → 1200. Null for anything else (more than two decimals,
 * exponents, thousands separators, empty). `signed` allows a leading minus (insurance exports
 * write refunds negative).
 */
export function parseFen(text: string, signed = false): number | null {
  return fenAt(text, 0, text.length, signed);
}

/** parseFen on text[from, to) without cutting it out (the trade-file reader's hot path). */
export function fenAt(text: string, from: number, to: number, signed = false): number | null {
  const n = to;
  let i = from;
  let neg = false;
  if (n <= from) return null;
  if (text.charCodeAt(i) === 45 /* - */) {
    if (!signed) return null;
    neg = true;
    i++;
  } else if (text.charCodeAt(i) === 43 /* + */) {
    i++;
  }
  let whole = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
  }
  if (digits === 0 || digits > 13) return null;
  let frac = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 /* . */) return null;
    i++;
    const d1 = i < n ? text.charCodeAt(i) - 48 : -1;
    const d2 = i + 1 < n ? text.charCodeAt(i + 1) - 48 : -1;
    if (d1 < 0 || d1 > 9) return null;
    if (i + 1 < n && (d2 < 0 || d2 > 9)) return null;
    if (i + 2 < n) return null;
    frac = d1 * 10 + (d2 >= 0 ? d2 : 0);
  }
  const fen = whole * 100 + frac;
  return neg ? -fen : fen;
}

/** 1401 → "14.01", -5 → "-0.05". */
export function formatYuan(fen: number): string {
  const neg = fen < 0;
  const a = Math.abs(fen);
  const cents = a % 100;
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${cents < 10 ? '0' : ''}${cents}`;
}

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

/** Date → `yyyy-MM-dd HH:mm:ss` in UTC+8. */
export function formatCstTime(d: Date): string {
  const iso = new Date(d.getTime() + CST_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
