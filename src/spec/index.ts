// The specification of the hospital → portal interfaces (AMP_HOS_001..004) as data, with
// lookup, validation and TypeScript shapes. See /work/shared/spec/README.md for the spec.
export type {
  ConditionalRule,
  Direction,
  EnumValue,
  FieldSpec,
  InterfaceSpec,
  RuleCondition,
  RuleConsequence,
  Sensitivity,
  Severity,
  ValidationIssue,
  ValidationMode,
  ValidationResult,
  ValidationRule,
} from './types.js';
export {
  APP_TYPE,
  BILL_TYPE,
  DIGEST_TYPE,
  ORDER_STATUS,
  PUSH_RESPONSE,
  PUSH_TYPE,
  REFUND_TYPE,
  TRADE_STATUS,
  type DictValue,
} from './dictionaries.js';
export { AMP_HOS_001, PUSH_MSG_REQUEST, PUSH_MSG_RESPONSE, PUSH_MSG_RULES } from './amp-hos-001.js';
export { AMP_HOS_002, REFUND_REQUEST, REFUND_RESPONSE, REFUND_RULES } from './amp-hos-002.js';
export {
  AMP_HOS_003,
  QUERY_REFUND_RESULT_REQUEST,
  QUERY_REFUND_RESULT_RESPONSE,
  QUERY_REFUND_RESULT_RULES,
} from './amp-hos-003.js';
export { AMP_HOS_004, GET_TRADE_FILE_REQUEST, GET_TRADE_FILE_RESPONSE, GET_TRADE_FILE_RULES } from './amp-hos-004.js';
export { AMP_INTERFACES, AMP_INTERFACE_LIST, findInterface, requireInterface, type AmpSuffix } from './registry.js';
export { WARN_MODE_DEFAULTS, WARN_MODE_EXCEPTIONS, warnModeSeverity, type Check, type LeniencyEntry } from './leniency.js';
export { validate } from './validate.js';
export { formatIssues } from './format-issues.js';
export { maskValue } from './mask.js';
export { matchesFormat } from './formats.js';
export { SpecError } from './errors.js';
export type {
  AppType,
  BillType,
  GetTradeFileRequest,
  GetTradeFileResponse,
  OrderStatus,
  PushMsgRequest,
  PushMsgResponse,
  PushResult,
  PushType,
  QueryRefundResultRequest,
  QueryRefundResultResponse,
  RefundRequest,
  RefundResponse,
  RefundType,
  TradeStatus,
} from './request-types.js';
