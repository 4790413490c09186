// AMP_HOS_002 / 003 against the simulator's ledger, over real HTTP: the refund rules a
// hospital's HIS must cope with, and trades added through POST /__sim/trades.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstTimestamp } from '../../src/core/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { call, pollUntil, type Json } from './helpers.js';

let portal: PortalHandle;
let n = 0;

beforeAll(async () => {
  portal = await startPortal({ seedTrades: false, refundDelayMs: 50 });
});
afterAll(async () => {
  await portal.close();
});

/** Adds a trade through the simulator's HTTP endpoint and returns it as listed. */
async function addTrade(parts: { acctPay: string; psnCashPay: string; fundPaySumamt: string; feesumAmt: string }, over: Json = {}): Promise<Json> {
  n += 1;
  const res = await fetch(`${portal.url}/__sim/trades`, {
    method: 'POST',
    body: JSON.stringify({
      orgCode: 'H46040100001',
      ampTraceId: `amp${n}x${Date.now()}`,
      traceId: `trace${n}`,
      orgTraceNo: `MZ${n}`,
      ...parts,
      ...over,
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).trade;
}

function refundParams(t: Json, over: Json = {}): Json {
  n += 1;
  return {
    ampTraceId: t.ampTraceId,
    traceId: t.traceId,
    orgTraceNo: t.orgTraceNo,
    orgCode: t.orgCode,
    refundReason: '患者申请退费',
    outRefundNo: `OUT${n}`,
    orgRefundSn: `HISREF${n}`,
    ...over,
  };
}

async function refund(params: Json): Promise<Json> {
  const res = await call(portal, '/refund', params);
  expect(res.body.code).toBe('000000');
  return res.data!;
}

async function tradeNow(t: Json): Promise<Json> {
  const list = ((await (await fetch(`${portal.url}/__sim/trades`)).json()) as Json).trades as Json[];
  return list.find((x) => x.ampTraceId === t.ampTraceId)!;
}

const MIXED = { feesumAmt: '128.50', acctPay: '30.00', psnCashPay: '48.50', fundPaySumamt: '50.00' };

describe('refundType 01 (self-paid cash only)', () => {
  it('refunds part of the cash, then refuses more than what is left, then refunds the rest by default', async () => {
    const t = await addTrade(MIXED);
    const first = await refund(refundParams(t, { refundAmount: '10.00', refundType: '01' }));
    expect(first.tradeStatus).toBe('ING');
    expect(first.traceId).toBe(t.traceId);
    expect(first.ampRefundId).toBeTruthy();
    expect(first.refundTraceId).toBeTruthy();
    expect((await tradeNow(t)).refundableCash).toBe('38.50');

    const tooMuch = await refund(refundParams(t, { refundAmount: '38.51' }));
    expect(tooMuch.tradeStatus).toBe('FAIL');
    expect(tooMuch.tradeStatusDesc).toContain('38.51');
    expect(tooMuch.tradeStatusDesc).toContain('38.50');

    // No amount: everything left of the cash part.
    const rest = await refund(refundParams(t));
    expect(rest.tradeStatus).toBe('ING');
    expect(rest.tradeStatusDesc).toContain('38.50');
    expect((await tradeNow(t)).refundableCash).toBe('0.00');

    const none = await refund(refundParams(t, { refundAmount: '0.01' }));
    expect(none.tradeStatus).toBe('FAIL');
    expect(none.tradeStatusDesc).toContain('已全部退款');
  });

  it('adds cents exactly (0.10 + 0.20 = 0.30, no float drift)', async () => {
    const t = await addTrade({ feesumAmt: '0.30', acctPay: '0.00', psnCashPay: '0.30', fundPaySumamt: '0.00' });
    expect((await refund(refundParams(t, { refundAmount: '0.1' }))).tradeStatus).toBe('ING');
    expect((await refund(refundParams(t, { refundAmount: '0.20' }))).tradeStatus).toBe('ING');
    expect((await refund(refundParams(t, { refundAmount: '0.01' }))).tradeStatus).toBe('FAIL');
  });

  it('refuses a trade paid without cash', async () => {
    const t = await addTrade({ feesumAmt: '14.01', acctPay: '14.01', psnCashPay: '0.00', fundPaySumamt: '0.00' });
    const r = await refund(refundParams(t));
    expect(r.tradeStatus).toBe('FAIL');
    expect(r.tradeStatusDesc).toContain('无个人现金支付');
  });
});

describe('refundType 02 (insurance + cash, all of it)', () => {
  it('refunds every part once, then refuses any further refund', async () => {
    const t = await addTrade(MIXED);
    const full = await refund(refundParams(t, { refundType: '02' }));
    expect(full.tradeStatus).toBe('ING');
    const rec = portal.ledger.listRefunds().find((r) => r.ampRefundId === full.ampRefundId)!;
    expect([rec.feesumAmt, rec.acctPay, rec.psnCashPay, rec.fundPaySumamt]).toEqual([12850, 3000, 4850, 5000]);
    expect((await tradeNow(t)).refundedAmt).toBe('128.50');

    expect((await refund(refundParams(t, { refundType: '02' }))).tradeStatus).toBe('FAIL');
    expect((await refund(refundParams(t, { refundType: '01' }))).tradeStatus).toBe('FAIL');
  });

  it('is refused after a partial refund', async () => {
    const t = await addTrade(MIXED);
    expect((await refund(refundParams(t, { refundAmount: '1.00' }))).tradeStatus).toBe('ING');
    const full = await refund(refundParams(t, { refundType: '02' }));
    expect(full.tradeStatus).toBe('FAIL');
    expect(full.tradeStatusDesc).toContain('已退款');
  });

  it('with a refundAmount is a parameter error (000105), as the spec allows amounts only for 01', async () => {
    const t = await addTrade(MIXED);
    const res = await call(portal, '/refund', refundParams(t, { refundType: '02', refundAmount: '128.50' }));
    expect(res.body.code).toBe('000105');
    expect(res.body.message).toContain('refundAmount');
  });
});

describe('outRefundNo and lookups', () => {
  it('the same outRefundNo never refunds twice: a repeat gets the first refund', async () => {
    const t = await addTrade(MIXED);
    const params = refundParams(t, { refundAmount: '5.00' });
    const first = await refund(params);
    const repeat = await refund({ ...params, refundAmount: '7.00', orgRefundSn: 'OTHER' });
    expect(repeat.ampRefundId).toBe(first.ampRefundId);
    expect(repeat.refundTraceId).toBe(first.refundTraceId);
    expect(repeat.tradeStatusDesc).toContain('5.00');
    expect((await tradeNow(t)).refundableCash).toBe('43.50');

    // Unique per orgCode: another hospital may use the same number.
    const other = await addTrade(MIXED, { orgCode: 'H35010200227' });
    const elsewhere = await refund(refundParams(other, { outRefundNo: params.outRefundNo, refundAmount: '1.00' }));
    expect(elsewhere.ampRefundId).not.toBe(first.ampRefundId);
    expect(elsewhere.tradeStatus).toBe('ING');
  });

  it('a refused refund keeps its outRefundNo: the repeat is refused the same way', async () => {
    const t = await addTrade(MIXED);
    const params = refundParams(t, { refundAmount: '99.00' });
    const a = await refund(params);
    const b = await refund({ ...params, refundAmount: '1.00' });
    expect(a.tradeStatus).toBe('FAIL');
    expect(b).toEqual(a);
  });

  it('answers FAIL for a trade that does not exist or a wrong subOrgCode', async () => {
    const t = await addTrade(MIXED);
    const wrongTrace = await refund(refundParams(t, { traceId: 'not-this-one' }));
    expect(wrongTrace.tradeStatus).toBe('FAIL');
    expect(wrongTrace.tradeStatusDesc).toContain('原交易不存在');
    const wrongBranch = await refund(refundParams(t, { subOrgCode: '09' }));
    expect(wrongBranch.tradeStatus).toBe('FAIL');
  });

  it('queryRefundResult moves from ING to SUCCESS after refundDelayMs', async () => {
    const t = await addTrade(MIXED);
    const params = refundParams(t, { refundAmount: '8.00' });
    const started = await refund(params);
    expect(started.tradeStatus).toBe('ING');
    expect(started).not.toHaveProperty('payChnlRefundSn');

    // Each poll signs with another timestamp: the same query twice in one second would carry
    // the same signData, which the portal rejects as a replay (010010).
    const t0 = Date.now();
    const done = await pollUntil(async (i) => {
      const q = await call(portal, '/queryRefundResult', {
        orgCode: t.orgCode,
        outRefundNo: params.outRefundNo,
        ampRefundId: started.ampRefundId,
        refundTraceId: started.refundTraceId,
      }, { timestamp: cstTimestamp(new Date(t0 - i * 1000)) });
      expect(q.body.code).toBe('000000');
      return q.data!.tradeStatus === 'SUCCESS' ? q.data! : undefined;
    });
    expect(done).toMatchObject({ ampRefundId: started.ampRefundId, refundTraceId: started.refundTraceId, traceId: t.traceId });
    expect(done.payChnlRefundSn).toMatch(/^\d+$/);
    expect(done.tradeStatusDesc).toContain('成功');
  });

  it('queryRefundResult answers FAIL for an unknown outRefundNo or mismatching ids', async () => {
    const unknown = await call(portal, '/queryRefundResult', { orgCode: 'H46040100001', outRefundNo: 'NEVER-SENT' });
    expect(unknown.body.code).toBe('000000');
    expect(unknown.data).toMatchObject({ tradeStatus: 'FAIL' });
    expect(unknown.data!.tradeStatusDesc).toContain('退款单不存在');

    const t = await addTrade(MIXED);
    const params = refundParams(t, { refundAmount: '1.00' });
    await refund(params);
    const mismatch = await call(portal, '/queryRefundResult', { orgCode: t.orgCode, outRefundNo: params.outRefundNo, ampRefundId: 'AMPR-nope' });
    expect(mismatch.data!.tradeStatus).toBe('FAIL');
    const missingOrg = await call(portal, '/queryRefundResult', { outRefundNo: params.outRefundNo });
    expect(missingOrg.body.code).toBe('000105');
    expect(missingOrg.body.message).toContain('orgCode');
  });
});

describe('POST /__sim/trades', () => {
  it('refuses a trade whose parts do not add up or whose amounts are not yuan, naming the fields', async () => {
    const res = await fetch(`${portal.url}/__sim/trades`, {
      method: 'POST',
      body: JSON.stringify({ orgCode: 'H46040100001', ampTraceId: 'x1', traceId: 't', orgTraceNo: 'o', feesumAmt: '10.00', acctPay: '1.00', psnCashPay: '2.00', fundPaySumamt: '3.00' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.code).toBe('000105');
    expect(body.issues.map((i: Json) => i.field)).toEqual(['feesumAmt']);

    const bad = await fetch(`${portal.url}/__sim/trades`, {
      method: 'POST',
      body: JSON.stringify({ orgCode: 'H46040100001', traceId: 't', orgTraceNo: 'o', feesumAmt: '1.005', psnCashPay: 1, payTime: 'yesterday' }),
    });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as Json).issues.map((i: Json) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['ampTraceId', 'feesumAmt', 'psnCashPay', 'payTime']));
  });

  it('refuses a second trade with the same ampTraceId for the same orgCode', async () => {
    const t = await addTrade(MIXED);
    const res = await fetch(`${portal.url}/__sim/trades`, {
      method: 'POST',
      body: JSON.stringify({ orgCode: t.orgCode, ampTraceId: t.ampTraceId, traceId: 'x', orgTraceNo: 'y', ...MIXED }),
    });
    expect(res.status).toBe(400);
  });
});

describe('seeded demo trades', () => {
  it('starts with refundable trades for H46040100001 and H35010200227 whose parts add up', async () => {
    const p = await startPortal();
    try {
      const trades = ((await (await fetch(`${p.url}/__sim/trades`)).json()) as Json).trades as Json[];
      const orgs = new Set(trades.map((t) => t.orgCode));
      expect(orgs).toEqual(new Set(['H46040100001', 'H35010200227']));
      for (const t of trades) {
        const fen = (s: string) => Math.round(Number(s) * 100);
        expect(t.feesumAmt).toMatch(/^\d+\.\d{2}$/);
        expect(fen(t.acctPay) + fen(t.psnCashPay) + fen(t.fundPaySumamt)).toBe(fen(t.feesumAmt));
        expect(t.ampTraceId).toMatch(/^[0-9a-f]{32}$/);
      }
      const cash = trades.find((t) => t.psnCashPay !== '0.00')!;
      const res = await call(p, '/refund', {
        ampTraceId: cash.ampTraceId, traceId: cash.traceId, orgTraceNo: cash.orgTraceNo, orgCode: cash.orgCode,
        refundReason: '演示', outRefundNo: 'SEED-1', orgRefundSn: 'SEED-HIS-1',
      });
      expect(res.data!.tradeStatus).toBe('ING');
    } finally {
      await p.close();
    }
  });
});
