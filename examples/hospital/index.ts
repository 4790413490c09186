/**
 * The reference HIS (`onetrans hospital demo`): a small but correct hospital for the portal to
 * call, and the example to copy when building the nine ORG endpoints.
 *
 *   const his = await startDemoHospital({ dataFile: 'his.json' });
 *   his.url;        // http://127.0.0.1:PORT — give this to the portal (or `onetrans portal pay`)
 *   await his.close();
 *
 * The handlers are plain async functions (request object → response object); the toolkit does
 * the HTTP, JSON, validation and logging around them.
 */
import { queryAccount, queryUnsettleList } from './account.js';
import type { DemoContext, OrgRequest, OrgResponse } from './common.js';
import { orgHsTradeFile, orgHsTradeRevoke, queryOrgTips } from './extras.js';
import { createHospitalServer, createKeyedLock, type HospitalHandlers } from '../../src/hospital/index.js';
import { cancelRechargeSettle, orgPreorder, querySettleResult, rechargeSettle } from './settle.js';
import { DemoStore } from './store.js';

export { DemoStore, DemoDataError } from './store.js';
export { exportBooks, type HisExportRecord } from './export.js';
export { DEMO_CERT_NO, DEMO_ORG_CODE, seedData, type DemoData, type DemoPatient, type DemoBill, type DemoSettlement } from './data.js';

export type OrgHandler = (request: OrgRequest) => Promise<OrgResponse>;

/** One handler per ORG interface, named as the spec's suffixes are. */
export interface DemoHandlers {
  queryAccount: OrgHandler;
  queryUnsettleList: OrgHandler;
  rechargeSettle: OrgHandler;
  querySettleResult: OrgHandler;
  cancelRechargeSettle: OrgHandler;
  queryOrgTips: OrgHandler;
  orgPreorder: OrgHandler;
  orgHsTradeFile: OrgHandler;
  orgHsTradeRevoke: OrgHandler;
}

export interface DemoHospitalOptions {
  host?: string;
  port?: number;
  /** Keep the books in this JSON file (created and seeded when missing); memory only otherwise. */
  dataFile?: string;
  /** org_code of this hospital when seeding new books (default the spec's H323498799997). */
  orgCode?: string;
  /** Time between accepting and committing a settlement, to watch ORG_004 answer exp (ms, default 0). */
  settleDelayMs?: number;
  /** One line per call (the toolkit's log). */
  log?: (line: string) => void;
}

export function createDemoHandlers(store: DemoStore, settleDelayMs = 0, stopping: AbortSignal = new AbortController().signal): DemoHandlers {
  const ctx: DemoContext = { store, data: store.data, settleDelayMs, inflight: new Map(), accounts: createKeyedLock(), stopping };
  const bind = (f: (c: DemoContext, r: OrgRequest) => Promise<OrgResponse>): OrgHandler => (r) => f(ctx, r);
  return {
    queryAccount: bind(queryAccount),
    queryUnsettleList: bind(queryUnsettleList),
    rechargeSettle: bind(rechargeSettle),
    querySettleResult: bind(querySettleResult),
    cancelRechargeSettle: bind(cancelRechargeSettle),
    queryOrgTips: bind(queryOrgTips),
    orgPreorder: bind(orgPreorder),
    orgHsTradeFile: bind(orgHsTradeFile),
    orgHsTradeRevoke: bind(orgHsTradeRevoke),
  };
}

export interface DemoHospital {
  /** http://host:port — the hospital base URL the portal is configured with. */
  url: string;
  port: number;
  close(): Promise<void>;
  store: DemoStore;
  handlers: DemoHandlers;
}

export async function startDemoHospital(options: DemoHospitalOptions = {}): Promise<DemoHospital> {
  const store = options.dataFile ? DemoStore.open(options.dataFile, options.orgCode) : DemoStore.memory(undefined);
  if (!options.dataFile && options.orgCode) store.data.org_code = options.orgCode;
  const stop = new AbortController();
  const handlers = createDemoHandlers(store, options.settleDelayMs ?? 0, stop.signal);
  // The toolkit does the HTTP side: routing, JSON, the spec's checks, error answers, the log.
  // The demo's handlers return plain objects built from the books, hence the cast.
  const served = await createHospitalServer({ ...handlers } as unknown as HospitalHandlers, {
    host: options.host,
    port: options.port,
    log: options.log ? (line) => options.log?.(line) : false,
  });
  return {
    ...served,
    store,
    handlers,
    close() {
      stop.abort();
      return served.close();
    },
  };
}

