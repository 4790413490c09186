// The portal's cashier against real HTTP hospitals on 127.0.0.1: the reference HIS, and variants
// that time out, answer HTTP 500, never know, refuse, or do not offer ORG_007.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_SECRET, Ledger, startPortal, type PortalHandle } from '../../src/portal/index.js';
import { AmpClient } from '../../src/client/index.js';
import { cstDate } from '../../src/core/index.js';
import { fetchTradeFile } from '../../src/bill/download.js';
import { payAtHospital, splitAmount, type CashierStep } from '../../src/portal/cashier.js';
import { raw, startVariant, type Json, type RunningVariant } from '../fixtures/his-variants.js';

const CERT = '35020519870808105X';
const fast = { timeoutMs: 3000, queryIntervalMs: 50, queryTries: 5 };

describe('payAtHospital against the reference HIS', () => {
  let his: RunningVariant;
  beforeAll(async () => {
    his = await startVariant();
  });
  afterAll(() => his.close());

  it('walks ORG_001 → 002 → 007 → 003 for a 自费 bill and books the trade', async () => {
    const ledger = new Ledger();
    const steps: CashierStep[] = [];
    const r = await payAtHospital({ his: his.url, certNo: CERT, patientType: '00', ledger, onStep: (s) => steps.push(s), ...fast });
    expect(r.ok).toBe(true);
    expect(steps.map((s) => s.interfaceId)).toEqual(['ORG_001', 'ORG_002', 'ORG_007', 'ORG_003']);
    const [p] = r.payments;
    expect(p).toMatchObject({ result: 'succ', used_patient_type: '00', fund_pay_sumamt: '0.00', acct_pay: '0.00', psn_cash_pay: p!.feesum_amt, ledger: 'recorded' });
    const bill = his.store.data.bills.find((b) => b.org_trace_no === p!.org_trace_no)!;
    expect(bill.state).toBe('settled');
    const [trade] = ledger.listTrades();
    expect(trade).toMatchObject({ ampTraceId: p!.amp_trace_id, traceId: p!.trace_id, orgTraceNo: p!.org_trace_no, mchTraceNo: p!.mch_trace_no, patientType: '00', feesumAmt: bill.total_fen, psnCashPay: bill.total_fen });
    // The settlement the HIS recorded carries the portal's generated ids.
    const s = his.store.data.settlements.find((x) => x.org_trace_no === p!.org_trace_no)!;
    expect(s).toMatchObject({ amp_trace_id: p!.amp_trace_id, trace_id: p!.trace_id });
    // Printed steps never show the ID number in clear.
    expect(JSON.stringify(steps)).not.toContain(CERT);
  });

  it('pays 医保 bills with a consistent fund / account / cash split, and --all pays every bill once', async () => {
    const ledger = new Ledger();
    const r = await payAtHospital({ his: his.url, certNo: CERT, bills: 'all', ledger, ...fast });
    expect(r.ok).toBe(true);
    const insured = r.payments.filter((p) => p.used_patient_type === '01');
    expect(insured.length).toBeGreaterThan(0);
    for (const p of insured) {
      const f = (s: string) => Math.round(Number(s) * 100);
      expect(f(p.fund_pay_sumamt) + f(p.acct_pay) + f(p.psn_cash_pay)).toBe(f(p.feesum_amt));
      expect(f(p.fund_pay_sumamt)).toBeGreaterThan(0);
      const s = his.store.data.settlements.find((x) => x.org_trace_no === p.org_trace_no)!;
      expect([s.fund_fen, s.acct_fen, s.deposit_fen]).toEqual([f(p.fund_pay_sumamt), f(p.acct_pay), f(p.psn_cash_pay)]);
    }
    expect(new Set(ledger.listTrades().map((t) => t.orgTraceNo)).size).toBe(r.payments.length);
    expect(splitAmount(3650, '01')).toEqual({ fund: 2190, acct: 730, cash: 730 });
  });

  it('switches a 医保 bill to 自费 with --patient-type 00, and pays a named bill', async () => {
    // List first: the HIS issues new bills when the patient has none left.
    await payAtHospital({ his: his.url, certNo: CERT, bills: ['none'], ...fast });
    const bill = his.store.data.bills.find((b) => b.patient_type === '01' && b.account_type === '01' && b.state === 'unsettled' && b.cert_no === CERT)!;
    const r = await payAtHospital({ his: his.url, certNo: CERT, bills: [bill.org_trace_no], patientType: '00', ...fast });
    expect(r.payments).toHaveLength(1);
    expect(r.payments[0]).toMatchObject({ org_trace_no: bill.org_trace_no, used_patient_type: '00', result: 'succ', ledger: 'none' });
    const again = await payAtHospital({ his: his.url, certNo: CERT, bills: [bill.org_trace_no], ...fast });
    expect(again).toMatchObject({ ok: false, error: expect.stringContaining(bill.org_trace_no) });
  });

  it('says why nothing was paid for an unknown patient', async () => {
    const r = await payAtHospital({ his: his.url, certNo: '110101199001011234', ...fast });
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('ORG_001'), payments: [] });
  });
});

