/** The portal's clock is China Standard Time (UTC+8, no DST) whatever the host's time zone is. */
const CST_OFFSET_MS = 8 * 3600 * 1000;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `yyyy-MM-dd HH:mm:ss` in UTC+8. */
export function cstTimestamp(date: Date = new Date()): string {
  const iso = new Date(date.getTime() + CST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** `yyyy-MM-dd` in UTC+8. */
export function cstDate(date: Date = new Date()): string {
  return cstTimestamp(date).slice(0, 10);
}

/** Parses a UTC+8 `yyyy-MM-dd HH:mm:ss`; null when malformed or not a real calendar time. */
export function parseCstTimestamp(s: unknown): Date | null {
  if (typeof s !== 'string') return null;
  const m = TIMESTAMP_RE.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, se) - CST_OFFSET_MS;
  const date = new Date(ms);
  // Reject 2022-02-30 and 25:00:00, which Date.UTC would silently roll over.
  return cstTimestamp(date) === s ? date : null;
}

/** True when `s` is a real calendar date `yyyy-MM-dd`. */
export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return false;
  return parseCstTimestamp(`${s} 00:00:00`) !== null;
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
