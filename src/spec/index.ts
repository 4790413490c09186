// The specification of the hospital → portal interfaces (AMP_HOS_001..004) as data, with
// lookup, validation and TypeScript shapes. See docs/spec-notes.md for the spec.
export type {
  ConditionalRule,
  Direction,
  EnumValue,
  FieldSpec,
  InterfaceSpec,
  OrgInterfaceSpec,
  OrgMethod,
  RuleCondition,
  RuleConsequence,
  Sensitivity,
  CallPolicy,
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
export { AMP_INTERFACES, AMP_INTERFACE_LIST, AMP_SUFFIXES, findInterface, requireInterface, resolveCall, type AmpSuffix, type ResolvedCall } from './registry.js';
export { WARN_MODE_DEFAULTS, WARN_MODE_EXCEPTIONS, warnModeSeverity, type Check, type LeniencyEntry } from './leniency.js';
export { validate } from './validate.js';
export { formatIssues } from './format-issues.js';
export { maskValue } from '../core/mask.js';
export { maskFields, redactText, requestRedactor, SENSITIVE_FIELDS } from './sensitive-fields.js';
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
export * from './org-dictionaries.js';
export { ORG_INTERFACES, ORG_INTERFACE_LIST, ORG_METHODS, findOrgInterface, orgInterfaceByMethod, type OrgInterfaceId } from './org-registry.js';
export { ORG_001, QUERY_ACCOUNT_REQUEST, QUERY_ACCOUNT_RESPONSE, QUERY_ACCOUNT_RULES } from './org-001.js';
export { ORG_002, QUERY_UNSETTLE_LIST_REQUEST, QUERY_UNSETTLE_LIST_RESPONSE, QUERY_UNSETTLE_LIST_RULES } from './org-002.js';
export { ORG_003, RECHARGE_SETTLE_REQUEST, RECHARGE_SETTLE_RESPONSE, RECHARGE_SETTLE_RULES } from './org-003.js';
export { ORG_004, QUERY_SETTLE_RESULT_REQUEST, QUERY_SETTLE_RESULT_RESPONSE, QUERY_SETTLE_RESULT_RULES } from './org-004.js';
export { ORG_005, CANCEL_RECHARGE_SETTLE_REQUEST, CANCEL_RECHARGE_SETTLE_RESPONSE, CANCEL_RECHARGE_SETTLE_RULES } from './org-005.js';
export { ORG_006, QUERY_ORG_TIPS_REQUEST, QUERY_ORG_TIPS_RESPONSE, QUERY_ORG_TIPS_RULES } from './org-006.js';
export { ORG_007, ORG_PREORDER_REQUEST, ORG_PREORDER_RESPONSE, ORG_PREORDER_RULES } from './org-007.js';
export { ORG_008, ORG_HS_TRADE_FILE_REQUEST, ORG_HS_TRADE_FILE_RESPONSE, ORG_HS_TRADE_FILE_RULES } from './org-008.js';
export { ORG_009, ORG_HS_TRADE_REVOKE_REQUEST, ORG_HS_TRADE_REVOKE_RESPONSE, ORG_HS_TRADE_REVOKE_RULES } from './org-009.js';
export { ORG_FAILURE_RESPONSE } from './org-common.js';
export { ORG_WARN_MODE_EXCEPTIONS, ORG_SPEC_DECISIONS, type SpecDecision } from './org-leniency.js';

export type { FieldType } from './types.js';
export type { ValidateOptions } from './validate.js';
export type {
  CancelRechargeSettleRequest,
  CancelRechargeSettleResponse,
  OrgAnswer,
  OrgHsTradeFileRequest,
  OrgHsTradeFileResponse,
  OrgHsTradeRevokeRequest,
  OrgHsTradeRevokeResponse,
  OrgPreorderRequest,
  OrgPreorderResponse,
  OrgRequests,
  OrgResponses,
  QueryAccountRequest,
  QueryAccountResponse,
  QueryOrgTipsRequest,
  QueryOrgTipsResponse,
  QuerySettleResultRequest,
  QuerySettleResultResponse,
  QueryUnsettleListRequest,
  QueryUnsettleListResponse,
  RechargeSettleRequest,
  RechargeSettleResponse,
  Shape,
  UnsettleBill,
  UnsettleDiagnosis,
  UnsettleRxItem,
} from './org-types.js';
