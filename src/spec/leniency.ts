// The one place that decides how hard validation is in the default 'warn' mode.
//
// 'strict' reports every deviation from the spec's tables as an error; 'off' checks nothing.
// 'warn' (the default) reports the same deviations, but only those that would make a request
// meaningless are errors; the rest are warnings. The spec contradicts itself (README defect
// list): its own Java example (spec lines 90-147) and DLL example (lines 289-326) omit
// fields it marks required, and its max lengths contradict its enum values. A drop-in must
// accept what the vendor's own examples send, so every such case is listed here, with the
// spec lines that justify it — no special cases live in the validator.
import { ORG_WARN_MODE_EXCEPTIONS } from './org-leniency.js';
import type { Direction, Severity } from './types.js';

/** The individual checks the validator runs; each maps to a ValidationIssue rule. */
export type Check =
  | 'paramsType' //   params is not a JSON object                      → rule 'type'
  | 'required' //     Y field absent (undefined, null or "")           → rule 'required'
  | 'type' //         value is neither a string nor a number           → rule 'type'
  | 'numberForString' // a number where String is documented           → rule 'type'
  | 'maxLength' //    longer than 最大长度                              → rule 'maxLength'
  | 'enum' //         not one of the listed values                     → rule 'enum'
  | 'format' //       not yyyy-MM-dd HH:mm:ss / yyyy-MM-dd / yuan      → rule 'format'
  | 'conditional' //  a ConditionalRule is violated                    → rule 'conditional'
  | 'unknownField' // a key that is not in the table                   → rule 'unknownField'
  | 'keySpelling' //  a key that is a table name plus stray spaces     → rule 'keySpelling'
  | 'stringForInteger' // a numeric string where Integer is documented → rule 'type'
  | 'objectForJsonString' // an object/array where JSONString is documented → rule 'type'
  | 'jsonString'; //  a JSONString whose text is not JSON               → rule 'format'

/** Severity of each check in 'warn' mode, unless an exception below says otherwise. */
export const WARN_MODE_DEFAULTS: Readonly<Record<Check, Severity>> = {
  paramsType: 'error',
  required: 'error',
  type: 'error',
  // The Java SDK serialises numbers where the tables say String (e.g. amounts); the portal
  // receives them as JSON numbers. Accepted, but not what the table documents.
  numberForString: 'warning',
  // The documented lengths are not trustworthy: pushType is "10" long (line 559) while all its
  // values (lines 561-564) are 14-20, and both examples send HOSPITAL_PAYMENT (lines 124, 311).
  maxLength: 'warning',
  enum: 'error',
  format: 'error',
  conditional: 'error',
  // The Java example sends cardType and cardNo (lines 92-94), which no table lists.
  unknownField: 'warning',
  // ORG_002's own example sends "diag_dept " and "drug_medc_way_code " (lines 2907, 2979); the
  // value is taken as the field's.
  keySpelling: 'warning',
  // ORG_008's paging fields are Integer (lines 5057-5099); "2" means 2.
  stringForInteger: 'warning',
  objectForJsonString: 'warning',
  // ORG_007's own example hs_ext_data (line 4973) is JSON escaped twice: its text does not parse.
  jsonString: 'warning',
};

export interface LeniencyEntry {
  readonly interfaceId: string;
  readonly direction: Direction;
  readonly field: string;
  readonly check: Check;
  /** For check 'conditional': the ConditionalRule id. */
  readonly ruleId?: string;
  /** Severity in 'warn' mode. */
  readonly severity: Severity;
  /** Why, citing the spec's lines. */
  readonly why: string;
}

/** Per-field exceptions to WARN_MODE_DEFAULTS. */
export const WARN_MODE_EXCEPTIONS = [
  {
    interfaceId: 'AMP_HOS_001', direction: 'request', field: 'phone', check: 'required', severity: 'warning',
    why: 'phone is Y (lines 462-466) but neither the Java example (lines 90-147) nor the DLL example (lines 289-326) sends it',
  },
  {
    interfaceId: 'AMP_HOS_001', direction: 'request', field: 'hisCustType', check: 'required', severity: 'warning',
    why: 'hisCustType is Y (lines 448-452) but the Java example omits it (lines 90-147) and the DLL example sends "" (line 298)',
  },
  {
    interfaceId: 'AMP_HOS_001', direction: 'request', field: 'hisCustId', check: 'required', severity: 'warning',
    why: 'hisCustId is Y (lines 455-459) but the Java example omits it (lines 90-147)',
  },
  {
    interfaceId: 'AMP_HOS_001', direction: 'request', field: 'orderStatus', check: 'required', severity: 'warning',
    why: 'orderStatus is Y (line 514) but its 说明 narrows that to pushType HOSPITAL_PAYMENT (line 515); that case stays an error through rule pushMsg.orderStatusForPayment',
  },
  {
    interfaceId: 'AMP_HOS_001', direction: 'request', field: 'amount', check: 'conditional',
    ruleId: 'pushMsg.amountForPayment', severity: 'warning',
    why: 'amount is required for 支付单 (line 586) but both examples push HOSPITAL_PAYMENT without it (lines 124, 311)',
  },
  // The times and the amount of a push are what the patient reads in the notice; a malformed
  // one (e.g. java.sql.Timestamp's "2022-03-30 13:15:46.0") leaves the notice meaningful. Money
  // that moves (refundAmount) and the bill date that selects a file stay errors.
  {
    interfaceId: 'AMP_HOS_001', direction: 'request', field: 'scheduledTime', check: 'format', severity: 'warning',
    why: 'scheduledTime 预约时间 is display text of the notice (lines 566-572)',
  },
  {
    interfaceId: 'AMP_HOS_001', direction: 'request', field: 'createTime', check: 'format', severity: 'warning',
    why: 'createTime 订单创建时间 is display text of the notice (lines 644-651)',
  },
  {
    interfaceId: 'AMP_HOS_001', direction: 'request', field: 'updateTime', check: 'format', severity: 'warning',
    why: 'updateTime 订单修改时间 is display text of the notice (lines 653-660)',
  },
  {
    interfaceId: 'AMP_HOS_001', direction: 'request', field: 'amount', check: 'format', severity: 'warning',
    why: 'amount of a push is the 费用总额/退款金额 shown to the patient (line 586); no money moves on pushMsg',
  },
  {
    interfaceId: 'AMP_HOS_004', direction: 'response', field: 'digestType', check: 'enum', severity: 'warning',
    why: 'digestType is "默认为SHA1格式" (line 1077): SHA1 is the default, not promised to be the only value; the trade-file reader decides what it can verify',
  },
] as const satisfies readonly LeniencyEntry[];

/**
 * Severity of one check on one field in 'warn' mode. `field` is the field name, or inside a
 * List<JSONObject> its dotted path without indices ('unsettlelist.diaglist.diag_dept').
 */
export function warnModeSeverity(
  interfaceId: string,
  direction: Direction,
  field: string,
  check: Check,
  ruleId?: string,
): Severity {
  const entries: readonly LeniencyEntry[] = interfaceId.startsWith('ORG_') ? ORG_WARN_MODE_EXCEPTIONS : WARN_MODE_EXCEPTIONS;
  const hit = entries.find(
    (e) =>
      e.interfaceId === interfaceId &&
      e.direction === direction &&
      e.field === field &&
      e.check === check &&
      (e.ruleId === undefined || e.ruleId === ruleId),
  );
  return hit ? hit.severity : WARN_MODE_DEFAULTS[check];
}
