// Every answer of the reference HIS passes the spec's response tables in strict mode (the
// tables of src/spec, nested lists included): the example integrators copy must conform.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validate } from '../../../src/spec/index.js';
import { startDemoHospital, type DemoHospital } from '../../../examples/hospital/index.js';
import { ORG, firstBill, post, settleRequest, who, type Json } from './helpers.js';

let his: DemoHospital;
beforeAll(async () => {
  his = await startDemoHospital();
});
afterAll(() => his.close());

async function strict(id: string, suffix: string, request: Json): Promise<Json> {
  const { json } = await post(his, suffix, request);
  const r = validate(id, json, 'strict', 'response', { request });
  expect(r.issues.map((i) => `${id} ${i.field}: ${i.message}`)).toEqual([]);
  return json;
}

it('answers ORG_001..009 exactly as the tables say (strict)', async () => {
  await strict('ORG_001', '/queryAccount', { ...who(), account_type: '01' });
  await strict('ORG_001', '/queryAccount', { ...who(), account_type: '02' });
  await strict('ORG_001', '/queryAccount', { ...who('350203199502020021'), account_type: '01' });
  await strict('ORG_002', '/queryUnsettleList', { ...who(), account_type: '01' });
  await strict('ORG_002', '/queryUnsettleList', { ...who(), account_type: '02' });
  const bill = await firstBill(his, '01');
  const total = Math.round(Number(bill.medfee_sumamt) * 100);
  const y = (f: number) => (f / 100).toFixed(2);
  const pre = { org_code: ORG, org_trace_no: bill.org_trace_no, doc_trace_no: bill.doc_trace_no, feesum_amt: bill.medfee_sumamt, deposit_amount: '1.00', used_patient_type: '01', trace_id: 'T1' };
  await strict('ORG_007', '/orgPreorder', pre);
  const settle = settleRequest(bill, { used_patient_type: '01', fund_pay_sumamt: y(total - 200), acct_pay: '1.00', deposit_amount: '1.00', trace_id: 'T1', setl_id: 'S-C', mdtrt_id: 'M-C' });
  await strict('ORG_003', '/rechargeSettle', settle);
  await strict('ORG_004', '/querySettleResult', { ...who(), org_trace_no: bill.org_trace_no });
  await strict('ORG_004', '/querySettleResult', { ...who(), org_trace_no: 'unknown' });
  await strict('ORG_006', '/queryOrgTips', { ...who(), org_trace_no: bill.org_trace_no, doc_trace_no: bill.doc_trace_no });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await strict('ORG_008', '/orgHsTradeFile', { org_code: ORG, stmt_begndate: today, stmt_enddate: today });
  await strict('ORG_005', '/cancelRechargeSettle', { ...who(), org_trace_no: bill.org_trace_no, doc_trace_no: bill.doc_trace_no });
  const other = await firstBill(his, '01');
  await post(his, '/rechargeSettle', settleRequest(other, { used_patient_type: '01', fund_pay_sumamt: other.medfee_sumamt, deposit_amount: '0', setl_id: 'S-D', mdtrt_id: 'M-D' }));
  await strict('ORG_009', '/orgHsTradeRevoke', { org_code: ORG, mdtr_id: 'M-D', setl_id: 'S-D', account_type: '01', doc_trace_no: other.doc_trace_no, ipt_otp_no: other.ipt_otp_no });
  // Refusals conform too.
  await strict('ORG_003', '/rechargeSettle', settleRequest(other));
  await strict('ORG_001', '/queryAccount', { ...who('110101199001011234'), account_type: '01' });
});
