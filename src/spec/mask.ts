// Masking for values that end up in validation issues (which callers log). House rule: never
// log a secret; mask ID numbers, phones and patient names.
import type { Sensitivity } from './types.js';

function keepEnds(text: string, head: number, tail: number): string {
  const chars = [...text];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/**
 * The masked form of a value. Secrets become a fixed "******" (not even the length shows);
 * IDs keep 3 leading and 2 trailing characters; phones 3 and 4; names only the first character.
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
      return keepEnds(text, 1, 0);
  }
}
