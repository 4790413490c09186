// AMP_HOS_004 对账文件获取[可选] — spec lines 988-1089. Rows in the spec's order.
import { BILL_TYPE, DIGEST_TYPE } from './dictionaries.js';
import type { ConditionalRule, FieldSpec, InterfaceSpec } from './types.js';

const SUB_ORG_NOTE = '内部机构编号，以用来区分分院或者基卫，如果为空则默认为本院，该字典需由定点机构提供';

export const GET_TRADE_FILE_REQUEST = [
  { name: 'orgCode', zh: '机构编号(国标医院编码)', type: 'String', maxLength: 40, required: true,
    note: '机构的国家统一编码' },
  { name: 'subOrgCode', zh: '分院编号', type: 'String', maxLength: 40, required: false, note: SUB_ORG_NOTE },
  // A credential: never shown in logs or issues.
  { name: 'orgSecret', zh: '机构获取对账文件秘钥', type: 'String', maxLength: 40, required: true,
    note: '只有输入正确的机构秘钥才可以获取到对应的对账文件，关于机构秘钥的发放对接时会进行分配',
    sensitive: 'secret' },
  { name: 'billDate', zh: '账单日期，格式yyyy-MM-dd', type: 'String', maxLength: 10, required: true,
    note: '账单日期，示例：2022-04-24', format: 'date' },
  { name: 'billType', zh: '账单类型', type: 'String', maxLength: 40, required: true, enum: BILL_TYPE,
    note: '账单类型 可选项: ALL 全部对账单 REFUND 退款对账单 CONSUME 消费对账单' },
] as const satisfies readonly FieldSpec[];

export const GET_TRADE_FILE_RESPONSE = [
  { name: 'digest', zh: '文件摘要，下载后可通过此摘要比对下载过程中文件是否受损或被篡改', type: 'String',
    maxLength: 40, required: true, note: '文件指纹（用于比对文件是否有效）' },
  { name: 'downloadUrl', zh: '请求账单文件的下载地址,该地址有效时间为1分钟', type: 'String', maxLength: 500,
    required: false, note: '使用GET请求进行下载（见下载说明章节）' },
  { name: 'digestType', zh: '文件摘要（文件指纹）类型，默认为SHA1格式', type: 'String', maxLength: 40,
    required: true, enum: DIGEST_TYPE,
    note: '现在固定使用SHA1算法，将downloadUrl的文件下载完后，使用SHA1算法计算文件的指纹，并与上述的digest参数进行对比，如果一致则证明文件下载的过程中没有受损，这是一份完整的对账单' },
  // An echo of the request's billType, so it takes the same values (line 1088).
  { name: 'billType', zh: '账单类型回显', type: 'String', maxLength: 10, required: false, enum: BILL_TYPE,
    note: '入参的账单类型回显' },
] as const satisfies readonly FieldSpec[];

// billDate's format and billType's values are FieldSpec data; no conditional requirement.
export const GET_TRADE_FILE_RULES = [] as const satisfies readonly ConditionalRule[];

export const AMP_HOS_004: InterfaceSpec = {
  id: 'AMP_HOS_004',
  name: '对账文件获取',
  suffix: '/getTradeFile',
  path: '/api/amp/hos/getTradeFile',
  description:
    '获取平台交易对账文件，下载后定点医疗机构可自行解析此对账文件并与定点机构的对账文件和医保核心的对账文件进行三方账目的对账',
  optional: true,
  specLines: '988-1089',
  request: GET_TRADE_FILE_REQUEST,
  response: GET_TRADE_FILE_RESPONSE,
  rules: GET_TRADE_FILE_RULES,
  policy: { idempotent: true },
};
