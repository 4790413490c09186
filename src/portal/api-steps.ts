/**
 * The portal API (POST /api/amp/hos/<suffix>) as an ordered list of checks. A request goes
 * through them in this order, and the first that fails answers (HTTP 200 unless noted,
 * `{code, message, appId?, orgId?, timestamp}`, no encData):
 *   method other than POST                           404404 (HTTP 405)
 *   body over MAX_BODY                               000105 (HTTP 413)
 *   path under /api/amp/hos/ not one of the four     404404
 *   (fault injection: stall, HTTP 500/503, an HTML page)
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
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AmpError, formatTimestamp, interfaceOfSuffix } from '../core/index.js';
import { AMP_INTERFACES, redactText, validate, type InterfaceSpec } from '../spec/index.js';
import { DEMO_ORG_SECRET, type FaultMode } from './config.js';
import { HANDLERS, type HandlerContext } from './handlers.js';
import { MAX_BODY, failureMessage, readBody, sendJson, sendText, type Json } from './http.js';
import { plaintextRule, responseSignatureRule } from './profile-rules.js';
import type { AppEntry, PortalState } from './state.js';

export const API_PREFIX = '/api/amp/hos';

/** One request on its way through the steps; each step fills in what the next ones need. */
export interface ApiExchange {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  /** The interface's own suffix (/getTradeFile), whatever suffix the profile serves it at. */
  suffix: string;
  started: number;
  iface?: InterfaceSpec;
  body?: Buffer;
  fault?: FaultMode;
  env?: Json;
  entry?: AppEntry;
  /** The app's envelope for the request's signType. */
  envelope?: AppEntry['envelope'];
  params?: Json;
  /** Echoed in a failure answer once known. */
  appId?: string;
  orgId?: string;
}

/** A refusal: answered with `code` and a message built from the spec's wording plus details. */
export interface StepFailure {
  code: string;
  zh?: string;
  en?: string;
  status?: number;
}

/** undefined: go on; a failure: answer it; 'answered': the step wrote the answer itself. */
export type StepResult = undefined | StepFailure | 'answered';

export interface ApiStep {
  readonly name: string;
  run(x: ApiExchange, s: PortalState): StepResult | Promise<StepResult>;
}

/**
 * Which warn-mode validation errors the portal turns into a business answer instead of 000105:
 * an unknown pushType is answered {response: INVALID_PUSH_TYPE} (the spec's response enum).
 */
const BUSINESS_CHECKED: readonly { suffix: string; field: string; rule: string }[] = [
  { suffix: '/pushMsg', field: 'pushType', rule: 'enum' },
];

const fail = (code: string, zh?: string, en?: string, status?: number): StepFailure => ({ code, zh, en, ...(status ? { status } : {}) });

