// The reference HIS over real HTTP on 127.0.0.1: every interface, and the hard cases a HIS
// gets wrong in joint testing (double settlement, guessed outcomes, double cancellation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHospital, type DemoHospital } from '../../../examples/hospital/index.js';
import { CERT, ORG, firstBill, post, settleRequest, who, type Json } from './helpers.js';

let his: DemoHospital;
beforeAll(async () => {
  his = await startDemoHospital();
});
afterAll(() => his.close());

const balanceOf = async (cert = CERT) => (await post(his, '/queryAccount', { ...who(cert), account_type: '01' })).json.balance as string;
const listed = async (org_trace_no: string, cert = CERT) =>
  ((await post(his, '/queryUnsettleList', { ...who(cert), account_type: '01' })).json.unsettlelist as Json[]).some((b) => b.org_trace_no === org_trace_no);

describe('ORG_001 queryAccount', () => {
  it('finds the spec’s example patient by ID number (02) and by electronic token (01)', async () => {
    const byId = await post(his, '/queryAccount', { ...who(), account_type: '01' });
    expect(byId.status).toBe(200);
    expect(byId.json).toMatchObject({ ret_code: '00', cert_no: CERT, psn_name: '周大鹏', patient_type: '01', psn_no: expect.any(String), insu_type: '310' });
    expect(byId.json.his_cust_list).toHaveLength(2);
    const token = his.store.data.patients[0]!.ec_token;
    const byToken = await post(his, '/queryAccount', { ...who(), mdtrt_cert_type: '01', mdtrt_cert_no: token, account_type: '01' });
    expect(byToken.json).toMatchObject({ ret_code: '00', cert_no: CERT, mdtrt_cert_no: token });
  });

  it('adds the inpatient fields for account_type 02, and refuses a stranger with 01', async () => {
    const ipt = await post(his, '/queryAccount', { ...who(), account_type: '02' });
    expect(ipt.json).toMatchObject({ ret_code: '00', ipt_no: expect.any(String), adm_bed: '12', inpatient_total_fee: expect.stringMatching(/^\d+\.\d\d$/) });
    const none = await post(his, '/queryAccount', { ...who('110101199001011234'), account_type: '01' });
    expect(none.json.ret_code).toBe('01');
    const other = await post(his, '/queryAccount', { ...who(), cert_no: '350203199502020021', account_type: '01' });
    expect(other.json.ret_code).toBe('01');
  });

  it('answers a request without its required fields, or with a wrong dictionary value, with ret_code 02', async () => {
    const missing = await post(his, '/queryAccount', { org_code: ORG, mdtrt_cert_type: '02', account_type: '01' });
    expect(missing.json.ret_code).toBe('02');
    expect(missing.json.ret_msg).toContain('mdtrt_cert_no');
    const badDict = await post(his, '/queryAccount', { ...who(), mdtrt_cert_type: '99', account_type: '01' });
    expect(badDict.json.ret_code).toBe('02');
    const notJson = await post(his, '/queryAccount', '{"org_code":');
    expect(notJson.status).toBe(200);
    expect(notJson.json.ret_code).toBe('02');
  });
});

describe('ORG_002 queryUnsettleList', () => {
  it('lists 自费 and 医保 bills with diaglist and rxlist, and the inpatient bill under account_type 02', async () => {
    const r = await post(his, '/queryUnsettleList', { ...who(), account_type: '01' });
    expect(r.json.ret_code).toBe('00');
    const list = r.json.unsettlelist as Json[];
    expect(list.map((b) => b.patient_type).sort()).toEqual(['00', '00', '01', '01']);
    for (const b of list) {
      const sum = (b.rxlist as Json[]).reduce((s, x) => s + Math.round(Number(x.det_item_fee_sumamt) * 100), 0);
      expect((sum / 100).toFixed(2)).toBe(b.medfee_sumamt);
      expect(b.diaglist[0]).toMatchObject({ diag_code: expect.any(String), maindiag_flag: '1' });
    }
    expect(list.find((b) => b.patient_type === '01')).toMatchObject({ psn_no: expect.any(String), insu_type: '310', insu_code: '350200' });
    const ipt = await post(his, '/queryUnsettleList', { ...who(), account_type: '02' });
    expect(ipt.json.unsettlelist).toHaveLength(1);
    expect(ipt.json.unsettlelist[0]).toMatchObject({ ipt_no: expect.any(String), adm_bed: '12', adm_diag_dscr: expect.any(String) });
  });

  it('never runs dry: paying bills makes new ones appear', async () => {
    for (let i = 0; i < 3; i++) {
      const bill = await firstBill(his, '00', '350203199502020021');
      const r = await post(his, '/rechargeSettle', settleRequest(bill));
      expect(r.json.result).toBe('succ');
    }
    await firstBill(his, '00', '350203199502020021');
  });
});

