/**
 * The money interfaces: ORG_007 orgPreorder, ORG_003 rechargeSettle, ORG_004 querySettleResult,
 * ORG_005 cancelRechargeSettle. The rules a HIS must keep (and that joint testing finds broken):
 *
 * - ORG_003 is idempotent: the portal repeats it after a timeout. A repeat (same org_trace_no and
 *   amp_trace_id) gets the first answer, and the bill is charged once. A second, different
 *   payment for a bill already paid is refused with `fail`, so the portal reverses that payment.
 * - `result` says what really happened: `succ` committed, `fail` nothing was charged (the
 *   portal may then reverse the payment automatically), `exp` not known yet (still in progress:
 *   ask again), `closed` cancelled afterwards. Never a guess.
 * - A settlement is first recorded as in progress (exp), then committed; both steps are saved,
 *   so after a crash it is known which settlements committed.
 * - ORG_005 reverses a settlement once; a repeat answers the same without reversing again.
 * - ORG_007 records what the portal pre-settled; ORG_003 must then agree with it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { cstTimestamp } from '../../src/core/index.js';
import { uid, yuan, type DemoBill, type DemoPatient, type DemoSettlement } from './data.js';
import {
  answer, checkDicts, checkOrg, failed, fen, findPatient, need, ok, text,
  type DemoContext, type OrgRequest, type OrgResponse,
} from './common.js';

const callSn = (ctx: DemoContext) => `CS${cstTimestamp().replace(/\D/g, '')}${String(++ctx.data.seq).padStart(6, '0')}`;

/** Drug pick-up hints for a settled bill with drugs (shown by the portal after paying). */
export function drugInfo(bill: DemoBill | undefined, s: DemoSettlement): OrgResponse[] {
  if (!bill?.items.some((it) => it.drug)) return [];
  return [{
    drug_no: s.call_sn, code_type: 'qr', code_value: `D${s.call_sn.slice(-12)}`, drug_addr: '门诊大楼（二楼）西药房',
    drug_window: '204-1窗口', drug_seq_no: s.call_sn.slice(-4), wait_num: '3',
  }];
}

/** The answer ORG_003 and ORG_004 give for a settlement attempt. */
function settlementAnswer(ctx: DemoContext, s: DemoSettlement): OrgResponse {
  const bill = ctx.data.bills.find((b) => b.org_trace_no === s.org_trace_no);
  const drugs = s.result === 'succ' ? drugInfo(bill, s) : [];
  return ok({
    ret_msg: s.ret_msg,
    result: s.result,
    call_sn: s.call_sn,
    ...(s.balance_after_fen !== undefined ? { balance: yuan(s.balance_after_fen) } : {}),
    ...(drugs.length ? { druginfo: drugs } : {}),
    ...(s.result === 'succ'
      ? { common_tip_list: [{ tip_title: '缴费成功', tip_items: [{ tip_key: '院内单号', tip_value: s.call_sn }] }] }
      : {}),
  });
}

/** The attempt that decides a bill's state: a committed or running one first, else the latest. */
function decisiveAttempt(ctx: DemoContext, org_trace_no: string): DemoSettlement | undefined {
  const all = ctx.data.settlements.filter((s) => s.org_trace_no === org_trace_no);
  return all.find((s) => s.result === 'succ' || s.result === 'exp') ?? all.at(-1);
}

function billAndPatient(ctx: DemoContext, req: OrgRequest): { bill: DemoBill; p: DemoPatient } | string {
  const bill = ctx.data.bills.find((b) => b.org_trace_no === text(req.org_trace_no));
  if (!bill) return '无此待结算单据 / no such bill (org_trace_no)';
  if (bill.doc_trace_no !== text(req.doc_trace_no)) return '单据流水号与机构跟踪号不对应 / doc_trace_no does not belong to org_trace_no';
  const p = findPatient(ctx, req);
  if (p.cert_no !== bill.cert_no) return '单据不属于该患者 / the bill is not this patient’s';
  return { bill, p };
}

