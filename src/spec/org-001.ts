// ORG_001 查询账户信息 `/queryAccount` — spec lines 1457-1824. Rows in the spec's order; the trailing
// comment of each row is its line in the spec text.
import { ACCOUNT_TYPE, MDTRT_CERT_TYPE, PATIENT_TYPE } from './org-dictionaries.js';
import { OPERATOR_ID, OPERATOR_NAME, ORG_CODE, ORG_FAILURE_RESPONSE, RET_CODE_FIELD, RET_MSG_FIELD, SUB_ORG_CODE, TERM_NO } from './org-common.js';
import type { ConditionalRule, FieldSpec, OrgInterfaceSpec } from './types.js';

export const QUERY_ACCOUNT_REQUEST = [
  OPERATOR_ID,
  OPERATOR_NAME,
  TERM_NO,
  ORG_CODE,
  SUB_ORG_CODE,
  { name: 'mdtrt_cert_type', zh: '就诊凭证类型', type: 'String', maxLength: 10, required: true, enum: MDTRT_CERT_TYPE, note: '' },  // line 1517
  { name: 'mdtrt_cert_no', zh: '就诊凭证编号', type: 'String', maxLength: 40, required: true, note: '', sensitive: 'id' },  // line 1524
  { name: 'cert_no', zh: '证件号', type: 'String', maxLength: 40, required: true, note: '', sensitive: 'id' },  // line 1531
  { name: 'account_type', zh: '帐户类型', type: 'String', maxLength: 10, required: true, enum: ACCOUNT_TYPE, note: '参考账户类型字典' },  // line 1538
] as const satisfies readonly FieldSpec[];

export const QUERY_ACCOUNT_RESPONSE = [
  RET_CODE_FIELD,
  RET_MSG_FIELD,
  { name: 'psn_no', zh: '人员编号', type: 'String', maxLength: 100, required: false, note: '医保人员编号 “自费费别”的用户可以不传，但如果为“医保费别”则必传', sensitive: 'id' },  // line 1568
  { name: 'mdtrt_cert_type', zh: '就诊凭证类型', type: 'String', maxLength: 10, required: false, enum: MDTRT_CERT_TYPE, note: '参考人员证件类型(mdtrt_cert_type)' },  // line 1576
  { name: 'mdtrt_cert_no', zh: '就诊凭证编号', type: 'String', maxLength: 40, required: true, note: '就诊凭证类型为“01”时填写电子凭证令牌，为“02”时填写身份证号，为“03”时填写社会保障卡卡号', sensitive: 'id' },  // line 1583
  { name: 'patient_type', zh: '“患者费别”', type: 'String', maxLength: 10, required: true, enum: PATIENT_TYPE, note: '参考人员证件类型(patient_type)' },  // line 1590
  { name: 'his_cust_id', zh: '持卡人院内默认ID', type: 'String', maxLength: 40, required: false, note: '', sensitive: 'id' },  // line 1597
  { name: 'balance', zh: '余额(元)', type: 'String', maxLength: 18, required: true, note: '', format: 'amount' },  // line 1604
  { name: 'psn_cert_type', zh: '证件类型', type: 'String', maxLength: 10, required: true, note: '参考证件类型字典' },  // line 1611
  { name: 'cert_no', zh: '证件号', type: 'String', maxLength: 40, required: true, note: '', sensitive: 'id' },  // line 1618
  { name: 'psn_name', zh: '人员姓名', type: 'String', maxLength: 100, required: true, note: '', sensitive: 'name' },  // line 1625
  { name: 'gend', zh: '性别', type: 'String', maxLength: 10, required: false, note: '' },  // line 1632
  { name: 'account_type', zh: '账户类型', type: 'String', maxLength: 10, required: true, enum: ACCOUNT_TYPE, note: '参考账户类型字典' },  // line 1639
  { name: 'phone', zh: '用户手机号', type: 'String', maxLength: 20, required: true, note: '', sensitive: 'phone' },  // line 1646
  { name: 'disease_area', zh: '住院所在病区', type: 'String', maxLength: 20, required: false, note: '' },  // line 1653
  { name: 'adm_bed', zh: '住院床位号', type: 'String', maxLength: 40, required: false, note: '' },  // line 1660
  { name: 'inpatient_total_fee', zh: '住院总费用', type: 'String', maxLength: 18, required: false, note: '' },  // line 1667
  { name: 'inpatient_start_date', zh: '住院计费开始日期', type: 'String', maxLength: 22, required: false, note: '格式：yyyy-MM-dd', format: 'date' },  // line 1674
  { name: 'inpatient_end_date', zh: '住院计费结束日期', type: 'String', maxLength: 22, required: false, note: '格式：yyyy-MM-dd', format: 'date' },  // line 1681
  { name: 'brdy', zh: '出生日期（yyyy-MM-dd）', type: 'String', maxLength: 22, required: false, note: '格式：yyyy-MM-dd', format: 'date' },  // line 1688
  { name: 'naty', zh: '民族', type: 'String', maxLength: 10, required: false, note: '' },  // line 1695
  { name: 'age', zh: '年龄', type: 'String', maxLength: 4, required: false, note: '' },  // line 1702
  { name: 'insu_type', zh: '险种类型', type: 'String', maxLength: 10, required: false, note: '参考险种类型字典 “自费费别”的用户可以不传，但如果为“医保费别”则必传' },  // line 1709
  { name: 'ipt_no', zh: '住院号', type: 'String', maxLength: 40, required: false, note: '' },  // line 1717
  { name: 'his_cust_list', zh: '院内卡列表', type: 'List<JSONObject>', maxLength: null, required: false, note: '如果his不能通过证件号直接查询到院内处方，可选在查询账户信息时候根据证件号查询时返回his_cust_list，并能根据his_cust_id查询到院内的处方信息',
    items: [
      { name: 'his_cust_id', zh: '患者院内证件号', type: 'String', maxLength: 40, required: false, note: '', sensitive: 'id' },  // line 1733
      { name: 'his_cust_type', zh: '患者院内证件类型', type: 'String', maxLength: 10, required: false, note: '由HIS自行定义' },  // line 1740
      { name: 'his_cust_balc', zh: '相应的院内余额', type: 'String', maxLength: 18, required: false, note: '', format: 'amount' },  // line 1747
      { name: 'his_cust_build_time', zh: '相应的建档时间（yyyy-MM-dd HH:mm:ss）', type: 'String', maxLength: 20, required: false, note: '', format: 'datetime' },  // line 1754
      { name: 'patient_type', zh: '相应的“患者费别”', type: 'String', maxLength: 10, required: false, enum: PATIENT_TYPE, note: '' },  // line 1761
    ] },  // line 1724
] as const satisfies readonly FieldSpec[];

