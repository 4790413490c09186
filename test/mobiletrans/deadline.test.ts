// Issue 18 §1, the runtime's side: a request reached after the library's deadline (the frame
// sat in the pipe while the runtime was stopped) is answered as expired and never sent; an
// outcome-unknown refund is 000002, like the library's own, and names its outRefundNo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cstTimestamp } from '../../src/core/index.js';
import { clockMs } from '../../src/core/deadline.js';
import { loadMobileTrans } from '../../src/mobiletrans/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';

let portal: PortalHandle;
let n = 0;
beforeAll(async () => {
  portal = await startPortal({ refundDelayMs: 0 });
});
afterAll(() => portal.close());

function refund(serverAddr = `${portal.url}/api/amp/hos/refund`): { input: Buffer; outRefundNo: string } {
  n++;
  const ampTraceId = `AMPRT${Date.now()}${n}`;
  portal.ledger.addTrade({ orgCode: 'H46040100001', ampTraceId, traceId: `TRRT${n}`, orgTraceNo: `MZRT${n}`, psnCashPay: '5.00', acctPay: '0.00', fundPaySumamt: '0.00', feesumAmt: '5.00' });
  // 18 digits: looks like an ID number, must still be named as it is
  const outRefundNo = `${Date.now()}${String(n).padStart(5, '0')}`.slice(0, 18);
  const data = {
    serverAddr,
    appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN',
    appKey: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM',
    timestamp: cstTimestamp(),
    ampTraceId,
    traceId: `TRRT${n}`,
    orgTraceNo: `MZRT${n}`,
    orgCode: 'H46040100001',
    refundReason: '取消',
    outRefundNo,
    orgRefundSn: `HISRT${n}`,
  };
  return { input: Buffer.from(JSON.stringify({ data, orgId: 'H46010000000' })), outRefundNo };
}

function runtime(config: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'onetrans-deadline-'));
  writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify(config));
  const rt = loadMobileTrans({ libDir: dir, env: {} });
  const log = () => readdirSync(join(dir, 'logs')).map((f) => readFileSync(join(dir, 'logs', f), 'utf8')).join('');
  return { rt, log };
}

describe('the frame deadline in the runtime', () => {
  it('a request reached after its deadline is answered expired and never reaches the portal', async () => {
    const { rt, log } = runtime();
    const r = refund();
    const before = portal.ledger.listRefunds().length;
    const res = await rt.call(r.input, undefined, { deadline: clockMs() - 1 });
    await rt.close();
    expect(res.code).toBe('000002');
    expect(JSON.parse(res.output.toString()).message).toMatch(/未发送.*not sent/);
    expect(portal.ledger.listRefunds().length).toBe(before);
    expect(log()).toMatch(new RegExp(`ERROR iface=refund .*code=000002 .*outRefundNo=${r.outRefundNo}`));
  });

  it('a request in time is sent as usual', async () => {
    const { rt } = runtime();
    const r = refund();
    const res = await rt.call(r.input, undefined, { deadline: clockMs() + 10_000 });
    await rt.close();
    expect(res.code).toBe('000000');
    expect(portal.ledger.listRefunds().some((x) => (x as unknown as { outRefundNo: string }).outRefundNo === r.outRefundNo)).toBe(true);
  });
});

describe('outcome unknown', () => {
  it('a refund whose answer is lost is 000002, names its outRefundNo as it is, and is logged', async () => {
    const { rt, log } = runtime({ connectTimeoutMs: 500, readTimeoutMs: 500 });
    portal.faults.add({ suffix: '/refund', mode: 'stall', count: 1 });
    const r = refund();
    const res = await rt.call(r.input);
    await rt.close();
    const out = JSON.parse(res.output.toString()) as { code: number; message: string };
    expect(res.code).toBe('000002');
    expect(out.code).toBe(2);
    expect(out.message).toContain(`outRefundNo=${r.outRefundNo}`);
    expect(out.message).toContain('queryRefundResult');
    expect(log()).toContain(`outRefundNo=${r.outRefundNo}`);
  });
});
