/**
 * The portal's cashier (收银台), played against a hospital: what happens when a patient pays on
 * their phone. ORG_001 queryAccount → ORG_002 queryUnsettleList → the bills picked → ORG_007
 * orgPreorder (when the hospital offers it) → ORG_003 rechargeSettle → on a timeout, an HTTP
 * error or anything but a definite answer, ORG_004 querySettleResult until one comes (bounded
 * in tries and time, as the real portal must be). A settled payment is booked in the
 * simulator's ledger so that AMP_HOS_002 refund / 003 / 004 work on it.
 *
 * A definite answer is ret_code 00 with result succ, fail or closed. Everything else (exp,
 * ret_code 99, 01/02, HTTP 500, no answer) leaves the outcome unknown, and only ORG_004 may
 * settle it: guessing either way charges a patient for nothing or gives a bill away.
 */
import { randomBytes } from 'node:crypto';
import { cstTimestamp } from '../core/index.js';
import { fenToYuan, yuanToFen } from '../core/money.js';
import { OrgClient, type OrgCallOutcome } from '../org/index.js';
import type { OrgMethod } from '../spec/index.js';
import { bookTrade, bookedPayments, type CashierLedger } from './cashier-ledger.js';

/** @deprecated import OrgMethod from the package root (it is the spec's: src/spec/org-registry.ts). */
export type { OrgMethod };

export interface CashierOptions {
  /** The hospital's base URL (http://host:port[/prefix]); a path prefix is kept in front of every suffix. */
  his: string;
  /** Sent on every ORG call (e.g. a tenant code the HIS's gateway needs). */
  headers?: Readonly<Record<string, string>>;
  certNo: string;
  /** 就诊凭证类型, default 02 身份证 (then mdtrtCertNo defaults to certNo). */
  mdtrtCertType?: string;
  mdtrtCertNo?: string;
  /** The hospital's org_code as the portal knows it (default H323498799997, the spec's example). */
  orgCode?: string;
  subOrgCode?: string;
  /** org_trace_no of the bills to pay, or 'all'; default the first one listed. */
  bills?: readonly string[] | 'all';
  /** used_patient_type; default each bill's own 费别 (or the account's when the bill has none). */
  patientType?: '00' | '01';
  /** deposit_type / channel_type: WX (default), ALI, BANK, UP. */
  channel?: string;
  /** 01 门诊 (default) or 02 住院. */
  accountType?: '01' | '02';
  /** Deadline of each call in ms (default 10000). */
  timeoutMs?: number;
  /** ORG_004 attempts after an unknown outcome (default 10), spaced queryIntervalMs (default 1000), within maxQueryMs (default 60000). */
  queryTries?: number;
  queryIntervalMs?: number;
  maxQueryMs?: number;
  /** Per-interface suffix overrides, e.g. { orgPreorder: '/preorder' }. */
  paths?: Partial<Record<OrgMethod, string>>;
  /** Where settled payments are booked: an in-process Ledger, or a running simulator's URL. */
  ledger?: CashierLedger;
  portal?: string;
  /** Each exchange as it happens (already masked). */
  onStep?: (step: CashierStep) => void;
}

export interface CashierStep {
  interfaceId: string;
  method: OrgMethod;
  request: unknown;
  outcome: 'answer' | 'http' | 'timeout' | 'network';
  status?: number;
  response?: unknown;
  ms: number;
  note?: string;
}

export type PaymentResult = 'succ' | 'fail' | 'closed' | 'unknown' | 'refused';

export interface CashierPayment {
  org_trace_no: string;
  doc_trace_no: string;
  feesum_amt: string;
  used_patient_type: string;
  fund_pay_sumamt: string;
  acct_pay: string;
  psn_cash_pay: string;
  amp_trace_id: string;
  trace_id: string;
  pay_chnl_trace_no: string;
  mch_trace_no: string;
  result: PaymentResult;
  call_sn?: string;
  ret_msg: string;
  /** How many ORG_004 calls it took (0 when ORG_003 answered definitely). */
  queries: number;
  /** 'recorded', 'not recorded: …' or 'none' (no ledger given). */
  ledger: string;
}

