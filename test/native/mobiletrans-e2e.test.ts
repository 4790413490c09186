/**
 * End to end through the real pieces: build/Release/libOneTrans.so (loaded with koffi, as a
 * HIS loads it) → the real runtime bundle (onetrans-bridge.cjs = src/bridge + src/mobiletrans
 * + src/client + src/core) → HTTP → the portal simulator (src/portal) on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstTimestamp } from '../../src/core/time.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { cstr, loadOneTrans, outText, type OneTransLib } from './koffi-lib.js';
import { childProcesses, DEMO_PATH, DIST_BRIDGE, ensureNativeBuild, LIB_PATH, runtimesOf, RELEASE_DIR, stageLibrary, waitFor } from './helpers.js';

const run = promisify(execFile);
let portal: PortalHandle;
let lib: OneTransLib;
const staged: string[] = [];
let seq = 0;

beforeAll(async () => {
  await ensureNativeBuild({ realBridge: true });
  portal = await startPortal({ host: '127.0.0.1', port: 0 });
  lib = loadOneTrans(LIB_PATH); // the checkout layout: no environment variables
}, 240_000);

afterAll(async () => {
  await portal?.close();
  for (const d of staged) rmSync(d, { recursive: true, force: true });
});

/** The spec's DLL request (spec lines 289-326) with a fresh timestamp and order number. */
function pushMsgRequest(overrides: Record<string, unknown> = {}, drop: string[] = []): Record<string, unknown> {
  const data: Record<string, unknown> = {
    serverAddr: `${portal.url}/api/amp/hos/pushMsg`,
    appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN',
    appKey: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM',
    encryptType: 'SM4',
    signType: 'SM3',
    timestamp: cstTimestamp(),
    version: '1.0.0',
    hisCustType: '',
    hisCustId: '532494',
    appType: '01',
    medOrgOrd: `ZL${Date.now()}${process.pid}${++seq}`,
    subOrgCode: '5',
    refundReason: '',
    payOrdId: '',
    orderStatus: 'MERCHANT_WAIT_PAY',
    orgCode: 'H46040100001',
    patientName: '周大鹏',
    idType: '02',
    idNo: '460029196507081627',
    takeMedicineLoc: '',
    pushType: 'HOSPITAL_PAYMENT',
    scheduledTime: '',
    deptName: '总院牙体牙髓科',
    deptCode: 'BM00100',
    deptLoc: '',
    drName: '周小鹏',
    drLvName: '',
    drNo: 'D460106007245',
    waitingNum: '',
    checkItem: '',
    createTime: '2022-05-09 08:32:51',
    updateTime: '',
    extData: null,
    ...overrides,
  };
  for (const k of drop) delete data[k];
  return { data, orgId: 'H46010000000' };
}

async function call(l: OneTransLib, input: Buffer): Promise<{ code: string; out: Record<string, any> }> {
  const buf = Buffer.alloc(8192);
  const code = await l.mobileTrans(input, buf);
  return { code, out: JSON.parse(outText(buf)) };
}

function stageWithConfig(config: Record<string, unknown>): { dir: string; lib: OneTransLib } {
  const dir = stageLibrary(DIST_BRIDGE, { 'OneTrans.json': JSON.stringify(config) });
  staged.push(dir);
  return { dir, lib: loadOneTrans(path.join(dir, path.basename(LIB_PATH))) };
}