/** The request with feesum_amt / used_patient_type taken from the bill when it leaves them out. */
function withBillDefaults(ctx: DemoContext, req: OrgRequest): OrgRequest {
  const bill = ctx.data.bills.find((b) => b.org_trace_no === text(req.org_trace_no));
  if (!bill) return req;
  return {
    ...req,
    feesum_amt: text(req.feesum_amt) === '' ? yuan(bill.total_fen) : req.feesum_amt,
    used_patient_type: text(req.used_patient_type) === '' ? bill.patient_type : req.used_patient_type,
  };
}

/**
 * Why a payment of `bill` with these amounts cannot be settled, or undefined when it can. The
 * balance is not checked here: that is done where it is debited (see rechargeSettle).
 */
function whyNot(ctx: DemoContext, req: OrgRequest, bill: DemoBill, p: DemoPatient): string | undefined {
  const feesum = fen(req, 'feesum_amt');
  const deposit = fen(req, 'deposit_amount');
  const balc = fen(req, 'hosp_balc_pay_amt');
  const fund = fen(req, 'fund_pay_sumamt');
  const acct = fen(req, 'acct_pay');
  const used = text(req.used_patient_type);
  if (bill.state === 'cancelled') return '单据已撤销 / the bill was cancelled';
  if (bill.state !== 'unsettled') return '单据已结算 / the bill is already settled';
  if (feesum !== bill.total_fen) return `费用总额与单据不符（应为 ${yuan(bill.total_fen)}） / feesum_amt differs from the bill (${yuan(bill.total_fen)})`;
  if (used === '01' && p.patient_type !== '01') return '该患者无医保身份，不能按医保结算 / the patient is not insured';
  if (used === '00' && fund + acct > 0) return '自费结算不能有医保支付 / a 自费 settlement has no fund or account part';
  if (deposit + balc + fund + acct !== feesum) {
    return `支付分项之和 ${yuan(deposit + balc + fund + acct)} 不等于费用总额 / deposit + balance + fund + account ≠ feesum_amt`;
  }
  const pre = ctx.data.preorders.find((x) => x.org_trace_no === bill.org_trace_no);
  if (pre) {
    const traceId = text(req.trace_id);
    if (pre.feesum_fen !== feesum || pre.deposit_fen !== deposit || pre.used_patient_type !== used || (pre.trace_id && traceId && pre.trace_id !== traceId)) {
      return '结算与预下单不一致 / the settlement differs from the pre-order (ORG_007)';
    }
  }
  return undefined;
}

/** A new settlement attempt for `req`, in progress (exp) until committed or refused. */
function startedAttempt(ctx: DemoContext, req: OrgRequest): DemoSettlement {
  return {
    org_trace_no: text(req.org_trace_no), doc_trace_no: text(req.doc_trace_no), amp_trace_id: text(req.amp_trace_id),
    trace_id: text(req.trace_id), call_sn: callSn(ctx), used_patient_type: text(req.used_patient_type),
    feesum_fen: fen(req, 'feesum_amt'), deposit_fen: fen(req, 'deposit_amount'), hosp_balc_fen: fen(req, 'hosp_balc_pay_amt'),
    fund_fen: fen(req, 'fund_pay_sumamt'), acct_fen: fen(req, 'acct_pay'),
    setl_id: text(req.setl_id) || (text(req.used_patient_type) === '01' ? uid() : ''),
    mdtrt_id: text(req.mdtrt_id) || (text(req.used_patient_type) === '01' ? uid() : ''),
    deposit_type: text(req.deposit_type), result: 'exp', ret_msg: '结算处理中 / settlement in progress', started: cstTimestamp(),
  };
}

/** Refused: recorded too, so that a repeat gets the same answer. Nothing was charged. */
function refuse(ctx: DemoContext, s: DemoSettlement, reason: string, add = true): OrgResponse {
  Object.assign(s, { result: 'fail', ret_msg: `${reason}；未扣费`, finished: cstTimestamp() });
  if (add) ctx.data.settlements.push(s);
  ctx.store.save();
  return settlementAnswer(ctx, s);
}

