/**
 * The portal simulator's HTTP server: POST /api/amp/hos/{pushMsg,refund,queryRefundResult,
 * getTradeFile} with the real envelope (protocol.md), plus /__sim/* endpoints for tests.
 *
 * A request goes through the checks a strict portal makes, in this order, and the first that
 * fails answers (HTTP 200, `{code, message, appId?, orgId?, timestamp}`, no encData):
 *   path under /api/amp/hos/ not one of the four     404404
 *   body not JSON / not an object                    000101
 *   appId missing or unknown                         000001 请求应用非法，APPID无效
 *   timestamp malformed                              000105
 *   timestamp outside ±replayWindowSec               010010
 *   signType other than SM3                          000102
 *   encData missing / undecryptable / not JSON       000101
 *   signData missing or wrong                        000102
 *   (appId, signData) already seen in the window     010010
 *   business parameters fail the spec (warn-mode errors), or refundAmount is 0   000105
 *   getTradeFile orgSecret wrong                     -4 权限校验异常
 * Business refusals (refund of an unknown trade, too large an amount, …) are 000000 with
 * tradeStatus FAIL. Messages start with the spec's wording (AMP_CODES) and add the details in
 * Chinese and English.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AMP_CODES, AmpError, Envelope, INVALID_APPID, cstTimestamp } from '../core/index.js';
import { AMP_INTERFACES, validate, type AmpSuffix } from '../spec/index.js';
import { DEMO_APPS, checkPortalOptions, type PortalApp, type PortalOptions } from './config.js';
import { FaultTable } from './faults.js';
import { HANDLERS, type Download, type HandlerContext, type StoredMessage } from './handlers.js';
import { Ledger, TradeInputError } from './ledger.js';
import { ReplayGuard } from './replay.js';
import { seedDemoTrades } from './seed.js';

export const API_PREFIX = '/api/amp/hos';
const MAX_BODY = 1024 * 1024;

export interface PortalHandle {
  /** http://127.0.0.1:PORT (no trailing slash) */
  url: string;
  port: number;
  ledger: Ledger;
  /** pushMsg messages received, oldest first. */
  messages: StoredMessage[];
  faults: FaultTable;
  close(): Promise<void>;
}

/**
 * Which warn-mode validation errors the portal turns into a business answer instead of 000105:
 * an unknown pushType is answered {response: INVALID_PUSH_TYPE} (the spec's response enum).
 */
const BUSINESS_CHECKED: readonly { suffix: string; field: string; rule: string }[] = [
  { suffix: '/pushMsg', field: 'pushType', rule: 'enum' },
];

interface AppEntry {
  app: PortalApp;
  envelope: Envelope;
}

type Json = Record<string, unknown>;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        // Stop keeping it, drain the rest, and let the caller answer 413 on a closing connection.
        req.off('data', onData);
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `000105` + details → "参数校验不合法：<zh> / invalid parameters: <en>" */
function failureMessage(code: string, zh?: string, en?: string): string {
  const info = code === '000001' ? INVALID_APPID : AMP_CODES[code];
  const baseZh = info?.zh ?? '未知错误';
  const baseEn = info?.en ?? 'unknown error';
  if (!zh) return baseZh;
  return `${baseZh}：${zh} / ${baseEn}: ${en ?? zh}`;
}

