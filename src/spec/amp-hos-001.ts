// AMP_HOS_001 医疗消息推送 — spec lines 425-687. Rows in the spec's order.
import { APP_TYPE, ORDER_STATUS, PUSH_RESPONSE, PUSH_TYPE } from './dictionaries.js';
import type { ConditionalRule, FieldSpec, InterfaceSpec } from './types.js';

/** 当推送类型是支付单或检查单或挂号单类型时候才需要填写 (lines 593-628, six rows share it). */
const DEPT_NOTE = '当推送类型是支付单或检查单或挂号单类型时候才需要填写';
const SUB_ORG_NOTE = '内部机构编号，以用来区分分院或者基卫，如果为空则默认为本院，该字典需由定点机构提供';

export const PUSH_MSG_REQUEST = [
  { name: 'hisCustType', zh: '院内证件类型', type: 'String', maxLength: 10, required: true,
    note: '等同于ORG_001的his_cust_list内的his_cust_type' },
  { name: 'hisCustId', zh: '院内证件号', type: 'String', maxLength: 40, required: true,
    note: '等同于ORG_001的his_cust_list内的his_cust_id', sensitive: 'id' },
  { name: 'phone', zh: '用户手机号', type: 'String', maxLength: 20, required: true, note: '',
    sensitive: 'phone' },
  { name: 'appType', zh: '应用类型', type: 'String', maxLength: 10, required: true,
    enum: APP_TYPE, note: '应用类型 01 门诊 02 住院 03 挂号 04 线上' },
  { name: 'medOrgOrd', zh: '医疗机构订单号', type: 'String', maxLength: 40, required: true,
    note: '医疗机构的订单号，必填，通过这个单号来回查推送的详情数据' },
  { name: 'subOrgCode', zh: '分院编号', type: 'String', maxLength: 40, required: false,
    note: SUB_ORG_NOTE },
  // The spec's "只有pushType未支付单" (line 501) is a typo for 支付单 (README defect list).
  { name: 'refundReason', zh: '退款原因', type: 'String', maxLength: 100, required: false,
    note: '只有pushType未支付单，且状态为已退款或已部分退款的时候才需要进行填写' },
  { name: 'payOrdId', zh: '省医保移动支付中心下单Id', type: 'String', maxLength: 40, required: false,
    note: '省医保移动支付中心订单号，如果自行上传了省医保移动支付中心的情况下才需要进行填写' },
  { name: 'orderStatus', zh: '订单状态', type: 'String', maxLength: 40, required: true,
    enum: ORDER_STATUS,
    note: 'pushType类型为HOSPITAL_PAYMENT时必填 MERCHANT_WAIT_PAY 待支付 MERCHANT_PAID 已支付 MERCHANT_PART_REFUNDED 已部分退款 MERCHANT_REFUNDED 已全额退款 MERCHANT_CLOSED 已取消' },
  { name: 'orgCode', zh: '机构代码', type: 'String', maxLength: 40, required: true,
    note: '机构国家统一编码，必填' },
  { name: 'patientName', zh: '用户名', type: 'String', maxLength: 100, required: true,
    note: '用户姓名，必填', sensitive: 'name' },
  { name: 'idType', zh: '证件类型', type: 'String', maxLength: 10, required: true,
    note: '用户证件类型，必填' },
  { name: 'idNo', zh: '证件号', type: 'String', maxLength: 30, required: true,
    note: '用户证件号，必填', sensitive: 'id' },
  { name: 'takeMedicineLoc', zh: '取药地址', type: 'String', maxLength: 200, required: false,
    note: '只有当pushType为医药单，且状态为已支付的情况下才需要填写此取药地址进行取药信息推送' },
  // Documented max length 10, yet every value is 14-20 long (defect; see leniency.ts).
  { name: 'pushType', zh: '推送类型', type: 'String', maxLength: 10, required: true,
    enum: PUSH_TYPE,
    note: 'HOSPITAL_APPOINTMENT挂号单 HOSPITAL_CHECK检查单 HOSPITAL_MEDICINE医药单 HOSPITAL_PAYMENT支付单' },
  { name: 'scheduledTime', zh: '预约时间', type: 'String', maxLength: 20, required: false,
    note: '格式：yyyy-MM-dd HH:mm:ss', format: 'datetime' },
  { name: 'redirectUrl', zh: '重定向地址', type: 'String', maxLength: 500, required: false,
    note: '当有“自定义页面时”，可进行传入，用户点击详情时将进入此自定义详情' },
  // Amounts are in yuan (金额统一单位 元, lines 35-36).
  { name: 'amount', zh: '金额（单位元）', type: 'String', maxLength: 20, required: false,
    note: '当推送类型为“支付单”时必填，“退款通知”请传入“退款金额”，待结算或已结算请传“费用总额”',
    format: 'amount' },
  { name: 'deptName', zh: '科室名称', type: 'String', maxLength: 200, required: false, note: DEPT_NOTE },
  { name: 'deptCode', zh: '科室编码', type: 'String', maxLength: 40, required: false, note: DEPT_NOTE },
  { name: 'deptLoc', zh: '科室地址', type: 'String', maxLength: 200, required: false, note: DEPT_NOTE },
  { name: 'drName', zh: '医生姓名', type: 'String', maxLength: 100, required: false, note: DEPT_NOTE },
  { name: 'drLvName', zh: '医生职级', type: 'String', maxLength: 100, required: false, note: DEPT_NOTE },
  { name: 'drNo', zh: '医生编码', type: 'String', maxLength: 40, required: false, note: DEPT_NOTE },
  { name: 'waitingNum', zh: '候诊号', type: 'String', maxLength: 40, required: false,
    note: '当推送类型是医药单或挂号单时，才需要填写此候诊号，推送提醒用户排队情况' },
  { name: 'checkItem', zh: '检查项目', type: 'String', maxLength: 20, required: false,
    note: '只有当推送类型是检查单时，才需要填写' },
  { name: 'createTime', zh: '订单创建时间', type: 'String', maxLength: 20, required: false,
    note: '当推送的状态为已支付或已退款或已部分退款类型的状态时候才需要填写（格式：yyyy-MM-dd HH:mm:ss）',
    format: 'datetime' },
  { name: 'updateTime', zh: '订单修改时间', type: 'String', maxLength: 20, required: false,
    note: '当推送的状态为已支付或已退款或已部分退款类型的状态时，才需要填写（格式：yyyy-MM-dd HH:mm:ss）',
    format: 'datetime' },
  { name: 'extData', zh: '扩展参数', type: 'String', maxLength: null, required: false,
    note: '用于兼容更多推送类型扩展' },
] as const satisfies readonly FieldSpec[];

