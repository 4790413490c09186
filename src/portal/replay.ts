/**
 * Replay protection (protocol.md §6): a request's timestamp must be within ±window of the
 * portal's clock, and an (appId, signData) pair is accepted once per window. Signatures are
 * remembered only after they verify, so a forger cannot fill the table with junk.
 */
import { parseTimestamp, type TimestampFormat } from '../core/index.js';

const FORMAT_TEXT: Record<TimestampFormat, [string, string]> = {
  datetime: ['东八区 yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm:ss (UTC+8)'],
  compact: ['东八区 yyyyMMddHHmmss', 'yyyyMMddHHmmss (UTC+8)'],
  epochMillis: ['毫秒时间戳', 'epoch milliseconds'],
  epochSeconds: ['秒时间戳', 'epoch seconds'],
};

export type TimestampCheck =
  | { ok: true; skewSec: number }
  | { ok: false; malformed: boolean; zh: string; en: string };

export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowSec: number,
    private readonly clock: () => Date,
    private readonly format: TimestampFormat = 'datetime',
  ) {}

  checkTimestamp(timestamp: unknown): TimestampCheck {
    const t = parseTimestamp(timestamp, this.format);
    if (!t) {
      const [zh, en] = FORMAT_TEXT[this.format];
      return {
        ok: false,
        malformed: true,
        zh: `timestamp 须为${zh}，收到 ${JSON.stringify(timestamp ?? null)}`,
        en: `timestamp must be ${en}, got ${JSON.stringify(timestamp ?? null)}`,
      };
    }
    const skewSec = Math.round((t.getTime() - this.clock().getTime()) / 1000);
    if (Math.abs(skewSec) > this.windowSec) {
      return {
        ok: false,
        malformed: false,
        zh: `请求时间 ${String(timestamp)} 与门户时间相差 ${skewSec} 秒，超出 ±${this.windowSec} 秒`,
        en: `timestamp ${String(timestamp)} is ${skewSec} s from the portal's clock, outside ±${this.windowSec} s`,
      };
    }
    return { ok: true, skewSec };
  }

  /** Records the pair; false when it was already seen within the window. */
  firstUse(appId: string, signData: string): boolean {
    const now = this.clock().getTime();
    // Entries go in with a constant lifetime, so the Map's insertion order is expiry order:
    // prune from the front and stop at the first live one (a full scan per request made a busy
    // simulator slower with every request it had seen).
    for (const [k, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(k);
    }
    const key = `${appId}\n${signData.toLowerCase()}`;
    if (this.seen.has(key)) return false;
    // Remembered for twice the window: a timestamp may sit up to one window ahead of the clock.
    this.seen.set(key, now + 2 * this.windowSec * 1000);
    return true;
  }
}
