// Rows that ORG_001..009 repeat word for word (the operator and institution fields of every
// request, ret_code/ret_msg of every response). ORG_004's term_no is 40 long, not 100, and is
// written out in org-004.ts.
import { RET_CODE } from './org-dictionaries.js';
import type { FieldSpec } from './types.js';

export const OPERATOR_ID = { name: 'operator_id', zh: '操作员编号', type: 'String', maxLength: 40, required: false, note: '' } as const satisfies FieldSpec;
export const OPERATOR_NAME = { name: 'operator_name', zh: '操作员姓名', type: 'String', maxLength: 100, required: false, note: '' } as const satisfies FieldSpec;
export const TERM_NO = { name: 'term_no', zh: '终端编号', type: 'String', maxLength: 100, required: false, note: '' } as const satisfies FieldSpec;
export const ORG_CODE = { name: 'org_code', zh: '机构编号(国标医院编码)', type: 'String', maxLength: 40, required: true, note: '机构的国家统一编码' } as const satisfies FieldSpec;
export const SUB_ORG_CODE = {
  name: 'sub_org_code', zh: '分院编号', type: 'String', maxLength: 40, required: false,
  note: '分机构编号，以用来区分分院或者基卫，如果为空则默认为本院，该字典需由定点机构提供',
} as const satisfies FieldSpec;
export const RET_CODE_FIELD = {
  name: 'ret_code', zh: '返回码', type: 'String', maxLength: 40, required: true, enum: RET_CODE, note: '定点机构返回码字典(ret_code)',
} as const satisfies FieldSpec;
export const RET_MSG_FIELD = { name: 'ret_msg', zh: '返回说明', type: 'String', maxLength: 100, required: true, note: '成功或错误信息' } as const satisfies FieldSpec;

/** What every ORG failure answer carries (先判别返回的协议码是否成功, line 1447). */
export const ORG_FAILURE_RESPONSE = { field: 'ret_code', success: '00', required: ['ret_code', 'ret_msg'] } as const;
