/**
 * The check bodies, in the order the portal's own flow would meet them. What each verifies, its
 * level and its spec section are in conformance-catalogue.ts; docs/hospital.md explains each.
 */
import { randomBytes } from 'node:crypto';
import { cstDate } from '../core/index.js';
import { fenToYuan, yuanToFen } from '../core/money.js';
import { describeOutcome as describe, type OrgCallOutcome } from '../org/index.js';
import type { CheckContext } from './conformance-context.js';
import { MALFORMED, malformedChecks } from './conformance-malformed.js';

export { CHECKS } from './conformance-catalogue.js';

type Json = Record<string, unknown>;
const hex = (n = 32) => randomBytes(n / 2).toString('hex');
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FINAL = ['succ', 'fail', 'closed'];

const notOffered = (r: OrgCallOutcome) => r.kind === 'http' && (r.status === 404 || r.status === 405 || r.status === 501);

/** A 自费 settlement of `bill`, paying `balcFen` from the hospital balance and the rest by WX. */
function settleRequest(c: CheckContext, bill: Json, balcFen: number, traceId: string): Json {
  const total = yuanToFen(str(bill.medfee_sumamt)) ?? 0;
  return {
    ...c.base, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no, org_trace_no: str(bill.org_trace_no),
    amp_trace_id: hex(), doc_trace_no: str(bill.doc_trace_no), account_type: '01', feesum_amt: fenToYuan(total),
    deposit_amount: fenToYuan(total - balcFen), hosp_balc_pay_amt: fenToYuan(balcFen), deposit_type: 'WX', channel_type: 'WX',
    trace_id: traceId, used_patient_type: '00', pay_chnl_trace_no: `4200${Date.now()}${hex(8)}`.slice(0, 32), mch_trace_no: `CHK_${hex(24)}`,
  };
}

