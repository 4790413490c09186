import { readFileSync } from 'node:fs';
import { AMP_CODES } from '../core/codes.js';
import { jsonErrorMessage } from '../core/json-error.js';
import { parseJsonText } from '../core/json-text.js';
import { shown } from '../core/mask.js';
import { parseCstTimestamp } from '../core/time.js';
import { AmpClient } from '../client/client.js';
import { AmpError, toAmpError, type AmpTrace } from '../core/errors.js';
import { wireSuffixOf } from '../spec/registry.js';
import { clockMs, deadlinePassed } from '../core/deadline.js';
import { requestRedactor } from '../spec/sensitive-fields.js';
import { Redactor } from '../core/redact.js';
import type { OneTransConfig } from './config.js';
import type { DailyLog } from './log.js';
import { outputFor } from './output.js';
import { checkSaveDir, saveTradeFileFor } from './save-dir.js';

export { outputFor };

/** The seven settings the DLL takes out of `data`; the rest is the business object. */
export const SETTINGS = ['serverAddr', 'appId', 'appKey', 'encryptType', 'signType', 'timestamp', 'version'] as const;

export interface ContractResult {
  /** The return value: a code from protocol.md §5. */
  code: string;
  /** The pOutData JSON: {code, message, data, extra, orgId}. */
  output: Record<string, unknown>;
  /** For the log. */
  iface?: string;
  orgId?: string;
  /** A failed call's support trace (HTTP status, portal code, timestamp, signData prefix), for the log. */
  trace?: AmpTrace;
  /**
   * Masks this call's text wherever it goes (pOutData's message, the daily log): the request's
   * sensitive values, its appKey, the configured keys (src/core/redact.ts).
   */
  redactor: Redactor;
  /** The request's outRefundNo, when it has one: the log line of a failed call names it. */
  outRefundNo?: string;
}

type Result = Omit<ContractResult, 'redactor'>;

function fail(err: AmpError, iface?: string, orgId?: string): Result {
  return { code: err.code, output: outputFor(err.code, err.message, null, orgId), iface, orgId };
}

const bad = (zh: string, en: string) => new AmpError('000105', zh, en);

/**
 * The code of a call whose request may have reached the portal and whose answer is lost, in
 * the DLL: protocol.md §5's 000002, the code the library gives when it loses a call in its
 * runtime; the message names the outRefundNo to query with.
 */
export const OUTCOME_UNKNOWN_CODE = '000002';

/** A call the runtime reached after the library's deadline: dropped unsent. */
const EXPIRED = () =>
  new AmpError(
    '000002',
    '请求已过期，未发送：运行时在调用方放弃之后才处理到它',
    'the request expired before it was sent: the runtime reached it after the caller had given up; it was not sent',
  );

const SETTING_SET: ReadonlySet<string> = new Set(SETTINGS);

/**
 * pOutData's `extra` when responseSignature 'warn' let an unverified answer through. `extra`
 * stays a string, as in the spec's example (a HIS reading it with asString() must not fail),
 * holding JSON text.
 */
export const UNVERIFIED_EXTRA = '{"signatureVerified":false}';

/**
 * Per-call work is on the critical path of every MobileTrans call (the runtime sleeps between
 * calls, so it runs with cold caches and costs several times its hot cost). Two results depend
 * only on a string that repeats from call to call, so they are remembered:
 *   - serverAddr → the log label (its last path segment), or null when it is no http/https
 *     URL (parsing a URL costs ~10 µs there); bounded, since a caller may send any number of addresses;
 *   - the caller's timestamp → whether it is a real CST time (the same second repeats while a
 *     HIS is busy).
 */
const MAX_REMEMBERED_ADDRS = 64;
const ifaceByAddr = new Map<string, string | null>();

function ifaceOf(serverAddr: string): string | null {
  const known = ifaceByAddr.get(serverAddr);
  if (known !== undefined) return known;
  let iface: string | null;
  try {
    const u = new URL(serverAddr);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    // Only the label for the log: which interface it is, the client decides (resolveCall, once).
    iface = wireSuffixOf(u.pathname).slice(1);
  } catch {
    iface = null;
  }
  if (ifaceByAddr.size >= MAX_REMEMBERED_ADDRS) ifaceByAddr.clear();
  // A HIS repeats a handful of short addresses; a huge one is not worth keeping.
  if (serverAddr.length <= 2048) ifaceByAddr.set(serverAddr, iface);
  return iface;
}

