// ORG_004 查询结算结果 `/querySettleResult` — spec lines 3893-4188. Rows in the spec's order; the trailing
// comment of each row is its line in the spec text.
import { CODE_TYPE, MDTRT_CERT_TYPE, SETTLE_RESULT } from './org-dictionaries.js';
import { OPERATOR_ID, OPERATOR_NAME, ORG_CODE, ORG_FAILURE_RESPONSE, RET_CODE_FIELD, RET_MSG_FIELD, SUB_ORG_CODE } from './org-common.js';
import type { ConditionalRule, FieldSpec, OrgInterfaceSpec } from './types.js';

export const QUERY_SETTLE_RESULT_REQUEST = [
  OPERATOR_ID,
  OPERATOR_NAME,
  { name: 'term_no', zh: '终端编号', type: 'String', maxLength: 40, required: false, note: '' },  // line 3930
  ORG_CODE,
  SUB_ORG_CODE,
  { name: 'org_trace_no', zh: '机构系统跟踪号', type: 'String', maxLength: 40, required: true, note: '与结算确认（ORG_003）传入的“机构系统跟踪号”一致' },  // line 3953
  { name: 'mdtrt_cert_type', zh: '就诊凭证类型', type: 'String', maxLength: 10, required: true, enum: MDTRT_CERT_TYPE, note: '参考就诊凭证类型字典' },  // line 3960
  { name: 'mdtrt_cert_no', zh: '就诊凭证编号', type: 'String', maxLength: 40, required: true, note: '就诊凭证类型为“01”时填写电子凭证令牌，为“02”时填写身份证号，为“03”时填写社会保障卡卡号', sensitive: 'id' },  // line 3967
] as const satisfies readonly FieldSpec[];

export const QUERY_SETTLE_RESULT_RESPONSE = [
  RET_CODE_FIELD,
  RET_MSG_FIELD,
  { name: 'result', zh: '交易结果状态码', type: 'String', maxLength: 100, required: true, enum: SETTLE_RESULT, note: '参考交易状态字典 该结果十分重要,请准确参考字典返回对应的状态码' },  // line 3997
  { name: 'call_sn', zh: '机构收费流水号', type: 'String', maxLength: 40, required: false, note: '' },  // line 4005
  { name: 'balance', zh: '余额（元）', type: 'String', maxLength: 40, required: false, note: '', format: 'amount' },  // line 4012
  { name: 'common_tip_list', zh: '通用提醒', type: 'List<JSONObject>', maxLength: null, required: false, note: '通用提示信息列表（例如检查检验，开票信息等就可以放这里面）',
    items: [
      { name: 'tip_title', zh: '通用提醒', type: 'String', maxLength: 100, required: false, note: '示例：检查检验提醒' },  // line 4086
      { name: 'tip_items', zh: '提示项列表', type: 'List<JSONObject>', maxLength: null, required: false, note: '详见下述tips_items说明',
        items: [
          { name: 'tip_key', zh: '提示键', type: 'String', maxLength: 100, required: false, note: '示例：注意事项' },  // line 4102
          { name: 'tip_value', zh: '提示值', type: 'String', maxLength: 200, required: false, note: '示例：空腹' },  // line 4109
          { name: 'code_type', zh: '“码值类型”', type: 'String', maxLength: 10, required: false, enum: CODE_TYPE, note: '见字典' },  // line 4116
          { name: 'code_value', zh: '取药码值', type: 'String', maxLength: 40, required: false, note: '' },  // line 4123
        ] },  // line 4093
    ] },  // line 4019
  { name: 'druginfo', zh: '取药提示', type: 'List<JSONObject>', maxLength: null, required: false, note: '',
    items: [
      { name: 'drug_no', zh: '取药流水号', type: 'String', maxLength: 40, required: false, note: '' },  // line 4035
      { name: 'code_type', zh: '“码值类型”', type: 'String', maxLength: 10, required: false, enum: CODE_TYPE, note: '' },  // line 4042
      { name: 'code_value', zh: '取药码值', type: 'String', maxLength: 40, required: false, note: '' },  // line 4049
      { name: 'drug_addr', zh: '取药地点', type: 'String', maxLength: 200, required: false, note: '' },  // line 4056
      { name: 'drug_window', zh: '取药窗口', type: 'String', maxLength: 200, required: false, note: '' },  // line 4063
      { name: 'drug_seq_no', zh: '取药排序号', type: 'String', maxLength: 18, required: false, note: '' },  // line 4070
      { name: 'wait_num', zh: '等待人数', type: 'String', maxLength: 18, required: false, note: '' },  // line 4077
    ] },  // line 4026
] as const satisfies readonly FieldSpec[];

export const QUERY_SETTLE_RESULT_RULES = [] as const satisfies readonly ConditionalRule[];

export const ORG_004: OrgInterfaceSpec = {
  id: 'ORG_004',
  method: 'querySettleResult',
  name: '查询结算结果',
  suffix: '/querySettleResult',
  path: '/querySettleResult',
  description: '查询结算结果，当服务出现未知异常或者网络读取超时时，医保区域平台会立即进行交易结果确认，此接口如果提供务必给到确切的结果来反馈用户是否完成院内结算，避免区域医保支付门户和两定机构账单两边状态不一致',
  optional: false,
  specLines: '3893-4188',
  failureResponse: ORG_FAILURE_RESPONSE,
  request: QUERY_SETTLE_RESULT_REQUEST,
  response: QUERY_SETTLE_RESULT_RESPONSE,
  rules: QUERY_SETTLE_RESULT_RULES,
};
