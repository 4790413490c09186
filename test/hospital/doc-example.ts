import {
  OrgFailureAnswer,
  OrgOutcomeUnknownAnswer,
  createHospitalServer,
  type HospitalHandlers,
  type UnsettleBill,
} from '../../src/index.js';

// The HIS's own data, kept in memory here; a real HIS reads and writes its database.
interface Bill {
  org_trace_no: string;
  doc_trace_no: string;
  cert_no: string;
  patient_type: '00' | '01';
  amount: string; // 元, two decimals
  state: 'unsettled' | 'settling' | 'settled' | 'cancelled';
  call_sn?: string;
  amp_trace_id?: string;
  preorder?: { feesum_amt: string; used_patient_type?: string };
}
const bills = new Map<string, Bill>([
  ['T1001', { org_trace_no: 'T1001', doc_trace_no: 'D1001', cert_no: '35020519870808105X', patient_type: '00', amount: '25.00', state: 'unsettled' }],
  ['T1002', { org_trace_no: 'T1002', doc_trace_no: 'D1002', cert_no: '35020519870808105X', patient_type: '01', amount: '180.50', state: 'unsettled' }],
]);
let serial = 0;

function billFor(org_trace_no: string, doc_trace_no?: string): Bill {
  const bill = bills.get(org_trace_no);
  if (!bill || (doc_trace_no !== undefined && bill.doc_trace_no !== doc_trace_no)) {
    throw new OrgFailureAnswer('无此单据 / no such bill', { retCode: '02' });
  }
  return bill;
}