let lastTimestamp: unknown;
let lastTimestampValid = false;

function isCstTimestamp(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  if (s !== lastTimestamp) {
    lastTimestampValid = parseCstTimestamp(s) !== null;
    lastTimestamp = s;
  }
  return lastTimestampValid;
}

/**
 * Clients keyed by credentials, so the SM4 key and the connection pool are made once per app;
 * bounded, since a misbehaving caller could send a new appId on every call.
 */
class ClientCache {
  readonly #max = 16;
  readonly #clients = new Map<string, AmpClient>();
  constructor(
    private readonly config: OneTransConfig,
    private readonly ca?: Buffer,
    private readonly log?: DailyLog,
  ) {}

  get(appId: string, appKey: string, orgId: string, signType: 'SM3' | 'SM2'): AmpClient {
    const key = `${appId}\u0000${appKey}\u0000${orgId}\u0000${signType}`;
    let c = this.#clients.get(key);
    if (c) {
      this.#clients.delete(key);
      this.#clients.set(key, c);
      return c;
    }
    const cfg = this.config;
    // No base URL: the DLL always posts to the caller's full serverAddr.
    c = new AmpClient({
      appId,
      appSecret: appKey,
      orgId,
      signType,
      clientPrvKey: cfg.clientPrvKey,
      serverPubKey: cfg.serverPubKey,
      proxy: cfg.proxy,
      ca: this.ca,
      connectTimeoutMs: cfg.connectTimeoutMs,
      readTimeoutMs: cfg.readTimeoutMs,
      maxResponseBytes: cfg.maxResponseBytes,
      validation: cfg.validation,
      profile: cfg.profile,
      // logLevel "trace": the wire trace of every call, one log line per trace line.
      trace: cfg.logLevel === 'trace',
      logger: (line, level) => this.log?.write(level === 'trace' ? 'trace' : 'error', level === 'trace' ? { trace: line } : { event: 'signature', msg: line }),
    });
    this.#clients.set(key, c);
    if (this.#clients.size > this.#max) {
      const [oldKey, old] = this.#clients.entries().next().value as [string, AmpClient];
      this.#clients.delete(oldKey);
      void old.close();
    }
    return c;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((c) => c.close()));
    this.#clients.clear();
  }
}

/** protocol.md §7 as a function from the caller's JSON text to the code and output JSON. */
export class MobileTransContract {
  readonly #clients: ClientCache;
  constructor(private readonly config: OneTransConfig, caFile?: string, log?: DailyLog) {
    this.#clients = new ClientCache(config, caFile ? readFileSync(caFile) : undefined, log);
  }

  /**
   * `encoding`: what the text arrived in, for byte offsets in messages. `deadline`: when the
   * library gives up on the call (src/core/deadline.ts clock, the frame's deadline): a call
   * reached at or after it is answered expired and never sent, and the HTTP request never
   * starts after it.
   */
  async handle(text: string, encoding: 'utf8' | 'gbk' = 'utf8', deadline?: number): Promise<ContractResult> {
    const keys = [this.config.clientPrvKey];
    let root: unknown;
    try {
      // Numbers keep the caller's text (10.00 stays 10.00 in encData and in the sign string).
      root = parseJsonText(text);
    } catch {
      // Where and what was expected, never the parser's excerpt (it would echo appKeys, names, IDs).
      return { ...fail(bad(...jsonErrorMessage(text, ['入参', 'pInData'], encoding))), redactor: new Redactor(keys.map((k) => [k, 'secret'] as const)) };
    }
    // Every sensitive value of the request (names, IDs, phones, free text) and its appKey.
    const redactor = requestRedactor(root, keys);
    const r = await this.#handle(root, redactor, deadline);
    const data = (root as { data?: { outRefundNo?: unknown } } | null)?.data;
    const outRefundNo = data && typeof data === 'object' && typeof data.outRefundNo === 'string' ? data.outRefundNo : undefined;
    return { ...r, redactor, ...(outRefundNo !== undefined ? { outRefundNo } : {}) };
  }

