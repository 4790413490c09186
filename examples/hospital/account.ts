/**
 * ORG_001 queryAccount and ORG_002 queryUnsettleList: who the patient is, and what they owe.
 */
import { yuan, topUpBills, type DemoBill, type DemoPatient } from './data.js';
import { answer, checkDicts, checkOrg, failed, findPatient, need, ok, text, type DemoContext, type OrgRequest, type OrgResponse } from './common.js';

/** ORG_001: the patient's account. account_type 02 (住院) adds the inpatient fields. */
export function queryAccount(ctx: DemoContext, req: OrgRequest): Promise<OrgResponse> {
  return answer(() => {
    need(req, 'org_code', 'mdtrt_cert_type', 'mdtrt_cert_no', 'cert_no', 'account_type');
    checkDicts(req);
    checkOrg(ctx, req);
    const p = findPatient(ctx, req);
    const account_type = text(req.account_type);
    if (account_type === '02' && !p.inpatient) throw failed('该患者无在院记录', 'the patient is not an inpatient');
    const inpatientBills = ctx.data.bills.filter((b) => b.cert_no === p.cert_no && b.account_type === '02' && b.state === 'unsettled');
    return ok({
      // 医保 patients must carry psn_no and insu_type (the table's 说明 column).
      ...(p.patient_type === '01' ? { psn_no: p.psn_no, insu_type: p.insu_type } : {}),
      mdtrt_cert_type: text(req.mdtrt_cert_type),
      mdtrt_cert_no: text(req.mdtrt_cert_no),
      patient_type: p.patient_type,
      his_cust_id: p.cards[0]!.his_cust_id,
      balance: yuan(p.balance_fen),
      psn_cert_type: '01',
      cert_no: p.cert_no,
      psn_name: p.psn_name,
      gend: p.gend,
      account_type,
      phone: p.phone,
      brdy: p.brdy,
      naty: p.naty,
      age: String(new Date().getFullYear() - Number(p.brdy.slice(0, 4))),
      ...(account_type === '02' && p.inpatient
        ? {
            ipt_no: p.inpatient.ipt_no,
            disease_area: p.inpatient.disease_area,
            adm_bed: p.inpatient.adm_bed,
            inpatient_start_date: p.inpatient.inpatient_start_date,
            inpatient_total_fee: yuan(inpatientBills.reduce((s, b) => s + b.total_fen, 0)),
          }
        : {}),
      his_cust_list: p.cards.map((c) => ({ ...c, his_cust_balc: yuan(p.balance_fen) })),
    });
  });
}

/** One bill as an unsettlelist entry, with its diaglist and rxlist. */
export function billEntry(p: DemoPatient, b: DemoBill, req: OrgRequest): OrgResponse {
  const insured = b.patient_type === '01';
  const inpatient = b.account_type === '02' && p.inpatient ? p.inpatient : undefined;
  const chrg_bchno = `${b.doc_trace_no}01`;
  return {
    org_trace_no: b.org_trace_no,
    doc_trace_no: b.doc_trace_no,
    ipt_otp_no: inpatient ? `ZY${inpatient.ipt_no.slice(0, 20)}` : b.doc_trace_no,
    ...(inpatient
      ? {
          ipt_no: inpatient.ipt_no,
          adm_diag_dscr: inpatient.adm_diag_dscr,
          adm_dept_codg: inpatient.adm_dept_codg,
          adm_dept_name: inpatient.adm_dept_name,
          adm_bed: inpatient.adm_bed,
          dscg_maindiag_code: b.diag_code,
          dscg_maindiag_name: b.diag_name,
        }
      : {}),
    patient_type: b.patient_type,
    mdtrt_cert_type: text(req.mdtrt_cert_type),
    mdtrt_cert_no: text(req.mdtrt_cert_no),
    cert_no: p.cert_no,
    psn_name: p.psn_name,
    gend: p.gend,
    dept_name: b.dept_name,
    dept_code: b.dept_code,
    caty: b.dept_code,
    atddr_no: b.dr_code,
    dr_name: b.dr_name,
    chfpdr_no: b.dr_code,
    chfpdr_name: b.dr_name,
    dise_codg: b.diag_code,
    dise_name: b.diag_name,
    medfee_sumamt: yuan(b.total_fen),
    med_type: inpatient ? '21' : '11',
    begn_time: b.created,
    chrg_bchno,
    // 医保 bills carry who is insured where (required for 医保费别).
    ...(insured ? { insu_code: p.insu_code, psn_no: p.psn_no, insu_type: p.insu_type } : {}),
    fee_type: inpatient ? '02' : '01',
    diaglist: [
      {
        diag_type: '1', diag_srt_no: '1', diag_code: b.diag_code, diag_name: b.diag_name, diag_dept: b.dept_code,
        diag_dept_name: b.dept_name, dise_dor_no: b.dr_code, dise_dor_name: b.dr_name, diag_time: b.created,
        vali_flag: '1', maindiag_flag: '1',
      },
    ],
    rxlist: b.items.map((it, i) => ({
      chrg_bchno,
      feedetl_sn: `${b.doc_trace_no}${String(i + 1).padStart(3, '0')}`,
      med_list_codg: it.med_list_codg,
      medins_list_codg: it.med_list_codg,
      pric: yuan(it.pric_fen),
      cnt: String(it.cnt),
      det_item_fee_sumamt: yuan(it.pric_fen * it.cnt),
      fee_ocur_time: b.created,
      bilg_dr_name: b.dr_name,
      bilg_dr_codg: b.dr_code,
      bilg_dept_codg: b.dept_code,
      bilg_dept_name: b.dept_name,
      hosp_appr_flag: '0',
      item_name: it.item_name,
      invo_item_no: it.drug ? '01' : '05',
      hi_item: it.hi_item,
      item_emp: it.item_emp,
      ...(it.drug ?? {}),
    })),
  };
}

/**
 * ORG_002: the unsettled bills. A bill being settled, settled or cancelled is never listed, so
 * the portal cannot offer it to be paid twice. New bills are issued when a patient runs out.
 */
export function queryUnsettleList(ctx: DemoContext, req: OrgRequest): Promise<OrgResponse> {
  return answer(() => {
    need(req, 'org_code', 'mdtrt_cert_type', 'mdtrt_cert_no', 'cert_no');
    checkDicts(req);
    checkOrg(ctx, req);
    const p = findPatient(ctx, req);
    const card = text(req.his_cust_id);
    if (card !== '' && !p.cards.some((c) => c.his_cust_id === card)) throw failed('院内卡号与患者不符', 'his_cust_id is not this patient’s card');
    const account_type = text(req.account_type);
    if (account_type !== '02' && topUpBills(ctx.data, p)) ctx.store.save();
    const from = text(req.begin_date);
    const to = text(req.end_date);
    const bills = ctx.data.bills.filter(
      (b) =>
        b.cert_no === p.cert_no &&
        b.state === 'unsettled' &&
        (account_type === '' || b.account_type === account_type) &&
        (from === '' || b.created.slice(0, 10) >= from) &&
        (to === '' || b.created.slice(0, 10) <= to),
    );
    return ok({
      tip_msg: bills.length ? '请核对费用明细后再支付；如有疑问请到收费窗口咨询。' : '',
      unsettlelist: bills.map((b) => billEntry(p, b, req)),
    });
  });
}
