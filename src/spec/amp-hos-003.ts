// AMP_HOS_003 查询退款结果 — spec lines 857-987. Rows in the spec's order.
import { TRADE_STATUS } from './dictionaries.js';
import type { ConditionalRule, FieldSpec, InterfaceSpec } from './types.js';

const SUB_ORG_NOTE = '内部机构编号，以用来区分分院或者基卫，如果为空则默认为本院，该字典需由定点机构提供';

export const QUERY_REFUND_RESULT_REQUEST = [
  { name: 'ampRefundId', zh: 'AMP_HOS_002接口返回的ampRefundId', type: 'String', maxLength: 40, required: false,
    note: '推荐进行传入，系统可以更快的找到对应的原记录' },
  { name: 'refundTraceId', zh: 'AMP_HOS_002接口返回的refundTraceId', type: 'String', maxLength: 40, required: false,
    note: '推荐进行传入，系统可以更快的找到对应的原记录' },
  { name: 'orgCode', zh: '机构编号(国标医院编码)', type: 'String', maxLength: 40, required: true,
    note: '机构的国家统一编码' },
  { name: 'subOrgCode', zh: '分院编号', type: 'String', maxLength: 40, required: false, note: SUB_ORG_NOTE },
  { name: 'outRefundNo', zh: '外部退款流水号，每个机构内保证唯一', type: 'String', maxLength: 40, required: true,
    note: '每个机构内保证唯一' },
] as const satisfies readonly FieldSpec[];

export const QUERY_REFUND_RESULT_RESPONSE = [
  { name: 'refundTraceId', zh: '平台退款流水号', type: 'String', maxLength: 40, required: true, note: '' },
  { name: 'ampRefundId', zh: '区域平台退款流水号', type: 'String', maxLength: 40, required: true, note: '' },
  { name: 'payChnlRefundSn', zh: '支付渠道退款流水号', type: 'String', maxLength: 40, required: false, note: '' },
  { name: 'traceId', zh: '平台缴费单流水号', type: 'String', maxLength: 40, required: true, note: '' },
  { name: 'payChnlOrdSn', zh: '支付渠道流水号', type: 'String', maxLength: 40, required: false, note: '' },
  { name: 'payOrdId', zh: '省医保平台订单号', type: 'String', maxLength: 40, required: false, note: '' },
  // Unlike AMP_HOS_002's response, tradeStatus is required here (line 972).
  { name: 'tradeStatus', zh: '交易状态', type: 'String', maxLength: 10, required: true, enum: TRADE_STATUS,
    note: 'SUCCESS 成功 FAIL 失败 INIT 初始化 REFUND 全额退款 EXP 系统异常，待核验 ING 处理中' },
  { name: 'tradeStatusDesc', zh: '交易状态描述', type: 'String', maxLength: 500, required: false,
    note: '交易状态描述' },
] as const satisfies readonly FieldSpec[];

// The 说明 column states no conditional requirement: ampRefundId / refundTraceId are only
// "推荐进行传入" (recommended), and outRefundNo is required on its own.
export const QUERY_REFUND_RESULT_RULES = [] as const satisfies readonly ConditionalRule[];

export const AMP_HOS_003: InterfaceSpec = {
  id: 'AMP_HOS_003',
  name: '查询退款结果',
  suffix: '/queryRefundResult',
  path: '/api/amp/hos/queryRefundResult',
  description: '调用AMP_HOS_002平台退款申请接口后，根据此状态来查询对应的退款具体结果',
  optional: false,
  specLines: '857-987',
  request: QUERY_REFUND_RESULT_REQUEST,
  response: QUERY_REFUND_RESULT_RESPONSE,
  rules: QUERY_REFUND_RESULT_RULES,
  policy: { idempotent: true },
};