describe('ORG_003 rechargeSettle', () => {
  it('is idempotent: a repeat returns the first answer, charges once, and the bill is never listed again', async () => {
    const before = await balanceOf();
    const bill = await firstBill(his, '00');
    const req = settleRequest(bill, { deposit_amount: '0.00', hosp_balc_pay_amt: bill.medfee_sumamt });
    const first = await post(his, '/rechargeSettle', req);
    expect(first.json).toMatchObject({ ret_code: '00', result: 'succ', call_sn: expect.any(String) });
    const again = await post(his, '/rechargeSettle', req);
    expect(again.json).toEqual(first.json);
    const after = await balanceOf();
    expect(Math.round((Number(before) - Number(after)) * 100)).toBe(Math.round(Number(bill.medfee_sumamt) * 100));
    expect(await listed(bill.org_trace_no)).toBe(false);
    // A second, different payment of the same bill is refused (fail: the portal reverses it).
    const other = await post(his, '/rechargeSettle', settleRequest(bill));
    expect(other.json).toMatchObject({ ret_code: '00', result: 'fail' });
    expect(await balanceOf()).toBe(after);
    const q = await post(his, '/querySettleResult', { ...who(), org_trace_no: bill.org_trace_no });
    expect(q.json).toMatchObject({ result: 'succ', call_sn: first.json.call_sn });
  });

  it('repeats arriving while the first is still running wait for it: one settlement', async () => {
    const slow = await startDemoHospital({ settleDelayMs: 300 });
    try {
      const bill = await firstBill(slow, '00');
      const req = settleRequest(bill);
      const answers = await Promise.all([1, 2, 3].map(() => post(slow, '/rechargeSettle', req)));
      expect(new Set(answers.map((a) => a.json.call_sn)).size).toBe(1);
      expect(answers.every((a) => a.json.result === 'succ')).toBe(true);
      expect(slow.store.data.settlements.filter((s) => s.org_trace_no === bill.org_trace_no)).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('never overdraws: two bills of one patient settled at once, each from the whole balance — one succeeds, the balance stays ≥ 0', async () => {
    // The delay holds each settlement between acceptance and commit, so the two really overlap.
    const slow = await startDemoHospital({ settleDelayMs: 300 });
    try {
      const bills = ((await post(slow, '/queryUnsettleList', { ...who(), account_type: '01' })).json.unsettlelist as Json[]).filter((b) => b.patient_type === '00');
      expect(bills.length).toBeGreaterThanOrEqual(2);
      const [a, b] = bills as [Json, Json];
      const fenOf = (y: string) => Math.round(Number(y) * 100);
      const patient = slow.store.data.patients.find((x) => x.cert_no === CERT)!;
      // Enough for either bill, not for both.
      patient.balance_fen = Math.max(fenOf(a.medfee_sumamt), fenOf(b.medfee_sumamt));
      const fromBalance = (bill: Json) => settleRequest(bill, { deposit_amount: '0.00', hosp_balc_pay_amt: bill.medfee_sumamt });
      const answers = await Promise.all([post(slow, '/rechargeSettle', fromBalance(a)), post(slow, '/rechargeSettle', fromBalance(b))]);
      expect(answers.map((x) => x.json.ret_code)).toEqual(['00', '00']);
      expect(answers.map((x) => x.json.result).sort()).toEqual(['fail', 'succ']);
      expect(answers.find((x) => x.json.result === 'fail')!.json.ret_msg).toContain('余额不足');
      expect(patient.balance_fen).toBeGreaterThanOrEqual(0);
      // The refused bill is payable again, and ORG_004 tells each bill's truth.
      const refused = answers[0]!.json.result === 'fail' ? a : b;
      expect((await post(slow, '/querySettleResult', { ...who(), org_trace_no: refused.org_trace_no })).json.result).toBe('fail');
      const list = (await post(slow, '/queryUnsettleList', { ...who(), account_type: '01' })).json.unsettlelist as Json[];
      expect(list.some((x) => x.org_trace_no === refused.org_trace_no)).toBe(true);

      // When the balance covers both, both succeed and it ends at exactly 0.
      const [c, d] = (list.filter((x) => x.patient_type === '00') as Json[]).slice(0, 2) as [Json, Json];
      patient.balance_fen = fenOf(c.medfee_sumamt) + fenOf(d.medfee_sumamt);
      const both = await Promise.all([post(slow, '/rechargeSettle', fromBalance(c)), post(slow, '/rechargeSettle', fromBalance(d))]);
      expect(both.map((x) => x.json.result)).toEqual(['succ', 'succ']);
      expect(patient.balance_fen).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('a settlement waiting for the patient’s account is already exp to ORG_004, never fail', async () => {
    const slow = await startDemoHospital({ settleDelayMs: 1_200 });
    try {
      const [a, b] = ((await post(slow, '/queryUnsettleList', { ...who(), account_type: '01' })).json.unsettlelist as Json[]).filter((x) => x.patient_type === '00') as [Json, Json];
      const first = post(slow, '/rechargeSettle', settleRequest(a, { deposit_amount: '0.00', hosp_balc_pay_amt: a.medfee_sumamt }));
      await new Promise((r) => setTimeout(r, 50));
      const second = post(slow, '/rechargeSettle', settleRequest(b, { deposit_amount: '0.00', hosp_balc_pay_amt: b.medfee_sumamt }));
      await new Promise((r) => setTimeout(r, 100));
      // b waits behind a: its outcome is not known yet.
      expect((await post(slow, '/querySettleResult', { ...who(), org_trace_no: b.org_trace_no })).json.result).toBe('exp');
      await Promise.all([first, second]);
    } finally {
      await slow.close();
    }
  });

  it('settles a 医保 bill as 医保 (fund + account + cash) or switched to 自费 (used_patient_type 00)', async () => {
    const a = await firstBill(his, '01');
    const total = Math.round(Number(a.medfee_sumamt) * 100);
    const fund = Math.floor(total * 0.6);
    const acct = Math.floor(total * 0.2);
    const cash = total - fund - acct;
    const y = (f: number) => (f / 100).toFixed(2);
    const insured = await post(his, '/rechargeSettle', settleRequest(a, {
      used_patient_type: '01', fund_pay_sumamt: y(fund), acct_pay: y(acct), psn_cash_pay: y(cash), deposit_amount: y(cash), setl_id: 'S1', mdtrt_id: 'M1',
    }));
    expect(insured.json.result).toBe('succ');
    const b = (await post(his, '/queryUnsettleList', { ...who(), account_type: '01' })).json.unsettlelist.find((x: Json) => x.patient_type === '01' && x.org_trace_no !== a.org_trace_no);
    const switched = await post(his, '/rechargeSettle', settleRequest(b, { used_patient_type: '00' }));
    expect(switched.json.result).toBe('succ');
  });

  it('refuses (fail, nothing charged) a wrong total, parts that do not add up, or 自费 with fund money', async () => {
    const bill = await firstBill(his, '00');
    const cases = [
      { feesum_amt: '0.01', deposit_amount: '0.01' },
      { deposit_amount: '0.01' },
      { used_patient_type: '00', fund_pay_sumamt: '1.00', deposit_amount: (Number(bill.medfee_sumamt) - 1).toFixed(2) },
    ];
    for (const c of cases) {
      const r = await post(his, '/rechargeSettle', settleRequest(bill, c));
      expect(r.json).toMatchObject({ ret_code: '00', result: 'fail' });
    }
    expect(await listed(bill.org_trace_no)).toBe(true);
    const bad = await post(his, '/rechargeSettle', settleRequest(bill, { feesum_amt: '12.345' }));
    expect(bad.json.ret_code).toBe('02');
  });
});

describe('ORG_004 querySettleResult', () => {
  it('reports exp while a settlement is in progress, then succ; fail for a bill never settled or an unknown trace', async () => {
    const slow = await startDemoHospital({ settleDelayMs: 400 });
    try {
      const bill = await firstBill(slow, '00');
      const pending = post(slow, '/rechargeSettle', settleRequest(bill));
      await new Promise((r) => setTimeout(r, 100));
      const during = await post(slow, '/querySettleResult', { ...who(), org_trace_no: bill.org_trace_no });
      expect(during.json).toMatchObject({ ret_code: '00', result: 'exp' });
      expect(await (async () => ((await post(slow, '/queryUnsettleList', { ...who(), account_type: '01' })).json.unsettlelist as Json[]).some((b) => b.org_trace_no === bill.org_trace_no))()).toBe(false);
      const done = await pending;
      const after = await post(slow, '/querySettleResult', { ...who(), org_trace_no: bill.org_trace_no });
      expect(after.json).toMatchObject({ result: 'succ', call_sn: done.json.call_sn });
      const other = await firstBill(slow, '01');
      expect((await post(slow, '/querySettleResult', { ...who(), org_trace_no: other.org_trace_no })).json.result).toBe('fail');
      expect((await post(slow, '/querySettleResult', { ...who(), org_trace_no: 'nope' })).json.result).toBe('fail');
    } finally {
      await slow.close();
    }
  });
});

describe('ORG_005 cancelRechargeSettle', () => {
  it('reverses a settlement once; ORG_004 then reports closed', async () => {
    const bill = await firstBill(his, '00');
    const before = await balanceOf();
    await post(his, '/rechargeSettle', settleRequest(bill, { deposit_amount: '0.00', hosp_balc_pay_amt: bill.medfee_sumamt }));
    const cancel = { ...who(), org_trace_no: bill.org_trace_no, doc_trace_no: bill.doc_trace_no };
    const c1 = await post(his, '/cancelRechargeSettle', cancel);
    expect(c1.json).toMatchObject({ ret_code: '00', result: 'succ', balance: before });
    const c2 = await post(his, '/cancelRechargeSettle', cancel);
    expect(c2.json).toMatchObject({ ret_code: '00', result: 'succ', balance: before });
    expect(await balanceOf()).toBe(before);
    expect((await post(his, '/querySettleResult', { ...who(), org_trace_no: bill.org_trace_no })).json.result).toBe('closed');
    expect(await listed(bill.org_trace_no)).toBe(false);
    const never = await post(his, '/cancelRechargeSettle', { ...cancel, org_trace_no: 'nope' });
    expect(never.json.result).toBe('fail');
  });
});

describe('ORG_007 orgPreorder', () => {
  it('records the pre-settlement; a later ORG_003 must match it', async () => {
    const bill = await firstBill(his, '00');
    const pre = await post(his, '/orgPreorder', {
      org_code: ORG, org_trace_no: bill.org_trace_no, doc_trace_no: bill.doc_trace_no, feesum_amt: bill.medfee_sumamt,
      deposit_amount: bill.medfee_sumamt, used_patient_type: '00', trace_id: 'TR-PRE-1', own_pay_amt: bill.medfee_sumamt, psn_acct_pay: '0', fund_pay: '0',
    });
    expect(pre.json).toMatchObject({ ret_code: '00', result: 'succ', call_sn: expect.any(String) });
    const mismatch = await post(his, '/rechargeSettle', settleRequest(bill, { trace_id: 'TR-OTHER' }));
    expect(mismatch.json.result).toBe('fail');
    expect(mismatch.json.ret_msg).toContain('预下单');
    const match = await post(his, '/rechargeSettle', settleRequest(bill, { trace_id: 'TR-PRE-1' }));
    expect(match.json.result).toBe('succ');
    const late = await post(his, '/orgPreorder', { org_code: ORG, org_trace_no: bill.org_trace_no, doc_trace_no: bill.doc_trace_no, feesum_amt: bill.medfee_sumamt, used_patient_type: '00' });
    expect(late.json.result).toBe('fail');
  });
});

describe('ORG_006, ORG_008, ORG_009', () => {
  it('tips for a settled bill, the 医保 reconciliation, and a revocation that happens once', async () => {
    const bill = await firstBill(his, '01');
    const total = Math.round(Number(bill.medfee_sumamt) * 100);
    const y = (f: number) => (f / 100).toFixed(2);
    const s = await post(his, '/rechargeSettle', settleRequest(bill, {
      used_patient_type: '01', fund_pay_sumamt: y(total - 100), acct_pay: '0.50', deposit_amount: '0.50', setl_id: 'SETL-9', mdtrt_id: 'MDTRT-9',
    }));
    expect(s.json.result).toBe('succ');
    const tips = await post(his, '/queryOrgTips', { ...who(), org_trace_no: bill.org_trace_no, doc_trace_no: bill.doc_trace_no });
    expect(tips.json).toMatchObject({ ret_code: '00', next_step_tips: expect.any(String) });
    expect((await post(his, '/queryOrgTips', { ...who(), org_trace_no: 'x', doc_trace_no: 'y' })).json.ret_code).toBe('01');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const file = await post(his, '/orgHsTradeFile', { org_code: ORG, stmt_begndate: today, stmt_enddate: today, page_no: 1, page_size: 50 });
    expect(file.json.ret_code).toBe('00');
    const row = (file.json.billdetail as Json[]).find((r) => r.setl_id === 'SETL-9');
    expect(row).toMatchObject({ fund_pay_sumamt: y(total - 100), acct_pay: '0.50', psn_cash_pay: '0.50', refd_setl_flag: '0' });
    expect(Number(file.json.fixmedins_setl_cnt)).toBe((file.json.billdetail as Json[]).length);
    const revoke = { org_code: ORG, mdtr_id: 'MDTRT-9', setl_id: 'SETL-9', account_type: '01', doc_trace_no: bill.doc_trace_no, ipt_otp_no: bill.ipt_otp_no };
    expect((await post(his, '/orgHsTradeRevoke', revoke)).json.ret_code).toBe('00');
    expect((await post(his, '/orgHsTradeRevoke', revoke)).json.ret_code).toBe('00');
    expect((await post(his, '/querySettleResult', { ...who(), org_trace_no: bill.org_trace_no })).json.result).toBe('closed');
    expect((await post(his, '/orgHsTradeRevoke', { ...revoke, setl_id: 'nope' })).json.ret_code).toBe('01');
    expect((await post(his, '/orgHsTradeFile', { org_code: ORG, stmt_begndate: '2022-13-01', stmt_enddate: today })).json.ret_code).toBe('02');
  });
});