  async #handle(root: unknown, redactor: Redactor, deadline: number | undefined): Promise<Result> {
    if (root === null || typeof root !== 'object' || Array.isArray(root)) {
      return fail(bad('入参须为JSON对象 {"data":{…},"orgId":"…"}', 'pInData must be a JSON object {"data":{…},"orgId":"…"}'));
    }
    const { data, orgId } = root as { data?: unknown; orgId?: unknown };
    const org = typeof orgId === 'string' ? orgId : undefined;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return fail(bad('入参缺少 data 对象', 'pInData has no "data" object'), undefined, org);
    }
    const d = data as Record<string, unknown>;
    const missing = (['serverAddr', 'appId', 'appKey'] as const).filter((k) => typeof d[k] !== 'string' || (d[k] as string).trim() === '');
    if (missing.length) {
      return fail(bad(`data 缺少必填设置：${missing.join('、')}（对接时由门户分配）`, `data is missing ${missing.join(', ')} (issued by the portal)`), undefined, org);
    }
    if (!org || org.trim() === '') {
      return fail(bad('入参缺少 orgId（平台给机构分配的机构ID）', 'pInData is missing orgId (the institution ID the portal issued)'));
    }
    const serverAddr = (d.serverAddr as string).trim();
    const iface = ifaceOf(serverAddr);
    if (iface === null) {
      return fail(bad(`serverAddr 不是合法的 http/https 地址：${shown(serverAddr, 120)}`, `serverAddr is not a valid http/https URL: ${shown(serverAddr, 120)}`), undefined, org);
    }
    if (d.encryptType !== undefined && d.encryptType !== '' && d.encryptType !== 'SM4') {
      return fail(bad(`encryptType 仅支持 SM4，收到 ${shown(d.encryptType, 40)}`, `encryptType must be SM4, got ${shown(d.encryptType, 40)}`), iface, org);
    }
    const signType = d.signType === undefined || d.signType === '' ? 'SM3' : d.signType;
    if (signType !== 'SM3' && signType !== 'SM2') {
      return fail(bad(`signType 仅支持 SM3 或 SM2，收到 ${shown(signType, 40)}`, `signType must be SM3 or SM2, got ${shown(signType, 40)}`), iface, org);
    }
    const business: Record<string, unknown> = {};
    for (const k of Object.keys(d)) if (!SETTING_SET.has(k)) business[k] = d[k];
    // getTradeFile's opt-in saveDir is ours, not the portal's: taken out before the request (save-dir.ts).
    let saveDir: string | undefined;
    if ('saveDir' in business) {
      try {
        saveDir = checkSaveDir(business.saveDir);
      } catch (e) {
        return fail(toAmpError(e), iface, org);
      }
      delete business.saveDir;
    }
    const timestamp = this.config.useCallerTimestamp && isCstTimestamp(d.timestamp) ? (d.timestamp as string) : undefined;
    const version = typeof d.version === 'string' && d.version !== '' ? d.version : undefined;

    let client: AmpClient;
    try {
      client = this.#clients.get(d.appId as string, d.appKey as string, org, signType);
    } catch (e) {
      return fail(toAmpError(e), iface, org);
    }
    // Reached after the library gave up (the runtime was stopped or swamped): never sent.
    if (deadlinePassed(deadline)) return fail(EXPIRED(), iface, org);
    const r = await client.common(serverAddr, business, { timestamp, version, orgId: org, redactor, startBy: deadline });
    if (saveDir !== undefined && r.success) {
      try {
        const data = await saveTradeFileFor(client, r.param, business, saveDir, Date.now(), deadline === undefined ? undefined : deadline - clockMs());
        return { code: '000000', output: outputFor('0', r.respMsg || '成功', data, org, r.signatureVerified === false ? UNVERIFIED_EXTRA : undefined), iface, orgId: org, trace: r.trace };
      } catch (e) {
        return { ...fail(toAmpError(e), iface, org), trace: r.trace };
      }
    }
    // The return value and pOutData's numeric code are always a §5 code (client.ts maps the portal's
    // others to 000001). An outcome-unknown refund is 000002, whichever side lost its answer:
    // the library's own "outcome unknown" is 000002 too (docs/frame-protocol.md), and a HIS must
    // not read two codes for one situation.
    const code = r.outcomeUnknown ? OUTCOME_UNKNOWN_CODE : AMP_CODES[r.respCode] ? r.respCode : '000001';
    return {
      code,
      output: r.success
        ? outputFor('0', r.respMsg || '成功', r.param, org, r.signatureVerified === false ? UNVERIFIED_EXTRA : undefined)
        : outputFor(code, r.respMsg, null, org),
      iface,
      orgId: org,
      trace: r.trace,
    };
  }

  close(): Promise<void> {
    return this.#clients.closeAll();
  }
}
