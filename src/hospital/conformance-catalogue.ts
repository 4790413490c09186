/**
 * Every conformance check: what it verifies, its level, and the spec section it rests on. The
 * spec's portal → hospital chapter is §3 (§3.1.2 交互规范, §3.2.1-§3.2.9 ORG_001-009) and its
 * dictionaries §4.1 (§4.1.1 ret_code … §4.1.7 mdtrt_cert_type); the spec numbers them so itself
 * ("本字典从4.1.7开始…", "2.4.1医疗消息推送章节"). docs/hospital.md lists the same table.
 */
import type { CheckLevel } from './conformance-context.js';
import { MALFORMED } from './conformance-malformed.js';
import { endpointFor } from './interfaces.js';

/** ORG_003/005/007/009: the calls that change the hospital's books. */
const changesState = (id: string) => endpointFor(id)?.changesState === true;

export interface CheckInfo {
  id: string;
  what: string;
  level: CheckLevel;
  source: string;
}

const IFACE: Record<string, string> = {
  ORG_001: '§3.2.1 查询账户信息（ORG_001）', ORG_002: '§3.2.2 查询费用列表（ORG_002）', ORG_003: '§3.2.3 机构结算确认（ORG_003）',
  ORG_004: '§3.2.4 查询结算结果（ORG_004）', ORG_005: '§3.2.5 线上结算撤销（ORG_005）', ORG_006: '§3.2.6 查询机构提醒（ORG_006）',
  ORG_007: '§3.2.7 机构预下订单（ORG_007）', ORG_008: '§3.2.8 医保对账获取（ORG_008）', ORG_009: '§3.2.9 医保异账撤销（ORG_009）',
};
const RULES = '§3.1.2 交互规范 (JSON; 先判别协议码 ret_code)';
const RET_CODE = '§4.1.1 机构返回码(ret_code)';
const RESULT = '§4.1.4 交易状态(result)';
const TRUTH = `${IFACE.ORG_004} 功能说明: 务必给到确切的结果`;

const response = (id: string, what: string): CheckInfo => ({ id: `${id}.response`, what, level: 'fail', source: `${IFACE[id]} 响应参数; ${RET_CODE}` });

function malformed(id: string): CheckInfo[] {
  const list: CheckInfo[] = [
    { id: `${id}.not-json`, what: 'a body that is not JSON answered in the spec’s shape: HTTP 200, ret_code 02 (or 01)', level: 'fail', source: `${RULES}; ${RET_CODE} 02 校验失败` },
    // Acting on a request that lacks a required field is a failure where it moves money (a
    // success claimed for a settlement that cannot be one); for a query, refusing is advice.
    changesState(id)
      ? { id: `${id}.missing-field`, what: 'a request without a required field (必填 Y) not answered as done: ret_code 02/01 (or 00 with result fail)', level: 'fail', source: `${IFACE[id]} 请求参数 必填; ${RESULT}; ${RET_CODE} 02 校验失败` }
      : { id: `${id}.missing-field`, what: 'a request without a required field (必填 Y) refused with ret_code 02 (or 01) (advice for a query)', level: 'warn', source: `${IFACE[id]} 请求参数 必填; ${RET_CODE} 02 校验失败` },
  ];
  if (MALFORMED[id]!.dict) {
    list.push({
      id: `${id}.bad-dict`, what: 'a value outside its dictionary refused (advice: the spec gives the dictionaries “供两定机构参考使用”)', level: 'warn',
      source: `§4.1 字典 (供两定机构参考使用); ${IFACE[id]} 请求参数`,
    });
  }
  return list;
}

/** In the order the portal's own flow meets them (and the checker runs them). */
export const CHECKS: readonly CheckInfo[] = [
  response('ORG_001', 'queryAccount finds the patient: ret_code 00, fields as the table says'),
  ...malformed('ORG_001'),
  response('ORG_002', 'queryUnsettleList answers per the table, unsettlelist/diaglist/rxlist included'),
  { id: 'ORG_002.bills', what: 'the patient has at least two unsettled bills to run the settlement checks on', level: 'fail', source: 'precondition of this checker, not a spec rule: without two bills the settlement checks cannot run' },
  {
    id: 'ORG_002.stable-trace', what: 'a bill keeps its org_trace_no from one queryUnsettleList to the next (the portal settles with the one the patient saw)', level: 'warn',
    source: `${IFACE.ORG_003} org_trace_no: 和拉取待结算时候返回的org_trace_no对应`,
  },
  ...malformed('ORG_002'),
  { id: 'ORG_004.unknown-trace', what: 'querySettleResult for an org_trace_no never settled is not succ', level: 'fail', source: `${TRUTH}; ${RESULT}` },
  response('ORG_007', 'orgPreorder (optional) accepts the pre-settlement: result succ, call_sn'),
  ...malformed('ORG_007'),
  response('ORG_003', 'rechargeSettle settles a bill: ret_code 00, result succ, call_sn'),
  {
    id: 'ORG_003.idempotent', what: 'the same rechargeSettle again: the same answer (never fail for a settled bill), settled once (not listed, balance moves once)', level: 'fail',
    source: `${TRUTH}; ${RESULT} fail: 平台自动冲销`,
  },
  {
    id: 'ORG_003.number-types', what: 'a rechargeSettle with amounts as JSON numbers and setl_time as epoch milliseconds is answered in the spec’s shape (ret_code), not with a crash', level: 'fail',
    source: `${RULES}; ${RET_CODE}`,
  },
  ...malformed('ORG_003'),
  { id: 'ORG_004.agrees', what: 'querySettleResult after rechargeSettle reports the same result', level: 'fail', source: TRUTH },
  ...malformed('ORG_004'),
  response('ORG_006', 'queryOrgTips (optional) for the settled bill answers per the table'),
  ...malformed('ORG_006'),
  { id: 'ORG_005.cancel-once', what: 'cancelRechargeSettle (optional) reverses the settlement once; ORG_004 no longer says succ', level: 'fail', source: `${IFACE.ORG_005}; ${TRUTH}` },
  ...malformed('ORG_005'),
  { id: 'ORG_003.slow-converges', what: 'a rechargeSettle abandoned before its answer, then querySettleResult, ends in one final state', level: 'fail', source: `${TRUTH}; ${RESULT}` },
  { id: 'ORG_004.by-trace', what: 'querySettleResult answers for the org_trace_no asked, not for the patient’s latest settlement', level: 'fail', source: `${IFACE.ORG_004} 请求参数 org_trace_no; ${TRUTH}` },
  {
    id: 'ORG_003.balance-concurrent', what: 'two bills settled at once, each from the hospital balance: never more succeeds than the balance allows, it never goes below 0 and moves by exactly what succeeded', level: 'fail',
    source: `${IFACE.ORG_003} 请求参数 hosp_balc_pay_amt (院内账户余额支付); ${IFACE.ORG_001} balance`,
  },
  response('ORG_008', 'orgHsTradeFile (optional) answers per the table'),
  ...malformed('ORG_008'),
  { id: 'ORG_009.unknown-settlement', what: 'the 医保异账撤销 interface (optional) does not answer 00 for an unknown setl_id', level: 'fail', source: `${IFACE.ORG_009}; ${RET_CODE} 00 成功` },
  ...malformed('ORG_009'),
];

export function checkInfo(id: string): CheckInfo | undefined {
  return CHECKS.find((c) => c.id === id);
}
