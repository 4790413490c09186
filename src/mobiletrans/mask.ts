import { AMP_INTERFACE_LIST, maskValue, type Sensitivity } from '../spec/index.js';

/** Field names whose values never reach a log unmasked: the spec tables' marks plus the settings. */
const SENSITIVE: ReadonlyMap<string, Sensitivity> = (() => {
  const m = new Map<string, Sensitivity>([
    ['appKey', 'secret'],
    ['appSecret', 'secret'],
    ['clientPrvKey', 'secret'],
    ['orgSecret', 'secret'],
    ['cardNo', 'id'],
    ['certNo', 'id'],
    ['drName', 'name'],
  ]);
  for (const iface of AMP_INTERFACE_LIST) {
    for (const f of [...iface.request, ...iface.response]) if (f.sensitive) m.set(f.name, f.sensitive);
  }
  return m;
})();

// Mainland ID numbers (15 or 18 characters) and mobile numbers inside free text.
const ID_RE = /(?<![0-9A-Za-z])(\d{6})\d{8,9}(\d{2}[0-9Xx]|\d)(?![0-9A-Za-z])/g;
const PHONE_RE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** Masks ID and phone numbers appearing in free text (portal messages, error details). */
export function maskText(s: string): string {
  return s.replace(ID_RE, (_m, a: string, b: string) => `${a.slice(0, 3)}${'*'.repeat(_m.length - 3 - b.length)}${b}`).replace(PHONE_RE, '$1****$2');
}

/** A copy of a business object fit for a debug log. */
export function maskFields(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return typeof value === 'string' ? maskText(value) : value;
  if (Array.isArray(value)) return value.map((v) => maskFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const how = SENSITIVE.get(k.trim());
    out[k] = how ? maskValue(v, how) : maskFields(v, depth + 1);
  }
  return out;
}
