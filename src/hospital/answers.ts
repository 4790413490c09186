// The answers the toolkit writes itself: failures (ret_code 01/02/99), with a ret_msg that
// says what is wrong without quoting the request, and the completion of a handler's answer.
import type { ValidationIssue } from '../spec/index.js';
import type { HospitalEndpoint } from './interfaces.js';

/** ret_msg is 100 characters at most (every ORG table). */
export const RET_MSG_MAX = 100;

export type FailureCode = '01' | '02' | '99';

const RULE_ZH: Readonly<Record<ValidationIssue['rule'], string>> = {
  required: '缺失',
  type: '类型错误',
  maxLength: '超长',
  enum: '不在字典取值内',
  format: '格式错误',
  conditional: '按条件必填或不允许',
  unknownField: '不在接口表中',
  keySpelling: '键名含空白',
};

/** Cuts to RET_MSG_MAX characters (code points), marking the cut. */
export function clip(text: string, max = RET_MSG_MAX): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** "请求校验失败：org_code缺失；account_type不在字典取值内 / invalid request: org_code required, …". */
export function issuesMessage(issues: readonly ValidationIssue[], zhHead: string, enHead: string): string {
  const errors = issues.filter((i) => i.severity === 'error');
  const where = (i: ValidationIssue) => i.field.replace(/\[\d+\]/g, '[]') || '(body)';
  const zh = [...new Set(errors.map((i) => `${where(i)}${RULE_ZH[i.rule]}`))].join('；');
  const en = [...new Set(errors.map((i) => `${where(i)} ${i.rule}`))].join(', ');
  return clip(`${zhHead}：${zh} / ${enHead}: ${en}`);
}

/**
 * A failure answer. 99 on an interface with `result` says result "exp" (异常，待核验); 01/02 say
 * nothing about the outcome ("非业务状态", lines 5478-5487): the toolkit never claims `fail`,
 * which would let the portal reverse a payment the hospital may have booked.
 */
export function failureAnswer(endpoint: HospitalEndpoint | undefined, code: FailureCode, message: string): Record<string, unknown> {
  const answer: Record<string, unknown> = { ret_code: code, ret_msg: clip(message) };
  if (code === '99' && endpoint?.hasResult) answer.result = 'exp';
  return answer;
}

/** The handler's answer with ret_code "00" / ret_msg "成功" filled in where left out. */
export function completeAnswer(answer: Record<string, unknown>): Record<string, unknown> {
  // A copy made by spreading and then given new keys gets a V8 hidden class of its own every
  // time (3 µs a call on node 20); Object.assign's copy takes the new keys at ~0.1 µs. Assign
  // would call the __proto__ setter for an own "__proto__" key (one JSON.parse can make): such
  // an answer keeps the spread.
  const out: Record<string, unknown> = Object.hasOwn(answer, '__proto__') ? { ...answer } : Object.assign({}, answer);
  if (out.ret_code === undefined || out.ret_code === null || out.ret_code === '') out.ret_code = '00';
  if (out.ret_msg === undefined || out.ret_msg === null || out.ret_msg === '') out.ret_msg = out.ret_code === '00' ? '成功' : '失败';
  return out;
}
