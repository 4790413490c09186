/**
 * Money on the wire is yuan as a decimal string ("14.01"); inside the simulator it is an
 * integer number of fen, so that sums and comparisons never meet a float rounding error.
 */

/** Yuan with at most two decimals (fen); no sign, no exponent, no thousands separators (金额统一单位 元). */
const YUAN_RE = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;
/** Integer digits yuanToFen converts: 13 keeps every fen count a safe integer. */
const MAX_WHOLE_DIGITS = 13;

/** True when `text` is written as the spec writes amounts (the one amount pattern; src/spec/formats.ts uses it). */
export function isYuan(text: string): boolean {
  return YUAN_RE.test(text);
}

/** "14.01" → 1401. Returns null for anything that is not a non-negative yuan amount with ≤ 2 decimals. */
export function yuanToFen(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = YUAN_RE.exec(value.trim());
  if (!m || m[1]!.length > MAX_WHOLE_DIGITS) return null;
  const whole = Number(m[1]);
  const frac = (m[2] ?? '').padEnd(2, '0');
  const fen = whole * 100 + Number(frac);
  return Number.isSafeInteger(fen) ? fen : null;
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
