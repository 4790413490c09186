/**
 * How the shim reads its runtime's answers (native/onetrans.c, "leader/follower"): a waiting
 * caller's own thread reads the pipe while nobody else does and delivers the other callers'
 * answers on the way; when it leaves (answered or at its deadline) another waiting caller
 * takes over. Runs the compiled library against the test-double runtime
 * (test/bridge/fixtures/fake-mobiletrans.ts: echo, sleepMs).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cstr, loadOneTrans, outText } from './koffi-lib.js';
import { LIB_PATH } from './helpers.js';
import { useStagedLibraries } from '../helpers/fake-bridge.js';

const stage = useStagedLibraries();

/** A library copy whose runtime announces maxWaitMs (the env is read when the runtime starts,
 * on the first call, which happens here). */
async function started(maxWaitMs: number) {
  const dir = stage(true);
  const lib = loadOneTrans(path.join(dir, path.basename(LIB_PATH)));
  const saved = process.env.ONETRANS_TEST_MAX_WAIT_MS;
  process.env.ONETRANS_TEST_MAX_WAIT_MS = String(maxWaitMs);
  try {
    expect(await lib.mobileTrans(cstr('{"echo":"start"}'), Buffer.alloc(8192))).toBe('000000');
  } finally {
    if (saved === undefined) delete process.env.ONETRANS_TEST_MAX_WAIT_MS;
    else process.env.ONETRANS_TEST_MAX_WAIT_MS = saved;
  }
  return lib;
}

async function call(lib: Awaited<ReturnType<typeof started>>, request: object): Promise<{ code: string; text: string }> {
  const out = Buffer.alloc(4096);
  const code = await lib.mobileTransEx(cstr(JSON.stringify(request)), out, out.length);
  return { code, text: outText(out) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('libOneTrans reading answers (leader/follower)', () => {
  it('gives a lone caller its answer, call after call', async () => {
    const lib = await started(5000);
    for (let i = 0; i < 300; i++) {
      const req = { echo: `alone-${i}`, pad: 'z'.repeat(i) };
      const r = await call(lib, req);
      expect(r.code).toBe('000000');
      expect(JSON.parse(r.text)).toEqual(req);
    }
  }, 60_000);

  it('gives each caller its own answer when the answers come back in the reverse order', async () => {
    const lib = await started(10_000);
    const reqs = Array.from({ length: 6 }, (_, i) => ({ echo: `rev-${i}`, sleepMs: 900 - i * 150 }));
    const results = await Promise.all(reqs.map((req) => call(lib, req)));
    results.forEach((r, i) => {
      expect(r.code).toBe('000000');
      expect(JSON.parse(r.text)).toEqual(reqs[i]);
    });
  }, 30_000);

  it('a caller reading for others still gives up at its own deadline, and the others get their answers', async () => {
    const lib = await started(1500);
    const slow = call(lib, { sleepMs: 60_000 }); // the first to wait: it reads for everybody
    await sleep(300);
    const quick = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < 25; i++) {
        const req = { echo: `quick-${w}-${i}` };
        const r = await call(lib, req);
        expect(r.code).toBe('000000');
        expect(JSON.parse(r.text)).toEqual(req);
      }
    });
    await Promise.all(quick);
    const s = await slow;
    expect(s.code).toBe('000002');
    expect(JSON.parse(s.text).message).toContain('no answer within 1500 ms');
    // and the runtime keeps serving
    expect((await call(lib, { echo: 'after' })).code).toBe('000000');
  }, 30_000);

  it('when the reading caller misses its deadline, the runtime is taken down: a caller still waiting gets 000002, the next call a fresh runtime', async () => {
    // A waits from t=0 and gives up at t≈3000; B's answer would come at t≈1500+2000. A runtime
    // that missed a deadline is stalled or swamped, and must not send later what A was told is
    // unknown (issue 18 §1): the library kills it, B is answered "outcome unknown" (never
    // resent), and the call after that runs on a new runtime.
    const lib = await started(3000);
    const a = call(lib, { sleepMs: 60_000 });
    await sleep(1500);
    const b = call(lib, { echo: 'b', sleepMs: 2000 });
    const ra = await a;
    expect(ra.code).toBe('000002');
    expect(JSON.parse(ra.text).message).toContain('no answer within 3000 ms');
    const rb = await b;
    expect(rb.code).toBe('000002');
    expect(JSON.parse(rb.text).message).toMatch(/结果未知 \/ the OneTrans runtime exited during the call; the outcome is unknown/);
    const next = await call(lib, { echo: 'after' });
    expect(next.code).toBe('000000');
    expect(JSON.parse(next.text)).toEqual({ echo: 'after' });
  }, 30_000);

  it('passes answers larger than one pipe read (1 MiB out) to a waiting caller intact', async () => {
    const lib = await started(10_000);
    const out = Buffer.alloc(1024 * 1024 + 16);
    const [big, small] = await Promise.all([
      lib.mobileTransEx(cstr(JSON.stringify({ big: 1024 * 1024 })), out, out.length),
      call(lib, { echo: 'beside the big one' }),
    ]);
    expect(big).toBe('000000');
    expect(out.indexOf(0)).toBe(1024 * 1024);
    expect(out.subarray(0, 1024 * 1024).every((b) => b === 0x61)).toBe(true);
    expect(small.code).toBe('000000');
    expect(JSON.parse(small.text)).toEqual({ echo: 'beside the big one' });
  }, 30_000);
});
