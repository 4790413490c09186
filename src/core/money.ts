/**
 * Money on the wire is yuan as a decimal string ("14.01"); inside the simulator it is an
 * integer number of fen, so that sums and comparisons never meet a float rounding error.
 */

/** Integer digits an amount may have: 13 keeps every fen count a safe integer. */
const MAX_WHOLE_DIGITS = 13;

/**
 * The one amount pattern (金额统一单位 元): yuan, `0` or digits without a leading zero, then at most
 * two decimals — `^(0|[1-9]\d*)(\.\d{1,2})?$`; no `+`, no exponent, no thousands separators. With
 * `signed`, a leading `-` too (insurance exports write refunds negative). Scanned by hand on
 * text[from, to), because the trade-file reader calls it four times a row on a million rows.
 * Returns integer fen, or null.
 */
export function fenAt(text: string, from: number, to: number, signed = false): number | null {
  let i = from;
  let neg = false;
  if (to <= from) return null;
  if (text.charCodeAt(i) === 45 /* - */) {
    if (!signed) return null;
    neg = true;
    i++;
  }
  const first = i;
  let whole = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  const digits = i - first;
  if (digits === 0 || digits > MAX_WHOLE_DIGITS) return null;
  if (digits > 1 && text.charCodeAt(first) === 48 /* 0 */) return null; // "01.5"
  let frac = 0;
  if (i < to) {
    if (text.charCodeAt(i) !== 46 /* . */) return null;
    i++;
    const d1 = i < to ? text.charCodeAt(i) - 48 : -1;
    if (d1 < 0 || d1 > 9) return null;
    const d2 = i + 1 < to ? text.charCodeAt(i + 1) - 48 : -1;
    if (i + 1 < to && (d2 < 0 || d2 > 9)) return null;
    if (i + 2 < to) return null;
    frac = d1 * 10 + (d2 >= 0 ? d2 : 0);
  }
  const fen = whole * 100 + frac;
  return neg ? -fen : fen;
}

/** True when `text` is written as the spec writes amounts (the one amount pattern; src/spec/formats.ts uses it). */
export function isYuan(text: string): boolean {
  return typeof text === 'string' && fenAt(text, 0, text.length) !== null;
}

/**
 * "14.01" → 1401 (surrounding spaces ignored). Null for anything that is not a yuan amount with
 * ≤ 2 decimals; negative only with `signed`.
 */
export function yuanToFen(value: unknown, signed = false): number | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return fenAt(t, 0, t.length, signed);
}

/** 1401 → "14.01"; always two decimals, never exponent notation. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${whole}.${cents < 10 ? '0' : ''}${cents}`;
}
