/** The portal's clock is China Standard Time (UTC+8, no DST) whatever the host's time zone is. */
const CST_OFFSET_MS = 8 * 3600 * 1000;

/** `yyyy-MM-dd HH:mm:ss` in UTC+8. */
export function cstTimestamp(date: Date = new Date()): string {
  const iso = new Date(date.getTime() + CST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** `yyyy-MM-dd` in UTC+8. */
export function cstDate(date: Date = new Date()): string {
  return cstTimestamp(date).slice(0, 10);
}

/** The digits of text[from, from + n) as a number, or -1 when one of them is not a digit. */
export function digitsAt(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days in a month (1-12) of a Gregorian year. */
export function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether text[from, from + 10) is a real calendar date `yyyy-MM-dd`, read by hand: the spec
 * validator checks a date or time field on every request, and a Date (and the regex match, and
 * the ISO text to compare with) per check was most of a validation's cost. Years below 100 are
 * refused, as they always were: Date.UTC reads them as 19xx, so the round trip never matched.
 */
function isDateAt(s: string, from: number): boolean {
  if (s.charCodeAt(from + 4) !== 45 /* - */ || s.charCodeAt(from + 7) !== 45) return false;
  const year = digitsAt(s, from, 4);
  const month = digitsAt(s, from + 5, 2);
  const day = digitsAt(s, from + 8, 2);
  return year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** True when `s` is a real UTC+8 `yyyy-MM-dd HH:mm:ss` (what parseCstTimestamp accepts), without making a Date. */
export function isCstTimestamp(s: unknown): s is string {
  if (typeof s !== 'string' || s.length !== 19 || s.charCodeAt(10) !== 32 /* space */) return false;
  if (s.charCodeAt(13) !== 58 /* : */ || s.charCodeAt(16) !== 58) return false;
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && isDateAt(s, 0);
}

/** Parses a UTC+8 `yyyy-MM-dd HH:mm:ss`; null when malformed or not a real calendar time (2022-02-30, 25:00:00). */
export function parseCstTimestamp(s: unknown): Date | null {
  if (!isCstTimestamp(s)) return null;
  const ms = Date.UTC(digitsAt(s, 0, 4), digitsAt(s, 5, 2) - 1, digitsAt(s, 8, 2), digitsAt(s, 11, 2), digitsAt(s, 14, 2), digitsAt(s, 17, 2));
  return new Date(ms - CST_OFFSET_MS);
}

/** True when `s` is a real calendar date `yyyy-MM-dd`. */
export function isValidDate(s: unknown): s is string {
  return typeof s === 'string' && s.length === 10 && isDateAt(s, 0);
}

export type TimestampFormat = 'datetime' | 'epochMillis' | 'epochSeconds' | 'compact';

/**
 * The envelope's `timestamp` in the profile's format: `yyyy-MM-dd HH:mm:ss` (UTC+8), epoch
 * milliseconds or seconds as a JSON number, or `yyyyMMddHHmmss` (UTC+8).
 */
export function formatTimestamp(date: Date = new Date(), format: TimestampFormat = 'datetime'): string | number {
  switch (format) {
    case 'epochMillis':
      return date.getTime();
    case 'epochSeconds':
      return Math.floor(date.getTime() / 1000);
    case 'compact':
      return cstTimestamp(date).replace(/[- :]/g, '');
    default:
      return cstTimestamp(date);
  }
}

const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/**
 * Reads a received `timestamp` in the given format; null when it is not one. Epoch values are
 * taken as a JSON number or as a string of digits (a verifier signs either exactly as received).
 */
export function parseTimestamp(value: unknown, format: TimestampFormat = 'datetime'): Date | null {
  if (format === 'datetime') return parseCstTimestamp(value);
  if (format === 'compact') {
    const m = typeof value === 'string' ? COMPACT_RE.exec(value) : null;
    return m ? parseCstTimestamp(`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`) : null;
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) return null;
  const ms = format === 'epochMillis' ? n : n * 1000;
  // Reject a seconds value sent as milliseconds and the reverse: both land decades away.
  const d = new Date(ms);
  return d.getUTCFullYear() >= 2000 && d.getUTCFullYear() < 2200 ? d : null;
}

/** The same instant one second later, in the same format as `ts` was written. */
export function nextTimestamp(ts: string | number, format: TimestampFormat = 'datetime'): string | number {
  const d = parseTimestamp(ts, format);
  return formatTimestamp(new Date((d ? d.getTime() : Date.now()) + 1000), format);
}
