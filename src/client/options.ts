import type { ProfileOverrides } from '../core/profile.js';
import type { SignType } from '../core/envelope.js';
import type { ValidationIssue, ValidationMode } from '../spec/index.js';
import { gatewayBase } from './base-url.js';
import { AmpValidationError } from '../core/errors.js';
import { suggest, unknownName } from '../core/suggest.js';
import { shown } from '../core/mask.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../core/limits.js';

export interface ProxyOption {
  host: string;
  port: number;
  protocol?: 'http' | 'https';
}

export interface AmpClientOptions {
  /**
   * Gateway base URL, e.g. `https://host/api/amp/hos`; `common('/pushMsg')` posts to url + '/pushMsg'.
   * A bare origin (`http://127.0.0.1:8080`, as the simulator prints it) gets the standard prefix
   * `/api/amp/hos`; a URL with any path is used exactly as given. May be left out when every
   * call names a full URL (`common('https://host/api/amp/hos/pushMsg', …)`, as the DLL does).
   */
  url?: string;
  appId: string;
  /** The Java SDK's appSecret; the DLL's appKey. */
  appSecret: string;
  /** 平台给机构分配的机构ID, sent as the envelope's `orgId`. */
  orgId: string;
  /** SM2 only: base64 of d. */
  clientPrvKey?: string;
  /** SM2 only: base64 of 04||x||y. */
  serverPubKey?: string;
  signType?: SignType;
  /** `http://host:port` or `{host, port}`; empty string / null means none, as in the Java SDK. */
  proxy?: string | ProxyOption | null;
  connectTimeoutMs?: number;
  /**
   * Read timeout. Each call also has one overall deadline, connectTimeoutMs + readTimeoutMs for
   * the whole exchange (all attempts), after which it ends with 000100: a portal trickling bytes
   * cannot keep it pending.
   */
  readTimeoutMs?: number;
  /** Largest portal answer read (bytes, default 4 MiB); a longer one ends with 000100 "response too large". */
  maxResponseBytes?: number;
  /** Extra CA certificates (PEM) for a portal behind a private CA. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Local validation against the spec tables before sending. Default 'warn'. */
  validation?: ValidationMode;
  /** Called with warnings from 'warn' validation (values of sensitive fields are masked). */
  onWarning?: (api: string, issues: ValidationIssue[]) => void;
  /** Envelope `version`, default '1.0.0'. */
  version?: string;
  profile?: ProfileOverrides;
  /** Retries of failures where the request provably never left (connection refused, DNS, connect timeout). Default 0. */
  maxRetries?: number;
  /** Extra HTTP headers. */
  headers?: Record<string, string>;
  /**
   * Where the client's own lines go: warnings (a response signature let through by
   * responseSignature 'warn') and, with `trace: true`, the wire trace. Default: standard error.
   * Lines never carry the secret or a private key; ID numbers, phones and names are masked.
   */
  logger?: AmpLogger;
  /** Write a wire trace of every call to `logger` (docs/protocol.md, "Wire trace"). Off by default. */
  trace?: boolean;
}

export type AmpLogger = (line: string, level: 'warn' | 'trace') => void;

const KNOWN: readonly (keyof AmpClientOptions)[] = [
  'url', 'appId', 'appSecret', 'orgId', 'clientPrvKey', 'serverPubKey', 'signType', 'proxy',
  'connectTimeoutMs', 'readTimeoutMs', 'maxResponseBytes', 'ca', 'validation', 'onWarning', 'version', 'profile', 'maxRetries', 'headers', 'logger', 'trace',
];

const REQUIRED: readonly [keyof AmpClientOptions, string][] = [
  ['appId', '应用ID（对接时发放）'],
  ['appSecret', '应用秘钥（对接时发放，DLL 中叫 appKey）'],
  ['orgId', '平台给机构分配的机构ID'],
];

/** Kept here for callers that imported it from the client (src/core/suggest.ts). */
export { suggest };

export interface ResolvedOptions extends AmpClientOptions {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  maxResponseBytes: number;
  validation: ValidationMode;
  maxRetries: number;
}

export function resolveOptions(opts: AmpClientOptions): ResolvedOptions {
  if (opts === null || typeof opts !== 'object') {
    throw new AmpValidationError('AmpClient 需要一个选项对象', 'AmpClient needs an options object');
  }
  for (const key of Object.keys(opts)) {
    if (!(KNOWN as readonly string[]).includes(key)) {
      const [zh, en] = unknownName(['AmpClient 选项', 'AmpClient option'], key, KNOWN);
      throw new AmpValidationError(zh, en);
    }
  }
  for (const [key, zh] of REQUIRED) {
    const v = opts[key];
    if (typeof v !== 'string' || v.trim() === '') {
      throw new AmpValidationError(`缺少选项 ${key}：${zh}`, `option ${key} is required`);
    }
  }
  if (opts.url !== undefined) {
    let u: URL | undefined;
    try {
      u = typeof opts.url === 'string' && opts.url.trim() !== '' ? new URL(opts.url) : undefined;
    } catch {
      u = undefined;
    }
    if (!u) throw new AmpValidationError(`url 不是合法地址：${shown(opts.url, 120)}`, `url is not a valid URL: ${shown(opts.url, 120)}`);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new AmpValidationError(`url 只支持 http/https：${shown(opts.url, 120)}`, `url must be http or https: ${shown(opts.url, 120)}`);
    }
  }
  const num = (key: 'connectTimeoutMs' | 'readTimeoutMs' | 'maxRetries' | 'maxResponseBytes', def: number, min: number): number => {
    const v = opts[key];
    if (v === undefined || v === null) return def;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      throw new AmpValidationError(`选项 ${key} 必须是不小于 ${min} 的数字`, `option ${key} must be a number ≥ ${min}`);
    }
    return v;
  };
  const validation = opts.validation ?? 'warn';
  if (!['off', 'warn', 'strict'].includes(validation)) {
    throw new AmpValidationError(`validation 只能是 off/warn/strict`, `validation must be off, warn or strict`);
  }
  if (opts.logger !== undefined && typeof opts.logger !== 'function') {
    throw new AmpValidationError('logger 须为函数 (line, level) => void', 'logger must be a function (line, level) => void');
  }
  if (opts.trace !== undefined && typeof opts.trace !== 'boolean') {
    throw new AmpValidationError('trace 须为 true 或 false', 'trace must be true or false');
  }
  if (opts.signType === 'SM2' && !opts.clientPrvKey) {
    throw new AmpValidationError('signType 为 SM2 时必须配置 clientPrvKey（客户端私钥，对接时发放）', 'signType SM2 needs clientPrvKey');
  }
  return {
    ...opts,
    ...(opts.url !== undefined ? { url: gatewayBase(opts.url) } : {}),
    connectTimeoutMs: num('connectTimeoutMs', 6000, 1),
    readTimeoutMs: num('readTimeoutMs', 30000, 1),
    maxResponseBytes: num('maxResponseBytes', DEFAULT_MAX_RESPONSE_BYTES, 1024),
    maxRetries: num('maxRetries', 0, 0),
    validation,
  };
}