export const handlers = {
  // ORG_001: who the patient is. 02 身份证 carries the ID number as mdtrt_cert_no.
  async queryAccount(req) {
    if (req.cert_no !== '35020519870808105X') throw new OrgFailureAnswer('查无此人 / unknown patient');
    return {
      mdtrt_cert_type: req.mdtrt_cert_type, mdtrt_cert_no: req.mdtrt_cert_no, cert_no: req.cert_no, psn_cert_type: '01',
      psn_name: '周大鹏', phone: '17311113321', patient_type: '01', psn_no: '35020519870808105X0000923401', insu_type: '310',
      account_type: req.account_type, balance: '0.00',
    };
  },

  // ORG_002: only bills not yet settled; every bill with its prescription lines.
  async queryUnsettleList(req) {
    const unsettlelist: UnsettleBill[] = [...bills.values()]
      .filter((b) => b.cert_no === req.cert_no && b.state === 'unsettled')
      .map((b) => ({
        org_trace_no: b.org_trace_no, doc_trace_no: b.doc_trace_no, patient_type: b.patient_type,
        mdtrt_cert_type: req.mdtrt_cert_type, mdtrt_cert_no: req.mdtrt_cert_no, cert_no: b.cert_no, gend: '1',
        dept_name: '内科', dept_code: 'A03', caty: 'A03', atddr_no: 'D001', dr_name: '王医生', chfpdr_no: 'D001', chfpdr_name: '王医生',
        medfee_sumamt: b.amount, med_type: '11', chrg_bchno: `B${b.doc_trace_no}`,
        ...(b.patient_type === '01' ? { psn_no: '35020519870808105X0000923401', insu_type: '310', insu_code: '350200' } : {}),
        rxlist: [{
          chrg_bchno: `B${b.doc_trace_no}`, feedetl_sn: `${b.doc_trace_no}-1`, med_list_codg: 'XM001', medins_list_codg: 'YN001',
          pric: b.amount, cnt: '1', det_item_fee_sumamt: b.amount, bilg_dr_name: '王医生', bilg_dr_codg: 'D001',
          bilg_dept_codg: 'A03', bilg_dept_name: '内科', hosp_appr_flag: '0', item_name: '血常规', invo_item_no: 'F01', hi_item: 'Y', item_emp: '次',
        }],
      }));
    return { tip_msg: '请核对费用明细后缴费', unsettlelist };
  },

  // ORG_003: idempotent per org_trace_no — a repeat gets the first answer and books nothing.
  async rechargeSettle(req) {
    const bill = billFor(req.org_trace_no, req.doc_trace_no);
    if (bill.state === 'settled') return { result: 'succ', call_sn: bill.call_sn!, balance: '0.00' };
    if (bill.state === 'cancelled') return { result: 'closed', call_sn: bill.call_sn ?? '' };
    // The portal may switch a 医保 bill to 自费 (used_patient_type); it is taken as sent.
    const total = req.feesum_amt ?? bill.amount;
    if (total !== bill.amount) throw new OrgFailureAnswer('金额与单据不符 / amount differs from the bill', { retCode: '02' });
    if (bill.preorder && bill.preorder.feesum_amt !== total) {
      throw new OrgFailureAnswer('与预下单金额不符 / differs from the preorder', { retCode: '02' });
    }
    bill.state = 'settling';
    try {
      bill.call_sn = `SF${++serial}`; // the HIS's own charge number
      bill.amp_trace_id = req.amp_trace_id; // kept for refunds (AMP_HOS_002)
      bill.state = 'settled';
    } catch (err) {
      // Written or not? Only querySettleResult can tell, later.
      throw new OrgOutcomeUnknownAnswer('结算结果未知，请查询', { cause: err });
    }
    return { result: 'succ', call_sn: bill.call_sn, balance: '0.00' };
  },

  // ORG_004: the truth. exp while a settlement is in progress; fail only if certainly not booked.
  async querySettleResult(req) {
    const bill = bills.get(req.org_trace_no);
    if (!bill || bill.state === 'unsettled') return { result: 'fail' };
    if (bill.state === 'settling') return { result: 'exp' };
    if (bill.state === 'cancelled') return { result: 'closed', call_sn: bill.call_sn };
    return { result: 'succ', call_sn: bill.call_sn, balance: '0.00' };
  },

  // ORG_005: reverses one settlement, once; a repeat answers the same.
  async cancelRechargeSettle(req) {
    const bill = billFor(req.org_trace_no, req.doc_trace_no);
    if (bill.state === 'cancelled') return { result: 'succ' };
    if (bill.state !== 'settled') throw new OrgFailureAnswer('单据未结算，无法撤销 / not settled', { retCode: '02' });
    bill.state = 'cancelled';
    return { result: 'succ', balance: '0.00' };
  },

  // ORG_006: what the patient reads after paying.
  async queryOrgTips(req) {
    billFor(req.org_trace_no, req.doc_trace_no);
    return {
      next_step_tips: '请到门诊二楼药房取药',
      druginfo: [{ code_type: 'qr', code_value: `Q${req.doc_trace_no}`, drug_addr: '门诊大楼（二楼）', drug_window: '3号窗口', wait_num: '2' }],
    };
  },

  // ORG_007: records the pre-settlement; rechargeSettle must match it.
  async orgPreorder(req) {
    const bill = billFor(req.org_trace_no, req.doc_trace_no);
    if (bill.state !== 'unsettled') throw new OrgFailureAnswer('单据已结算 / already settled', { retCode: '02' });
    bill.preorder = { feesum_amt: req.feesum_amt, used_patient_type: req.used_patient_type };
    return { result: 'succ', call_sn: `PRE${bill.doc_trace_no}`, balance: '0' };
  },

  // ORG_008: the insurance settlements of a period (none in this example).
  async orgHsTradeFile() {
    return {
      medfee_sumamt: '0.00', fund_pay_sumamt: '0.00', acct_pay: '0.00', cash_pay_sumamt: '0.00', fixmedins_setl_cnt: '0',
      insutype: '310', settle_channel: '05', billdetail: [], current: 1, pages: 1,
    };
  },

  // ORG_009: reverses an insurance settlement the reconciliation found wrong.
  async orgHsTradeRevoke(req) {
    const bill = [...bills.values()].find((b) => b.doc_trace_no === req.doc_trace_no);
    if (!bill) throw new OrgFailureAnswer('无此单据 / no such bill', { retCode: '02' });
    bill.state = 'cancelled';
    return {};
  },
} satisfies HospitalHandlers;

export async function main(): Promise<void> {
  const his = await createHospitalServer(handlers, { host: '127.0.0.1', port: 8900 });
  console.log(`HIS ready at ${his.url}`);
}
