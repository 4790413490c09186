// One deliberately broken variant of the reference HIS per behavioural defect: the checker must
// fail exactly the check that names it, and nothing else.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../../../src/hospital/conformance.js';
import { raw, startVariant, type Json, type Variant } from '../../fixtures/his-variants.js';

const CERT = '35020519870808105X';

async function failedChecks(v: Variant, opts: { queryIntervalMs?: number; queryTries?: number } = {}) {
  const his = await startVariant(v);
  try {
    const r = await runConformance({ his: his.url, certNo: CERT, queryIntervalMs: opts.queryIntervalMs ?? 50, queryTries: opts.queryTries ?? 20, timeoutMs: 5000 });
    return { failed: r.checks.filter((c) => c.status === 'fail'), report: r };
  } finally {
    await his.close();
  }
}

/** A web framework's own error answer: HTTP 200 without ret_code. */
const envelope = (message: string) => raw(200, JSON.stringify({ code: -1, message, data: null }));

const DEFECTS: { check: string; defect: string; variant: Variant; opts?: { queryIntervalMs?: number; queryTries?: number }; why: RegExp; also?: string[] }[] = [
  {
    check: 'ORG_001.response', defect: 'queryAccount leaves out the required phone',
    variant: { wrap: (h) => ({ queryAccount: async (r) => { const { phone: _p, ...rest } = await h.queryAccount(r); return rest; } }) },
    why: /phone/,
  },
  {
    check: 'ORG_002.response', defect: 'a rxlist row without its required feedetl_sn (nested lists are checked)',
    variant: { wrap: (h) => ({ queryUnsettleList: async (r) => { const a = await h.queryUnsettleList(r); for (const b of (a.unsettlelist ?? []) as Json[]) delete b.rxlist[0].feedetl_sn; return a; } }) },
    why: /feedetl_sn/,
  },
  {
    check: 'ORG_002.bills', defect: 'only one unsettled bill for the patient',
    variant: { wrap: (h) => ({ queryUnsettleList: async (r) => { const a = await h.queryUnsettleList(r); return { ...a, unsettlelist: (a.unsettlelist as Json[]).slice(0, 1) }; } }) },
    why: /1 unsettled bill/,
  },
  {
    check: 'ORG_007.response', defect: 'orgPreorder answers result "success" instead of succ',
    variant: { wrap: (h) => ({ orgPreorder: async (r) => ({ ...(await h.orgPreorder(r)), result: 'success' }) }) },
    why: /result/,
  },
  {
    check: 'ORG_003.response', defect: 'rechargeSettle answers result "success" instead of succ',
    variant: { wrap: (h) => ({ rechargeSettle: async (r) => { const a = await h.rechargeSettle(r); return a.result === 'succ' ? { ...a, result: 'success' } : a; } }) },
    why: /result/,
  },
  {
    check: 'ORG_003.idempotent', defect: 'a repeated rechargeSettle charges the hospital balance again',
    variant: {
      wrap: (h, store) => {
        const seen = new Set<string>();
        return {
          rechargeSettle: async (r) => {
            const key = `${r.org_trace_no}/${r.amp_trace_id}`;
            if (seen.has(key)) store.data.patients.find((p) => p.cert_no === CERT)!.balance_fen -= Math.round(Number(r.hosp_balc_pay_amt ?? 0) * 100);
            seen.add(key);
            return h.rechargeSettle(r);
          },
        };
      },
    },
    why: /balance moved again/,
  },
  {
    check: 'ORG_004.agrees', defect: 'querySettleResult reads a copy that lags: exp for a second after a settlement',
    variant: {
      wrap: (h, store) => ({
        querySettleResult: async (r) => {
          const a = await h.querySettleResult(r);
          const s = store.data.settlements.find((x) => x.org_trace_no === r.org_trace_no && x.result === 'succ');
          const age = s?.finished ? Date.now() - Date.parse(`${s.finished.replace(' ', 'T')}+08:00`) : Infinity;
          return age < 1500 ? { ...a, result: 'exp' } : a;
        },
      }),
    },
    opts: { queryIntervalMs: 150, queryTries: 30 },
    why: /ORG_004 says result="exp"/,
  },
  {
    check: 'ORG_004.unknown-trace', defect: 'querySettleResult guesses succ for a trace it does not know',
    variant: { wrap: (h) => ({ querySettleResult: async (r) => { const a = await h.querySettleResult(r); return String(a.ret_msg).includes('no such settlement') ? { ...a, result: 'succ' } : a; } }) },
    why: /never settled is reported as succ/,
  },
  {
    check: 'ORG_006.response', defect: 'queryOrgTips answers code_type "QR_CODE" (not in the code_type dictionary)',
    variant: { wrap: (h) => ({ queryOrgTips: async (r) => { const a = await h.queryOrgTips(r); for (const d of (a.druginfo ?? []) as Json[]) d.code_type = 'QR_CODE'; return a; } }) },
    why: /code_type/,
  },
  {
    check: 'ORG_003.slow-converges', defect: 'querySettleResult answers fail while the settlement is still running (a guess)',
    variant: { settleDelayMs: 300, wrap: (h) => ({ querySettleResult: async (r) => { const a = await h.querySettleResult(r); return a.result === 'exp' ? { ...a, result: 'fail' } : a; } }) },
    why: /first said fail, later succ|settled after all/,
  },
  {
    check: 'ORG_005.cancel-once', defect: 'a repeated cancelRechargeSettle gives the balance back again',
    variant: {
      wrap: (h, store) => ({
        cancelRechargeSettle: async (r) => {
          const s = store.data.settlements.find((x) => x.org_trace_no === r.org_trace_no && x.result === 'closed');
          if (s) store.data.patients.find((p) => p.cert_no === CERT)!.balance_fen += s.hosp_balc_fen;
          return h.cancelRechargeSettle(r);
        },
      }),
    },
    why: /moved the balance again/,
  },
  {
    check: 'ORG_003.balance-concurrent', defect: 'rechargeSettle checks the balance, awaits its database, then debits: two bills at once overdraw it',
    variant: {
      wrap: (h, store) => {
        const patient = store.data.patients.find((p) => p.cert_no === CERT)!;
        // Less than any two bills (each is at least 10.00).
        patient.balance_fen = 1500;
        const debited = new Set<string>();
        return {
          rechargeSettle: async (r) => {
            // A pre-ordered bill must match its ORG_007 amounts: left to the reference HIS.
            if (store.data.preorders.some((x) => x.org_trace_no === r.org_trace_no)) return h.rechargeSettle(r);
            const key = `${r.org_trace_no}/${r.amp_trace_id}`;
            const pay = Math.round(Number(r.hosp_balc_pay_amt ?? 0) * 100);
            if (!debited.has(key) && pay > patient.balance_fen) return { ret_code: '00', ret_msg: '院内余额不足', result: 'fail', call_sn: '' };
            // The bill is booked, then the balance written in a second database round trip.
            const a = await h.rechargeSettle({ ...r, hosp_balc_pay_amt: '0.00', deposit_amount: r.feesum_amt });
            await new Promise((done) => setTimeout(done, 100));
            if (a.result === 'succ' && !debited.has(key)) {
              debited.add(key);
              patient.balance_fen -= pay;
            }
            return a;
          },
        };
      },
    },
    why: /overdrawn/,
  },
  {
    check: 'ORG_008.response', defect: 'orgHsTradeFile leaves out the required fixmedins_setl_cnt',
    variant: { wrap: (h) => ({ orgHsTradeFile: async (r) => { const { fixmedins_setl_cnt: _c, ...rest } = await h.orgHsTradeFile(r); return rest; } }) },
    why: /fixmedins_setl_cnt/,
  },
  {
    check: 'ORG_009.unknown-settlement', defect: 'the revocation answers 00 for any setl_id',
    variant: { wrap: (h) => ({ orgHsTradeRevoke: async (r) => { const a = await h.orgHsTradeRevoke(r); return a.ret_code === '01' ? { ret_code: '00', ret_msg: '成功' } : a; } }) },
    why: /unknown setl_id was "revoked"/,
  },
  // What real HIS endpoints of this portal family get wrong (issue 22).
  {
    check: 'ORG_001.response', defect: 'queryAccount answers balance as a JSON number (the table says String)',
    variant: { wrap: (h) => ({ queryAccount: async (r) => { const a = await h.queryAccount(r); return a.ret_code === '00' ? { ...a, balance: Number(a.balance) } : a; } }) },
    why: /balance/,
  },
  {
    check: 'ORG_003.not-json', defect: 'the web framework answers a body that does not parse with {"code":-1,"message":…,"data":null}, no ret_code',
    variant: { frameworkErrors: ['rechargeSettle'] },
    why: /without ret_code: the answer looks like a framework error envelope \(code=-1/,
  },
  {
    check: 'ORG_003.number-types', defect: 'rechargeSettle crashes on amounts sent as JSON numbers (the framework answers for it)',
    variant: { wrap: (h) => ({ rechargeSettle: async (r) => (typeof r.feesum_amt === 'number' ? envelope('java.lang.Double cannot be cast to java.lang.String') : h.rechargeSettle(r)) }) },
    why: /framework error envelope/,
  },
  {
    check: 'ORG_003.idempotent', defect: 'a replayed rechargeSettle for a bill it settled answers result fail',
    variant: {
      wrap: (h) => {
        const seen = new Set<string>();
        return {
          rechargeSettle: async (r) => {
            const a = await h.rechargeSettle(r);
            const key = `${r.org_trace_no}/${r.amp_trace_id}`;
            const replay = seen.has(key);
            seen.add(key);
            return replay ? { ret_code: '00', ret_msg: '该单据已结算 / already settled', result: 'fail' } : a;
          },
        };
      },
    },
    // The abandoned settlement's retry is a replay too: slow-converges sees the same defect.
    also: ['ORG_003.slow-converges'],
    why: /answered result="fail": the portal, which repeats ORG_003 after a timeout, would take this settled payment as failed/,
  },
  {
    check: 'ORG_004.by-trace', defect: 'querySettleResult answers for the patient’s latest settlement whatever org_trace_no asks',
    variant: {
      wrap: (h, store) => ({
        querySettleResult: async (r) => {
          const mine = new Set(store.data.bills.filter((b) => b.cert_no === r.mdtrt_cert_no).map((b) => b.org_trace_no));
          const latest = store.data.settlements.filter((x) => mine.has(x.org_trace_no)).at(-1);
          return h.querySettleResult(latest && r.org_trace_no ? { ...r, org_trace_no: latest.org_trace_no } : r);
        },
      }),
    },
    why: /call_sn of the second .*latest settlement: it answers by patient/,
  },
];

describe('each defect fails exactly its check', () => {
  for (const d of DEFECTS) {
    it(`${d.check}: ${d.defect}`, async () => {
      const { failed } = await failedChecks(d.variant, d.opts);
      expect(failed.map((c) => c.id).sort()).toEqual([d.check, ...(d.also ?? [])].sort());
      expect(failed.find((c) => c.id === d.check)!.why).toMatch(d.why);
    });
  }
});

it('optional interfaces the HIS does not offer are skipped, not failed', async () => {
  const { failed, report } = await failedChecks({ omit: ['cancelRechargeSettle', 'queryOrgTips', 'orgPreorder', 'orgHsTradeFile', 'orgHsTradeRevoke'] });
  expect(failed).toEqual([]);
  const skipped = report.checks.filter((c) => c.status === 'skip').map((c) => c.interface);
  expect(new Set(skipped)).toEqual(new Set(['ORG_005', 'ORG_006', 'ORG_007', 'ORG_008', 'ORG_009']));
  expect(report.checks.filter((c) => ['ORG_001', 'ORG_002', 'ORG_003', 'ORG_004'].includes(c.interface)).every((c) => c.status === 'pass')).toBe(true);
});

it('a HIS that mints a new org_trace_no on every queryUnsettleList gets a warning saying what the portal would see, and exit 0', async () => {
  const minted = new Map<string, string>(); // minted → the bill's own
  const latest = new Map<string, string>(); // the bill's own → the last minted
  const own = (r: Json) => {
    const real = minted.get(r.org_trace_no);
    return real && latest.get(real) === r.org_trace_no ? { ...r, org_trace_no: real } : r; // only the latest one is known
  };
  const { failed, report } = await failedChecks({
    wrap: (h) => ({
      queryUnsettleList: async (r) => {
        const a = await h.queryUnsettleList(r);
        const list = ((a.unsettlelist ?? []) as Json[]).map((b) => {
          const m = randomBytes(16).toString('hex');
          minted.set(m, b.org_trace_no);
          latest.set(b.org_trace_no, m);
          return { ...b, org_trace_no: m };
        });
        return { ...a, unsettlelist: list };
      },
      rechargeSettle: async (r) => h.rechargeSettle(own(r)),
      querySettleResult: async (r) => h.querySettleResult(own(r)),
      orgPreorder: async (r) => h.orgPreorder(own(r)),
      cancelRechargeSettle: async (r) => h.cancelRechargeSettle(own(r)),
      queryOrgTips: async (r) => h.queryOrgTips(own(r)),
    }),
  });
  expect(failed).toEqual([]);
  const warned = report.checks.filter((c) => c.status === 'warn');
  expect(warned.map((c) => c.id)).toEqual(['ORG_002.stable-trace']);
  expect(warned[0]!.level).toBe('warn');
  expect(warned[0]!.why).toMatch(/new org_trace_no on the second queryUnsettleList .*the patient has paid, the HIS refuses/);
  expect(report.warned).toBe(1);
});

it('a self-paid patient (no insurance fields) and a bill of 60 rxlist lines are answered, and pass', async () => {
  const SELF = '350203199502020021';
  const his = await startVariant();
  try {
    const bill = his.store.data.bills.find((b) => b.cert_no === SELF && b.state === 'unsettled')!;
    bill.items = Array.from({ length: 60 }, (_, i) => ({ ...bill.items[0]!, item_name: `${bill.items[0]!.item_name}${i + 1}` }));
    bill.total_fen = bill.items.reduce((s, it) => s + it.pric_fen * it.cnt, 0);
    const r = await runConformance({ his: his.url, certNo: SELF, queryIntervalMs: 50, timeoutMs: 5000 });
    expect(r.checks.filter((c) => c.status === 'fail' || c.status === 'warn')).toEqual([]);
    const listed = his.calls.find((c) => c.method === 'queryUnsettleList');
    expect(listed).toBeDefined();
  } finally {
    await his.close();
  }
  // The same, against a HIS that crashes on a bill of more than 50 lines or on a patient without psn_no.
  const broken = await startVariant({
    wrap: (h) => ({
      queryAccount: async (r) => { const a = await h.queryAccount(r); return a.ret_code === '00' && !a.psn_no ? envelope('NullPointerException: psn_no') : a; },
      queryUnsettleList: async (r) => {
        const a = await h.queryUnsettleList(r);
        return ((a.unsettlelist ?? []) as Json[]).some((b) => (b.rxlist ?? []).length > 50) ? envelope('IndexOutOfBoundsException: 50') : a;
      },
    }),
  });
  try {
    const bill = broken.store.data.bills.find((b) => b.cert_no === SELF && b.state === 'unsettled')!;
    bill.items = Array.from({ length: 60 }, () => ({ ...bill.items[0]! }));
    const r = await runConformance({ his: broken.url, certNo: SELF, queryIntervalMs: 50, timeoutMs: 5000 });
    const failedIds = r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failedIds).toEqual(expect.arrayContaining(['ORG_001.response', 'ORG_002.response']));
    expect(r.checks.find((c) => c.id === 'ORG_001.response')!.why).toMatch(/framework error envelope/);
  } finally {
    await broken.close();
  }
});

it('says what it saw of the balance: moved on the settlement, or unchanged (never "moved once" when it did not)', async () => {
  const moved = await failedChecks({});
  expect(moved.report.checks.find((c) => c.id === 'ORG_003.idempotent')!.why).toMatch(/balance 100\.00 → 99\.99 on the settlement, unchanged by the repeat/);
  const frozen = await failedChecks({ wrap: (h) => ({ queryAccount: async (r) => { const a = await h.queryAccount(r); return a.ret_code === '00' ? { ...a, balance: '100.00' } : a; } }) });
  const why = frozen.report.checks.find((c) => c.id === 'ORG_003.idempotent')!.why;
  expect(why).toMatch(/balance 100\.00 unchanged by the settlement and the repeat \(hosp_balc_pay_amt was 0\.01\)/);
  expect(why).not.toMatch(/moved once/);
});
