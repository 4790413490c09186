// Value formats the spec states: 时间统一格式 yyyy-MM-dd HH:mm:ss, 日期统一格式 yyyy-MM-dd,
// 金额统一单位 元 (spec lines 29-36). Checks are on the text, with real calendar dates.
// The patterns live once in src/core (time.ts, money.ts), shared with the client and the simulator.
import { isYuan } from '../core/money.js';
import { isCstTimestamp, isValidDate } from '../core/time.js';
import type { FieldSpec } from './types.js';

export type FieldFormat = NonNullable<FieldSpec['format']>;

export function matchesFormat(format: FieldFormat, text: string): boolean {
  switch (format) {
    case 'datetime':
      return isCstTimestamp(text);
    case 'date':
      return isValidDate(text);
    case 'amount':
      return isYuan(text);
  }
}

/** How each format is described in issue messages: [中文, English]. */
export const FORMAT_DESCRIPTION: Readonly<Record<FieldFormat, readonly [string, string]>> = {
  datetime: ['yyyy-MM-dd HH:mm:ss 格式的时间', 'a time as yyyy-MM-dd HH:mm:ss'],
  date: ['yyyy-MM-dd 格式的日期', 'a date as yyyy-MM-dd'],
  amount: ['以元为单位、最多两位小数的金额', 'an amount in yuan with at most two decimals'],
};