describe('MobileTrans end to end (library → runtime → portal simulator)', () => {
  it('pushes a message: 000000, code 0, data.response SUCCESS, and the portal has it', async () => {
    const req = pushMsgRequest();
    const { code, out } = await call(lib, cstr(JSON.stringify(req)));
    expect(code).toBe('000000');
    expect(out.code).toBe(0);
    expect(out.data).toEqual({ response: 'SUCCESS' });
    expect(out.orgId).toBe('H46010000000');
    const got = portal.messages.find((m) => JSON.stringify(m).includes(String((req.data as any).medOrgOrd)));
    expect(got).toBeDefined();
  });

  it('rejects input that is not JSON with 000105', async () => {
    const { code, out } = await call(lib, cstr('serverAddr=http://x&appId=1'));
    expect(code).toBe('000105');
    expect(out.code).toBe(105);
    expect(out.message).toMatch(/JSON/);
  });

  it('rejects JSON that is not an object with 000105', async () => {
    for (const text of ['[1,2,3]', '"text"', '42', 'null']) {
      const { code, out } = await call(lib, cstr(text));
      expect(code, text).toBe('000105');
      expect(out.code).toBe(105);
    }
  });

  it('names the missing setting with 000105, and sends nothing', async () => {
    // serverAddr points at a listener of its own that counts connections: any byte sent shows there.
    let connections = 0;
    const counter = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((r) => counter.listen(0, '127.0.0.1', () => r()));
    try {
      const addr = `http://127.0.0.1:${(counter.address() as AddressInfo).port}/api/amp/hos/pushMsg`;
      const { code, out } = await call(lib, cstr(JSON.stringify(pushMsgRequest({ serverAddr: addr }, ['appKey']))));
      expect(code).toBe('000105');
      expect(out.message).toContain('appKey');
      expect(connections).toBe(0);
    } finally {
      await new Promise((r) => counter.close(r));
    }
  });

  it('rejects input cut in the middle of a UTF-8 character with 000105', async () => {
    const whole = Buffer.from(JSON.stringify(pushMsgRequest()), 'utf8');
    const at = whole.indexOf(Buffer.from('周大鹏')) + 2; // inside 周's three bytes
    const { code, out } = await call(lib, cstr(whole.subarray(0, at)));
    expect(code).toBe('000105');
    expect(out.code).toBe(105);
  });

  it('takes 1 MiB of input (a request padded with whitespace) and still succeeds', async () => {
    const text = ' '.repeat(512 * 1024) + JSON.stringify(pushMsgRequest()) + '\n'.repeat(512 * 1024);
    const { code, out } = await call(lib, cstr(text));
    expect(code).toBe('000000');
    expect(out.data).toEqual({ response: 'SUCCESS' });
  });

  it('handles 8 calling threads × 500 calls, each with its own answer', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const codes: string[] = [];
        for (let i = 0; i < 500; i++) {
          const req = pushMsgRequest();
          const buf = Buffer.alloc(8192);
          codes.push(await lib.mobileTransEx(cstr(JSON.stringify(req)), buf, buf.length));
          expect(JSON.parse(outText(buf)).data).toEqual({ response: 'SUCCESS' });
        }
        return codes;
      }),
    );
    expect(results.flat()).toEqual(Array(4000).fill('000000'));
  }, 60_000);

  it('returns 000100 within the configured timeouts when the portal never answers', async () => {
    const { lib: quick } = stageWithConfig({ connectTimeoutMs: 500, readTimeoutMs: 1500, logLevel: 'off' });
    portal.faults.add({ suffix: '/pushMsg', mode: 'stall', count: 1 });
    const { code, out } = await call(quick, cstr(JSON.stringify(pushMsgRequest())));
    expect(code).toBe('000100');
    expect(out.code).toBe(100);
    // the same runtime serves the next call normally
    const next = await call(quick, cstr(JSON.stringify(pushMsgRequest())));
    expect(next.code).toBe('000000');
  });

  it('returns 000002 when the runtime is killed during a call, and recovers on the next call', async () => {
    const { dir, lib: own } = stageWithConfig({ connectTimeoutMs: 1000, readTimeoutMs: 20000, logLevel: 'off' });
    expect((await call(own, cstr(JSON.stringify(pushMsgRequest())))).code).toBe('000000');
    const [rt] = runtimesOf(dir);
    portal.faults.add({ suffix: '/pushMsg', mode: 'stall', count: 1 });
    const pending = call(own, cstr(JSON.stringify(pushMsgRequest())));
    await new Promise((r) => setTimeout(r, 500)); // the request is out, the portal sits on it
    process.kill(rt!.pid, 'SIGKILL');
    const { code, out } = await pending;
    expect(code).toBe('000002');
    expect(out.message).toContain('outcome is unknown');
    await waitFor('the dead runtime to be reaped', () => !childProcesses().some((c) => c.pid === rt!.pid));
    const again = await call(own, cstr(JSON.stringify(pushMsgRequest())));
    expect(again.code).toBe('000000');
    expect(runtimesOf(dir).map((c) => c.pid)).not.toContain(rt!.pid);
  });

  it('with "outputEncoding": "gbk", a runtime lost mid-call is reported in GBK', async () => {
    const { dir, lib: ansi } = stageWithConfig({ outputEncoding: 'gbk', connectTimeoutMs: 1000, readTimeoutMs: 20000, logLevel: 'off' });
    const first = Buffer.alloc(8192);
    expect(await ansi.mobileTrans(cstr(JSON.stringify(pushMsgRequest())), first)).toBe('000000');
    expect(JSON.parse(iconv.decode(first.subarray(0, first.indexOf(0)), 'gbk')).message).toBe('成功');
    const [rt] = runtimesOf(dir);
    portal.faults.add({ suffix: '/pushMsg', mode: 'stall', count: 1 });
    const out = Buffer.alloc(8192);
    const pending = ansi.mobileTrans(cstr(JSON.stringify(pushMsgRequest())), out);
    await new Promise((r) => setTimeout(r, 500));
    process.kill(rt!.pid, 'SIGKILL');
    expect(await pending).toBe('000002');
    const raw = out.subarray(0, out.indexOf(0));
    expect(raw.includes(Buffer.from('结果未知', 'utf8'))).toBe(false);
    expect(JSON.parse(iconv.decode(raw, 'gbk')).message).toMatch(/^运行时在调用中退出，结果未知 \/ the OneTrans runtime exited/);
  });

  it('answers 000105 for NULL pointers without starting anything new', async () => {
    const buf = Buffer.alloc(8192);
    expect(await lib.mobileTrans(null, buf)).toBe('000105');
    expect(JSON.parse(outText(buf)).code).toBe(105);
    expect(await lib.mobileTrans(cstr('{}'), null)).toBe('000105');
  });

  it('the C demo (the spec example, dlopen + dlsym) pushes a message through the checkout build', async () => {
    const { stdout } = await run(DEMO_PATH, [portal.url], { cwd: '/', timeout: 60_000 });
    expect(stdout).toMatch(/^return: 000000$/m);
    const output = JSON.parse(stdout.split('\n').find((l) => l.startsWith('output: '))!.slice(8));
    expect(output).toMatchObject({ code: 0, data: { response: 'SUCCESS' } });
  });

  it('the C demo exits non-zero and prints the code when the portal refuses', async () => {
    const err = await run(DEMO_PATH, [portal.url, 'NOTANAPPID000000NOTANAPPID000000', 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM'], {
      cwd: '/',
      timeout: 60_000,
    }).then(
      () => null,
      (e) => e as { code: number; stdout: string },
    );
    expect(err).not.toBeNull();
    expect(err!.code).toBe(1);
    expect(err!.stdout).toMatch(/^return: 000001$/m);
  });

  it('ships the runtime bundle beside the library in build/Release', () => {
    expect(readFileSync(path.join(RELEASE_DIR, 'onetrans-bridge.cjs')).equals(readFileSync(DIST_BRIDGE))).toBe(true);
  });
});