describe('unknown outcomes go to ORG_004 until it is final, within bounds', () => {
  it('an ORG_003 that times out: ORG_004 answers exp, then succ', async () => {
    const his = await startVariant({ settleDelayMs: 600 });
    try {
      const steps: CashierStep[] = [];
      const r = await payAtHospital({ his: his.url, certNo: CERT, patientType: '00', timeoutMs: 150, queryIntervalMs: 200, queryTries: 20, onStep: (s) => steps.push(s) });
      expect(r.ok).toBe(true);
      expect(steps.find((s) => s.interfaceId === 'ORG_003')?.outcome).toBe('timeout');
      const queries = steps.filter((s) => s.interfaceId === 'ORG_004');
      expect(queries.length).toBeGreaterThan(1);
      expect((queries[0]!.response as { result: string }).result).toBe('exp');
      expect(r.payments[0]!.result).toBe('succ');
    } finally {
      await his.close();
    }
  });

  it('an ORG_003 answered with HTTP 500 after settling: ORG_004 finds the settlement', async () => {
    const his = await startVariant({ wrap: (h) => ({ rechargeSettle: async (req) => (await h.rechargeSettle(req), raw(500, 'Internal Server Error')) }) });
    try {
      const r = await payAtHospital({ his: his.url, certNo: CERT, patientType: '00', ...fast });
      expect(r.payments[0]).toMatchObject({ result: 'succ', queries: 1 });
    } finally {
      await his.close();
    }
  });

  it('a HIS that never knows: unknown after the bounded tries, nothing booked', async () => {
    const his = await startVariant({
      wrap: () => ({
        rechargeSettle: async () => ({ ret_code: '99', ret_msg: '未知', result: 'exp', call_sn: 'x' }),
        querySettleResult: async () => ({ ret_code: '00', ret_msg: '处理中', result: 'exp' }),
      }),
    });
    try {
      const ledger = new Ledger();
      const r = await payAtHospital({ his: his.url, certNo: CERT, patientType: '00', ledger, timeoutMs: 2000, queryIntervalMs: 20, queryTries: 4 });
      expect(r.ok).toBe(false);
      expect(r.payments[0]).toMatchObject({ result: 'unknown', queries: 4, ledger: 'none' });
      expect(ledger.listTrades()).toEqual([]);
    } finally {
      await his.close();
    }
  });

  it('a definite fail is final: no ORG_004, nothing booked; ORG_007 refused: no ORG_003 at all', async () => {
    const his = await startVariant({ wrap: () => ({ rechargeSettle: async () => ({ ret_code: '00', ret_msg: '余额不足', result: 'fail', call_sn: 'c1' }) }) });
    const pre = await startVariant({ wrap: () => ({ orgPreorder: async () => ({ ret_code: '00', ret_msg: '不允许', result: 'fail', call_sn: 'c2' }) }) });
    try {
      const ledger = new Ledger();
      const r = await payAtHospital({ his: his.url, certNo: CERT, patientType: '00', ledger, ...fast });
      expect(r.payments[0]).toMatchObject({ result: 'fail', queries: 0 });
      expect(ledger.listTrades()).toEqual([]);
      const steps: CashierStep[] = [];
      const r2 = await payAtHospital({ his: pre.url, certNo: CERT, patientType: '00', onStep: (s) => steps.push(s), ...fast });
      expect(r2.payments[0]!.result).toBe('refused');
      expect(steps.map((s) => s.interfaceId)).toEqual(['ORG_001', 'ORG_002', 'ORG_007']);
    } finally {
      await his.close();
      await pre.close();
    }
  });

  it('a HIS without ORG_007 is paid without it', async () => {
    const his = await startVariant({ omit: ['orgPreorder'] });
    try {
      const steps: CashierStep[] = [];
      const r = await payAtHospital({ his: his.url, certNo: CERT, bills: 'all', onStep: (s) => steps.push(s), ...fast });
      expect(r).toMatchObject({ ok: true, preorderOffered: false });
      expect(steps.filter((s) => s.interfaceId === 'ORG_007')).toHaveLength(1);
    } finally {
      await his.close();
    }
  });
});

