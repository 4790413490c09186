/**
 * The optional interfaces: ORG_006 queryOrgTips, ORG_008 orgHsTradeFile, ORG_009 (医保异账撤销).
 */
import { isValidDate } from '../../src/core/index.js';
import { yuan } from './data.js';
import { drugInfo, reverse } from './settle.js';
import { answer, checkDicts, checkOrg, failed, findPatient, invalid, need, ok, text, type DemoContext, type OrgRequest, type OrgResponse } from './common.js';

/** ORG_006: live tips for a settled bill (where to fetch the drugs, how many are waiting). */
export function queryOrgTips(ctx: DemoContext, req: OrgRequest): Promise<OrgResponse> {
  return answer(() => {
    need(req, 'org_code', 'mdtrt_cert_type', 'mdtrt_cert_no', 'org_trace_no', 'doc_trace_no');
    checkDicts(req);
    checkOrg(ctx, req);
    const p = findPatient(ctx, req);
    const bill = ctx.data.bills.find((b) => b.org_trace_no === text(req.org_trace_no) && b.doc_trace_no === text(req.doc_trace_no) && b.cert_no === p.cert_no);
    const s = ctx.data.settlements.find((x) => x.org_trace_no === bill?.org_trace_no && x.result === 'succ');
    if (!bill || !s) throw failed('无此已结算单据', 'no settled bill for org_trace_no / doc_trace_no');
    const drugs = drugInfo(bill, s);
    return ok({
      next_step_tips: drugs.length ? '请到门诊大楼二楼西药房204-1窗口取药' : '缴费已完成，请按医嘱到相应科室检查或治疗',
      ...(drugs.length ? { drug_qr_no: drugs[0]!.code_value, druginfo: drugs, drug_tip: '饭后服用，如有不适请及时就医' } : {}),
      common_tip_list: [{ tip_title: '检查检验', tip_items: [{ tip_key: '注意事项', tip_value: '空腹' }] }],
    });
  });
}

function page(req: OrgRequest, field: string, fallback: number): number {
  const raw = req[field];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(text(raw));
  if (!Number.isInteger(n) || n < 1 || n > 999999) throw invalid(`${field} 须为1-999999的整数`, `${field} must be an integer 1-999999`);
  return n;
}

/** ORG_008: the 医保 settlements between two dates, totals and details, paged. */
export function orgHsTradeFile(ctx: DemoContext, req: OrgRequest): Promise<OrgResponse> {
  return answer(() => {
    need(req, 'org_code', 'stmt_begndate', 'stmt_enddate');
    checkOrg(ctx, req);
    const from = text(req.stmt_begndate);
    const to = text(req.stmt_enddate);
    if (!isValidDate(from) || !isValidDate(to)) throw invalid('对账日期须为 yyyy-MM-dd', 'stmt_begndate / stmt_enddate must be yyyy-MM-dd');
    const clr = text(req.clr_type);
    const rows = ctx.data.settlements.filter((s) => {
      const day = (s.finished ?? '').slice(0, 10);
      return s.used_patient_type === '01' && (s.result === 'succ' || s.result === 'closed') && day >= from && day <= to && (clr === '' || clr === '11');
    });
    const pageNo = page(req, 'page_no', 1);
    const pageSize = page(req, 'page_size', 100);
    const pages = Math.max(1, Math.ceil(rows.length / pageSize));
    const sum = (f: (s: (typeof rows)[number]) => number) => yuan(rows.reduce((a, s) => a + f(s), 0));
    const patient = (cert: string) => ctx.data.patients.find((p) => p.cert_no === cert);
    return ok({
      current: pageNo,
      pages,
      medfee_sumamt: sum((s) => s.feesum_fen),
      fund_pay_sumamt: sum((s) => s.fund_fen),
      acct_pay: sum((s) => s.acct_fen),
      cash_pay_sumamt: sum((s) => s.deposit_fen + s.hosp_balc_fen),
      fixmedins_setl_cnt: String(rows.length),
      insutype: '310',
      settle_channel: '05',
      billdetail: rows.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((s) => {
        const bill = ctx.data.bills.find((b) => b.org_trace_no === s.org_trace_no);
        const p = patient(bill?.cert_no ?? '');
        return {
          setl_optins: p?.insu_code ?? '', setl_id: s.setl_id, mdtrt_id: s.mdtrt_id, psn_no: p?.psn_no ?? '',
          mdtrt_cert_type: '02', mdtrt_cert_no: p?.cert_no ?? '', medfee_sumamt: yuan(s.feesum_fen),
          psn_cash_pay: yuan(s.deposit_fen + s.hosp_balc_fen), fund_pay_sumamt: yuan(s.fund_fen), cvlserv_pay: '0.00',
          hifmi_pay: '0.00', hifob_pay: '0.00', acct_pay: yuan(s.acct_fen), acct_mulaid_pay: '0.00', med_type: '11',
          hifp_pay: yuan(s.fund_fen), mafPay: '0.00', oth_pay: '0.00', hifes_pay: '0.00', msgid: s.call_sn.slice(-20),
          refd_setl_flag: s.result === 'closed' ? '1' : '0', settle_channel: '05', doc_trace_no: s.doc_trace_no,
          balance_pay: yuan(s.hosp_balc_fen), deposit_type: s.deposit_type || 'WX',
        };
      }),
    });
  });
}

/** ORG_009: revokes a 医保 settlement the reconciliation found wrong; once. */
export function orgHsTradeRevoke(ctx: DemoContext, req: OrgRequest): Promise<OrgResponse> {
  return answer(() => {
    need(req, 'org_code', 'mdtr_id', 'setl_id', 'account_type', 'doc_trace_no', 'ipt_otp_no');
    checkDicts(req);
    checkOrg(ctx, req);
    const s = ctx.data.settlements.find(
      (x) => x.setl_id === text(req.setl_id) && x.mdtrt_id === text(req.mdtr_id) && x.doc_trace_no === text(req.doc_trace_no) && x.used_patient_type === '01',
    );
    if (!s || (s.result !== 'succ' && s.result !== 'closed')) throw failed('无此医保结算', 'no such 医保 settlement (setl_id / mdtr_id / doc_trace_no)');
    if (s.result === 'succ') {
      reverse(ctx, s);
      ctx.store.save();
      return ok({ ret_msg: '撤销成功' });
    }
    return ok({ ret_msg: '已撤销（重复请求） / already revoked' });
  });
}