export const PUSH_MSG_RESPONSE = [
  { name: 'response', zh: '推送结果', type: 'String', maxLength: 40, required: true,
    enum: PUSH_RESPONSE, note: 'SUCCESS 成功 ERROR 失败 INVALID_PUSH_TYPE 无效的推送' },
] as const satisfies readonly FieldSpec[];

// Only requirements the 说明 column states as requirements become rules. The "才需要填写"
// notes (takeMedicineLoc, waitingNum, checkItem, dept*/dr*, createTime, updateTime,
// refundReason) say when a value is needed, not that it is forbidden otherwise — the Java
// example itself sends refundReason and takeMedicineLoc with HOSPITAL_PAYMENT/MERCHANT_PAID.
export const PUSH_MSG_RULES = [
  { id: 'pushMsg.orderStatusForPayment', direction: 'request',
    when: { field: 'pushType', equals: 'HOSPITAL_PAYMENT' },
    then: { field: 'orderStatus', required: true },
    note: 'orderStatus：pushType类型为HOSPITAL_PAYMENT时必填（第515行）' },
  { id: 'pushMsg.amountForPayment', direction: 'request',
    when: { field: 'pushType', equals: 'HOSPITAL_PAYMENT' },
    then: { field: 'amount', required: true },
    note: 'amount：当推送类型为“支付单”时必填（第586行）' },
] as const satisfies readonly ConditionalRule[];

export const AMP_HOS_001: InterfaceSpec = {
  id: 'AMP_HOS_001',
  name: '医疗消息推送',
  suffix: '/pushMsg',
  path: '/api/amp/hos/pushMsg',
  description:
    '通过区域医保支付门户推送消息（待结算、结算成功、检查报告、挂号通知）等信息给用户，待结算消息推送（必选），其他的推送内容可选',
  optional: false,
  specLines: '425-687',
  request: PUSH_MSG_REQUEST,
  response: PUSH_MSG_RESPONSE,
  rules: PUSH_MSG_RULES,
  // A repeated push reaches the patient twice.
  policy: { idempotent: false },
};