export async function runChecks(c: CheckContext): Promise<void> {
  const accountReq = { ...c.base, ...c.who, account_type: '01' };
  const balance = async (): Promise<string | undefined> => {
    const r = await c.post('queryAccount', accountReq);
    return r.kind === 'answer' && r.body.ret_code === '00' && str(r.body.balance) !== '' ? str(r.body.balance) : undefined;
  };
  const unsettled = async (): Promise<Json[] | undefined> => {
    const r = await c.post('queryUnsettleList', { ...c.base, ...c.who, account_type: '01' });
    if (r.kind !== 'answer' || r.body.ret_code !== '00') return undefined;
    return Array.isArray(r.body.unsettlelist) ? (r.body.unsettlelist as Json[]) : [];
  };
  /** The same bill: by doc_trace_no when it has one (a HIS may re-mint org_trace_no, see ORG_002.stable-trace). */
  const same = (x: Json, y: Json) => (str(y.doc_trace_no) ? str(x.doc_trace_no) === str(y.doc_trace_no) : str(x.org_trace_no) === str(y.org_trace_no));
  const listed = async (bill: Json): Promise<boolean | undefined> => (await unsettled())?.some((b) => same(b, bill));
  /** The bill as a list fetched now shows it: the portal settles with what the patient just saw. */
  const fresh = async (bill: Json): Promise<Json> => (await unsettled())?.find((b) => same(b, bill)) ?? bill;
  const query = (org_trace_no: string) =>
    c.post('querySettleResult', { ...c.base, org_trace_no, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no });
  /** Records a table conformance check that also demands ret_code 00 (and result succ when asked). */
  const expectOk = (id: string, iface: string, r: OrgCallOutcome, req: Json, wantSucc = false): Json | undefined => {
    const v = c.conforms(iface, r, req);
    const usable = v.body && v.body.ret_code === '00' && (!wantSucc || v.body.result === 'succ') ? v.body : undefined;
    // A non-conforming answer fails this check only; what it says still feeds the later checks.
    if (!v.ok) c.record(id, 'fail', v.why);
    else if (!usable) c.record(id, 'fail', `${describe(r)}: ${str(v.body!.ret_msg)}`);
    // Only deviations the spec's own examples make (or lengths over the maximum): a warning.
    else c.record(id, v.warnings ? 'warn' : 'pass', v.why || describe(r));
    return usable;
  };

  // ORG_001: who the patient is.
  const acc = expectOk('ORG_001.response', 'ORG_001', await c.post('queryAccount', accountReq), accountReq);
  await malformedChecks(c, 'ORG_001');

  // ORG_002: what they owe.
  const listReq = { ...c.base, ...c.who, account_type: '01' };
  const list = expectOk('ORG_002.response', 'ORG_002', await c.post('queryUnsettleList', listReq), listReq);
  const bills = ((list?.unsettlelist ?? []) as Json[]).filter((b) => (yuanToFen(str(b.medfee_sumamt)) ?? 0) > 0);
  if (bills.length >= 2) c.record('ORG_002.bills', 'pass', `${bills.length} unsettled bills`);
  else c.record('ORG_002.bills', 'fail', `${bills.length} unsettled bill(s) with an amount; the settlement checks need two (add bills for this patient in the test HIS)`);
  if (list && c.wanted('ORG_002.stable-trace')) {
    const again = await unsettled();
    const changed = again ? bills.map((x) => ({ x, y: again.find((y) => same(y, x)) })).filter((p) => p.y && str(p.y.org_trace_no) !== str(p.x.org_trace_no)) : [];
    if (!again) c.record('ORG_002.stable-trace', 'skip', 'the second queryUnsettleList did not succeed');
    else if (!bills.length) c.record('ORG_002.stable-trace', 'skip', 'no bill to compare');
    else if (changed.length) {
      const { x, y } = changed[0]!;
      c.record('ORG_002.stable-trace', 'fail',
        `${changed.length} bill(s) got a new org_trace_no on the second queryUnsettleList (doc_trace_no ${str(x.doc_trace_no)}: ${str(x.org_trace_no)} → ${str(y!.org_trace_no)}). ` +
        'The portal settles with the org_trace_no of the list the patient saw; if anything lists the bills again in between (the patient reopens the page, a second device), ' +
        'ORG_003 arrives with a trace this HIS no longer knows: the patient has paid, the HIS refuses, and the portal reverses the payment or leaves it to be checked by hand');
    } else c.record('ORG_002.stable-trace', 'pass', `${bills.length} bill(s) listed twice with the same org_trace_no`);
  }
  await malformedChecks(c, 'ORG_002');

  // ORG_004 for a trace nobody settled, before this run settles anything: it must not be succ.
  {
    const unknownReq = { ...c.base, org_trace_no: hex(), mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no };
    const u = await c.post('querySettleResult', unknownReq);
    const v = c.conforms('ORG_004', u, unknownReq);
    if (v.body?.ret_code === '00' && v.body.result === 'succ') c.record('ORG_004.unknown-trace', 'fail', 'an org_trace_no that was never settled is reported as succ');
    else if (!v.ok) c.record('ORG_004.unknown-trace', 'fail', v.why);
    else c.record('ORG_004.unknown-trace', 'pass', describe(u));
  }

  const a = bills[0] ? await fresh(bills[0]) : undefined;
  const balance0 = acc ? str(acc.balance) : undefined;
  const balcFen = balance0 && (yuanToFen(balance0) ?? 0) >= 1 && a && (yuanToFen(str(a.medfee_sumamt)) ?? 0) >= 2 ? 1 : 0;
  const traceA = hex();
  const settleA = a ? settleRequest(c, a, balcFen, traceA) : undefined;

  // ORG_007 (optional): the pre-order the settlement must then match.
  if (settleA) {
    const preReq = {
      ...c.base, org_trace_no: settleA.org_trace_no, doc_trace_no: settleA.doc_trace_no, account_type: '01', feesum_amt: settleA.feesum_amt,
      deposit_amount: settleA.deposit_amount, deposit_type: 'WX', channel_type: 'WX', trace_id: traceA, used_patient_type: '00',
      own_pay_amt: settleA.feesum_amt, psn_acct_pay: '0.00', fund_pay: '0.00',
    };
    const pre = await c.post('orgPreorder', preReq);
    c.offered.set('orgPreorder', !notOffered(pre));
    if (notOffered(pre)) c.record('ORG_007.response', 'skip', 'not offered by this HIS (HTTP 404)');
    else expectOk('ORG_007.response', 'ORG_007', pre, preReq, true);
  } else c.record('ORG_007.response', 'skip', 'no bill to pre-order');
  await malformedChecks(c, 'ORG_007');

  // ORG_003: settle bill A, then the same request again.
  let first: Json | undefined;
  /** What ORG_004 last said of the first bill (succ, or closed once cancelled). */
  let stateA = '';
  if (settleA) {
    const before = await balance();
    first = expectOk('ORG_003.response', 'ORG_003', await c.post('rechargeSettle', settleA), settleA, true);
    stateA = str(first?.result);
    const balance1 = await balance();
    const again = await c.post('rechargeSettle', settleA);
    const balance2 = await balance();
    const problems: string[] = [];
    if (again.kind !== 'answer') problems.push(`the repeat got ${describe(again)}`);
    else if (first) {
      const was = str(first.result);
      const now = again.body.result;
      if (now === 'fail' && was === 'succ') {
        problems.push('the repeat of a settled rechargeSettle answered result="fail": the portal, which repeats ORG_003 after a timeout, would take this settled payment as failed and reverse it');
      } else if (now !== first.result) problems.push(`the repeat answered result=${JSON.stringify(now)}, the first ${JSON.stringify(first.result)}`);
      const sn1 = str(first.call_sn);
      const sn2 = str(again.body.call_sn);
      if (sn1 && !sn2 && now === first.result) problems.push(`the repeat has no call_sn (the first had ${sn1})`);
      else if (sn1 && sn2 && sn2 !== sn1) problems.push(`the repeat has another call_sn (${sn2} ≠ ${sn1}): settled twice?`);
    }
    if (first?.result === 'succ' && (await listed(a!)) === true) problems.push('ORG_002 still lists the settled bill');
    if (balance1 !== undefined && balance2 !== undefined && balance1 !== balance2) problems.push(`the balance moved again on the repeat (${balance1} → ${balance2})`);
    // Say what was seen of the balance, not what should have happened.
    const seen =
      balance1 === undefined || balance2 === undefined ? 'balance not reported by ORG_001'
      : before !== undefined && before !== balance1 ? `balance ${before} → ${balance1} on the settlement, unchanged by the repeat`
      : `balance ${balance1} unchanged by the settlement and the repeat${balcFen ? ` (hosp_balc_pay_amt was ${fenToYuan(balcFen)})` : ' (nothing paid from it)'}`;
    if (!first) c.record('ORG_003.idempotent', 'skip', 'the first rechargeSettle did not succeed');
    else c.record('ORG_003.idempotent', problems.length ? 'fail' : 'pass', problems.join('; ') || `same answer (call_sn ${str(first.call_sn) || '-'}), bill no longer listed, ${seen}`);
  } else {
    c.record('ORG_003.response', 'skip', 'no bill to settle');
    c.record('ORG_003.idempotent', 'skip', 'no bill to settle');
  }
  if (c.wanted('ORG_003.number-types')) {
    // What a Java portal may serialise: BigDecimal amounts as JSON numbers, a Date as epoch ms.
    // A bill nobody has (made-up trace numbers): the answer's shape is checked, nothing is paid.
    const fake = { org_trace_no: hex(), doc_trace_no: hex() };
    const typed: Json = {
      ...c.base, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no, ...fake, amp_trace_id: hex(), account_type: '01',
      feesum_amt: 12.5, deposit_amount: 12.5, hosp_balc_pay_amt: 0, deposit_type: 'WX', channel_type: 'WX', trace_id: hex(), used_patient_type: '00',
      pay_chnl_trace_no: `4200${hex(24)}`, mch_trace_no: `CHK_${hex(24)}`, psn_cash_pay: 12.5, acct_pay: 0, fund_pay_sumamt: 0, setl_time: Date.now(),
    };
    const r = await c.post('rechargeSettle', typed);
    const code = r.kind === 'answer' ? str(r.body.ret_code) : '';
    if (r.kind === 'answer' && ['00', '01', '02', '99'].includes(code) && typeof r.body.ret_code === 'string') {
      c.record('ORG_003.number-types', 'pass', `amounts as numbers, setl_time as epoch ms: ${describe(r)}`);
    } else {
      c.record('ORG_003.number-types', 'fail', `amounts as numbers, setl_time as epoch ms: ${describe(r)}; expected HTTP 200 with a ret_code from the dictionary (02 校验失败 is fine)`);
    }
  }
  await malformedChecks(c, 'ORG_003');

  // ORG_004: after the settlement, and for a trace nobody settled.
  if (settleA && first) {
    const qReq = { ...c.base, org_trace_no: settleA.org_trace_no, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no };
    const q = await query(str(settleA.org_trace_no));
    const v = c.conforms('ORG_004', q, qReq);
    if (!v.ok) c.record('ORG_004.agrees', 'fail', v.why);
    else if (v.body!.result !== first.result) c.record('ORG_004.agrees', 'fail', `ORG_004 says result=${JSON.stringify(v.body!.result)}, ORG_003 said ${JSON.stringify(first.result)}`);
    else if (str(v.body!.call_sn) && str(first.call_sn) && str(v.body!.call_sn) !== str(first.call_sn)) c.record('ORG_004.agrees', 'fail', `call_sn differs from ORG_003's`);
    else c.record('ORG_004.agrees', 'pass', `result=${str(first.result)} as ORG_003 said`);
  } else c.record('ORG_004.agrees', 'skip', 'no settlement to query');
  await malformedChecks(c, 'ORG_004');

  // ORG_006 (optional): tips for the settled bill.
  if (settleA && first) {
    const tipsReq = { ...c.base, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no, org_trace_no: settleA.org_trace_no, doc_trace_no: settleA.doc_trace_no };
    const t = await c.post('queryOrgTips', tipsReq);
    c.offered.set('queryOrgTips', !notOffered(t));
    if (notOffered(t)) c.record('ORG_006.response', 'skip', 'not offered by this HIS (HTTP 404)');
    else expectOk('ORG_006.response', 'ORG_006', t, tipsReq);
  } else c.record('ORG_006.response', 'skip', 'no settled bill');
  await malformedChecks(c, 'ORG_006');

  // ORG_005 (optional): cancel the first settlement, twice.
  if (settleA && first && c.wanted('ORG_005.cancel-once')) {
    const cancelReq = {
      ...c.base, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no, org_trace_no: settleA.org_trace_no,
      doc_trace_no: settleA.doc_trace_no, account_type: '01', deposit_amount: settleA.deposit_amount, deposit_type: 'WX', channel_type: 'WX', trace_id: traceA,
    };
    const before = await balance();
    const c1 = await c.post('cancelRechargeSettle', cancelReq);
    c.offered.set('cancelRechargeSettle', !notOffered(c1));
    if (notOffered(c1)) c.record('ORG_005.cancel-once', 'skip', 'not offered by this HIS (HTTP 404)');
    else {
      const v = c.conforms('ORG_005', c1, cancelReq);
      const problems: string[] = [];
      if (!v.ok) problems.push(v.why);
      else if (v.body!.ret_code !== '00' || v.body!.result !== 'succ') problems.push(`the cancellation got ${describe(c1)}: ${str(v.body!.ret_msg)}`);
      const after1 = await balance();
      const q = await query(str(settleA.org_trace_no));
      if (q.kind === 'answer' && q.body.result === 'succ') problems.push('ORG_004 still reports succ after the cancellation');
      if (q.kind === 'answer' && q.body.ret_code === '00') stateA = str(q.body.result);
      const c2 = await c.post('cancelRechargeSettle', cancelReq);
      const after2 = await balance();
      if (c2.kind !== 'answer') problems.push(`the repeated cancellation got ${describe(c2)}`);
      if (after1 !== undefined && after2 !== undefined && after1 !== after2) problems.push(`the repeated cancellation moved the balance again (${after1} → ${after2})`);
      c.record('ORG_005.cancel-once', problems.length ? 'fail' : 'pass', problems.join('; ') || `cancelled once${before !== undefined ? ` (balance ${before} → ${after1 ?? '?'}, unchanged by the repeat)` : ''}`);
    }
  } else c.record('ORG_005.cancel-once', 'skip', 'no settlement to cancel');
  await malformedChecks(c, 'ORG_005');

  // ORG_003 abandoned: the portal's client gives up right after sending; ORG_004 must converge.
  let settledB: { call_sn: string } | undefined;
  if (bills[1] && (c.wanted('ORG_003.slow-converges') || c.wanted('ORG_004.by-trace'))) {
    const settleB = settleRequest(c, await fresh(bills[1]), 0, hex());
    const tries = c.o.queryTries ?? 20;
    const interval = c.o.queryIntervalMs ?? 250;
    await c.post('rechargeSettle', settleB, { giveUpAfterSentMs: 5 });
    let final: string | undefined;
    let last = '';
    for (let i = 0; i < tries && !final; i++) {
      if (i > 0) await sleep(interval);
      const q = await query(str(settleB.org_trace_no));
      last = describe(q);
      if (q.kind === 'answer' && q.body.ret_code === '00' && FINAL.includes(str(q.body.result))) final = str(q.body.result);
    }
    if (!final) c.record('ORG_003.slow-converges', 'fail', `ORG_004 gave no final result in ${tries} queries (last: ${last})`);
    else {
      // Time for a settlement still running to finish: a later answer must not contradict the first.
      await sleep(interval * 2);
      const later = await query(str(settleB.org_trace_no));
      const laterResult = later.kind === 'answer' ? str(later.body.result) : describe(later);
      const stillListed = await listed(settleB);
      const problems: string[] = [];
      if (laterResult !== final) problems.push(`ORG_004 first said ${final}, later ${laterResult}`);
      if (final === 'succ' && stillListed === true) problems.push('ORG_004 says succ but ORG_002 still lists the bill');
      if (final !== 'succ' && stillListed === false && laterResult !== 'closed') problems.push(`ORG_004 says ${final} but the bill is gone from ORG_002 (settled after all?)`);
      if (final === 'succ') {
        const repeat = await c.post('rechargeSettle', settleB);
        // A result outside the dictionary is ORG_003.response's finding, not a contradiction.
        if (repeat.kind !== 'answer' || ['fail', 'closed', 'exp'].includes(str(repeat.body.result))) problems.push(`the portal's retry of ORG_003 got ${describe(repeat)}, ORG_004 said succ`);
        const sn = (repeat.kind === 'answer' ? str(repeat.body.call_sn) : '') || (later.kind === 'answer' ? str(later.body.call_sn) : '');
        settledB = { call_sn: sn };
      }
      c.record('ORG_003.slow-converges', problems.length ? 'fail' : 'pass', problems.join('; ') || `converged to ${final}`);
    }
  } else c.record('ORG_003.slow-converges', 'skip', 'needs a second unsettled bill');

  // ORG_004 for the first bill, now that the patient has a later settlement: still the first bill's.
  if (settleA && first && settledB) {
    const q = await query(str(settleA.org_trace_no));
    const snA = str(first.call_sn);
    if (q.kind !== 'answer' || q.body.ret_code !== '00') c.record('ORG_004.by-trace', 'fail', `ORG_004 for the first bill got ${describe(q)}`);
    else {
      const sn = str(q.body.call_sn);
      const result = str(q.body.result);
      if (sn && settledB.call_sn && sn === settledB.call_sn && sn !== snA) {
        c.record('ORG_004.by-trace', 'fail', `ORG_004 for the first bill answered with the call_sn of the second (${sn}), the patient's latest settlement: it answers by patient, not for the org_trace_no asked`);
      } else if (result !== stateA) {
        c.record('ORG_004.by-trace', 'fail', `ORG_004 for the first bill now says result=${JSON.stringify(q.body.result)}; it said ${stateA} before the second bill was settled`);
      } else if (sn && snA && sn !== snA) c.record('ORG_004.by-trace', 'fail', `ORG_004 for the first bill answered call_sn ${sn}; its settlement had ${snA}`);
      else c.record('ORG_004.by-trace', 'pass', `result=${result}${sn ? ` call_sn ${sn}` : ''} for the org_trace_no asked, after a later settlement${sn || snA ? '' : ' (no call_sn to tell settlements apart)'}`);
    }
  } else c.record('ORG_004.by-trace', 'skip', 'needs two settlements of this run');

  // ORG_003 at once for two bills of one patient, each paying from the balance.
  if (c.wanted('ORG_003.balance-concurrent')) await concurrentFromBalance(c, balance, query);

  // ORG_008 (optional): today's 医保 reconciliation.
  {
    const today = cstDate();
    const fileReq = { ...c.base, stmt_begndate: today, stmt_enddate: today, page_no: 1, page_size: 100 };
    const f = await c.post('orgHsTradeFile', fileReq);
    c.offered.set('orgHsTradeFile', !notOffered(f));
    if (notOffered(f)) c.record('ORG_008.response', 'skip', 'not offered by this HIS (HTTP 404)');
    else {
      const v = c.conforms('ORG_008', f, fileReq);
      if (!v.ok) c.record('ORG_008.response', 'fail', v.why);
      else if (v.body!.ret_code !== undefined && v.body!.ret_code !== '00') c.record('ORG_008.response', 'fail', `${describe(f)}: ${str(v.body!.ret_msg)}`);
      else c.record('ORG_008.response', 'pass', v.why || `${str(v.body!.fixmedins_setl_cnt) || 0} settlement(s)`);
    }
  }
  await malformedChecks(c, 'ORG_008');

  // ORG_009 (optional): an unknown settlement cannot be revoked.
  {
    const revokeReq = MALFORMED.ORG_009!.request(c);
    const r = await c.post('orgHsTradeRevoke', revokeReq);
    c.offered.set('orgHsTradeRevoke', !notOffered(r));
    if (notOffered(r)) c.record('ORG_009.unknown-settlement', 'skip', 'not offered by this HIS (HTTP 404)');
    else if (r.kind !== 'answer') c.record('ORG_009.unknown-settlement', 'fail', describe(r));
    else if (r.body.ret_code === '00') c.record('ORG_009.unknown-settlement', 'fail', 'an unknown setl_id was "revoked" (ret_code 00)');
    else {
      const v = c.conforms('ORG_009', r, revokeReq);
      c.record('ORG_009.unknown-settlement', v.ok ? 'pass' : 'fail', v.ok ? describe(r) : v.why);
    }
  }
  await malformedChecks(c, 'ORG_009');
}

