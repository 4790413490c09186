/**
 * Issue 7 #8: the runtime takes a request payload over MAX_REQUEST_PAYLOAD (64 MiB,
 * src/core/limits.json) for a corrupt stream and exits, so the shim refuses such an input
 * itself with 000105 before writing a byte, and a call in flight on another thread is not
 * disturbed. Compiled library + the test-double runtime (test/bridge/fixtures/fake-mobiletrans.ts).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_PAYLOAD } from '../../src/core/limits.js';
import { cstr, loadOneTrans, outText } from './koffi-lib.js';
import { LIB_PATH, runtimesOf } from './helpers.js';
import { useStagedLibraries } from '../helpers/fake-bridge.js';

const stage = useStagedLibraries();

/** `{"big":1}` after enough spaces to make the payload exactly `bytes` long, NUL-terminated. */
function paddedRequest(bytes: number): Buffer {
  const tail = Buffer.from('{"big":1}');
  const b = Buffer.alloc(bytes + 1, 0x20);
  tail.copy(b, bytes - tail.length);
  b[bytes] = 0;
  return b;
}

describe('the request payload cap', () => {
  it('refuses an input over the cap with 000105 and leaves a call in flight on another thread alone', async () => {
    const dir = stage(true);
    const lib = loadOneTrans(path.join(dir, path.basename(LIB_PATH)));
    expect(await lib.mobileTrans(cstr('{"echo":"start"}'), Buffer.alloc(8192))).toBe('000000');
    const [rt] = runtimesOf(dir);

    const inFlightOut = Buffer.alloc(8192);
    const inFlight = lib.mobileTrans(cstr('{"echo":"in flight","sleepMs":1500}'), inFlightOut);
    await new Promise((r) => setTimeout(r, 200));
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(paddedRequest(MAX_REQUEST_PAYLOAD + 1), out)).toBe('000105');
    const err = JSON.parse(outText(out));
    expect(err.code).toBe(105);
    expect(err.message).toBe(`入参过长 / pInData is too long: ${MAX_REQUEST_PAYLOAD + 1} bytes, the limit is ${MAX_REQUEST_PAYLOAD}`);

    expect(await inFlight).toBe('000000');
    expect(JSON.parse(outText(inFlightOut))).toEqual({ echo: 'in flight', sleepMs: 1500 });
    expect(runtimesOf(dir).map((c) => c.pid)).toEqual([rt!.pid]); // the same runtime, never restarted
  }, 30_000);

  it('sends an input of exactly the cap to the runtime', async () => {
    const dir = stage(true);
    const lib = loadOneTrans(path.join(dir, path.basename(LIB_PATH)));
    const out = Buffer.alloc(64);
    expect(await lib.mobileTransEx(paddedRequest(MAX_REQUEST_PAYLOAD), out, out.length)).toBe('000000');
    expect(outText(out)).toBe('a'); // the runtime parsed it and answered
  }, 60_000);
});
