// The complete example of docs/hospital.md, run over HTTP: the doc shows exactly this file
// (doc-example.ts, with `from 'onetrans'`), so what integrators copy compiles and works.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHospitalServer, type HospitalServer } from '../../src/index.js';
import { handlers } from './doc-example.js';
import { postJson } from './helpers.js';

const read = (rel: string) => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');

let his: HospitalServer;
const call = async (suffix: string, body: Record<string, unknown>) => (await postJson(his.url + suffix, body)).json;
const who = { org_code: 'H35000312894', mdtrt_cert_type: '02', mdtrt_cert_no: '35020519870808105X', cert_no: '35020519870808105X' };
const settle = (org_trace_no: string, doc_trace_no: string, feesum_amt: string, extra: Record<string, unknown> = {}) => ({
  ...who, org_trace_no, doc_trace_no, amp_trace_id: `A${org_trace_no}`, feesum_amt, used_patient_type: '00',
  pay_chnl_trace_no: `P${org_trace_no}`, mch_trace_no: `M${org_trace_no}`, deposit_type: 'WX', channel_type: 'WX', ...extra,
});

beforeAll(async () => {
  his = await createHospitalServer(handlers, { log: false, responseValidation: 'strict' });
});
afterAll(() => his.close());

describe('the docs/hospital.md example HIS', () => {
  it('is the code the doc shows', () => {
    const doc = read('../../docs/hospital.md');
    const code = read('./doc-example.ts').replace("from '../../src/index.js'", "from 'onetrans'");
    const start = doc.indexOf('<!-- example:begin -->');
    const end = doc.indexOf('<!-- example:end -->');
    expect(start).toBeGreaterThan(0);
    const block = doc.slice(start, end).replace(/^<!-- example:begin -->\n```ts\n/, '').replace(/```\n$/, '');
    expect(block).toBe(code);
  });

  it('walks a payment: account, bills, preorder, settle once, truthful result, cancel once', async () => {
    expect(await call('/queryAccount', { ...who, account_type: '01' })).toMatchObject({ ret_code: '00', patient_type: '01', psn_name: '周大鹏' });
    const list = await call('/queryUnsettleList', who);
    expect(list.ret_code, String(list.ret_msg)).toBe('00');
    expect((list.unsettlelist as { org_trace_no: string }[]).map((b) => b.org_trace_no)).toEqual(['T1001', 'T1002']);

    expect(await call('/querySettleResult', { ...who, org_trace_no: 'T1001' })).toMatchObject({ ret_code: '00', result: 'fail' });
    const first = await call('/rechargeSettle', settle('T1001', 'D1001', '25.00'));
    expect(first).toMatchObject({ ret_code: '00', result: 'succ' });
    const again = await call('/rechargeSettle', settle('T1001', 'D1001', '25.00'));
    expect(again.call_sn).toBe(first.call_sn);
    const after = await call('/queryUnsettleList', who);
    expect((after.unsettlelist as { org_trace_no: string }[]).map((b) => b.org_trace_no)).toEqual(['T1002']);
    expect(await call('/querySettleResult', { ...who, org_trace_no: 'T1001' })).toMatchObject({ result: 'succ', call_sn: first.call_sn });

    // The 医保 bill, paid as 自费 (used_patient_type 00), after a preorder it must match.
    expect(await call('/orgPreorder', { org_code: 'H1', org_trace_no: 'T1002', doc_trace_no: 'D1002', feesum_amt: '180.50', used_patient_type: '00' }))
      .toMatchObject({ ret_code: '00', result: 'succ' });
    expect(await call('/rechargeSettle', settle('T1002', 'D1002', '18.05'))).toMatchObject({ ret_code: '02' });
    expect(await call('/rechargeSettle', settle('T1002', 'D1002', '180.50'))).toMatchObject({ ret_code: '00', result: 'succ' });

    expect(await call('/cancelRechargeSettle', { ...who, org_trace_no: 'T1001', doc_trace_no: 'D1001' })).toMatchObject({ ret_code: '00', result: 'succ' });
    expect(await call('/cancelRechargeSettle', { ...who, org_trace_no: 'T1001', doc_trace_no: 'D1001' })).toMatchObject({ ret_code: '00', result: 'succ' });
    expect(await call('/querySettleResult', { ...who, org_trace_no: 'T1001' })).toMatchObject({ result: 'closed' });
    expect(await call('/rechargeSettle', settle('T1001', 'D1001', '25.00'))).toMatchObject({ result: 'closed' });
  });

  it('serves the optional interfaces too', async () => {
    expect(await call('/queryOrgTips', { ...who, org_trace_no: 'T1002', doc_trace_no: 'D1002' })).toMatchObject({ ret_code: '00', next_step_tips: '请到门诊二楼药房取药' });
    expect(await call('/orgHsTradeFile', { org_code: 'H1', stmt_begndate: '2022-04-01', stmt_enddate: '2022-04-30' })).toMatchObject({ ret_code: '00', billdetail: [] });
    expect(await call('/orgHsTradeRevoke', { org_code: 'H1', mdtr_id: 'M', setl_id: 'S', account_type: '01', doc_trace_no: 'D1002', ipt_otp_no: 'MZ1' }))
      .toEqual({ ret_code: '00', ret_msg: '成功' });
    expect(await call('/orgHsTradeRevoke', { org_code: 'H1', mdtr_id: 'M', setl_id: 'S', account_type: '01', doc_trace_no: 'NONE', ipt_otp_no: 'MZ1' }))
      .toMatchObject({ ret_code: '02' });
  });
});
