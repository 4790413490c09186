// ORG_007 机构预下订单 `/orgPreorder` — spec lines 4739-4982. Rows in the spec's order; the trailing
// comment of each row is its line in the spec text.
import { ACCOUNT_TYPE, CHANNEL_TYPE, DEPOSIT_TYPE, PATIENT_TYPE, SETTLE_RESULT } from './org-dictionaries.js';
import { OPERATOR_ID, OPERATOR_NAME, ORG_CODE, ORG_FAILURE_RESPONSE, RET_CODE_FIELD, RET_MSG_FIELD, SUB_ORG_CODE, TERM_NO } from './org-common.js';
import type { ConditionalRule, FieldSpec, OrgInterfaceSpec } from './types.js';

export const ORG_PREORDER_REQUEST = [
  OPERATOR_ID,
  OPERATOR_NAME,
  TERM_NO,
  ORG_CODE,
  SUB_ORG_CODE,
  { name: 'org_trace_no', zh: '机构系统跟踪号', type: 'String', maxLength: 40, required: true, note: '机构系统跟踪号，和拉取待结算时候返回的org_trace_no对应' },  // line 4801
  { name: 'doc_trace_no', zh: '单据流水号', type: 'String', maxLength: 40, required: true, note: '单据流水号和查询待结算时候返回的doc_trace_no对应' },  // line 4808
  { name: 'account_type', zh: '账户类型: 01:门诊账户 02:住院账户', type: 'String', maxLength: 10, required: false, enum: ACCOUNT_TYPE, note: '如果为空，则默认为门诊' },  // line 4815
  { name: 'feesum_amt', zh: '费用总额', type: 'String', maxLength: 18, required: true, note: '费用总额', format: 'amount' },  // line 4824
  { name: 'deposit_amount', zh: '现金支付金额', type: 'String', maxLength: 18, required: false, note: '线上现金支付额', format: 'amount' },  // line 4831
  { name: 'deposit_type', zh: '支付方式(自费金额支付方式)', type: 'String', maxLength: 10, required: false, enum: DEPOSIT_TYPE, note: '参考“充值方式”字典' },  // line 4838
  { name: 'channel_type', zh: '渠道类型', type: 'String', maxLength: 10, required: false, enum: CHANNEL_TYPE, note: '参考“渠道类型”字典' },  // line 4845
  { name: 'trace_id', zh: '平台结算流水号', type: 'String', maxLength: 40, required: false, note: '平台结算流水号，机构要进行保存，后续退款和开展对账功能可以进行使用' },  // line 4852
  { name: 'used_patient_type', zh: '实际使用的“患者费别”', type: 'String', maxLength: 10, required: true, enum: PATIENT_TYPE, note: '回写HIS实际用户线上结算所使用的费别，例如拉取待结算处方时机构所返回的“患者费别”为医保，但是在实际交互的过程中，平台如果发现病人在医保系统中查询不到对应的档案则会提示用户是否转为自费，此时就和机构所返回的“费别”存在不一致的问题，所以需要在这步再次给机构回写对应患者实际使用的“费别”' },  // line 4859
  { name: 'pay_ord_id', zh: '省医保移动支付中心订单号', type: 'String', maxLength: 40, required: false, note: '“费别”为医保时返回' },  // line 4866
  { name: 'psn_no', zh: '医保人员编号', type: 'String', maxLength: 40, required: false, note: '医保的人员编号', sensitive: 'id' },  // line 4873
  { name: 'own_pay_amt', zh: '个人现金支付额', type: 'String', maxLength: 20, required: false, note: '', format: 'amount' },  // line 4880
  { name: 'psn_acct_pay', zh: '医保个人账户支付额', type: 'String', maxLength: 20, required: false, note: '', format: 'amount' },  // line 4887
  { name: 'fund_pay', zh: '统筹基金支付额', type: 'String', maxLength: 20, required: false, note: '', format: 'amount' },  // line 4894
  { name: 'hs_ext_data', zh: '医保“预结算”的扩展参数', type: 'JSONString', maxLength: 4000, required: false, note: '各地医保移动支付中心的扩展参数（各地市可能不一样）', sensitive: 'id' },  // line 4901
] as const satisfies readonly FieldSpec[];

export const ORG_PREORDER_RESPONSE = [
  RET_CODE_FIELD,
  RET_MSG_FIELD,
  { name: 'result', zh: '交易结果状态码', type: 'String', maxLength: 100, required: true, enum: SETTLE_RESULT, note: '参考交易状态字典 该“出参”十分重要,请准确参考字典返回对应的状态码' },  // line 4931
  { name: 'call_sn', zh: '机构收费流水号', type: 'String', maxLength: 40, required: true, note: '' },  // line 4939
  { name: 'balance', zh: '用户院内余额', type: 'String', maxLength: 20, required: false, note: '“无预交金模式”返回0即可', format: 'amount' },  // line 4946
] as const satisfies readonly FieldSpec[];

export const ORG_PREORDER_RULES = [
  { id: 'orgPreorder.payOrdIdForInsured', direction: 'request',
    when: { field: 'used_patient_type', equals: '01' }, then: { field: 'pay_ord_id', required: true },
    note: 'pay_ord_id：“费别”为医保时返回（第4871行）' },
] as const satisfies readonly ConditionalRule[];

export const ORG_007: OrgInterfaceSpec = {
  id: 'ORG_007',
  method: 'orgPreorder',
  name: '机构预下订单',
  suffix: '/orgPreorder',
  path: '/orgPreorder',
  description: '此接口为可选接口，定点机构不一定需要提供，主要用于机构有需要“医保预结算结果”数据，我们将会在“医保预结算”结果出来后，调用支付渠道下单前调用此接口进行“预结算数据”回写 1. 机构预下订单可用于将医保反馈的预结算金额数据回写给到机构 2. 调用支付渠道下单前先调用机构预下单避免后续如果支付渠道异常或者医保结算异常时候机构这边没有对应的记录进行发起核验的操作',
  optional: true,
  specLines: '4739-4982',
  failureResponse: ORG_FAILURE_RESPONSE,
  request: ORG_PREORDER_REQUEST,
  response: ORG_PREORDER_RESPONSE,
  rules: ORG_PREORDER_RULES,
};
