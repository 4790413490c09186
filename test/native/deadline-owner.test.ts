/**
 * Issue 19: one owner for a call's deadline. The runtime computes the budget from OneTrans.json
 * (src/core/limits.ts callBudgetMs) and announces it in the hello; the library waits exactly
 * that, and sets each frame's deadline from it. Before the hello (the start-up wait) the library
 * reads the same file itself with the same formula (native/locate.c ot_call_budget_ms).
 *
 * For each OneTrans.json: the real runtime bundle's hello says what it will allow; the compiled
 * library, talking to a runtime whose hello names no budget, shows what it computed itself —
 * through the deadline it writes into the request frame. The two must be the same number. The
 * bounds are causal, not timings: the frame's deadline is never earlier than (hello written +
 * budget − 100 ms guard) and never later than (frame read + budget − 100 ms guard).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstr, loadOneTrans, outText } from './koffi-lib.js';
import { DIST_BRIDGE, ensureNativeBuild, LIB_PATH, ROOT, stageLibrary } from './helpers.js';

const RAW_BRIDGE = path.join(ROOT, 'test/native/fixtures/raw-bridge.cjs');
const GUARD_MS = 100; // runtime.h: subtracted from every deadline sent to the runtime
const staged: string[] = [];

beforeAll(async () => {
  await ensureNativeBuild({ realBridge: true });
}, 240_000);

afterAll(() => {
  for (const d of staged) rmSync(d, { recursive: true, force: true });
});

/** The real runtime's hello for this OneTrans.json: what it announces as each call's budget. */
async function announcedBudget(config: Record<string, unknown> | string): Promise<number> {
  const dir = stageLibrary(DIST_BRIDGE, { 'OneTrans.json': typeof config === 'string' ? config : JSON.stringify(config) });
  staged.push(dir);
  const child = spawn(process.execPath, [path.join(dir, 'onetrans-bridge.cjs'), '--lib-dir', dir], { stdio: ['pipe', 'pipe', 'ignore'] });
  try {
    const hello = await new Promise<Record<string, unknown>>((resolve, reject) => {
      let buf = Buffer.alloc(0);
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`the runtime exited (${code}) before its hello`)));
      child.stdout.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 8 && buf.length >= 8 + buf.readUInt32LE(0)) resolve(JSON.parse(buf.subarray(8, 8 + buf.readUInt32LE(0)).toString()));
      });
    });
    return hello.maxWaitMs as number;
  } finally {
    child.stdin.end();
    child.kill();
  }
}

/** The deadline the compiled library writes into a request frame, seen by a runtime whose hello
 * announces `maxWaitMs` (null: none, so the library keeps what it computed from the file). */
async function frameDeadline(config: Record<string, unknown> | string, maxWaitMs: number | null): Promise<{ fromHello: number; fromRead: number }> {
  const dir = stageLibrary(null, {
    'OneTrans.json': typeof config === 'string' ? config : JSON.stringify(config),
    'onetrans-bridge.cjs': readFileSync(RAW_BRIDGE, 'utf8'),
    'raw-mode.json': JSON.stringify({ mode: 'deadline', maxWaitMs }),
  });
  staged.push(dir);
  const lib = loadOneTrans(path.join(dir, path.basename(LIB_PATH)));
  const out = Buffer.alloc(8192);
  expect(await lib.mobileTrans(cstr('{}'), out)).toBe('000000');
  return JSON.parse(outText(out));
}

/** The frame's deadline is the one a library waiting `budget` ms would write. */
function expectBudget(seen: { fromHello: number; fromRead: number }, budget: number): void {
  expect(seen.fromHello).toBeGreaterThanOrEqual(budget - GUARD_MS - 1); // 1: the hello's clock is floored
  expect(seen.fromRead).toBeLessThanOrEqual(budget - GUARD_MS + 2); // 2: millisecond clocks on both sides
}

