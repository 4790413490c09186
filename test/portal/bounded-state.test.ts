import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/portal/ledger.js';
import { MAX_STORED_MESSAGES, pushMsg, type HandlerContext } from '../../src/portal/handlers.js';
import { ReplayGuard } from '../../src/portal/replay.js';

describe('the simulator stays bounded on a long run', () => {
  it('keeps at most MAX_STORED_MESSAGES pushed messages, dropping the oldest', () => {
    const ctx = {
      app: { appId: 'A', appSecret: 'S' },
      ledger: new Ledger(),
      clock: () => new Date(),
      messages: [],
      downloads: new Map(),
      downloadTtlMs: 60_000,
      baseUrl: 'http://127.0.0.1:1',
    } as unknown as HandlerContext;
    for (let i = 0; i < MAX_STORED_MESSAGES + 5; i++) pushMsg({ medOrgOrd: `M${i}`, pushType: 'HOSPITAL_PAYMENT' }, ctx);
    expect(ctx.messages).toHaveLength(MAX_STORED_MESSAGES);
    expect(ctx.messages[0]!.params.medOrgOrd).toBe('M5');
    expect(ctx.messages.at(-1)!.params.medOrgOrd).toBe(`M${MAX_STORED_MESSAGES + 4}`);
  });

  it('forgets signatures once they can no longer be replayed, and still rejects live repeats', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const guard = new ReplayGuard(300, () => new Date(now));
    expect(guard.firstUse('A', 'sig1')).toBe(true);
    expect(guard.firstUse('A', 'SIG1')).toBe(false); // compared case-insensitively
    now += 601_000; // past twice the window
    expect(guard.firstUse('A', 'sig2')).toBe(true);
    expect(guard.firstUse('A', 'sig1')).toBe(true); // forgotten: its timestamp is stale by now anyway
    expect(guard.firstUse('A', 'sig2')).toBe(false);
  });
});
