// ORG_001..009's part of the leniency table (leniency.ts holds the defaults and AMP_HOS's
// part), and the spec defects of the ORG side decided once. Each entry cites the spec lines
// that justify it; docs/hospital.md explains the same decisions to integrators.
//
// Direction matters. A *request* is what the portal sends: the hospital must not refuse a
// payment the patient has made over a field it only stores, so what the portal's own
// examples leave out or spell otherwise is a warning. A *response* is the hospital's answer:
// in warn mode a deviation is logged and the answer still goes out; in strict it is held back.
import type { LeniencyEntry } from './leniency.js';

export const ORG_WARN_MODE_EXCEPTIONS = [
  // --- what the spec's own examples omit or fill otherwise ---
  {
    interfaceId: 'ORG_001', direction: 'response', field: 'psn_cert_type', check: 'required', severity: 'warning',
    why: 'psn_cert_type is Y (line 1611) but the response example (lines 1783-1823) has none',
  },
  {
    interfaceId: 'ORG_002', direction: 'response', field: 'tip_msg', check: 'required', severity: 'warning',
    why: 'tip_msg is Y (line 1975) but its 说明 says "如果有返回这个信息" and the example (lines 2881-3051) has none',
  },
  {
    interfaceId: 'ORG_002', direction: 'response', field: 'unsettlelist.patient_type', check: 'required', severity: 'warning',
    why: 'patient_type is Y (line 2019) but "返回空则使用查询账户信息时候的“费别”": empty means the ORG_001 patient_type',
  },
  {
    interfaceId: 'ORG_002', direction: 'response', field: 'unsettlelist.caty', check: 'required', severity: 'warning',
    why: 'caty is Y (line 2108) but the example sends "" (line 2897)',
  },
  {
    interfaceId: 'ORG_002', direction: 'response', field: 'unsettlelist.chfpdr_no', check: 'required', severity: 'warning',
    why: 'chfpdr_no is Y (line 2129) but the example has none (lines 2881-3051)',
  },
  {
    interfaceId: 'ORG_002', direction: 'response', field: 'unsettlelist.rxlist.pric', check: 'required', severity: 'warning',
    why: 'pric is Y (line 2604) but both rxlist rows of the example send "" (lines 2969-3047)',
  },
  {
    interfaceId: 'ORG_002', direction: 'response', field: 'unsettlelist.rxlist.cnt', check: 'required', severity: 'warning',
    why: 'cnt is Y (line 2611) but both rxlist rows of the example send "" (lines 2969-3047)',
  },
  {
    interfaceId: 'ORG_002', direction: 'response', field: 'unsettlelist.rxlist.item_emp', check: 'required', severity: 'warning',
    why: 'item_emp is Y (line 2791) but both rxlist rows of the example send "" (lines 2969-3047)',
  },
  {
    interfaceId: 'ORG_003', direction: 'request', field: 'feesum_amt', check: 'required', severity: 'warning',
    why: 'feesum_amt is Y (line 3157) but the portal’s own example (lines 3766-3849) has none; the bill’s medfee_sumamt stands in',
  },
  {
    interfaceId: 'ORG_003', direction: 'request', field: 'used_patient_type', check: 'required', severity: 'warning',
    why: 'used_patient_type is Y (line 3200) but the portal’s own example (lines 3766-3849) has none; the bill’s patient_type stands in',
  },
  {
    interfaceId: 'ORG_003', direction: 'request', field: 'channel_type', check: 'enum', severity: 'warning',
    why: 'channel_type refers to the 渠道类型 dictionary (LOC_APP, WX …, lines 5506-5531) but the example sends "01" (line 3776)',
  },
  {
    interfaceId: 'ORG_005', direction: 'request', field: 'channel_type', check: 'enum', severity: 'warning',
    why: 'channel_type refers to 渠道类型 (line 4301); the portal’s ORG_003/007 examples send "01" (lines 3776, 4958), so ORG_005’s will too',
  },
  {
    interfaceId: 'ORG_006', direction: 'response', field: 'next_step_tips', check: 'required', severity: 'warning',
    why: 'next_step_tips is Y (line 4536) but the example sends "" (line 4735)',
  },
  {
    interfaceId: 'ORG_007', direction: 'request', field: 'used_patient_type', check: 'required', severity: 'warning',
    why: 'used_patient_type is Y (line 4859) but the portal’s own example (lines 4954-4974) has none',
  },
  {
    interfaceId: 'ORG_007', direction: 'request', field: 'channel_type', check: 'enum', severity: 'warning',
    why: 'as ORG_003: the example sends channel_type "01" (line 4958)',
  },
  // --- open-ended value lists ---
  {
    interfaceId: 'ORG_002', direction: 'response', field: 'unsettlelist.fee_type', check: 'enum', severity: 'warning',
    why: 'fee_type lists 00-10 then "具体见医保移动支付中心字典" (lines 2433-2450): the list may be longer',
  },
  {
    interfaceId: 'ORG_003', direction: 'request', field: 'fee_type', check: 'enum', severity: 'warning',
    why: 'fee_type lists 00-10 then "具体见医保移动支付中心字典" (lines 3221-3238): the list may be longer',
  },
  {
    interfaceId: 'ORG_008', direction: 'response', field: 'settle_channel', check: 'enum', severity: 'warning',
    why: 'settle_channel lists 01-05 with "…等" (lines 5143-5154): the list may be longer',
  },
  {
    interfaceId: 'ORG_008', direction: 'response', field: 'billdetail.settle_channel', check: 'enum', severity: 'warning',
    why: 'settle_channel lists 01-05 with "…等" (lines 5311-5322): the list may be longer',
  },
  // --- requirements the spec implies rather than states ---
  {
    interfaceId: 'ORG_003', direction: 'request', field: 'setl_id', check: 'conditional', ruleId: 'rechargeSettle.setlIdForInsured', severity: 'warning',
    why: 'implied by "以下为医保结算结果字段（如“患者费别”为自费则传空）" (line 3239), not marked 必填',
  },
  {
    interfaceId: 'ORG_003', direction: 'request', field: 'mdtrt_id', check: 'conditional', ruleId: 'rechargeSettle.mdtrtIdForInsured', severity: 'warning',
    why: 'implied by line 3239, not marked 必填',
  },
  {
    interfaceId: 'ORG_003', direction: 'request', field: 'psn_no', check: 'conditional', ruleId: 'rechargeSettle.psnNoForInsured', severity: 'warning',
    why: 'implied by line 3239, not marked 必填',
  },
  {
    interfaceId: 'ORG_003', direction: 'request', field: 'setl_id', check: 'conditional', ruleId: 'rechargeSettle.noSetlIdForSelfPay', severity: 'warning',
    why: '"如“患者费别”为自费则传空" (line 3239): a 自费 settlement with a 结算ID is odd, not meaningless',
  },
  {
    interfaceId: 'ORG_007', direction: 'request', field: 'pay_ord_id', check: 'conditional', ruleId: 'orgPreorder.payOrdIdForInsured', severity: 'warning',
    why: '"“费别”为医保时返回" (line 4871) is about the portal’s data; the preorder is still meaningful without it',
  },
] as const satisfies readonly LeniencyEntry[];

