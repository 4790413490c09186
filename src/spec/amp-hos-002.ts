// AMP_HOS_002 平台退款申请 — spec lines 688-856. Rows in the spec's order.
import { REFUND_TYPE, TRADE_STATUS } from './dictionaries.js';
import type { ConditionalRule, FieldSpec, InterfaceSpec } from './types.js';

const SUB_ORG_NOTE = '内部机构编号，以用来区分分院或者基卫，如果为空则默认为本院，该字典需由定点机构提供';

export const REFUND_REQUEST = [
  { name: 'ampTraceId', zh: '区域医保结算单据跟踪号', type: 'String', maxLength: 40, required: true,
    note: '区域医保支付门户系统跟踪号，在ORG_003接口会写入给到机构，机构需要进行存储，需要进行线上自费退款时会用到' },
  { name: 'traceId', zh: '区域医保支付门户结算跟踪号', type: 'String', maxLength: 40, required: true,
    note: '平台结算跟踪号，在ORG_003接口会写入给到机构，机构需要进行存储，需要进行线上自费退款时会用到' },
  { name: 'orgTraceNo', zh: '机构交易订单号', type: 'String', maxLength: 100, required: true,
    note: '该值与接口ORG_002(查询待结算费用列表与明细) 的返回值org_trace_no一样' },
  { name: 'orgCode', zh: '机构编号(国标医院编码)', type: 'String', maxLength: 40, required: true,
    note: '机构的国家统一编码' },
  { name: 'subOrgCode', zh: '分院编号', type: 'String', maxLength: 40, required: false, note: SUB_ORG_NOTE },
  { name: 'refundReason', zh: '退款原因', type: 'String', maxLength: 100, required: true, note: '' },
  // Amounts are in yuan (金额统一单位 元, lines 35-36).
  { name: 'refundAmount', zh: '退款金额', type: 'String', maxLength: 18, required: false,
    note: 'refundType为01，仅退自费时才允许传入退款金额，如果没有传入默认退全款', format: 'amount' },
  { name: 'refundType', zh: '退款类型', type: 'String', maxLength: 10, required: false,
    enum: REFUND_TYPE,
    // The first sentence stands in the spec's 参数名称 cell (line 764).
    note: '如果传02，则只支持全额退款（医保和自费全额进行退款）。如果没有传入默认只退自费部分，如果有传入则至此对应类型的退款 01 退“线上自费” 02 退“医保和线上自费”' },
  { name: 'outRefundNo', zh: '外部退款流水号', type: 'String', maxLength: 40, required: true,
    // The spec's 参数名称 cell carries the explanation; 说明 says only 每个机构内保证唯一.
    note: '每个机构内保证唯一（参数名称栏：外部退款流水号，到时候查询退款结果根据此订单号可以进行查询，每个机构内保证唯一）' },
  { name: 'orgRefundSn', zh: '机构退款流水号', type: 'String', maxLength: 40, required: true,
    note: '自行调用机构系统进行退款后机构的退款订单号' },
] as const satisfies readonly FieldSpec[];

export const REFUND_RESPONSE = [
  { name: 'refundTraceId', zh: '区域医保支付门户退款流水号', type: 'String', maxLength: 40, required: true, note: '' },
  // The spec's 参数名称 is cut short here ("区域医保支付门户", line 803).
  { name: 'ampRefundId', zh: '区域医保支付门户', type: 'String', maxLength: 40, required: true, note: '' },
  { name: 'payChnlRefundSn', zh: '支付渠道退款流水号', type: 'String', maxLength: 40, required: false, note: '' },
  { name: 'traceId', zh: '区域医保支付门户结算跟踪号', type: 'String', maxLength: 40, required: true, note: '' },
  { name: 'payChnlOrdSn', zh: '支付渠道流水号', type: 'String', maxLength: 40, required: false, note: '' },
  { name: 'payOrdId', zh: '省医保平台订单号', type: 'String', maxLength: 40, required: false, note: '' },
  { name: 'tradeStatus', zh: '交易状态', type: 'String', maxLength: 10, required: false, enum: TRADE_STATUS,
    note: 'SUCCESS 成功 FAIL 失败 INIT 初始化 REFUND 全额退款 EXP 系统异常，待核验 ING 处理中' },
  { name: 'tradeStatusDesc', zh: '交易状态描述', type: 'String', maxLength: 500, required: false,
    note: '交易状态描述' },
] as const satisfies readonly FieldSpec[];

export const REFUND_RULES = [
  // "refundType为01，仅退自费时才允许传入退款金额" (line 760) with "如果没有传入默认只退自费部分"
  // (line 768): an amount is allowed when refundType is 01 or absent, so any other present
  // value forbids it.
  { id: 'refund.amountOnlyForSelfPay', direction: 'request',
    when: { field: 'refundType', notIn: ['01'] },
    then: { field: 'refundAmount', forbidden: true },
    note: 'refundAmount：refundType为01，仅退自费时才允许传入退款金额（第760行）；传02则只支持全额退款（第764行）' },
] as const satisfies readonly ConditionalRule[];

export const AMP_HOS_002: InterfaceSpec = {
  id: 'AMP_HOS_002',
  name: '平台退款申请',
  suffix: '/refund',
  path: '/api/amp/hos/refund',
  description:
    '线上医保移动支付完成的结算订单，可通过此接口进行退款，接口中（refundType为01支持“仅退自费部分”；refundType为02时支持“医保+自费款全额退”），不支持“仅退医保金额不退自费”的情况，refundType=03情况（冲销）。',
  optional: false,
  specLines: '688-856',
  request: REFUND_REQUEST,
  response: REFUND_RESPONSE,
  rules: REFUND_RULES,
  // Money moves: a lost answer is settled by queryRefundResult with the same outRefundNo.
  policy: { idempotent: false, outcomeUnknown: { key: 'outRefundNo', settledBy: '/queryRefundResult' } },
};
