/**
 * The wire trace for joint tests (联调): per attempt, the URL, the envelope as sent and as
 * received, the business plaintext, the sign string, the HTTP status and the time taken, so a
 * hospital can lay it beside the portal team's log line by line.
 *
 * What it never holds: the app secret (the sign string's `key=` shows ***), a private key, an
 * unmasked ID number, phone or name (the plaintext and the sign string are built from the masked
 * business object; free text is masked again). encData and signData are shortened to their
 * first and last characters plus their length: enough to match them with the portal's log.
 */
import type { Envelope } from '../core/envelope.js';
import { plainJson } from '../core/json-text.js';
import { maskText } from '../core/mask.js';
import { maskFields } from '../spec/sensitive-fields.js';

export interface TraceExchange {
  url: string;
  sent: Record<string, unknown>;
  params: unknown;
  status?: number;
  text?: string;
  ms: number;
  /** A network failure instead of an answer. */
  error?: string;
}

/** `1B2CCE8A71AF…(96)…9DBB6D`: the ends and the length. */
export function shorten(v: unknown): unknown {
  if (typeof v !== 'string' || v.length <= 24) return v;
  return `${v.slice(0, 12)}…(${v.length})…${v.slice(-6)}`;
}

function envelopeLine(env: Record<string, unknown>): string {
  const shown: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(env)) shown[k] = k === 'encData' || k === 'signData' ? shorten(v) : v;
  return maskText(JSON.stringify(shown));
}

function masked(data: unknown): unknown {
  return maskFields(plainJson(data));
}

/** The sign string over the masked plaintext, the secret as ***. */
function signLine(envelope: Envelope, head: Record<string, unknown>, data: unknown): string {
  const s = envelope.signString(head, masked(data));
  const key = `&${envelope.profile.signKeyName}=`;
  const at = s.lastIndexOf(key);
  return maskText(at >= 0 ? `${s.slice(0, at)}${key}***` : s);
}

/** The trace lines of one attempt (without a trailing newline each). */
export function traceLines(envelope: Envelope, x: TraceExchange): string[] {
  const lines = [`POST ${x.url}`];
  lines.push(`  sent envelope: ${envelopeLine(x.sent)}`);
  lines.push(`  sent plaintext: ${maskText(JSON.stringify(masked(x.params)))}`);
  lines.push(`  sent sign string: ${signLine(envelope, x.sent, x.params)}`);
  if (x.error !== undefined) {
    lines.push(`  no answer after ${x.ms.toFixed(1)} ms: ${maskText(x.error)}`);
    return lines;
  }
  lines.push(`  HTTP ${x.status} in ${x.ms.toFixed(1)} ms`);
  let body: unknown;
  try {
    body = JSON.parse(x.text ?? '');
  } catch {
    lines.push(`  received (not JSON, ${Buffer.byteLength(x.text ?? '')} bytes): ${maskText(String(shorten(x.text ?? '')))}`);
    return lines;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    lines.push(`  received (not an object): ${maskText(String(shorten(x.text)))}`);
    return lines;
  }
  const env = body as Record<string, unknown>;
  lines.push(`  received envelope: ${envelopeLine(env)}`);
  if (typeof env.encData === 'string' && env.encData !== '') {
    try {
      const opened = envelope.open(env, { signature: 'warn' });
      lines.push(`  received plaintext: ${maskText(JSON.stringify(masked(opened.data)))}`);
      lines.push(`  received sign string: ${signLine(envelope, env, opened.data)}`);
      lines.push(`  received signature: ${opened.signatureVerified ? 'verified' : `does not verify (${opened.signatureProblem})`}`);
    } catch (e) {
      lines.push(`  received encData does not decrypt: ${(e as Error).message}`);
    }
  }
  return lines;
}
