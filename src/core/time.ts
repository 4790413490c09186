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
