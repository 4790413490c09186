import type { Readable } from 'node:stream';
import { SUCCESS_CODE } from '../core/codes.js';
import { Envelope } from '../core/envelope.js';
import type { ProtocolProfile } from '../core/profile.js';
import { formatTimestamp, parseCstTimestamp, parseTimestamp } from '../core/time.js';
import {
  formatIssues,
  resolveCall,
  validate,
  type GetTradeFileRequest,
  type GetTradeFileResponse,
  type PushMsgRequest,
  type PushMsgResponse,
  type QueryRefundResultRequest,
  type QueryRefundResultResponse,
  type RefundRequest,
  type RefundResponse,
  type ValidationIssue,
} from '../spec/index.js';
import { prefixHint } from './base-url.js';
import { AmpConnectionError, AmpOutcomeUnknownError, AmpPortalError, AmpSecurityError, AmpValidationError, toAmpError, type AmpError, type AmpTrace } from '../core/errors.js';
import { shown } from '../core/mask.js';
import type { Redactor } from '../core/redact.js';
import { clockMs } from '../core/deadline.js';
import { requestRedactor } from '../spec/sensitive-fields.js';
import { resolveOptions, type AmpClientOptions, type ResolvedOptions } from './options.js';
import { interpretResponse } from './response.js';
import { traceLines, type TraceExchange } from './trace.js';
import { SignatureCollisionGuard } from './signature-collision.js';
import { finalError, shouldRetry } from './retry-policy.js';
import { Transport } from './transport.js';

/** The Java SDK's WrapperResponse: `common()` resolves to this and never throws. */
export interface WrapperResponse<T = Record<string, unknown>> {
  success: boolean;
  respCode: string;
  respMsg: string;
  param?: T;
  /** True for a refund whose request may have reached the portal but whose answer was lost. */
  outcomeUnknown?: boolean;
  /** Deviations from the spec tables found by 'warn' validation (sensitive values masked). */
  warnings?: ValidationIssue[];
  /** Present (false) only when the response signature did not verify and the profile's responseSignature is 'warn'. */
  signatureVerified?: false;
  /** On failure, what support needs (HTTP status, the portal's own code and message, timestamp, signData prefix). */
  trace?: AmpTrace;
}

export interface CallOptions {
  /** Post to this full URL instead of `url + api` (the DLL's serverAddr). */
  url?: string;
  /**
   * Envelope timestamp; a fresh one by default. A `yyyy-MM-dd HH:mm:ss` value is rewritten in
   * the profile's timestampFormat (the same instant).
   */
  timestamp?: string | number;
  version?: string;
  orgId?: string;
  /**
   * Masks the call's text (errors, respMsg, trace and warning lines); by default one built from
   * the business object's sensitive values and the client's secrets (src/core/redact.ts). The
   * DLL passes the one it also uses for pOutData and its log.
   */
  redactor?: Redactor;
  /**
   * The moment the caller gives up, on the src/core/deadline.ts clock (the DLL's frame
   * deadline): no request of this call starts being written at or after it, and no answer is
   * waited for beyond it. A call refused for it is 000100 and provably was not sent.
   */
  startBy?: number;
}

const ABSOLUTE = /^https?:\/\//i;

/**
 * Where a call goes: `api` itself when it is a full URL (the DLL's serverAddr), else the base
 * URL (the call's `url`, else the client's) + the suffix; an interface's own name
 * (`/getTradeFile`) becomes the suffix the profile serves it at (`/getCheckFile`).
 */
