// ORG_006 查询机构提醒 `/queryOrgTips` — spec lines 4411-4738. Rows in the spec's order; the trailing
// comment of each row is its line in the spec text.
import { CODE_TYPE, MDTRT_CERT_TYPE } from './org-dictionaries.js';
import { OPERATOR_ID, OPERATOR_NAME, ORG_CODE, ORG_FAILURE_RESPONSE, RET_CODE_FIELD, RET_MSG_FIELD, SUB_ORG_CODE, TERM_NO } from './org-common.js';
import type { ConditionalRule, FieldSpec, OrgInterfaceSpec } from './types.js';

export const QUERY_ORG_TIPS_REQUEST = [
  OPERATOR_ID,
  OPERATOR_NAME,
  TERM_NO,
  ORG_CODE,
  SUB_ORG_CODE,
  { name: 'mdtrt_cert_type', zh: '就诊凭证类型', type: 'String', maxLength: 10, required: true, enum: MDTRT_CERT_TYPE, note: '参考就诊凭证类型字典' },  // line 4471
  { name: 'mdtrt_cert_no', zh: '就诊凭证编号', type: 'String', maxLength: 40, required: true, note: '就诊凭证类型为“01”时填写电子凭证令牌，为“02”时填写身份证号，为“03”时填写社会保障卡卡号', sensitive: 'id' },  // line 4478
  { name: 'his_cust_id', zh: '患者院内证件号', type: 'String', maxLength: 40, required: false, note: '', sensitive: 'id' },  // line 4485
  { name: 'his_cust_type', zh: '患者院内证件类型', type: 'String', maxLength: 10, required: false, note: '与ORG_001一致，由HIS自行定义' },  // line 4492
  { name: 'org_trace_no', zh: '机构系统跟踪号', type: 'String', maxLength: 40, required: true, note: '机构系统跟踪号，和拉取待结算时候返回的org_trace_no对应' },  // line 4499
  { name: 'doc_trace_no', zh: '单据流水号', type: 'String', maxLength: 40, required: true, note: '单据流水号和查询待结算时候返回的doc_trace_no对应' },  // line 4506
] as const satisfies readonly FieldSpec[];

export const QUERY_ORG_TIPS_RESPONSE = [
  RET_CODE_FIELD,
  RET_MSG_FIELD,
  { name: 'next_step_tips', zh: '下一步就医指引', type: 'String', maxLength: 100, required: true, note: '' },  // line 4536
  { name: 'drug_qr_no', zh: '取药二维码码值', type: 'String', maxLength: 40, required: false, note: '' },  // line 4543
  { name: 'invoice_qr_code', zh: '“电子开票二维码”', type: 'String', maxLength: 40, required: false, note: '' },  // line 4550
  { name: 'drug_tip', zh: '用药提醒', type: 'String', maxLength: 500, required: false, note: '' },  // line 4557
  { name: 'common_tip_list', zh: '通用提醒', type: 'List<JSONObject>', maxLength: null, required: false, note: '通用提示信息列表（例如检查检验，开票信息等就可以放这里面）',
    items: [
      { name: 'tip_title', zh: '通用提醒', type: 'String', maxLength: 100, required: false, note: '示例：检查检验提醒' },  // line 4633
      { name: 'tip_items', zh: '提示项列表', type: 'List<JSONObject>', maxLength: null, required: false, note: '详见下述tips_items说明',
        items: [
          { name: 'tip_key', zh: '提示键', type: 'String', maxLength: 100, required: false, note: '示例：注意事项' },  // line 4649
          { name: 'tip_value', zh: '提示值', type: 'String', maxLength: 100, required: false, note: '示例：空腹' },  // line 4656
          { name: 'code_type', zh: '“码值类型”', type: 'String', maxLength: 10, required: false, enum: CODE_TYPE, note: '见字典' },  // line 4663
          { name: 'code_value', zh: '取药码值', type: 'String', maxLength: 40, required: false, note: '' },  // line 4670
        ] },  // line 4640
    ] },  // line 4564
  { name: 'druginfo', zh: '取药提示', type: 'List<JSONObject>', maxLength: null, required: false, note: '',
    items: [
      { name: 'drug_no', zh: '取药流水号', type: 'String', maxLength: 40, required: false, note: '' },  // line 4580
      { name: 'code_type', zh: '“码值类型”', type: 'String', maxLength: 10, required: false, enum: CODE_TYPE, note: '码类型（code_type）字典' },  // line 4587
      { name: 'code_value', zh: '取药码值', type: 'String', maxLength: 40, required: false, note: '' },  // line 4594
      { name: 'drug_addr', zh: '取药地点', type: 'String', maxLength: 200, required: false, note: '' },  // line 4601
      { name: 'drug_window', zh: '取药窗口', type: 'String', maxLength: 200, required: false, note: '' },  // line 4608
      { name: 'drug_seq_no', zh: '取药排序号', type: 'String', maxLength: 18, required: false, note: '' },  // line 4615
      { name: 'wait_num', zh: '等待人数', type: 'String', maxLength: 18, required: false, note: '' },  // line 4622
    ] },  // line 4571
] as const satisfies readonly FieldSpec[];

export const QUERY_ORG_TIPS_RULES = [] as const satisfies readonly ConditionalRule[];

export const ORG_006: OrgInterfaceSpec = {
  id: 'ORG_006',
  method: 'queryOrgTips',
  name: '查询机构提醒',
  suffix: '/queryOrgTips',
  path: '/queryOrgTips',
  description: '可选，如果有此接口，当用户点击已结算记录查看详情时候，可实时的展示当前的取药排队情况等实时信息',
  optional: true,
  specLines: '4411-4738',
  failureResponse: ORG_FAILURE_RESPONSE,
  request: QUERY_ORG_TIPS_REQUEST,
  response: QUERY_ORG_TIPS_RESPONSE,
  rules: QUERY_ORG_TIPS_RULES,
};
