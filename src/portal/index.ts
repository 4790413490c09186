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
export {
  Ledger,
  TradeInputError,
  type TradeRecord,
  type TradeWire,
  type RefundRecord,
  type RefundAnswer,
  type RefundRequest,
  type RefundQuery,
  type RefundStatus,
} from './ledger.js';
export { seedDemoTrades, DEMO_TRADES } from './seed.js';
export { FaultTable, type Fault } from './faults.js';
export { yuanToFen, fenToYuan } from '../core/money.js';
export * from './trade-file.js';
export type { StoredMessage } from './handlers.js';
