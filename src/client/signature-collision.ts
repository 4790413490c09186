import { nextTimestamp, parseTimestamp, type TimestampFormat } from '../core/time.js';

/**
 * The portal rejects a signData it has seen within its window (protocol.md §6), and the
 * envelope has no nonce: two identical calls in the same second would sign alike and the
 * second would bounce with 010010. This remembers what was sent in the last seconds and moves
 * a colliding call's timestamp on by a second (well inside the ±300 s the portal accepts).
 */
export class SignatureCollisionGuard {
  // signData → its timestamp in ms; insertion order follows time closely enough to prune from the front.
  readonly #sent = new Map<string, number>();
  readonly #keepMs: number;

  constructor(keepMs = 2000) {
    this.#keepMs = keepMs;
  }

  /** Seals with `timestamp`, moving it on while the signature collides; remembers the result. */
  claim<T extends { signData?: unknown }>(timestamp: string | number, seal: (ts: string | number) => T, format: TimestampFormat = 'datetime'): T {
    this.#prune(Date.now());
    let ts = timestamp;
    let env = seal(ts);
    for (let i = 0; i < 600 && this.#sent.has(String(env.signData)); i++) {
      ts = nextTimestamp(ts, format);
      env = seal(ts);
    }
    this.#sent.set(String(env.signData), parseTimestamp(ts, format)?.getTime() ?? Date.now());
    return env;
  }

  #prune(now: number): void {
    for (const [sig, at] of this.#sent) {
      if (at >= now - this.#keepMs) break;
      this.#sent.delete(sig);
    }
  }
}