export interface CashierOutcome {
  /** true when every picked bill was settled (succ) and booked where a ledger was given. */
  ok: boolean;
  /** Why nothing was paid (account not found, no bills …), when that is the case. */
  error?: string;
  preorderOffered?: boolean;
  payments: CashierPayment[];
  steps: CashierStep[];
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The portal's split of a bill: 医保 pays 60% from the pooled fund and up to 20% from the personal account; the patient pays the rest. */
export function splitAmount(totalFen: number, patientType: string): { fund: number; acct: number; cash: number } {
  if (patientType !== '01') return { fund: 0, acct: 0, cash: totalFen };
  const fund = Math.floor((totalFen * 60) / 100);
  const acct = Math.floor((totalFen * 20) / 100);
  return { fund, acct, cash: totalFen - fund - acct };
}

export async function payAtHospital(o: CashierOptions): Promise<CashierOutcome> {
  const steps: CashierStep[] = [];
  const timeoutMs = o.timeoutMs ?? 10_000;
  const org_code = o.orgCode ?? 'H323498799997';
  const mdtrt_cert_type = o.mdtrtCertType ?? '02';
  const mdtrt_cert_no = o.mdtrtCertNo ?? o.certNo;
  const channel = o.channel ?? 'WX';
  const account_type = o.accountType ?? '01';
  const base = { operator_id: 'amp', operator_name: 'amp', term_no: 'amp', org_code, sub_org_code: o.subOrgCode ?? '' };

  let note: string | undefined;
  const client = new OrgClient({
    his: o.his, headers: o.headers, paths: o.paths, timeoutMs,
    onExchange: (x) => {
      const step: CashierStep = {
        interfaceId: x.interfaceId, method: x.method, request: x.request, outcome: x.outcome, ms: x.ms, note,
        ...(x.status !== undefined ? { status: x.status, response: x.response } : {}),
        ...(x.error !== undefined ? { note: `${note ? `${note}; ` : ''}${x.error}` } : {}),
      };
      steps.push(step);
      o.onStep?.(step);
    },
  });
  async function call(method: OrgMethod, request: Json, why?: string): Promise<OrgCallOutcome> {
    note = why;
    return client.call(method, request);
  }
  const fail = (error: string): CashierOutcome => ({ ok: false, error, payments: [], steps });
  const definite = (r: OrgCallOutcome) =>
    r.kind === 'answer' && r.body.ret_code === '00' && ['succ', 'fail', 'closed'].includes(str(r.body.result)) ? (r.body as Json) : undefined;

  // 1. Who is paying.
  const who = { mdtrt_cert_type, mdtrt_cert_no, cert_no: o.certNo };
  const acc = await call('queryAccount', { ...base, ...who, account_type });
  if (acc.kind !== 'answer' || acc.body.ret_code !== '00') return fail('查询账户信息失败 / ORG_001 queryAccount did not succeed');
  const account = acc.body;

  // 2. What they owe, and which bills they pick.
  const list = await call('queryUnsettleList', { ...base, ...who, his_cust_id: str(account.his_cust_id), account_type });
  if (list.kind !== 'answer' || list.body.ret_code !== '00') return fail('查询费用列表失败 / ORG_002 queryUnsettleList did not succeed');
  const bills = (Array.isArray(list.body.unsettlelist) ? list.body.unsettlelist : []) as Json[];
  const wanted = o.bills === 'all' ? bills : o.bills?.length ? bills.filter((b) => o.bills!.includes(str(b.org_trace_no))) : bills.slice(0, 1);
  if (Array.isArray(o.bills)) {
    const missing = o.bills.filter((id) => !bills.some((b) => str(b.org_trace_no) === id));
    if (missing.length) return fail(`未在待结算列表中找到单据 / not in the unsettled list: ${missing.join(', ')}`);
  }
  if (wanted.length === 0) return fail('没有待结算的费用 / no unsettled bills');

  let preorderOffered: boolean | undefined;
  const payments: CashierPayment[] = [];
  for (const bill of wanted) {
    const totalFen = yuanToFen(str(bill.medfee_sumamt));
    const ids = {
      amp_trace_id: hex(32), trace_id: hex(32), pay_chnl_trace_no: `4200${digits(24)}`,
      mch_trace_no: `FJQY_${cstTimestamp().replace(/\D/g, '')}${digits(8)}`,
    };
    let used = o.patientType ?? (str(bill.patient_type) || str(account.patient_type) || '00');
    let switched = '';
    // The portal finds no 医保 record for a patient without psn_no and offers 自费 instead (spec, ORG_003 used_patient_type).
    if (used === '01' && !str(account.psn_no) && !str(bill.psn_no)) {
      used = '00';
      switched = '无医保档案，转自费结算 / no insurance record: settled as 自费; ';
    }
    const split = splitAmount(totalFen ?? 0, used);
    const p: CashierPayment = {
      org_trace_no: str(bill.org_trace_no), doc_trace_no: str(bill.doc_trace_no), feesum_amt: str(bill.medfee_sumamt),
      used_patient_type: used, fund_pay_sumamt: fenToYuan(split.fund), acct_pay: fenToYuan(split.acct), psn_cash_pay: fenToYuan(split.cash),
      ...ids, result: 'refused', ret_msg: '', queries: 0, ledger: 'none',
    };
    payments.push(p);
    if (totalFen === null) {
      p.ret_msg = '单据金额不是合法的元金额，未支付 / medfee_sumamt is not a yuan amount: not paid';
      continue;
    }
    const billRef = { org_trace_no: p.org_trace_no, doc_trace_no: p.doc_trace_no, account_type };
    const money = {
      feesum_amt: p.feesum_amt, deposit_amount: p.psn_cash_pay, deposit_type: channel, channel_type: channel,
      trace_id: ids.trace_id, used_patient_type: used,
    };

    // 3. Pre-order (optional): before any money moves, so a refusal costs the patient nothing.
    if (preorderOffered !== false) {
      const pre = await call('orgPreorder', {
        ...base, ...billRef, ...money, ...(used === '01' ? { pay_ord_id: `ORD${digits(20)}`, psn_no: str(account.psn_no) || str(bill.psn_no) } : {}),
        own_pay_amt: p.psn_cash_pay, psn_acct_pay: p.acct_pay, fund_pay: p.fund_pay_sumamt,
      });
      if (pre.kind === 'http' && (pre.status === 404 || pre.status === 405 || pre.status === 501)) preorderOffered = false;
      else {
        preorderOffered = true;
        if (pre.kind !== 'answer' || pre.body.ret_code !== '00' || pre.body.result !== 'succ') {
          p.ret_msg = `${switched}机构预下单未成功，未扣款 / ORG_007 orgPreorder did not succeed: nothing charged`;
          continue;
        }
      }
    }

    // 4. (The channel takes psn_cash_pay here.) Settle: the settlement result goes to the hospital.
    const now = cstTimestamp();
    // setl_id and mdtrt_id are 40 long in ORG_003 but 30 in ORG_008/009, where the HIS reports
    // them back: generated ones fit the shorter (a HIS that checks must have nothing to warn of).
    const insured = used === '01'
      ? {
          setl_id: hex(30), mdtrt_id: str(bill.mdtrt_id) || hex(30), psn_name: str(account.psn_name), psn_no: str(account.psn_no) || str(bill.psn_no),
          psn_cert_type: str(account.psn_cert_type) || '01', cert_no: o.certNo, gend: str(account.gend), naty: str(account.naty), brdy: str(account.brdy),
          age: str(account.age), insutype: str(account.insu_type) || str(bill.insu_type), psn_type: '11', cvlserv_flag: '0',
          acct_pay: p.acct_pay, psn_cash_pay: p.psn_cash_pay, psn_part_amt: fenToYuan(split.acct + split.cash), hosp_part_amt: '0.00',
          fund_pay_sumamt: p.fund_pay_sumamt, hifp_pay: p.fund_pay_sumamt, medfee_sumamt: p.feesum_amt, fulamt_ownpay_amt: '0.00',
          overlmt_selfpay: '0.00', preselfpay_amt: '0.00', inscp_scp_amt: p.feesum_amt, act_pay_dedc: '0.00', setl_time: now, acct_mulaid_pay: '0.00',
          med_type: str(bill.med_type) || '11', pool_prop_selfpay: '0.40', medins_setl_id: hex(30), clr_type: '11', insuplc_admdvs: str(bill.insu_code),
          setldetail: [{ fund_pay_type: '310100', fund_payamt: p.fund_pay_sumamt, fund_pay_type_name: '职工基本医疗保险统筹基金', inscp_scp_amt: p.feesum_amt }],
        }
      : {};
    const settleReq = {
      ...base, mdtrt_cert_type, mdtrt_cert_no, ...billRef, amp_trace_id: ids.amp_trace_id, ...money, hosp_balc_pay_amt: '0.00',
      pay_chnl_trace_no: ids.pay_chnl_trace_no, mch_trace_no: ids.mch_trace_no, fee_type: str(bill.fee_type) || '01', ...insured,
    };
    const settled = await call('rechargeSettle', settleReq);
    let final = definite(settled);
    // The call_sn the hospital gave this payment, when its ORG_003 answered at all (even exp or 99).
    const ownCallSn = settled.kind === 'answer' ? str(settled.body.call_sn) : '';

    // 5. Not definite: ask ORG_004 until it is, within bounds.
    const deadline = Date.now() + (o.maxQueryMs ?? 60_000);
    const tries = o.queryTries ?? 10;
    while (!final && p.queries < tries && Date.now() < deadline) {
      if (p.queries > 0) await sleep(Math.min(o.queryIntervalMs ?? 1000, Math.max(0, deadline - Date.now())));
      p.queries += 1;
      final = definite(await call('querySettleResult', { ...base, org_trace_no: p.org_trace_no, mdtrt_cert_type, mdtrt_cert_no }, `第${p.queries}次查询 / query ${p.queries}`));
    }
    if (!final) {
      p.result = 'unknown';
      p.ret_msg = `${switched}结算结果未知（已查询${p.queries}次），需人工核验，不得自动冲销 / outcome still unknown after ${p.queries} ORG_004 queries: reconcile by hand, do not reverse`;
      continue;
    }
    // The answer must be about this payment. ORG_004 is asked by org_trace_no alone, and a HIS
    // answers with the bill's settlement: after a second payment of a bill already paid, that is
    // the first payment's succ. Taking it for this one books a payment the hospital never settled.
    const foreign = await notThisPayment(final, ownCallSn, ids.amp_trace_id, p.org_trace_no, p.queries > 0);
    if (foreign) {
      const which = p.queries > 0 ? 'ORG_004' : 'ORG_003';
      p.result = 'unknown';
      p.call_sn = str(final.call_sn) || undefined;
      p.ret_msg = `${switched}${which} 的应答（result=${str(final.result)}）不是本笔支付的（${foreign.zh}），本笔结果无法确认：需人工核验，不得自动冲销 / `
        + `the ${which} answer (result=${str(final.result)}) is not about this payment (${foreign.en}): reconcile by hand, do not reverse`;
      continue;
    }
    p.result = str(final.result) as PaymentResult;
    p.call_sn = str(final.call_sn) || undefined;
    p.ret_msg = `${switched}${str(final.ret_msg)}${p.result === 'succ' ? '' : ' — 平台将冲销该笔支付 / the portal reverses the payment'}`;
    if (p.result === 'succ' && (o.ledger || o.portal)) {
      p.ledger = await bookTrade({ ledger: o.ledger, portal: o.portal, timeoutMs }, {
        orgCode: org_code, subOrgCode: o.subOrgCode ?? '', ampTraceId: ids.amp_trace_id, traceId: ids.trace_id, orgTraceNo: p.org_trace_no,
        mchTraceNo: ids.mch_trace_no, payChnlTraceNo: ids.pay_chnl_trace_no, hisSetlSn: p.call_sn ?? '',
        setlId: str(insured.setl_id), medinsSetlId: str(insured.medins_setl_id), mdtrtId: str(insured.mdtrt_id), psnNo: str(insured.psn_no),
        feesumAmt: p.feesum_amt, acctPay: p.acct_pay, psnCashPay: p.psn_cash_pay, fundPaySumamt: p.fund_pay_sumamt,
        certNo: o.certNo, certType: '01', patientType: used, depositType: channel, payTime: cstTimestamp(), setlTime: now,
      });
    }
  }
  /**
   * Why a definite answer is not about the payment `ampTraceId`, or undefined when nothing says
   * so: its call_sn differs from the one the hospital gave this payment, or is the call_sn of
   * another payment of the bill already booked, or (from ORG_004) it names no call_sn while
   * another payment of the bill is booked.
   */
  async function notThisPayment(answer: Json, ownSn: string, ampTraceId: string, orgTraceNo: string, fromQuery: boolean) {
    const sn = str(answer.call_sn).slice(0, 40);
    if (ownSn && sn && sn !== ownSn.slice(0, 40)) {
      return { zh: `call_sn ${sn} 与本笔 ORG_003 给出的 ${ownSn.slice(0, 40)} 不同`, en: `call_sn ${sn}, while this payment's ORG_003 gave ${ownSn.slice(0, 40)}` };
    }
    const others = ((await bookedPayments({ ledger: o.ledger, portal: o.portal, timeoutMs }, orgTraceNo)) ?? []).filter((b) => b.ampTraceId !== ampTraceId);
    const owner = sn ? others.find((b) => b.callSn.slice(0, 40) === sn) : undefined;
    if (owner) return { zh: `call_sn ${sn} 属于同一单据已记账的另一笔支付 amp_trace_id=${owner.ampTraceId}`, en: `call_sn ${sn} is that of another payment of this bill, amp_trace_id=${owner.ampTraceId}` };
    if (!sn && fromQuery && others.length) return { zh: '应答没有 call_sn，而该单据已有另一笔支付记账', en: 'it names no call_sn, and another payment of this bill is booked' };
    return undefined;
  }

  const ok = payments.every((p) => p.result === 'succ' && (p.ledger === 'none' || p.ledger === 'recorded'));
  return { ok, preorderOffered, payments, steps };
}