export const API_STEPS: readonly ApiStep[] = Object.freeze([
  {
    name: 'method',
    run(x) {
      if (x.req.method === 'POST') return undefined;
      // Drain, then refuse: the portal's interfaces are POST only (spec line 3).
      x.req.resume();
      return fail('404404', `仅支持 POST，收到 ${x.req.method}`, `only POST is served, got ${x.req.method}`, 405);
    },
  },
  {
    name: 'body',
    async run(x) {
      const body = await readBody(x.req);
      if (body === null) return fail('000105', `请求体超过 ${MAX_BODY} 字节`, `request body larger than ${MAX_BODY} bytes`, 413);
      x.body = body;
      return undefined;
    },
  },
  {
    name: 'interface',
    run(x, s) {
      // Served at the profile's suffixes only (a deployment with /getCheckFile has no /getTradeFile).
      const name = interfaceOfSuffix(s.profile, x.suffix);
      x.iface = name ? (AMP_INTERFACES as Record<string, InterfaceSpec | undefined>)[`/${name}`] : undefined;
      if (x.iface) {
        x.suffix = x.iface.suffix;
        return undefined;
      }
      const known = Object.values(s.profile.suffixes);
      return fail('404404', `接口 ${x.path} 不存在，可用：${known.join('、')}`, `no interface ${x.path}; known: ${known.join(', ')}`);
    },
  },
  {
    name: 'fault',
    run(x, s) {
      x.fault = s.faults.take(x.suffix);
      if (x.fault === 'stall') {
        s.stalled.add(x.res);
        x.res.on('close', () => s.stalled.delete(x.res));
        s.log(`POST ${x.path} → stalled (fault injection)`);
        return 'answered';
      }
      if (x.fault === 'http503' || x.fault === 'http500') {
        const status = x.fault === 'http503' ? 503 : 500;
        sendText(x.res, status, 'text/plain;charset=UTF-8', status === 503 ? 'Service Unavailable (simulated)' : 'Internal Server Error (simulated)');
        s.log(`POST ${x.path} → HTTP ${status} (fault injection)`);
        return 'answered';
      }
      if (x.fault === 'notJson') {
        sendText(x.res, 200, 'text/html;charset=UTF-8', '<html><body><h1>502 Bad Gateway</h1><p>simulated proxy page</p></body></html>');
        s.log(`POST ${x.path} → HTML body (fault injection)`);
        return 'answered';
      }
      return undefined;
    },
  },
  {
    name: 'json',
    run(x) {
      try {
        const parsed: unknown = JSON.parse(x.body!.toString('utf8').replace(/^\uFEFF/, ''));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        x.env = parsed as Json;
      } catch {
        return fail('000101', '请求报文不是JSON对象', 'the request body is not a JSON object');
      }
      if (typeof x.env.orgId === 'string' && x.env.orgId) x.orgId = x.env.orgId;
      return undefined;
    },
  },
  {
    name: 'app',
    run(x, s) {
      const appId = x.env!.appId;
      x.entry = typeof appId === 'string' ? s.apps.get(appId) : undefined;
      if (!x.entry) {
        const shown = typeof appId === 'string' ? appId : '';
        return fail('000001', shown ? `appId ${shown} 未登记` : '缺少 appId', shown ? `appId ${shown} is not registered` : 'appId is missing');
      }
      x.appId = x.entry.app.appId;
      return undefined;
    },
  },
  {
    name: 'timestamp',
    run(x, s) {
      const ts = s.replay.checkTimestamp(x.env!.timestamp);
      return ts.ok ? undefined : fail(ts.malformed ? '000105' : '010010', ts.zh, ts.en);
    },
  },
  {
    name: 'signType',
    run(x) {
      const t = x.env!.signType;
      if (t === undefined || t === 'SM3') {
        x.envelope = x.entry!.envelope;
        return undefined;
      }
      if (t === 'SM2' && x.entry!.sm2Envelope) {
        x.envelope = x.entry!.sm2Envelope;
        return undefined;
      }
      return fail('000102', `不支持的签名方式 ${String(t)}，本应用仅支持 SM3`, `signType ${String(t)} is not served for this app; use SM3`);
    },
  },
  {
    name: 'envelope',
    run(x, s) {
      try {
        const opened = x.envelope!.open(x.env!);
        x.params = opened.data as Json;
        return plaintextRule(s.profile, opened.json, opened.data);
      } catch (err) {
        if (err instanceof AmpError) return fail(err.code, err.messageZh, err.messageEn);
        throw err;
      }
    },
  },
  {
    name: 'replay',
    run(x, s) {
      if (s.replay.firstUse(x.entry!.app.appId, String(x.env!.signData))) return undefined;
      return fail('010010', '相同的 signData 已在有效期内使用过（重试须用新的 timestamp 重新签名）', 'this signData was already used within the window (a retry must re-sign with a new timestamp)');
    },
  },
  {
    name: 'parameters',
    run(x) {
      const result = validate(x.iface!, x.params, 'warn', 'request');
      const errors = result.issues.filter(
        (i) => i.severity === 'error' && !BUSINESS_CHECKED.some((b) => b.suffix === x.suffix && b.field === i.field && b.rule === i.rule),
      );
      if (!errors.length) return undefined;
      const fields = [...new Set(errors.map((e) => e.field || '(data)'))];
      const zh = `字段 ${fields.join('、')} 不合法：${errors.map((e) => e.message.split(' / ')[0]).join('；')}`;
      const en = `bad fields ${fields.join(', ')}: ${errors.map((e) => e.message.split(' / ').slice(1).join(' / ') || e.message).join('; ')}`;
      return fail('000105', zh, en);
    },
  },
  {
    name: 'business',
    async run(x, s) {
      const ctx: HandlerContext = {
        app: x.entry!.app,
        orgId: x.orgId,
        ledger: s.ledger,
        clock: s.clock,
        messages: s.messages,
        downloads: s.downloads,
        downloadTtlMs: s.downloadTtlMs,
        baseUrl: s.publicUrl?.replace(/\/+$/, '') ?? s.baseUrl,
      };
      const outcome = await HANDLERS[x.suffix]!(x.params as Json, ctx);
      if (!outcome.ok) return fail(outcome.code, outcome.zh, outcome.en);
      const sealed = x.envelope!.seal(outcome.data, {
        orgId: x.orgId,
        timestamp: formatTimestamp(s.clock(), s.profile.timestampFormat),
        code: '000000',
        message: '成功',
        extra: '',
      });
      responseSignatureRule(s.profile, sealed);
      if (x.fault === 'badSignature') {
        const sig = String(sealed.signData);
        sealed.signData = (sig[0] === '0' ? '1' : '0') + sig.slice(1);
      } else if (x.fault === 'badEncData') {
        // One byte short: no longer whole SM4 blocks, so it cannot decrypt.
        sealed.encData = String(sealed.encData).slice(0, -2);
      }
      sendJson(x.res, 200, sealed);
      s.log(`POST ${x.path} appId=${x.appId} → 000000 ${outcome.note ? masked(x, outcome.note) : ''}${x.fault ? ` [fault ${x.fault}]` : ''} ${Date.now() - x.started}ms`);
      return 'answered';
    },
  },
]);

