/**
 * onetrans: the hospital side of the regional medical-insurance payment portal (AMP).
 * Import the client for new code; the simulator and the spec tables for tests and tools.
 */
export * from './core/index.js';
export * from './client/index.js';
// Errors raised by one area, exported from their homes (the rule: src/core/errors.ts).
export { SpecError } from './spec/errors.js';
export { FrameError } from './bridge/frames.js';
export { TradeInputError } from './portal/trade-input.js';
export {
  AMP_INTERFACES,
  AMP_INTERFACE_LIST,
  findInterface,
  validate,
  formatIssues,
  type InterfaceSpec,
  type FieldSpec,
  type ValidationIssue,
  type ValidationMode,
  type PushMsgRequest,
  type PushMsgResponse,
  type RefundRequest,
  type RefundResponse,
  type QueryRefundResultRequest,
  type QueryRefundResultResponse,
  type GetTradeFileRequest,
  type GetTradeFileResponse,
} from './spec/index.js';
export { startPortal, type PortalHandle, type PortalOptions } from './portal/index.js';
export { loadMobileTrans, type MobileTransRuntime, type OneTransConfig } from './mobiletrans/index.js';
// Trade files (AMP_HOS_004): downloadTradeFile (download within the minute, SHA1 check, unzip), parse, reconcile.
export * from './bill/index.js';
export * from './hospital/index.js';
export {
  ORG_INTERFACES,
  ORG_INTERFACE_LIST,
  ORG_METHODS,
  orgInterfaceByMethod,
  type OrgInterfaceSpec,
  type OrgMethod,
  type OrgAnswer,
  type QueryAccountRequest,
  type QueryAccountResponse,
  type QueryUnsettleListRequest,
  type QueryUnsettleListResponse,
  type RechargeSettleRequest,
  type RechargeSettleResponse,
  type QuerySettleResultRequest,
  type QuerySettleResultResponse,
  type CancelRechargeSettleRequest,
  type CancelRechargeSettleResponse,
  type QueryOrgTipsRequest,
  type QueryOrgTipsResponse,
  type OrgPreorderRequest,
  type OrgPreorderResponse,
  type OrgHsTradeFileRequest,
  type OrgHsTradeFileResponse,
  type OrgHsTradeRevokeRequest,
  type OrgHsTradeRevokeResponse,
  type UnsettleBill,
} from './spec/index.js';
// The portal's side against a hospital: the one ORG client, the cashier flow (ORG_001 → 003) and the self-test.
export { OrgClient, describeOutcome, orgUrl, type OrgCallOutcome, type OrgClientOptions, type OrgExchange } from './org/index.js';
export { payAtHospital, type CashierOptions, type CashierOutcome } from './portal/cashier.js';
export { runConformance, type ConformanceOptions, type ConformanceReport } from './hospital/conformance.js';