/** Starts the simulator; resolves once it listens. */
export async function startPortal(options: PortalOptions = {}): Promise<PortalHandle> {
  checkPortalOptions(options);
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const replayWindowSec = options.replayWindowSec ?? 300;
  const downloadTtlMs = options.downloadTtlMs ?? 60_000;
  if (options.signType !== undefined && options.signType !== 'SM3') throw new TypeError('signType: only SM3 is served');

  const apps = new Map<string, AppEntry>();
  const allApps = [...(options.demoApps === false ? [] : DEMO_APPS), ...(options.apps ?? [])];
  for (const a of allApps) apps.set(a.appId, { app: { ...a }, envelope: new Envelope({ appId: a.appId, appSecret: a.appSecret }) });

  const ledger = new Ledger({ clock, refundDelayMs: options.refundDelayMs ?? 2000 });
  if (options.seedTrades !== false) seedDemoTrades(ledger, clock());
  const replay = new ReplayGuard(replayWindowSec, clock);
  const faults = new FaultTable();
  const messages: StoredMessage[] = [];
  const downloads = new Map<string, Download>();
  const stalled = new Set<ServerResponse>();
  let baseUrl = '';

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const suffix = path.slice(API_PREFIX.length);
    const started = Date.now();
    const iface = (AMP_INTERFACES as Record<string, (typeof AMP_INTERFACES)[AmpSuffix] | undefined>)[suffix];
    let appId: string | undefined;
    let orgId: string | undefined;
    const fail = (code: string, zh?: string, en?: string, status = 200) => {
      const body: Json = { code, message: failureMessage(code, zh, en) };
      if (appId) body.appId = appId;
      if (orgId) body.orgId = orgId;
      body.timestamp = cstTimestamp(clock());
      if (status === 413) res.setHeader('connection', 'close');
      sendJson(res, status, body);
      log(`${req.method} ${path} appId=${appId ?? '-'} → ${code}${en ? ` (${en})` : ''} ${Date.now() - started}ms`);
    };

    if (req.method !== 'POST') {
      // Drain, then refuse: the portal's interfaces are POST only (spec line 3).
      req.resume();
      return fail('404404', `仅支持 POST，收到 ${req.method}`, `only POST is served, got ${req.method}`, 405);
    }
    const body = await readBody(req);
    if (body === null) return fail('000105', `请求体超过 ${MAX_BODY} 字节`, `request body larger than ${MAX_BODY} bytes`, 413);
    if (!iface) return fail('404404', `接口 ${path} 不存在，可用：${Object.keys(AMP_INTERFACES).join('、')}`, `no interface ${path}; known: ${Object.keys(AMP_INTERFACES).join(', ')}`);

    const fault = faults.take(suffix);
    if (fault === 'stall') {
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      log(`POST ${path} → stalled (fault injection)`);
      return;
    }
    if (fault === 'http503' || fault === 'http500') {
      const status = fault === 'http503' ? 503 : 500;
      const text = status === 503 ? 'Service Unavailable (simulated)' : 'Internal Server Error (simulated)';
      res.writeHead(status, { 'content-type': 'text/plain;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      log(`POST ${path} → HTTP ${status} (fault injection)`);
      return;
    }
    if (fault === 'notJson') {
      const text = '<html><body><h1>502 Bad Gateway</h1><p>simulated proxy page</p></body></html>';
      res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      log(`POST ${path} → HTML body (fault injection)`);
      return;
    }

    let env: Json;
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      env = parsed as Json;
    } catch {
      return fail('000101', '请求报文不是JSON对象', 'the request body is not a JSON object');
    }
    if (typeof env.orgId === 'string' && env.orgId) orgId = env.orgId;
    const entry = typeof env.appId === 'string' ? apps.get(env.appId) : undefined;
    if (!entry) {
      const shown = typeof env.appId === 'string' ? env.appId : '';
      return fail('000001', shown ? `appId ${shown} 未登记` : '缺少 appId', shown ? `appId ${shown} is not registered` : 'appId is missing');
    }
    appId = entry.app.appId;

    const ts = replay.checkTimestamp(env.timestamp);
    if (!ts.ok) return fail(ts.malformed ? '000105' : '010010', ts.zh, ts.en);
    if (env.signType !== undefined && env.signType !== 'SM3') {
      return fail('000102', `不支持的签名方式 ${String(env.signType)}，本门户仅支持 SM3`, `signType ${String(env.signType)} is not served; use SM3`);
    }
    let params: unknown;
    try {
      params = entry.envelope.open(env).data;
    } catch (err) {
      if (err instanceof AmpError) return fail(err.code, err.messageZh, err.messageEn);
      throw err;
    }
    if (!replay.firstUse(entry.app.appId, String(env.signData))) {
      return fail('010010', '相同的 signData 已在有效期内使用过（重试须用新的 timestamp 重新签名）', 'this signData was already used within the window (a retry must re-sign with a new timestamp)');
    }

    const result = validate(iface, params, 'warn', 'request');
    const errors = result.issues.filter(
      (i) => i.severity === 'error' && !BUSINESS_CHECKED.some((b) => b.suffix === suffix && b.field === i.field && b.rule === i.rule),
    );
    if (errors.length) {
      const fields = [...new Set(errors.map((e) => e.field || '(data)'))];
      const zh = `字段 ${fields.join('、')} 不合法：${errors.map((e) => e.message.split(' / ')[0]).join('；')}`;
      const en = `bad fields ${fields.join(', ')}: ${errors.map((e) => e.message.split(' / ').slice(1).join(' / ') || e.message).join('; ')}`;
      return fail('000105', zh, en);
    }

    const ctx: HandlerContext = {
      app: entry.app,
      orgId,
      ledger,
      clock,
      messages,
      downloads,
      downloadTtlMs,
      baseUrl: options.publicUrl?.replace(/\/+$/, '') ?? baseUrl,
    };
    const outcome = await HANDLERS[suffix]!(params as Json, ctx);
    if (!outcome.ok) return fail(outcome.code, outcome.zh, outcome.en);

    const sealed = entry.envelope.seal(outcome.data, {
      orgId,
      timestamp: cstTimestamp(clock()),
      code: '000000',
      message: '成功',
      extra: '',
    });
    if (fault === 'badSignature') {
      const sig = String(sealed.signData);
      sealed.signData = (sig[0] === '0' ? '1' : '0') + sig.slice(1);
    } else if (fault === 'badEncData') {
      // One byte short: no longer whole SM4 blocks, so it cannot decrypt.
      sealed.encData = String(sealed.encData).slice(0, -2);
    }
    sendJson(res, 200, sealed);
    log(`POST ${path} appId=${appId} → 000000 ${outcome.note ?? ''}${fault ? ` [fault ${fault}]` : ''} ${Date.now() - started}ms`);
  }

  async function handleSim(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const readJson = async (): Promise<unknown> => {
      const b = await readBody(req);
      if (b === null) throw new TypeError('请求体过大 / body too large');
      try {
        return JSON.parse(b.toString('utf8') || '{}');
      } catch {
        throw new TypeError('请求体不是JSON / body is not JSON');
      }
    };
    const bad = (status: number, zh: string, en: string, extra: Json = {}) =>
      sendJson(res, status, { code: status === 404 ? '404404' : '000105', message: `${zh} / ${en}`, ...extra });

    if (path.startsWith('/__sim/download/')) {
      if (method !== 'GET') return bad(405, '仅支持 GET', 'only GET is served');
      const token = path.slice('/__sim/download/'.length);
      const d = downloads.get(token);
      if (!d || d.expiresAt <= clock().getTime()) {
        if (d) downloads.delete(token);
        log(`GET /__sim/download/… → 404`);
        return bad(404, '下载地址无效或已过期（有效期1分钟，请重新调用 getTradeFile）', 'download URL unknown or expired (valid one minute; call getTradeFile again)');
      }
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-length': d.zip.length,
        'content-disposition': `attachment; filename="${d.zipName}"`,
      });
      res.end(d.zip);
      log(`GET /__sim/download/… → 200 ${d.zipName} ${d.zip.length} bytes`);
      return;
    }
    switch (`${method} ${path}`) {
      case 'GET /__sim/health':
        return sendJson(res, 200, { ok: true, url: baseUrl, time: cstTimestamp(clock()) });
      case 'GET /__sim/messages':
        return sendJson(res, 200, { messages });
      case 'GET /__sim/trades':
        return sendJson(res, 200, { trades: ledger.listTrades().map((t) => ledger.tradeToWire(t)) });
      case 'POST /__sim/trades': {
        try {
          const input = await readJson();
          if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('交易须为JSON对象 / a trade must be a JSON object');
          const trade = ledger.addTrade(input as Json);
          log(`POST /__sim/trades → 201 ${trade.orgCode} ${trade.ampTraceId}`);
          return sendJson(res, 201, { trade: ledger.tradeToWire(trade) });
        } catch (err) {
          if (err instanceof TradeInputError) return sendJson(res, 400, { code: '000105', message: err.message, issues: err.issues });
          if (err instanceof TypeError) return bad(400, err.message, err.message);
          throw err;
        }
      }
      case 'GET /__sim/refunds':
        return sendJson(res, 200, { refunds: ledger.listRefunds().map((r) => ledger.refundToWire(r)) });
      case 'GET /__sim/faults':
        return sendJson(res, 200, { faults: faults.list() });
      case 'POST /__sim/faults': {
        try {
          const spec = (await readJson()) as Json;
          const fault = faults.add(spec ?? {});
          log(`POST /__sim/faults → ${fault.mode} ×${fault.remaining} on ${fault.suffix}`);
          return sendJson(res, 201, { fault });
        } catch (err) {
          if (err instanceof TypeError) return bad(400, err.message, err.message);
          throw err;
        }
      }
      case 'DELETE /__sim/faults':
        faults.clear();
        return sendJson(res, 200, { faults: [] });
      default:
        req.resume();
        return bad(404, `未知的模拟器地址 ${method} ${path}`, `no simulator endpoint ${method} ${path}`);
    }
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = path.startsWith(`${API_PREFIX}/`) || path === API_PREFIX ? handleApi(req, res, path) : path.startsWith('/__sim/') ? handleSim(req, res, path) : null;
    if (!route) {
      req.resume();
      sendJson(res, 404, { code: '404404', message: `该功能未开放：${path} / not found: ${path}` });
      log(`${req.method} ${path} → HTTP 404`);
      return;
    }
    route.catch((err: unknown) => {
      // A bug of ours: say so with the spec's fatal code rather than hanging the client.
      log(`${req.method} ${path} → 444444 ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 200, { code: '444444', message: failureMessage('444444', '模拟器内部错误', `simulator bug: ${(err as Error)?.message}`), timestamp: cstTimestamp(clock()) });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${shownHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    ledger,
    messages,
    faults,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const res of stalled) res.destroy();
        stalled.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
