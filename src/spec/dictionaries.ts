// Value lists written in the 说明 column of AMP_HOS_001..004, with their Chinese labels.
// Line numbers refer to the specification text as received (docs/spec-notes.md indexes it).
import type { EnumValue } from './types.js';

/** appType 应用类型 (AMP_HOS_001, lines 474-478). */
export const APP_TYPE = [
  { value: '01', zh: '门诊' },
  { value: '02', zh: '住院' },
  { value: '03', zh: '挂号' },
  { value: '04', zh: '线上' },
] as const satisfies readonly EnumValue[];

/** orderStatus 订单状态 (AMP_HOS_001, lines 515-519). */
export const ORDER_STATUS = [
  { value: 'MERCHANT_WAIT_PAY', zh: '待支付' },
  { value: 'MERCHANT_PAID', zh: '已支付' },
  { value: 'MERCHANT_PART_REFUNDED', zh: '已部分退款' },
  { value: 'MERCHANT_REFUNDED', zh: '已全额退款' },
  { value: 'MERCHANT_CLOSED', zh: '已取消' },
] as const satisfies readonly EnumValue[];

/**
 * pushType 推送类型 (AMP_HOS_001, lines 561-564). Note the spec documents a max length of 10
 * for this field while every value is longer (defect; see leniency.ts).
 */
export const PUSH_TYPE = [
  { value: 'HOSPITAL_APPOINTMENT', zh: '挂号单' },
  { value: 'HOSPITAL_CHECK', zh: '检查单' },
  { value: 'HOSPITAL_MEDICINE', zh: '医药单' },
  { value: 'HOSPITAL_PAYMENT', zh: '支付单' },
] as const satisfies readonly EnumValue[];

/** response 推送结果 (AMP_HOS_001 response, lines 683-685). */
export const PUSH_RESPONSE = [
  { value: 'SUCCESS', zh: '成功' },
  { value: 'ERROR', zh: '失败' },
  { value: 'INVALID_PUSH_TYPE', zh: '无效的推送' },
] as const satisfies readonly EnumValue[];

/** refundType 退款类型 (AMP_HOS_002, lines 768-770; absent means 01). */
export const REFUND_TYPE = [
  { value: '01', zh: '退“线上自费”' },
  { value: '02', zh: '退“医保和线上自费”' },
] as const satisfies readonly EnumValue[];

/** tradeStatus 交易状态 (AMP_HOS_002 lines 842-847, AMP_HOS_003 lines 973-978). */
export const TRADE_STATUS = [
  { value: 'SUCCESS', zh: '成功' },
  { value: 'FAIL', zh: '失败' },
  { value: 'INIT', zh: '初始化' },
  { value: 'REFUND', zh: '全额退款' },
  { value: 'EXP', zh: '系统异常，待核验' },
  { value: 'ING', zh: '处理中' },
] as const satisfies readonly EnumValue[];

/** billType 账单类型 (AMP_HOS_004, lines 1047-1050). */
export const BILL_TYPE = [
  { value: 'ALL', zh: '全部对账单' },
  { value: 'REFUND', zh: '退款对账单' },
  { value: 'CONSUME', zh: '消费对账单' },
] as const satisfies readonly EnumValue[];

/** digestType 文件摘要类型 (AMP_HOS_004 response, lines 1077-1081: "现在固定使用SHA1算法"). */
export const DIGEST_TYPE = [{ value: 'SHA1', zh: 'SHA1算法' }] as const satisfies readonly EnumValue[];

/** The string values of a dictionary, as a union type. */
export type DictValue<T extends readonly EnumValue[]> = T[number]['value'];
