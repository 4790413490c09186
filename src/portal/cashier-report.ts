/**
 * What `onetrans portal pay` prints: each exchange (request and answer, already masked; the
 * bills' diaglist/rxlist shortened to a count) and the outcome per bill.
 */
import type { CashierOutcome, CashierStep } from './cashier.js';

const NAMES: Record<string, string> = {
  ORG_001: '查询账户信息', ORG_002: '查询费用列表', ORG_003: '机构结算确认', ORG_004: '查询结算结果',
  ORG_005: '线上结算撤销', ORG_006: '查询机构提醒', ORG_007: '机构预下订单', ORG_008: '医保对账获取', ORG_009: '医保异账撤销',
};

/** Long nested lists become "[n items]" so a step stays readable; --json keeps everything. */
function shorten(v: unknown, depth = 0): unknown {
  if (Array.isArray(v)) return depth > 0 && v.length > 0 && typeof v[0] === 'object' ? `[${v.length} items]` : v.map((x) => shorten(x, depth + 1));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ['diaglist', 'rxlist'].includes(k) ? shorten(x, 1) : shorten(x, depth)]));
  return v;
}

export function formatStep(s: CashierStep): string[] {
  const head = `${s.interfaceId} ${s.method} ${NAMES[s.interfaceId] ?? ''}${s.note ? ` (${s.note})` : ''}`;
  const lines = [`→ ${head}`, `  request  ${JSON.stringify(s.request)}`];
  if (s.outcome === 'answer') lines.push(`  answer   HTTP ${s.status} in ${s.ms} ms ${JSON.stringify(shorten(s.response))}`);
  else if (s.outcome === 'http') lines.push(`  answer   HTTP ${s.status} in ${s.ms} ms, not a JSON answer: ${JSON.stringify(s.response)}`);
  else if (s.outcome === 'timeout') lines.push(`  answer   none within ${s.ms} ms (timeout: outcome unknown)`);
  else lines.push(`  answer   none: network error after ${s.ms} ms`);
  return lines;
}

export function formatOutcome(o: CashierOutcome): string[] {
  if (o.error) return [`支付未进行 / nothing paid: ${o.error}`];
  const lines = [`收银台结果 / cashier outcome: ${o.ok ? 'OK' : 'NOT OK'}${o.preorderOffered === false ? ' (ORG_007 not offered by this HIS)' : ''}`];
  for (const p of o.payments) {
    lines.push(`  bill org_trace_no=${p.org_trace_no} doc_trace_no=${p.doc_trace_no} feesum_amt=${p.feesum_amt} used_patient_type=${p.used_patient_type}`);
    lines.push(`    split fund_pay_sumamt=${p.fund_pay_sumamt} acct_pay=${p.acct_pay} psn_cash_pay=${p.psn_cash_pay}`);
    lines.push(`    amp_trace_id=${p.amp_trace_id} trace_id=${p.trace_id} mch_trace_no=${p.mch_trace_no} pay_chnl_trace_no=${p.pay_chnl_trace_no}`);
    lines.push(`    result=${p.result}${p.call_sn ? ` call_sn=${p.call_sn}` : ''}${p.queries ? ` after ${p.queries} ORG_004 queries` : ''} ledger=${p.ledger}`);
    if (p.ret_msg) lines.push(`    ${p.ret_msg}`);
  }
  return lines;
}
