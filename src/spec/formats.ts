// Value formats the spec states: 时间统一格式 yyyy-MM-dd HH:mm:ss, 日期统一格式 yyyy-MM-dd,
// 金额统一单位 元 (spec lines 29-36). Checks are on the text, with real calendar dates.
import type { FieldSpec } from './types.js';

export type FieldFormat = NonNullable<FieldSpec['format']>;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Yuan with at most two decimals (fen); no sign, no exponent, no thousands separators.
const AMOUNT = /^(0|[1-9]\d*)(\.\d{1,2})?$/;

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate(); // day 0 of next month = last day of m
  return d <= days;
}

export function matchesFormat(format: FieldFormat, text: string): boolean {
  switch (format) {
    case 'datetime': {
      const m = DATETIME.exec(text);
      if (!m) return false;
      const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
      return isCalendarDate(y, mo, d) && h < 24 && mi < 60 && s < 60;
    }
    case 'date': {
      const m = DATE.exec(text);
      if (!m) return false;
      const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
      return isCalendarDate(y, mo, d);
    }
    case 'amount':
      return AMOUNT.test(text);
  }
}

/** How each format is described in issue messages: [中文, English]. */
export const FORMAT_DESCRIPTION: Readonly<Record<FieldFormat, readonly [string, string]>> = {
  datetime: ['yyyy-MM-dd HH:mm:ss 格式的时间', 'a time as yyyy-MM-dd HH:mm:ss'],
  date: ['yyyy-MM-dd 格式的日期', 'a date as yyyy-MM-dd'],
  amount: ['以元为单位、最多两位小数的金额', 'an amount in yuan with at most two decimals'],
};
