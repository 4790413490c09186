// The dictionaries of the spec's appendix (附录 字典, lines 5469-5617) and the value lists
// written in the 说明 column of ORG_001..009, with their Chinese labels as the spec writes them.
// Other codes (险种类型, 医疗类别, 证件类型 …) are "详见国家基线版字典" (line 5618): the national
// baseline dictionaries, not part of the spec, so those fields carry no enum.
import type { DictValue } from './dictionaries.js';
import type { EnumValue } from './types.js';

/** ret_code 机构返回码 (lines 5472-5487). */
export const RET_CODE = [
  { value: '00', zh: '成功' },
  { value: '01', zh: '请求失败（非业务状态）' },
  { value: '02', zh: '校验失败（非业务状态）' },
  { value: '99', zh: '未知错误（状态未知）' },
] as const satisfies readonly EnumValue[];

/** deposit_type 充值方式 (lines 5489-5504; ORG_008 billdetail repeats it, lines 5337-5347). */
export const DEPOSIT_TYPE = [
  { value: 'ALI', zh: '支付宝' },
  { value: 'WX', zh: '微信' },
  { value: 'BANK', zh: '银行卡' },
  { value: 'UP', zh: '云闪付' },
] as const satisfies readonly EnumValue[];

/** channel_type 渠道类型 (lines 5506-5531). */
export const CHANNEL_TYPE = [
  { value: 'LOC_APP', zh: '地方APP' },
  { value: 'WX', zh: '微信' },
  { value: 'NAT_APP', zh: '国家APP' },
  { value: 'UP', zh: '云闪付' },
  { value: 'ALI', zh: '支付宝' },
  { value: 'ORG_APP', zh: '机构APP' },
  { value: 'BANK', zh: '银行APP' },
] as const satisfies readonly EnumValue[];

/**
 * result 交易状态 (lines 5533-5548): the answer of ORG_003/004/005/007. "该结果十分重要": the
 * portal reverses a payment automatically only on `fail`, so `fail` must mean "certainly not
 * settled" and an unknown outcome is `exp`.
 */
export const SETTLE_RESULT = [
  { value: 'succ', zh: '成功' },
  { value: 'exp', zh: '异常，待核验' },
  { value: 'fail', zh: '明确失败，只有当result为fail，且在平台自动冲销开启的状况下，才会进行自动冲销' },
  { value: 'closed', zh: '关闭' },
] as const satisfies readonly EnumValue[];

/** account_type 账户类型 (lines 5550-5565). */
export const ACCOUNT_TYPE = [
  { value: '01', zh: '门诊' },
  { value: '02', zh: '住院' },
  { value: '03', zh: '体检' },
  { value: '04', zh: '未知' },
] as const satisfies readonly EnumValue[];

/** code_type 码值类型 (lines 5567-5577). */
export const CODE_TYPE = [
  { value: 'qr', zh: '二维码' },
  { value: 'bar', zh: '条码' },
] as const satisfies readonly EnumValue[];

/** mdtrt_cert_type 就诊凭证类型 (lines 5579-5604). */
export const MDTRT_CERT_TYPE = [
  { value: '01', zh: '电子凭证' },
  { value: '02', zh: '身份证' },
  { value: '03', zh: '社保卡' },
  { value: '04', zh: '健康卡' },
  { value: '05', zh: '住院号' },
  { value: '06', zh: '临时卡' },
  { value: '10', zh: '机构病人ID' },
] as const satisfies readonly EnumValue[];

/** patient_type 患者费别 (lines 5606-5616); also used_patient_type of ORG_003/007. */
export const PATIENT_TYPE = [
  { value: '00', zh: '自费' },
  { value: '01', zh: '医保' },
] as const satisfies readonly EnumValue[];

/**
 * fee_type 费用类型 (ORG_002 lines 2433-2450, ORG_003 lines 3221-3238). The list ends with
 * "具体见医保移动支付中心字典": it may be longer, so an unlisted value is a warning in warn
 * mode (leniency.ts).
 */
export const FEE_TYPE = [
  { value: '00', zh: '预约挂号' },
  { value: '01', zh: '挂号支付' },
  { value: '02', zh: '住院支付' },
  { value: '03', zh: '体检支付' },
  { value: '04', zh: '家庭医生签约' },
  { value: '05', zh: '互联网医院' },
  { value: '06', zh: '长处方结算' },
  { value: '07', zh: '药店互联网购药' },
  { value: '08', zh: '门诊自助终端结算' },
  { value: '09', zh: '药店线下购药' },
  { value: '10', zh: '住院自助终端结算' },
] as const satisfies readonly EnumValue[];

/** settle_channel 收费渠道 (ORG_008 lines 5143-5154, 5311-5322; "…等": open-ended, see leniency.ts). */
export const SETTLE_CHANNEL = [
  { value: '01', zh: '窗口' },
  { value: '02', zh: '自助机' },
  { value: '03', zh: '医生工作站' },
  { value: '04', zh: '护士工作站' },
  { value: '05', zh: '移动医保支付' },
] as const satisfies readonly EnumValue[];

/** hi_item 是否医保项目 (ORG_002 rxlist, lines 2783-2790). */
export const HI_ITEM = [
  { value: 'Y', zh: '是' },
  { value: 'N', zh: '否' },
] as const satisfies readonly EnumValue[];

/** Every dictionary above by the field name the spec gives it. */
export const ORG_DICTIONARIES = {
  ret_code: RET_CODE,
  deposit_type: DEPOSIT_TYPE,
  channel_type: CHANNEL_TYPE,
  result: SETTLE_RESULT,
  account_type: ACCOUNT_TYPE,
  code_type: CODE_TYPE,
  mdtrt_cert_type: MDTRT_CERT_TYPE,
  patient_type: PATIENT_TYPE,
  fee_type: FEE_TYPE,
  settle_channel: SETTLE_CHANNEL,
  hi_item: HI_ITEM,
} as const satisfies Readonly<Record<string, readonly EnumValue[]>>;

export type RetCode = DictValue<typeof RET_CODE>;
export type DepositType = DictValue<typeof DEPOSIT_TYPE>;
export type ChannelType = DictValue<typeof CHANNEL_TYPE>;
export type SettleResult = DictValue<typeof SETTLE_RESULT>;
export type AccountType = DictValue<typeof ACCOUNT_TYPE>;
export type CodeType = DictValue<typeof CODE_TYPE>;
export type MdtrtCertType = DictValue<typeof MDTRT_CERT_TYPE>;
export type PatientType = DictValue<typeof PATIENT_TYPE>;
export type FeeType = DictValue<typeof FEE_TYPE>;
export type SettleChannel = DictValue<typeof SETTLE_CHANNEL>;
export type HiItem = DictValue<typeof HI_ITEM>;
