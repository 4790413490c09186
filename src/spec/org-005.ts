// ORG_005 线上结算撤销 `/cancelRechargeSettle` — spec lines 4189-4410. Rows in the spec's order; the trailing
// comment of each row is its line in the spec text.
import { ACCOUNT_TYPE, CHANNEL_TYPE, DEPOSIT_TYPE, MDTRT_CERT_TYPE, SETTLE_RESULT } from './org-dictionaries.js';
import { OPERATOR_ID, OPERATOR_NAME, ORG_CODE, ORG_FAILURE_RESPONSE, RET_CODE_FIELD, RET_MSG_FIELD, SUB_ORG_CODE, TERM_NO } from './org-common.js';
import type { ConditionalRule, FieldSpec, OrgInterfaceSpec } from './types.js';

export const CANCEL_RECHARGE_SETTLE_REQUEST = [
  OPERATOR_ID,
  OPERATOR_NAME,
  TERM_NO,
  ORG_CODE,
  SUB_ORG_CODE,
  { name: 'mdtrt_cert_type', zh: '就诊凭证类型', type: 'String', maxLength: 10, required: true, enum: MDTRT_CERT_TYPE, note: '参考就诊凭证类型字典' },  // line 4249
  { name: 'mdtrt_cert_no', zh: '就诊凭证编号', type: 'String', maxLength: 40, required: true, note: '就诊凭证类型为“01”时填写电子凭证令牌，为“02”时填写身份证号，为“03”时填写社会保障卡卡号', sensitive: 'id' },  // line 4256
  { name: 'org_trace_no', zh: '机构系统跟踪号', type: 'String', maxLength: 40, required: true, note: '机构系统跟踪号，和拉取待结算时候返回的org_trace_no对应' },  // line 4263
  { name: 'doc_trace_no', zh: '单据流水号', type: 'String', maxLength: 40, required: true, note: '单据流水号和查询待结算时候返回的doc_trace_no对应' },  // line 4270
  { name: 'account_type', zh: '账户类型: 01:门诊账户 02:住院账户', type: 'String', maxLength: 10, required: false, enum: ACCOUNT_TYPE, note: '如果为空则默认为门诊' },  // line 4277
  { name: 'deposit_amount', zh: '充值金额', type: 'String', maxLength: 18, required: false, note: '用户通过“金融支付渠道”付费的金额', format: 'amount' },  // line 4286
  { name: 'deposit_type', zh: '充值方式 (自费金额支付方式)', type: 'String', maxLength: 10, required: false, enum: DEPOSIT_TYPE, note: '参考“充值方式”字典' },  // line 4293
  { name: 'channel_type', zh: '渠道类型', type: 'String', maxLength: 10, required: false, enum: CHANNEL_TYPE, note: '参考渠道类型字典' },  // line 4301
  { name: 'trace_id', zh: '平台结算流水号', type: 'String', maxLength: 40, required: false, note: '平台结算流水号，机构要做保存，后续开展对账功能可以进行使用' },  // line 4308
] as const satisfies readonly FieldSpec[];

export const CANCEL_RECHARGE_SETTLE_RESPONSE = [
  RET_CODE_FIELD,
  RET_MSG_FIELD,
  { name: 'result', zh: '交易结果状态码', type: 'String', maxLength: 100, required: true, enum: SETTLE_RESULT, note: '参考交易状态字典 该结果十分重要,请准确参考字典返回对应的状态码' },  // line 4338
  { name: 'balance', zh: '余额（元）', type: 'String', maxLength: 40, required: false, note: '', format: 'amount' },  // line 4346
] as const satisfies readonly FieldSpec[];

export const CANCEL_RECHARGE_SETTLE_RULES = [] as const satisfies readonly ConditionalRule[];

export const ORG_005: OrgInterfaceSpec = {
  id: 'ORG_005',
  method: 'cancelRechargeSettle',
  name: '线上结算撤销',
  suffix: '/cancelRechargeSettle',
  path: '/cancelRechargeSettle',
  description: '可选，针对挂号结算等线上结算场景的的结算撤销接口。',
  optional: true,
  specLines: '4189-4410',
  failureResponse: ORG_FAILURE_RESPONSE,
  request: CANCEL_RECHARGE_SETTLE_REQUEST,
  response: CANCEL_RECHARGE_SETTLE_RESPONSE,
  rules: CANCEL_RECHARGE_SETTLE_RULES,
};
