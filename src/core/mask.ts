/**
 * Masking, in one place (house rule: never log a secret; mask ID numbers, phones and names
 * everywhere, error messages included). Field-aware masking of business objects, which needs
 * the spec tables' marks, is src/spec/sensitive-fields.ts; this module knows only values and
 * free text.
 */

/**
 * How a field's value is masked (the spec tables mark fields with it). 'text' is free text a
 * person typed (a refund reason): it may hold anything, a name included, so only its first
 * character shows.
 */
export type Sensitivity = 'id' | 'phone' | 'name' | 'secret' | 'text';

/**
 * Keys that are secrets wherever they appear: never logged, never kept by the simulator, even
 * when a caller leaks one into the business object.
 */
export const SECRET_FIELDS: readonly string[] = Object.freeze(['appKey', 'appSecret', 'orgSecret', 'clientPrvKey', 'privateKey']);

function keepEnds(text: string, head: number, tail: number): string {
  const chars = [...text];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/**
 * The masked form of a value. Secrets become a fixed "******" (not even the length shows);
 * IDs keep 3 leading and 2 trailing characters; phones 3 and 4; names and free text only the
 * first character.
 */
export function maskValue(value: unknown, how: Sensitivity): unknown {
  if (value === undefined || value === null) return value;
  if (how === 'secret') return '******';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (how) {
    case 'id':
      return keepEnds(text, 3, 2);
    case 'phone':
      return keepEnds(text, 3, 4);
    case 'name':
    case 'text':
      return keepEnds(text, 1, 0);
  }
}

// Mainland ID numbers (15 or 18 characters) and mobile numbers inside free text.
const ID_RE = /(?<![0-9A-Za-z])(\d{6})\d{8,9}(\d{2}[0-9Xx]|\d)(?![0-9A-Za-z])/g;
const PHONE_RE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

const DIGIT_RUN_RE = /\d{11}/;

/**
 * Masks ID and phone numbers appearing in free text (portal messages, error details). `keep`:
 * values that look like one but are not personal (an 18-digit outRefundNo a message must name).
 */
export function maskText(s: string, keep?: ReadonlySet<string>): string {
  // Either number is a run of at least 11 digits: text without one (most log lines and
  // messages) has nothing to mask, and one plain scan says so.
  if (!DIGIT_RUN_RE.test(s)) return s;
  if (keep && keep.size > 0) {
    return s
      .replace(ID_RE, (m, a: string, b: string) => (keep.has(m) ? m : `${a.slice(0, 3)}${'*'.repeat(m.length - 3 - b.length)}${b}`))
      .replace(PHONE_RE, (m, a: string, b: string) => (keep.has(m) ? m : `${a}****${b}`));
  }
  return s.replace(ID_RE, (_m, a: string, b: string) => `${a.slice(0, 3)}${'*'.repeat(_m.length - 3 - b.length)}${b}`).replace(PHONE_RE, '$1****$2');
}

/** Longest text a log field or a message quotes of any one value. */
export const MAX_SHOWN_CHARS = 200;

/**
 * Cuts `s` to `max` characters, saying how much was left out ("…(+123)"), so a 10 MB value
 * can never make a 10 MB log line or message.
 */
export function bounded(s: string, max = MAX_SHOWN_CHARS): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}…(+${s.length - max})`;
}

/** A value fit to appear in a message or a log field: masked, bounded, on one line. */
export function shown(value: unknown, max = MAX_SHOWN_CHARS): string {
  const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  if (text.length <= max) return maskText(text).replace(/\s+/g, ' ');
  // Masking keeps lengths; the margin lets an ID that crosses the cut be recognised (and masked) whole.
  return `${maskText(text.slice(0, max + 40)).replace(/\s/g, ' ').slice(0, max)}…(+${text.length - max})`;
}
