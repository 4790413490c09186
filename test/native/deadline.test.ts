/**
 * Issue 18 §1: a stalled runtime must never send a refund after the HIS was told "outcome
 * unknown". Through the real pieces (the compiled library loaded with koffi, the real runtime
 * bundle, the portal simulator on 127.0.0.1): the runtime is frozen with SIGSTOP, two refunds
 * are called, both come back 000002 naming their outRefundNo, the runtime is thawed — and the
 * simulator's ledger never sees either refund; the next call runs on a fresh runtime, and each
 * lost call left a daily-log line with nothing personal in it.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstTimestamp } from '../../src/core/time.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { cstr, loadOneTrans, outText, type OneTransLib } from './koffi-lib.js';
import { childProcesses, DIST_BRIDGE, ensureNativeBuild, LIB_PATH, runtimesOf, stageLibrary, waitFor } from './helpers.js';

const APP_ID = 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN';
const APP_KEY = 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM';
let portal: PortalHandle;
const staged: string[] = [];
let seq = 0;

beforeAll(async () => {
  await ensureNativeBuild({ realBridge: true });
  portal = await startPortal({ host: '127.0.0.1', port: 0, refundDelayMs: 0 });
}, 240_000);

afterAll(async () => {
  await portal?.close();
  for (const d of staged) rmSync(d, { recursive: true, force: true });
});

function stage(config: Record<string, unknown>): { dir: string; lib: OneTransLib } {
  const dir = stageLibrary(DIST_BRIDGE, { 'OneTrans.json': JSON.stringify(config) });
  staged.push(dir);
  return { dir, lib: loadOneTrans(path.join(dir, path.basename(LIB_PATH))) };
}

function pushMsg(): Buffer {
  return cstr(
    JSON.stringify({
      data: {
        serverAddr: `${portal.url}/api/amp/hos/pushMsg`,
        appId: APP_ID,
        appKey: APP_KEY,
        timestamp: cstTimestamp(),
        hisCustId: '532494',
        appType: '01',
        medOrgOrd: `DL${Date.now()}${++seq}`,
        orderStatus: 'MERCHANT_WAIT_PAY',
        orgCode: 'H46040100001',
        patientName: '周大鹏',
        idType: '02',
        idNo: '460029196507081627',
        pushType: 'HOSPITAL_PAYMENT',
        deptName: '总院牙体牙髓科',
        deptCode: 'BM00100',
        drName: '周小鹏',
        drNo: 'D460106007245',
        createTime: '2022-05-09 08:32:51',
      },
      orgId: 'H46010000000',
    }),
  );
}

/** A settled trade in the simulator's ledger and a refund request for it. */
function refundOfNewTrade(): { input: Buffer; outRefundNo: string } {
  const n = ++seq;
  const ampTraceId = `AMPDL${Date.now()}${n}`;
  portal.ledger.addTrade({ orgCode: 'H46040100001', ampTraceId, traceId: `TRDL${n}`, orgTraceNo: `MZDL${n}`, psnCashPay: '10.00', acctPay: '0.00', fundPaySumamt: '0.00', feesumAmt: '10.00' });
  const outRefundNo = `ORDL${Date.now()}${n}`;
  const data = {
    serverAddr: `${portal.url}/api/amp/hos/refund`,
    appId: APP_ID,
    appKey: APP_KEY,
    timestamp: cstTimestamp(),
    ampTraceId,
    traceId: `TRDL${n}`,
    orgTraceNo: `MZDL${n}`,
    orgCode: 'H46040100001',
    refundReason: '患者欧阳娜娜取消',
    outRefundNo,
    orgRefundSn: `HISDL${n}`,
  };
  return { input: cstr(JSON.stringify({ data, orgId: 'H46010000000' })), outRefundNo };
}

async function call(lib: OneTransLib, input: Buffer): Promise<{ code: string; out: Record<string, any> }> {
  const buf = Buffer.alloc(8192);
  const code = await lib.mobileTrans(input, buf);
  return { code, out: JSON.parse(outText(buf)) };
}

function logText(dir: string): string {
  const logs = path.join(dir, 'logs');
  return readdirSync(logs)
    .map((f) => readFileSync(path.join(logs, f), 'utf8'))
    .join('');
}

describe('a stalled runtime (SIGSTOP) never sends what the library gave up on', () => {
  it('answers 000002 naming outRefundNo, takes the runtime down, never lets the refunds out, and logs each call', async () => {
    // deadline per call: connect 300 + read 700 + the 2000 ms margin
    const { dir, lib } = stage({ connectTimeoutMs: 300, readTimeoutMs: 700, logLevel: 'info' });
    expect((await call(lib, pushMsg())).code).toBe('000000');
    const [rt] = runtimesOf(dir);
    expect(rt).toBeDefined();
    const before = portal.ledger.listRefunds().length;

    process.kill(rt!.pid, 'SIGSTOP');
    let thawed = false;
    try {
      const a = refundOfNewTrade();
      const b = refundOfNewTrade();
      const [ra, rb] = await Promise.all([call(lib, a.input), call(lib, b.input)]);
      for (const [r, no] of [
        [ra, a.outRefundNo],
        [rb, b.outRefundNo],
      ] as const) {
        expect(r.code).toBe('000002');
        expect(r.out.code).toBe(2);
        expect(r.out.message).toMatch(/结果未知/);
        expect(r.out.message).toContain(`outRefundNo=${no}`);
        expect(r.out.message).toContain('queryRefundResult');
      }
      // (the library may already have killed and reaped it: then there is nothing to thaw)
      try {
        process.kill(rt!.pid, 'SIGCONT');
      } catch {
        /* gone */
      }
      thawed = true;
      // give any late send every chance to land: none may
      await new Promise((r) => setTimeout(r, 1500));
      const refunds = portal.ledger.listRefunds().slice(before).map((r) => (r as unknown as { outRefundNo: string }).outRefundNo);
      expect(refunds).not.toContain(a.outRefundNo);
      expect(refunds).not.toContain(b.outRefundNo);
      // the frozen runtime is gone (killed by the library), not merely thawed
      await waitFor('the stalled runtime to be gone', () => !childProcesses().some((c) => c.pid === rt!.pid && c.state !== 'Z'), 5000);

      // the next call starts a fresh runtime and succeeds
      expect((await call(lib, pushMsg())).code).toBe('000000');
      const now = runtimesOf(dir).map((c) => c.pid);
      expect(now.length).toBeGreaterThan(0);
      expect(now).not.toContain(rt!.pid);

      // one library line per lost call, naming what to query with, nothing personal
      const lines = logText(dir)
        .split('\n')
        .filter((l) => l.includes('by=library'));
      for (const no of [a.outRefundNo, b.outRefundNo]) {
        const line = lines.find((l) => l.includes(`outRefundNo=${no}`));
        expect(line, `log line for ${no}`).toBeDefined();
        expect(line).toMatch(/ ERROR iface=refund orgId=H46010000000 ms=\d+ code=000002 msg=/);
        expect(line).toContain(`runtimePid=${rt!.pid}`);
      }
      const all = logText(dir);
      for (const secret of [APP_KEY, '欧阳娜娜', '460029196507081627', '周大鹏']) expect(all).not.toContain(secret);
    } finally {
      if (!thawed) {
        try {
          process.kill(rt!.pid, 'SIGCONT');
        } catch {
          /* already gone */
        }
      }
    }
  }, 30_000);
});