function requestUrl(api: string, base: string | undefined, suffixes: ProtocolProfile['suffixes'] | undefined): URL {
  let href: string;
  if (ABSOLUTE.test(api)) href = api;
  else {
    if (!base) {
      throw new AmpValidationError(
        `未配置 url（网关地址）：请在 AmpClient 选项中设置 url，或传入完整地址`,
        `no url (gateway base) is configured: set the AmpClient option url, or call with a full URL`,
      );
    }
    const name = api.replace(/^\/+/, '') as keyof ProtocolProfile['suffixes'];
    const suffix = suffixes && Object.hasOwn(suffixes, name) ? suffixes[name] : api;
    href = base.replace(/\/+$/, '') + (suffix.startsWith('/') ? suffix : `/${suffix}`);
  }
  try {
    return new URL(href);
  } catch {
    throw new AmpValidationError(`请求地址不合法：${shown(href, 120)}`, `invalid request URL: ${shown(href, 120)}`);
  }
}

/** The trace a failed call carries (AmpTrace): which request it was and what the portal said. */
function traceOf(err: AmpError, api: string, envelope: { timestamp?: unknown; signData?: unknown }, attempts: number): AmpTrace {
  const status = err instanceof AmpConnectionError || err instanceof AmpPortalError ? err.status : err instanceof AmpSecurityError ? 200 : undefined;
  return {
    api,
    timestamp: String(envelope.timestamp ?? ''),
    signDataPrefix: String(envelope.signData ?? '').slice(0, 16),
    attempts,
    ...(status !== undefined ? { status } : {}),
    ...(err instanceof AmpPortalError ? { portalCode: err.portalCode, portalMessage: err.respMsg } : {}),
  };
}

/** The timestamp to send: the caller's (in the profile's format) or a fresh one. */
function timestampFor(given: string | number | undefined, profile: ProtocolProfile): string | number {
  const format = profile.timestampFormat;
  if (given === undefined || given === '') return formatTimestamp(new Date(), format);
  if (format !== 'datetime' && typeof given === 'string') {
    const d = parseCstTimestamp(given);
    if (d) return formatTimestamp(d, format);
  }
  return parseTimestamp(given, format) ? given : formatTimestamp(new Date(), format);
}

/**
 * The hospital's side of the portal. One client per appId: it derives the SM4 key once and
 * keeps one connection pool.
 */
export class AmpClient {
  readonly options: Readonly<ResolvedOptions>;
  readonly #envelope: Envelope;
  readonly #transport: Transport;
  readonly #collisions = new SignatureCollisionGuard();

