/** Deterministic ids for the simulator: they look like the spec's and stay stable for a given seed. */
import { createHash } from 'node:crypto';

/** A short deterministic hex id (the spec's ampTraceId / traceId look like 32 hex). */
export function hexId(seed: string, length = 32): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** A deterministic string of decimal digits (payment channels' order numbers are digits). */
export function digitsId(seed: string, length: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  let out = '';
  for (let i = 0; out.length < length; i++) out += (parseInt(hex[i % hex.length]!, 16) % 10).toString();
  return out;
}

/** `2022-04-24 12:00:00` → `20220424120000` */
export const compactTime = (ts: string) => ts.replace(/\D/g, '');