/** A defect of the ORG part of the spec that is not a validation severity, and what we do. */
export interface SpecDecision {
  readonly id: string;
  readonly interfaceId: string;
  /** Spec lines of the defect. */
  readonly lines: string;
  readonly defect: string;
  readonly decision: string;
}

export const ORG_SPEC_DECISIONS = [
  {
    id: 'org009.path', interfaceId: 'ORG_009', lines: '5349-5351',
    defect: 'ORG_009 医保异账撤销 repeats ORG_008’s suffix /orgHsTradeFile, so both cannot be served',
    decision: 'ORG_009 defaults to /orgHsTradeRevoke (protocol.md §9); every suffix is configurable',
  },
  {
    id: 'org009.description', interfaceId: 'ORG_009', lines: '5354-5355',
    defect: 'ORG_009’s 功能说明 is ORG_008’s word for word',
    decision: 'described by its name (撤销医保异账); its tables are its own',
  },
  {
    id: 'org005.examples', interfaceId: 'ORG_005', lines: '4354-4409',
    defect: 'ORG_005’s request and response examples are ORG_006’s (his_cust_id/his_cust_type, next_step_tips, druginfo; no result)',
    decision: 'ORG_005 follows its tables: an answer carries ret_code, ret_msg, result and optionally balance; the copied example fails ORG_005 validation on result',
  },
  {
    id: 'org008.retCode', interfaceId: 'ORG_008', lines: '5079-5348',
    defect: 'ORG_008’s response table has no ret_code/ret_msg, unlike every other ORG response, while the portal judges ret_code first (line 1447)',
    decision: 'ret_code and ret_msg are optional rows of ORG_008’s response; a failure answer carries them like any other',
  },
  {
    id: 'org008.billdetailType', interfaceId: 'ORG_008', lines: '5155-5161',
    defect: 'billdetail is written with 参数类型 String and 最大长度 List<JSONObject>',
    decision: 'a List<JSONObject> with no length limit',
  },
  {
    id: 'org008.mafPay', interfaceId: 'ORG_008', lines: '5276',
    defect: 'billdetail writes mafPay in camelCase among snake_case names (maf_pay elsewhere)',
    decision: 'kept as written: mafPay',
  },
  {
    id: 'org009.mdtrId', interfaceId: 'ORG_009', lines: '5409',
    defect: 'ORG_009 writes mdtr_id where every other table says mdtrt_id',
    decision: 'kept as written: mdtr_id',
  },
  {
    id: 'org003.setldetailEnd', interfaceId: 'ORG_003', lines: '3550-3594',
    defect: 'the setldetail block is closed by a second "setldetail说明 开始"; ORG_004’s druginfo block ("duginfo") has no end',
    decision: 'read as the end of the block; druginfo as spelt in the table',
  },
  {
    id: 'org002.keySpaces', interfaceId: 'ORG_002', lines: '2907, 2979',
    defect: 'the response example spells "diag_dept " and "drug_medc_way_code " with a trailing space',
    decision: 'a key that is a table name plus spaces counts as that field, with a keySpelling warning (an error in strict)',
  },
  {
    id: 'org.failureAnswer', interfaceId: 'ORG_001', lines: '1447, 5472-5487',
    defect: 'the tables mark result, call_sn, balance … as 必填 without saying what a failure answer (ret_code 01/02/99) carries',
    decision: 'a failure answer needs only ret_code and ret_msg; the other 必填 rows apply when ret_code is 00',
  },
] as const satisfies readonly SpecDecision[];