  constructor(options: AmpClientOptions) {
    this.options = Object.freeze(resolveOptions(options));
    const o = this.options;
    this.#envelope = new Envelope({
      appId: o.appId,
      appSecret: o.appSecret,
      signType: o.signType,
      signPrivateKey: o.clientPrvKey,
      verifyPublicKey: o.serverPubKey,
      profile: o.profile,
    });
    this.#transport = new Transport({
      connectTimeoutMs: o.connectTimeoutMs,
      readTimeoutMs: o.readTimeoutMs,
      maxResponseBytes: o.maxResponseBytes,
      proxy: o.proxy,
      ca: o.ca,
      headers: o.headers,
    });
  }

  /**
   * The Java SDK's `common(api, params)`: resolves to `{success, respCode, respMsg, param}` and
   * never rejects: every local or portal-side failure becomes a code from protocol.md §5.
   */
  async common<T = Record<string, unknown>>(api: string, params: unknown, opts: CallOptions = {}): Promise<WrapperResponse<T>> {
    const warnings: ValidationIssue[] = [];
    const redactor = this.#redactorFor(params, opts);
    try {
      const { data, respMsg, signatureVerified } = await this.#call(api, params, { ...opts, redactor }, warnings);
      return {
        success: true,
        respCode: SUCCESS_CODE,
        respMsg: redactor.redact(respMsg),
        param: data as T,
        ...(warnings.length ? { warnings } : {}),
        ...(signatureVerified === false ? { signatureVerified: false as const } : {}),
      };
    } catch (err) {
      const e = toAmpError(err);
      return {
        success: false,
        respCode: e.code,
        respMsg: e instanceof AmpPortalError ? e.respMsg + (e.hint ? `（${e.hint.zh} / ${e.hint.en}）` : '') : 'respMsg' in e && typeof e.respMsg === 'string' ? e.respMsg : e.message,
        ...(e instanceof AmpOutcomeUnknownError ? { outcomeUnknown: true } : {}),
        ...(warnings.length ? { warnings } : {}),
        ...(e.trace ? { trace: e.trace } : {}),
      };
    }
  }

  /** Like `common`, but resolves to the business parameters and throws a typed AmpError. */
  async call<T = Record<string, unknown>>(api: string, params: unknown, opts: CallOptions = {}): Promise<T> {
    return (await this.#call(api, params, { ...opts, redactor: this.#redactorFor(params, opts) }, [])).data as T;
  }

  /** AMP_HOS_001 医疗消息推送. */
  pushMsg(params: PushMsgRequest, opts?: CallOptions): Promise<PushMsgResponse> {
    return this.call<PushMsgResponse>('/pushMsg', params, opts);
  }

  /**
   * AMP_HOS_002 平台退款申请. Never retried once the request may have left: such a failure is an
   * AmpOutcomeUnknownError, and `queryRefundResult` with the same `outRefundNo` decides it.
   */
  refund(params: RefundRequest, opts?: CallOptions): Promise<RefundResponse> {
    return this.call<RefundResponse>('/refund', params, opts);
  }

  /** AMP_HOS_003 查询退款结果. */
  queryRefundResult(params: QueryRefundResultRequest, opts?: CallOptions): Promise<QueryRefundResultResponse> {
    return this.call<QueryRefundResultResponse>('/queryRefundResult', params, opts);
  }

  /** AMP_HOS_004 对账文件获取. `downloadUrl` is valid for one minute. */
  getTradeFile(params: GetTradeFileRequest, opts?: CallOptions): Promise<GetTradeFileResponse> {
    return this.call<GetTradeFileResponse>('/getTradeFile', params, opts);
  }

  /**
   * Plain GET through the client's pool (proxy, CA, timeouts), for trade-file downloads. A body
   * over `maxBytes` (default 256 MiB) ends with 000100 "response too large".
   */
  download(url: string, opts: { maxBytes?: number } = {}): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
    return this.#transport.get(url, opts);
  }

  /** The same GET with the body streamed (src/bill's getTradeFile writes it to disk as it comes). */
  downloadStream(url: string, signal?: AbortSignal): Promise<{ status: number; body: Readable; headers: Record<string, unknown> }> {
    return this.#transport.getStream(url, signal);
  }

  close(): Promise<void> {
    return this.#transport.close();
  }

  /** The call's redactor: the caller's, else the business object's sensitive values + this client's secrets. */
  #redactorFor(params: unknown, opts: CallOptions): Redactor {
    return opts.redactor ?? requestRedactor(params, [this.options.appSecret, this.options.clientPrvKey]);
  }

  #trace(x: TraceExchange, redactor: Redactor): void {
    // A trace must never break the call it describes.
    try {
      const lines = traceLines(this.#envelope, x).map((l) => redactor.redact(l));
      const logger = this.options.logger;
      if (logger) for (const l of lines) logger(l, 'trace');
      else process.stderr.write(lines.map((l) => `onetrans trace: ${l}\n`).join(''));
    } catch {
      /* ignored */
    }
  }

  #warn(text: string, redactor: Redactor): void {
    const line = redactor.redact(text);
    const logger = this.options.logger;
    if (logger) logger(line, 'warn');
    else process.stderr.write(`onetrans: ${line}\n`);
  }

  /** Every error of a call leaves masked by the call's redactor. */
  async #call(
    api: string,
    params: unknown,
    opts: CallOptions & { redactor: Redactor },
    warnings: ValidationIssue[],
  ): Promise<{ data: unknown; respMsg: string; signatureVerified?: boolean }> {
    try {
      return await this.#attempts(api, params, opts, warnings);
    } catch (err) {
      throw toAmpError(err).redact(opts.redactor);
    }
  }

  async #attempts(
    api: string,
    params: unknown,
    opts: CallOptions & { redactor: Redactor },
    warnings: ValidationIssue[],
  ): Promise<{ data: unknown; respMsg: string; signatureVerified?: boolean }> {
    const redactor = opts.redactor;
    if (typeof api !== 'string' || api.trim() === '') throw new AmpValidationError('接口后缀为空，例如 /pushMsg', 'api suffix is empty, e.g. /pushMsg');
    const profile = this.#envelope.profile;
    // One deadline for the whole call, every attempt included (connect + read budget).
    let deadlineAt = Date.now() + this.options.connectTimeoutMs + this.options.readTimeoutMs;
    if (opts.startBy !== undefined) deadlineAt = Math.min(deadlineAt, Date.now() + Math.floor(opts.startBy - clockMs()));
    const parsed = requestUrl(api, opts.url ?? this.options.url, opts.url ? undefined : profile.suffixes);
    const url = parsed.href;
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new AmpValidationError('业务参数必须是JSON对象', 'business parameters must be a JSON object');
    }
    // The interface is named by where the call goes: the profile's suffixes first (a deployment's
    // /getCheckFile is AMP_HOS_004), then the spec's names.
    const { spec, suffix } = resolveCall(parsed.pathname, profile.suffixes);
    if (spec && this.options.validation !== 'off') {
      const result = validate(spec, params, this.options.validation, 'request');
      if (!result.ok) {
        const errors = result.issues.filter((i) => i.severity === 'error');
        throw new AmpValidationError(
          `${spec.id} 请求参数校验不合法：\n${formatIssues(errors)}`,
          `${spec.id} request failed validation (${errors.length} issue(s))`,
          result.issues,
        );
      }
      warnings.push(...result.issues);
      if (warnings.length && this.options.onWarning) this.options.onWarning(suffix, warnings);
    }

    const attempts = 1 + this.options.maxRetries;
    for (let attempt = 1; ; attempt++) {
      // Re-sealed on every attempt: the portal rejects a repeated signature as a replay.
      const orgId = opts.orgId ?? this.options.orgId;
      const version = opts.version ?? this.options.version;
      const timestamp = timestampFor(attempt === 1 ? opts.timestamp : undefined, profile);
      const sealed = this.#collisions.claim(timestamp, (ts) => this.#envelope.seal(params, { orgId, timestamp: ts, version }), profile.timestampFormat);
      const body = JSON.stringify(sealed);
      const t0 = this.options.trace ? clockMs() : 0;
      try {
        let res;
        try {
          res = await this.#transport.post(url, body, deadlineAt, opts.startBy);
        } catch (err) {
          if (this.options.trace) this.#trace({ url, sent: sealed, params, ms: clockMs() - t0, error: (err as Error).message }, redactor);
          throw err;
        }
        if (this.options.trace) this.#trace({ url, sent: sealed, params, status: res.status, text: res.text, ms: clockMs() - t0 }, redactor);
        const answer = interpretResponse(res, this.#envelope);
        if (answer.signatureVerified === false) this.#warn(`${suffix}: 门户响应签名未通过验证，按 responseSignature=warn 照常交付 / response signature did not verify (${answer.signatureProblem}); delivered because profile.responseSignature is "warn"`, redactor);
        return { data: answer.data, respMsg: answer.respMsg, signatureVerified: answer.signatureVerified };
      } catch (err) {
        if (shouldRetry(spec, err, attempt, attempts)) continue;
        let e = finalError(spec, toAmpError(err), params as Record<string, unknown>);
        if (e instanceof AmpPortalError && e.code === '404404') {
          const hint = prefixHint(parsed);
          if (hint) e = new AmpPortalError(e.code, e.respMsg, { hint, status: e.status, portalCode: e.portalCode });
        }
        e.trace = traceOf(e, suffix, sealed, attempt);
        throw e;
      }
    }
  }
}
