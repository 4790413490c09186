// ORG_009 医保异账撤销 — spec lines 5349-5468. Rows in the spec's order; the trailing comment of
// each row is its line in the spec text. The spec gives it ORG_008's suffix /orgHsTradeFile
// (line 5351) and ORG_008's 功能说明 (line 5355): its default path here is /orgHsTradeRevoke
// (protocol.md §9; configurable in the hospital toolkit), and `mdtr_id` (line 5409) is kept as
// written although every other table says mdtrt_id.
import { ACCOUNT_TYPE } from './org-dictionaries.js';
import { OPERATOR_ID, OPERATOR_NAME, ORG_CODE, ORG_FAILURE_RESPONSE, RET_CODE_FIELD, RET_MSG_FIELD, SUB_ORG_CODE, TERM_NO } from './org-common.js';
import type { ConditionalRule, FieldSpec, OrgInterfaceSpec } from './types.js';

export const ORG_HS_TRADE_REVOKE_REQUEST = [
  OPERATOR_ID,
  OPERATOR_NAME,
  TERM_NO,
  ORG_CODE,
  SUB_ORG_CODE,
  { name: 'mdtr_id', zh: '就诊id', type: 'String', maxLength: 30, required: true, note: '' },  // line 5409
  { name: 'setl_id', zh: '结算id', type: 'String', maxLength: 30, required: true, note: '' },  // line 5416
  { name: 'account_type', zh: '账户类型', type: 'String', maxLength: 6, required: true, enum: ACCOUNT_TYPE, note: '01:门诊 02:住院' },  // line 5423
  { name: 'doc_trace_no', zh: '院内单据流水号', type: 'String', maxLength: 40, required: true, note: '' },  // line 5431
  { name: 'ipt_otp_no', zh: '院内门诊号/住院号', type: 'String', maxLength: 30, required: true, note: '' },  // line 5438
] as const satisfies readonly FieldSpec[];

export const ORG_HS_TRADE_REVOKE_RESPONSE = [
  RET_CODE_FIELD,
  RET_MSG_FIELD,
] as const satisfies readonly FieldSpec[];

export const ORG_HS_TRADE_REVOKE_RULES = [] as const satisfies readonly ConditionalRule[];

export const ORG_009: OrgInterfaceSpec = {
  id: 'ORG_009',
  method: 'orgHsTradeRevoke',
  name: '医保异账撤销',
  suffix: '/orgHsTradeRevoke',
  path: '/orgHsTradeRevoke',
  // The spec's 功能说明 here is ORG_008's word for word (line 5355); this is what the name says.
  description: '可选，医保异账撤销：撤销与医保对账不一致的院内结算（规范此处的功能说明误抄自ORG_008）',
  optional: true,
  specLines: '5349-5468',
  failureResponse: ORG_FAILURE_RESPONSE,
  request: ORG_HS_TRADE_REVOKE_REQUEST,
  response: ORG_HS_TRADE_REVOKE_RESPONSE,
  rules: ORG_HS_TRADE_REVOKE_RULES,
};
