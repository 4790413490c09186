/**
 * The simulator's own endpoints under /__sim/ (for tests and tools, never part of the portal's
 * API): health, pushed messages, the ledger's trades and refunds, fault injection, and the
 * trade-file downloads getTradeFile hands out. A route is a table entry, so a new one (the
 * cashier flow, say) is one more line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AmpError, cstTimestamp } from '../core/index.js';
import { readBody, sendJson, type Json } from './http.js';
import type { PortalState } from './state.js';
import { TradeInputError } from './trade-input.js';

export interface SimRequest {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  method: string;
  /** The body as JSON ({} when empty); throws a TypeError saying what is wrong. */
  readJson(): Promise<unknown>;
  /** A 4xx answer `{code, message}` in Chinese and English. */
  bad(status: number, zh: string, en: string, extra?: Json): void;
}

export interface SimRoute {
  readonly method: string;
  /** Exact path, or a prefix ending in '/' when `prefix` is set. */
  readonly path: string;
  readonly prefix?: boolean;
  run(r: SimRequest, s: PortalState): void | Promise<void>;
}

export const DOWNLOAD_PREFIX = '/__sim/download/';

/** Answers bad input (a TypeError, or a 000105 AmpError) with 400 instead of the 444444 a bug gets. */
async function badInput(r: SimRequest, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof TradeInputError) return sendJson(r.res, 400, { code: '000105', message: err.message, issues: err.issues });
    // The message is already bilingual: sent once, not as "x / x".
    if (err instanceof TypeError || (err instanceof AmpError && err.code === '000105')) return sendJson(r.res, 400, { code: '000105', message: err.message });
    throw err;
  }
}

export const SIM_ROUTES: SimRoute[] = [
  {
    method: 'GET',
    path: DOWNLOAD_PREFIX,
    prefix: true,
    run(r, s) {
      const token = r.path.slice(DOWNLOAD_PREFIX.length);
      const d = s.downloads.get(token);
      if (!d || d.expiresAt <= s.clock().getTime()) {
        if (d) s.downloads.delete(token);
        s.log(`GET ${DOWNLOAD_PREFIX}… → 404`);
        return r.bad(404, '下载地址无效或已过期（有效期1分钟，请重新调用 getTradeFile）', 'download URL unknown or expired (valid one minute; call getTradeFile again)');
      }
      r.res.writeHead(200, {
        'content-type': 'application/zip',
        'content-length': d.zip.length,
        'content-disposition': `attachment; filename="${d.zipName}"`,
      });
      r.res.end(d.zip);
      s.log(`GET ${DOWNLOAD_PREFIX}… → 200 ${d.zipName} ${d.zip.length} bytes`);
    },
  },
  { method: 'GET', path: '/__sim/health', run: (r, s) => sendJson(r.res, 200, { ok: true, url: s.baseUrl, time: cstTimestamp(s.clock()) }) },
  { method: 'GET', path: '/__sim/messages', run: (r, s) => sendJson(r.res, 200, { messages: s.messages }) },
  { method: 'GET', path: '/__sim/trades', run: (r, s) => sendJson(r.res, 200, { trades: s.ledger.listTrades().map((t) => s.ledger.tradeToWire(t)) }) },
  {
    method: 'POST',
    path: '/__sim/trades',
    run: (r, s) =>
      badInput(r, async () => {
        const input = await r.readJson();
        if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('交易须为JSON对象 / a trade must be a JSON object');
        const trade = s.ledger.addTrade(input as Json);
        s.log(`POST /__sim/trades → 201 ${trade.orgCode} ${trade.ampTraceId}`);
        sendJson(r.res, 201, { trade: s.ledger.tradeToWire(trade) });
      }),
  },
  { method: 'GET', path: '/__sim/refunds', run: (r, s) => sendJson(r.res, 200, { refunds: s.ledger.listRefunds().map((x) => s.ledger.refundToWire(x)) }) },
  { method: 'GET', path: '/__sim/faults', run: (r, s) => sendJson(r.res, 200, { faults: s.faults.list() }) },
  {
    method: 'POST',
    path: '/__sim/faults',
    run: (r, s) =>
      badInput(r, async () => {
        const spec = (await r.readJson()) as Json;
        const fault = s.faults.add(spec ?? {});
        s.log(`POST /__sim/faults → ${fault.mode} ×${fault.remaining} on ${fault.suffix}`);
        sendJson(r.res, 201, { fault });
      }),
  },
  {
    method: 'DELETE',
    path: '/__sim/faults',
    run(r, s) {
      s.faults.clear();
      sendJson(r.res, 200, { faults: [] });
    },
  },
];

export async function handleSim(s: PortalState, req: IncomingMessage, res: ServerResponse, path: string, routes: readonly SimRoute[] = SIM_ROUTES): Promise<void> {
  const method = req.method ?? 'GET';
  const bad = (status: number, zh: string, en: string, extra: Json = {}) =>
    sendJson(res, status, { code: status === 404 ? '404404' : '000105', message: `${zh} / ${en}`, ...extra });
  const r: SimRequest = {
    req,
    res,
    path,
    method,
    bad,
    async readJson() {
      const b = await readBody(req);
      if (b === null) throw new TypeError('请求体过大 / body too large');
      try {
        return JSON.parse(b.toString('utf8') || '{}');
      } catch {
        throw new TypeError('请求体不是JSON / body is not JSON');
      }
    },
  };
  const matches = routes.filter((x) => (x.prefix ? path.startsWith(x.path) : path === x.path));
  const route = matches.find((x) => x.method === method);
  if (route) {
    // One log line per request (routes that say more log it themselves).
    let logged = false;
    const own: PortalState = { ...s, log: (line) => ((logged = true), s.log(line)) };
    await route.run(r, own);
    if (!logged) s.log(`${method} ${path} → ${res.statusCode}`);
    return;
  }
  req.resume();
  // A download link with another method: 405 as before; anything else is unknown.
  if (matches.some((x) => x.prefix)) return bad(405, '仅支持 GET', 'only GET is served');
  return bad(404, `未知的模拟器地址 ${method} ${path}`, `no simulator endpoint ${method} ${path}`);
}