/** ORG_003 rechargeSettle. */
export function rechargeSettle(ctx: DemoContext, req: OrgRequest): Promise<OrgResponse> {
  return answer(async () => {
    // feesum_amt and used_patient_type are 必填, but the portal's own example leaves them out:
    // the bill's total and 费别 stand in (the toolkit's leniency table decides the same).
    need(req, 'org_code', 'mdtrt_cert_type', 'mdtrt_cert_no', 'org_trace_no', 'amp_trace_id', 'doc_trace_no', 'pay_chnl_trace_no', 'mch_trace_no');
    req = withBillDefaults(ctx, req);
    checkDicts(req);
    checkOrg(ctx, req);
    for (const f of ['feesum_amt', 'deposit_amount', 'hosp_balc_pay_amt', 'fund_pay_sumamt', 'acct_pay']) fen(req, f);
    const key = `${text(req.org_trace_no)}/${text(req.amp_trace_id)}`;
    // A repeat while the first is still running waits for it: one outcome, one charge.
    const running = ctx.inflight.get(key);
    if (running) return running;
    const seen = ctx.data.settlements.find((s) => `${s.org_trace_no}/${s.amp_trace_id}` === key);
    if (seen) return settlementAnswer(ctx, seen);

    const found = billAndPatient(ctx, req);
    const s = startedAttempt(ctx, req);
    const reason = typeof found === 'string' ? found : whyNot(ctx, req, found.bill, found.p);
    if (reason) return refuse(ctx, s, reason);
    const { bill, p } = found as { bill: DemoBill; p: DemoPatient };
    // Step 1: accepted, in progress. ORG_004 now answers exp; ORG_002 no longer lists the bill.
    bill.state = 'settling';
    ctx.data.settlements.push(s);
    ctx.store.save();
    // Check and debit are one step per account: the balance is checked inside the patient's
    // lock and debited before the lock is let go. Checked at acceptance and debited after an
    // await, two settlements of two bills of one patient both see the whole balance, both
    // pass, and overdraw it.
    const work = ctx.accounts(p.cert_no, async () => {
      if (s.hosp_balc_fen > p.balance_fen) {
        bill.state = 'unsettled';
        return refuse(ctx, s, '院内余额不足 / hospital balance too low', false);
      }
      if (ctx.settleDelayMs > 0) await sleep(ctx.settleDelayMs, undefined, { signal: ctx.stopping });
      if (ctx.stopping.aborted) throw new Error('HIS stopping: settlement not committed');
      // Step 2: commit. The in-hospital balance pays hosp_balc_pay_amt; the rest came from the portal.
      p.balance_fen -= s.hosp_balc_fen;
      bill.state = 'settled';
      Object.assign(s, { result: 'succ', ret_msg: '成功', finished: cstTimestamp(), balance_after_fen: p.balance_fen });
      ctx.store.save();
      return settlementAnswer(ctx, s);
    });
    ctx.inflight.set(key, work);
    try {
      return await work;
    } finally {
      ctx.inflight.delete(key);
    }
  });
}

/** ORG_004 querySettleResult: by org_trace_no, what really happened to the bill's settlement. */
export function querySettleResult(ctx: DemoContext, req: OrgRequest): Promise<OrgResponse> {
  return answer(() => {
    need(req, 'org_code', 'org_trace_no', 'mdtrt_cert_type', 'mdtrt_cert_no');
    checkDicts(req);
    checkOrg(ctx, req);
    const s = decisiveAttempt(ctx, text(req.org_trace_no));
    if (s) return settlementAnswer(ctx, s);
    const bill = ctx.data.bills.find((b) => b.org_trace_no === text(req.org_trace_no));
    // No settlement was ever received: nothing was charged, which is a definite answer.
    return ok({
      result: 'fail',
      ret_msg: bill ? '未收到该单据的结算确认，未结算 / no settlement received for this bill' : '无此结算记录 / no such settlement',
      call_sn: '',
    });
  });
}