describe('an answer about another payment of the same bill is not this payment’s outcome', () => {
  /**
   * A HIS whose list is stale (the patient opened the bill on two phones before paying on one),
   * and whose ORG_003 errs (99) on a second payment of a bill already paid; ORG_004, asked by
   * org_trace_no alone, then answers the first payment's succ. `withSn`: the 99 carries the
   * call_sn of this second attempt.
   */
  const secondPaymentHis = (withSn: boolean) =>
    startVariant({
      omit: ['orgPreorder'],
      wrap: (h, store) => {
        let firstList: Json | undefined;
        return {
          queryUnsettleList: async (r) => (firstList ??= await h.queryUnsettleList(r)),
          rechargeSettle: async (r) => {
            const a = await h.rechargeSettle(r);
            const paidByOther = store.data.settlements.some((x) => x.org_trace_no === r.org_trace_no && x.result === 'succ' && x.amp_trace_id !== r.amp_trace_id);
            if (a.result !== 'fail' || !paidByOther) return a;
            return { ret_code: '99', ret_msg: '系统繁忙', result: 'exp', ...(withSn ? { call_sn: a.call_sn } : {}) };
          },
        };
      },
    });

  it('ORG_004 answers the first payment’s succ (its call_sn is booked): reconcile by hand, not booked again', async () => {
    const his = await secondPaymentHis(false);
    try {
      const ledger = new Ledger();
      const first = await payAtHospital({ his: his.url, certNo: CERT, patientType: '00', ledger, ...fast });
      expect(first.payments[0]).toMatchObject({ result: 'succ', ledger: 'recorded' });
      const bill = first.payments[0]!.org_trace_no;
      const second = await payAtHospital({ his: his.url, certNo: CERT, patientType: '00', bills: [bill], ledger, ...fast });
      expect(second.ok).toBe(false);
      expect(second.payments[0]).toMatchObject({ result: 'unknown', queries: 1, ledger: 'none' });
      expect(second.payments[0]!.ret_msg).toContain('需人工核验');
      expect(second.payments[0]!.ret_msg).toContain('reconcile by hand');
      expect(second.payments[0]!.ret_msg).toContain(first.payments[0]!.amp_trace_id);
      // One trade for the bill: the first payment's.
      expect(ledger.listTrades().map((t) => t.ampTraceId)).toEqual([first.payments[0]!.amp_trace_id]);
    } finally {
      await his.close();
    }
  });

  it('without a ledger: ORG_004’s call_sn differs from the one this payment’s ORG_003 gave — reconcile by hand', async () => {
    const his = await secondPaymentHis(true);
    try {
      const first = await payAtHospital({ his: his.url, certNo: CERT, patientType: '00', ...fast });
      expect(first.payments[0]!.result).toBe('succ');
      const second = await payAtHospital({ his: his.url, certNo: CERT, patientType: '00', bills: [first.payments[0]!.org_trace_no], ...fast });
      expect(second.payments[0]).toMatchObject({ result: 'unknown', call_sn: first.payments[0]!.call_sn });
      expect(second.payments[0]!.ret_msg).toMatch(/需人工核验.*reconcile by hand/);
    } finally {
      await his.close();
    }
  });
});

describe('end to end with the simulator: pay, then refund, query and the trade file', () => {
  let portal: PortalHandle;
  let his: RunningVariant;
  beforeAll(async () => {
    portal = await startPortal({ refundDelayMs: 0 });
    his = await startVariant();
  });
  afterAll(async () => {
    await his.close();
    await portal.close();
  });

  it('a payment booked through /__sim/trades is refunded by AMP_HOS_002 and listed in the AMP_HOS_004 file', async () => {
    const r = await payAtHospital({ his: his.url, certNo: CERT, patientType: '01', portal: portal.url, ...fast });
    expect(r.ok).toBe(true);
    const p = r.payments[0]!;
    expect(p.ledger).toBe('recorded');
    const client = new AmpClient({ url: `${portal.url}/api/amp/hos`, appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', orgId: 'H323498799997' });
    try {
      const outRefundNo = `RF${Date.now()}`;
      const refund = await client.common<{ tradeStatus: string }>('/refund', {
        ampTraceId: p.amp_trace_id, traceId: p.trace_id, orgTraceNo: p.org_trace_no, orgCode: 'H323498799997',
        refundReason: '患者取消', refundType: '01', outRefundNo, orgRefundSn: `HIS${Date.now()}`,
      });
      expect(refund.success).toBe(true);
      expect(refund.param?.tradeStatus).not.toBe('FAIL');
      const q = await client.common<{ tradeStatus: string }>('/queryRefundResult', { orgCode: 'H323498799997', outRefundNo });
      expect(q.param?.tradeStatus).toBe('SUCCESS');
      const file = await fetchTradeFile(client, { orgCode: 'H323498799997', billDate: cstDate(), billType: 'ALL', orgSecret: DEMO_ORG_SECRET });
      expect(JSON.stringify(file)).toContain(p.amp_trace_id);
    } finally {
      await client.close();
    }
  });
});
