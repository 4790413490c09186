export { startPortal, API_PREFIX, type PortalHandle } from './server.js';
export {
  loadPortalConfig,
  checkPortalOptions,
  parseAppSpec,
  DEMO_APPS,
  DEMO_ORG_SECRET,
  FAULT_MODES,
  type PortalApp,
  type PortalOptions,
  type PortalConfigFile,
  type FaultMode,
} from './config.js';
export { Ledger, type LedgerOptions } from './ledger.js';
export { TradeInputError, parseTradeInput, TRADE_INPUT_COLUMNS } from './trade-input.js';
export type {
  TradeRecord,
  RefundRecord,
  RefundAnswer,
  LedgerRefundRequest,
  RefundQuery,
  RefundStatus,
} from './records.js';
export { tradeToWire, refundToWire, type TradeWire } from './wire.js';
export { ledgerTradeFileRows } from './trade-file-rows.js';
export { API_STEPS, type ApiStep, type ApiExchange, type StepFailure } from './api-steps.js';
export { SIM_ROUTES, type SimRoute, type SimRequest } from './sim-routes.js';
export { seedDemoTrades, DEMO_TRADES } from './seed.js';
export { FaultTable, type Fault } from './faults.js';
export { yuanToFen, fenToYuan } from '../core/money.js';
export * from './trade-file.js';
export type { StoredMessage } from './handlers.js';