// "如果用户是住院患者需要返回住院所需要的住院病人信息字段" (功能说明, line 1463): the request's
// account_type 02 住院 asks for an inpatient, whose 住院号 is then needed.
export const QUERY_ACCOUNT_RULES = [
  { id: 'queryAccount.psnNoForInsured', direction: 'response',
    when: { field: 'patient_type', equals: '01' }, then: { field: 'psn_no', required: true },
    note: 'psn_no：“自费费别”的用户可以不传，但如果为“医保费别”则必传（第1574行）' },
  { id: 'queryAccount.insuTypeForInsured', direction: 'response',
    when: { field: 'patient_type', equals: '01' }, then: { field: 'insu_type', required: true },
    note: 'insu_type：“自费费别”的用户可以不传，但如果为“医保费别”则必传（第1715行）' },
  { id: 'queryAccount.iptNoForInpatient', direction: 'response',
    when: { field: 'account_type', equals: '02', of: 'request' }, then: { field: 'ipt_no', required: true },
    note: 'ipt_no：如果用户是住院患者需要返回住院所需要的住院病人信息字段（功能说明，第1463行）' },
] as const satisfies readonly ConditionalRule[];

export const ORG_001: OrgInterfaceSpec = {
  id: 'ORG_001',
  method: 'queryAccount',
  name: '查询账户信息',
  suffix: '/queryAccount',
  path: '/queryAccount',
  description: '查询用户在院内的账户信息，如果用户是住院患者需要返回住院所需要的住院病人信息字段',
  optional: false,
  specLines: '1457-1824',
  failureResponse: ORG_FAILURE_RESPONSE,
  request: QUERY_ACCOUNT_REQUEST,
  response: QUERY_ACCOUNT_RESPONSE,
  rules: QUERY_ACCOUNT_RULES,
};