/**
 * Free text the simulator answers or logs (a refusal's reason, a handler's note), masked by the
 * core rule (src/core/redact.ts): every value of a sensitive field of the request, wherever the
 * text holds it (a patient's name typed into appType comes back masked), and the app's secrets.
 * Called only for a text that is there; the redactor is built from the values it holds.
 */
function masked(x: ApiExchange, text: string): string {
  const app = x.entry?.app;
  const secrets = app ? [app.appSecret, app.orgSecret ?? DEMO_ORG_SECRET, app.serverPrvKey] : [];
  return redactText(text, x.params, secrets);
}

/** Runs the steps for one request; the first failure is answered with its code. */
export async function handleApi(s: PortalState, req: IncomingMessage, res: ServerResponse, path: string, steps: readonly ApiStep[] = API_STEPS): Promise<void> {
  const x: ApiExchange = { req, res, path, suffix: path.slice(API_PREFIX.length), started: Date.now() };
  for (const step of steps) {
    const r = await step.run(x, s);
    if (r === undefined) continue;
    if (r === 'answered') return;
    const zh = r.zh ? masked(x, r.zh) : r.zh;
    const en = r.en ? masked(x, r.en) : r.en;
    const body: Json = { code: r.code, message: failureMessage(r.code, zh, en) };
    if (x.appId) body.appId = x.appId;
    if (x.orgId) body.orgId = x.orgId;
    body.timestamp = formatTimestamp(s.clock(), s.profile.timestampFormat);
    if (r.status === 413) res.setHeader('connection', 'close');
    sendJson(res, r.status ?? 200, body);
    s.log(`${req.method} ${path} appId=${x.appId ?? '-'} → ${r.code}${en ? ` (${en})` : ''} ${Date.now() - x.started}ms`);
    return;
  }
}
