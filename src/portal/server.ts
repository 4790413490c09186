/**
 * The portal simulator: POST /api/amp/hos/{pushMsg,refund,queryRefundResult,getTradeFile} with
 * the real envelope (protocol.md), plus /__sim/* endpoints for tests. This file wires the parts:
 * the API's ordered checks (api-steps.ts), the /__sim routes (sim-routes.ts) and the HTTP
 * plumbing (http.ts).
 */
import { createServer, type ServerResponse } from 'node:http';
import { AmpConfigError, Envelope, formatTimestamp, resolveProfile, type ProtocolProfile } from '../core/index.js';
import { redactText } from '../spec/index.js';
import { DEMO_APPS, checkPortalOptions, type PortalOptions } from './config.js';
import { FaultTable } from './faults.js';
import type { StoredMessage } from './handlers.js';
import { API_PREFIX, handleApi } from './api-steps.js';
import { failureMessage, listen, sendJson } from './http.js';
import { Ledger } from './ledger.js';
import { ReplayGuard } from './replay.js';
import { seedDemoTrades } from './seed.js';
import { handleSim } from './sim-routes.js';
import type { AppEntry, PortalState } from './state.js';

export { API_PREFIX } from './api-steps.js';

export interface PortalHandle {
  /** http://127.0.0.1:PORT (no trailing slash) */
  url: string;
  port: number;
  ledger: Ledger;
  /** pushMsg messages received, oldest first. */
  messages: StoredMessage[];
  faults: FaultTable;
  /** The protocol profile this simulator plays. */
  profile: ProtocolProfile;
  close(): Promise<void>;
}

function initialState(options: PortalOptions): PortalState {
  const clock = options.clock ?? (() => new Date());
  const profile = resolveProfile(options.profile);
  const apps = new Map<string, AppEntry>();
  const allApps = [...(options.demoApps === false ? [] : DEMO_APPS), ...(options.apps ?? [])];
  for (const a of allApps) {
    const entry: AppEntry = { app: { ...a }, envelope: new Envelope({ appId: a.appId, appSecret: a.appSecret, profile }) };
    if (a.clientPubKey && a.serverPrvKey) {
      entry.sm2Envelope = new Envelope({ appId: a.appId, appSecret: a.appSecret, profile, signType: 'SM2', signPrivateKey: a.serverPrvKey, verifyPublicKey: a.clientPubKey });
    }
    apps.set(a.appId, entry);
  }
  const ledger = new Ledger({ clock, refundDelayMs: options.refundDelayMs ?? 2000 });
  if (options.seedTrades !== false) seedDemoTrades(ledger, clock());
  return {
    profile,
    apps,
    ledger,
    replay: new ReplayGuard(options.replayWindowSec ?? 300, clock, profile.timestampFormat),
    faults: new FaultTable(),
    messages: [],
    downloads: new Map(),
    stalled: new Set<ServerResponse>(),
    clock,
    log: options.log ?? (() => {}),
    downloadTtlMs: options.downloadTtlMs ?? 60_000,
    baseUrl: '',
    publicUrl: options.publicUrl,
  };
}

/** Starts the simulator; resolves once it listens. */
export async function startPortal(options: PortalOptions = {}): Promise<PortalHandle> {
  checkPortalOptions(options);
  if (options.signType !== undefined && options.signType !== 'SM3') throw new AmpConfigError('模拟器只支持 signType SM3', 'signType: only SM3 is served');
  const s = initialState(options);

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route =
      path.startsWith(`${API_PREFIX}/`) || path === API_PREFIX ? handleApi(s, req, res, path) : path.startsWith('/__sim/') ? handleSim(s, req, res, path) : null;
    if (!route) {
      req.resume();
      sendJson(res, 404, { code: '404404', message: `该功能未开放：${path} / not found: ${path}` });
      s.log(`${req.method} ${path} → HTTP 404`);
      return;
    }
    route.catch((err: unknown) => {
      // A bug of ours: say so with the spec's fatal code rather than hanging the client. The
      // stack can hold anything the request carried: ID and phone numbers and every app's keys masked.
      const keys = [...s.apps.values()].flatMap((e) => [e.app.appSecret, e.app.orgSecret, e.app.serverPrvKey]);
      const clean = (text: string) => redactText(text, undefined, keys);
      s.log(clean(`${req.method} ${path} → 444444 ${(err as Error)?.stack ?? String(err)}`));
      if (!res.headersSent) sendJson(res, 200, { code: '444444', message: failureMessage('444444', '模拟器内部错误', clean(`simulator bug: ${(err as Error)?.message}`)), timestamp: formatTimestamp(s.clock(), s.profile.timestampFormat) });
      else res.destroy();
    });
  });

  const { url, port } = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  s.baseUrl = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    ledger: s.ledger,
    messages: s.messages,
    faults: s.faults,
    profile: s.profile,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const res of s.stalled) res.destroy();
        s.stalled.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