/**
 * Two ORG_003 at once for two bills of the patient, each paying as much of its total as the
 * balance holds (so that together they exceed it whenever the bills allow). A HIS that checks the
 * balance, awaits, then debits lets both pass and overdraws; one that reads, awaits and writes
 * back loses a debit. Settlements that succeeded are cancelled again when ORG_005 is offered.
 */
async function concurrentFromBalance(
  c: CheckContext,
  balance: () => Promise<string | undefined>,
  query: (org_trace_no: string) => Promise<OrgCallOutcome>,
): Promise<void> {
  const id = 'ORG_003.balance-concurrent';
  const before = await balance();
  const b0 = before === undefined ? undefined : yuanToFen(before);
  if (b0 === undefined || b0 === null) return c.record(id, 'skip', 'ORG_001 gives no balance for this patient');
  if (b0 <= 0) return c.record(id, 'skip', `the patient's balance is ${before}: nothing to pay from it`);
  const r = await c.post('queryUnsettleList', { ...c.base, ...c.who, account_type: '01' });
  const bills = r.kind === 'answer' && r.body.ret_code === '00'
    ? ((r.body.unsettlelist ?? []) as Json[]).filter((x) => (yuanToFen(str(x.medfee_sumamt)) ?? 0) > 0)
    : [];
  if (bills.length < 2) return c.record(id, 'skip', `needs two unsettled bills, ORG_002 lists ${bills.length}`);
  // The two largest: the likeliest pair to exceed the balance together.
  const largest = [...bills].sort((x, y) => (yuanToFen(str(y.medfee_sumamt)) ?? 0) - (yuanToFen(str(x.medfee_sumamt)) ?? 0));
  const pair = largest.slice(0, 2).map((bill) => {
    const pay = Math.min(yuanToFen(str(bill.medfee_sumamt)) ?? 0, b0);
    return { bill, pay, req: settleRequest(c, bill, pay, hex()) };
  });
  const asked = pair.reduce((sum, x) => sum + x.pay, 0);

  const answers = await Promise.all(pair.map((x) => c.post('rechargeSettle', x.req)));
  // What each settlement came to: its answer when final, else what ORG_004 says (bounded polling).
  const finals: (string | undefined)[] = [];
  for (const [i, x] of pair.entries()) {
    const a = answers[i]!;
    let final = a.kind === 'answer' && a.body.ret_code === '00' && FINAL.includes(str(a.body.result)) ? str(a.body.result) : undefined;
    for (let t = 0; t < (c.o.queryTries ?? 20) && !final; t++) {
      if (t > 0) await sleep(c.o.queryIntervalMs ?? 250);
      const q = await query(str(x.req.org_trace_no));
      if (q.kind === 'answer' && q.body.ret_code === '00' && FINAL.includes(str(q.body.result))) final = str(q.body.result);
    }
    finals.push(final);
  }
  const after = await balance();
  const b1 = after === undefined ? undefined : yuanToFen(after);
  const paid = pair.filter((_, i) => finals[i] === 'succ').reduce((sum, x) => sum + x.pay, 0);
  const succeeded = finals.filter((f) => f === 'succ').length;

  const problems: string[] = [];
  if (finals.some((f) => f === undefined)) problems.push('ORG_004 gave no final result for one of them');
  if (succeeded === 2 && asked > b0) problems.push(`both settled, paying ${fenToYuan(asked)} from a balance of ${before}: overdrawn`);
  if (b1 !== undefined && b1 !== null) {
    if (b1 < 0) problems.push(`the balance went below zero (${after})`);
    else if (b0 - b1 !== paid) problems.push(`the balance moved by ${fenToYuan(b0 - b1)} (${before} → ${after}), the settlements that succeeded paid ${fenToYuan(paid)}`);
  }
  const outcome = `${succeeded} of 2 settled (${fenToYuan(pair[0]!.pay)} + ${fenToYuan(pair[1]!.pay)} from a balance of ${before}${after !== undefined ? `, now ${after}` : ''})`;
  c.record(id, problems.length ? 'fail' : 'pass', problems.join('; ') || outcome);

  // Give the money back where the HIS can: the checker must leave the test patient as it found them.
  if (c.offered.get('cancelRechargeSettle') === false) return;
  for (const [i, x] of pair.entries()) {
    if (finals[i] !== 'succ') continue;
    await c.post('cancelRechargeSettle', {
      ...c.base, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no, org_trace_no: x.req.org_trace_no,
      doc_trace_no: x.req.doc_trace_no, account_type: '01', deposit_amount: x.req.deposit_amount, deposit_type: 'WX', channel_type: 'WX',
      trace_id: x.req.trace_id,
    });
  }
}