/** Reverses a committed settlement: the balance it used goes back, the bill is closed. */
export function reverse(ctx: DemoContext, s: DemoSettlement): void {
  const bill = ctx.data.bills.find((b) => b.org_trace_no === s.org_trace_no);
  const p = ctx.data.patients.find((x) => x.cert_no === bill?.cert_no);
  if (p) p.balance_fen += s.hosp_balc_fen;
  if (bill) bill.state = 'cancelled';
  Object.assign(s, { result: 'closed', ret_msg: '已撤销 / cancelled', cancelled: cstTimestamp(), balance_after_fen: p?.balance_fen });
}

/** ORG_005 cancelRechargeSettle: once. The channel payment itself is refunded by the portal. */
export function cancelRechargeSettle(ctx: DemoContext, req: OrgRequest): Promise<OrgResponse> {
  return answer(() => {
    need(req, 'org_code', 'mdtrt_cert_type', 'mdtrt_cert_no', 'org_trace_no', 'doc_trace_no');
    checkDicts(req);
    checkOrg(ctx, req);
    const s = decisiveAttempt(ctx, text(req.org_trace_no));
    const balance = (x: DemoSettlement) => (x.balance_after_fen !== undefined ? { balance: yuan(x.balance_after_fen) } : {});
    if (!s || s.doc_trace_no !== text(req.doc_trace_no)) return ok({ result: 'fail', ret_msg: '无可撤销的结算 / no settlement to cancel' });
    if (s.result === 'closed') return ok({ result: 'succ', ret_msg: '已撤销（重复请求，未再次退回） / already cancelled', ...balance(s) });
    if (s.result === 'exp') return ok({ result: 'fail', ret_msg: '结算处理中，暂不能撤销 / settlement still in progress' });
    if (s.result !== 'succ') return ok({ result: 'fail', ret_msg: '该结算未成功，无需撤销 / the settlement did not succeed' });
    reverse(ctx, s);
    ctx.store.save();
    return ok({ result: 'succ', ret_msg: '撤销成功', ...balance(s) });
  });
}

/** ORG_007 orgPreorder: records the pre-settlement; the latest one for a bill counts. */
export function orgPreorder(ctx: DemoContext, req: OrgRequest): Promise<OrgResponse> {
  return answer(() => {
    need(req, 'org_code', 'org_trace_no', 'doc_trace_no');
    req = withBillDefaults(ctx, req);
    checkDicts(req);
    checkOrg(ctx, req);
    const bill = ctx.data.bills.find((b) => b.org_trace_no === text(req.org_trace_no));
    if (!bill || bill.doc_trace_no !== text(req.doc_trace_no)) throw failed('无此待结算单据', 'no such bill (org_trace_no / doc_trace_no)');
    const p = ctx.data.patients.find((x) => x.cert_no === bill.cert_no)!;
    const call_sn = callSn(ctx);
    const feesum = fen(req, 'feesum_amt');
    const parts = ['own_pay_amt', 'psn_acct_pay', 'fund_pay'].map((f) => fen(req, f));
    const refuse = (why: string) => ok({ result: 'fail', ret_msg: why, call_sn, balance: yuan(p.balance_fen) });
    if (bill.state !== 'unsettled') return refuse('单据已结算或正在结算 / the bill is settled or being settled');
    if (feesum !== bill.total_fen) return refuse(`费用总额与单据不符（应为 ${yuan(bill.total_fen)}） / feesum_amt differs from the bill`);
    if (text(req.own_pay_amt) !== '' && parts.reduce((a, b) => a + b, 0) !== feesum) {
      return refuse('own_pay_amt + psn_acct_pay + fund_pay 不等于费用总额 / the parts do not add up to feesum_amt');
    }
    ctx.data.preorders = ctx.data.preorders.filter((x) => x.org_trace_no !== bill.org_trace_no);
    ctx.data.preorders.push({
      org_trace_no: bill.org_trace_no, doc_trace_no: bill.doc_trace_no, call_sn, feesum_fen: feesum,
      deposit_fen: fen(req, 'deposit_amount'), used_patient_type: text(req.used_patient_type), trace_id: text(req.trace_id), at: cstTimestamp(),
    });
    ctx.store.save();
    return ok({ result: 'succ', call_sn, balance: yuan(p.balance_fen) });
  });
}