describe('one deadline for a call: the runtime announces it, the library computes the same before the hello', () => {
  const CASES: Array<[string, Record<string, unknown> | string, number]> = [
    ['defaults', {}, 38_000],
    ['both timeouts set', { connectTimeoutMs: 1500, readTimeoutMs: 2500 }, 6000],
    ['only readTimeoutMs', { readTimeoutMs: 700 }, 8700],
    ['a zero timeout (invalid: default kept)', { connectTimeoutMs: 0, readTimeoutMs: 2500 }, 10_500],
    ['a fraction (invalid: default kept)', { readTimeoutMs: 2500.5 }, 38_000],
    ['a string (invalid: default kept)', { readTimeoutMs: '2500' }, 38_000],
    // Whole numbers in other JSON spellings are whole numbers to JSON.parse, so to the library too.
    ['an exponent', '{"readTimeoutMs": 2.5e3}', 10_500],
    ['a zero fraction and a capital E', '{"connectTimeoutMs": 1000.0, "readTimeoutMs": 1E3}', 4000],
    ['an exponent that leaves a fraction (invalid: default kept)', '{"readTimeoutMs": 25e-1}', 38_000],
    ['a key given twice (the last counts)', '{"readTimeoutMs": 1000, "connectTimeoutMs": 500, "readTimeoutMs": 2000}', 4500],
    ['more than the one-hour cap', { connectTimeoutMs: 100_000, readTimeoutMs: 3_550_000 }, 3_600_000],
    ['far more than the cap', { readTimeoutMs: 99_999_999_999 }, 3_600_000],
    // A file JSON.parse refuses is no settings at all to the runtime (every default, the problem
    // in its log); the library must not pick keys out of it either.
    ['a truncated file (invalid: defaults)', '{"readTimeoutMs": 1000, "connectTimeoutMs": 500', 38_000],
    ['a file cut inside a value (invalid: defaults)', '{"connectTimeoutMs": 500, "readTimeoutMs": 10', 38_000],
    ['trailing garbage (invalid: defaults)', '{"readTimeoutMs": 1000} x', 38_000],
    ['a second object after the first (invalid: defaults)', '{"readTimeoutMs": 1000}{"connectTimeoutMs": 500}', 38_000],
    ['a trailing comma (invalid: defaults)', '{"readTimeoutMs": 1000,}', 38_000],
    ['a stray token after a value (invalid: defaults)', '{"readTimeoutMs": 1000 1000}', 38_000],
    ['a doubled comma (invalid: defaults)', '{"readTimeoutMs": 1000,, "connectTimeoutMs": 500}', 38_000],
    ['a leading zero (invalid: defaults)', '{"readTimeoutMs": 01000}', 38_000],
    ['a comment (invalid: defaults)', '{"readTimeoutMs": 1000 /* one second */}', 38_000],
    ['an unknown escape in another string (invalid: defaults)', '{"logDir": "a\\qb", "readTimeoutMs": 1000}', 38_000],
    ['NaN in another key (invalid: defaults)', '{"readTimeoutMs": 1000, "capacity": NaN}', 38_000],
    ['not an object (defaults)', '[{"readTimeoutMs": 1000}]', 38_000],
    // Still valid: deep nesting, escapes and every literal elsewhere do not hide the timeouts.
    ['valid nesting, escapes and literals around the keys', '{"profile": {"a": [1, -2.5e-3, true, false, null, {"b": "\\u00e9\\"\\\\"}]}, "_c": "x", "readTimeoutMs": 1000}', 9000],
  ];
  for (const [name, config, budget] of CASES) {
    it(`${name}: runtime and library agree on ${budget} ms`, async () => {
      const announced = await announcedBudget(config);
      expect(announced).toBe(budget);
      expectBudget(await frameDeadline(config, null), announced);
    }, 60_000);
  }

  it("follows the hello's budget for every call, held to the one-hour cap", async () => {
    // The file says 38 s; a runtime announcing 4321 ms is believed (it read the same file).
    expectBudget(await frameDeadline({}, 4321), 4321);
    // A runtime (another version) announcing more than the cap gets the cap, not a default.
    expectBudget(await frameDeadline({}, 3_652_000), 3_600_000);
  }, 60_000);
});
