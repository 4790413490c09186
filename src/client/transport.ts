import type { Readable } from 'node:stream';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { deadlinePassed } from '../core/deadline.js';
import { AmpConnectionError } from '../core/errors.js';
import { DEFAULT_MAX_DOWNLOAD_BYTES, DEFAULT_MAX_RESPONSE_BYTES } from '../core/limits.js';
import { shown } from '../core/mask.js';
import type { ProxyOption } from './options.js';

export interface TransportOptions {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** Largest portal answer read; a longer one ends the call with 000100 "response too large". */
  maxResponseBytes?: number;
  proxy?: string | ProxyOption | null;
  ca?: string | Buffer | Array<string | Buffer>;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  text: string;
}

/** Errors raised before a single byte of the request can have left this machine. */
const NOT_SENT = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function proxyUri(p: string | ProxyOption): string {
  if (typeof p === 'string') return /^[a-z]+:\/\//i.test(p) ? p : `http://${p}`;
  return `${p.protocol ?? 'http'}://${p.host}:${p.port}`;
}

/** @deprecated the limits live in core/limits.ts; re-exported here for old imports. */
export { DEFAULT_MAX_DOWNLOAD_BYTES, DEFAULT_MAX_RESPONSE_BYTES };

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return shown(url, 60);
  }
}

function tooLarge(url: string, max: number, status: number): AmpConnectionError {
  const host = hostOf(url);
  return new AmpConnectionError('000100', `${host} 的响应过大（超过 ${max} 字节）`, `response too large: ${host} sent more than ${max} bytes`, true, { status });
}

function errCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Raised by the start guard: the request's start deadline passed before its first byte was written. */
class LateStartError extends Error {
  readonly code = 'ONETRANS_LATE_START';
}

/**
 * Checks a request's `startBy` (src/core/deadline.ts clock) at the last moment before undici
 * writes its first byte — after the connection is made or taken from the pool — and aborts it
 * unwritten when the deadline has passed: a connect that finished late, or an event loop that
 * stalled in between, can never send a request its caller has given up on (issue 18 §1).
 */
class StartGuard implements Dispatcher.DispatchHandler {
  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly startBy: number,
  ) {}
  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    if (deadlinePassed(this.startBy)) {
      controller.abort(new LateStartError('the start deadline passed before the request was written'));
      return;
    }
    this.inner.onRequestStart?.(controller, context);
  }
  onRequestUpgrade(...a: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>): void {
    this.inner.onRequestUpgrade?.(...a);
  }
  onResponseStart(...a: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>): void {
    this.inner.onResponseStart?.(...a);
  }
  onResponseData(...a: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseData']>>): void {
    this.inner.onResponseData?.(...a);
  }
  onResponseEnd(...a: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>): void {
    this.inner.onResponseEnd?.(...a);
  }
  onResponseError(...a: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseError']>>): void {
    this.inner.onResponseError?.(...a);
  }
}

/** The interceptor (Dispatcher.compose; undici hands it handlers of the controller API). */
function startGuard(dispatch: Dispatcher['dispatch']): Dispatcher['dispatch'] {
  return (opts, handler) => {
    const startBy = (opts as { startBy?: number }).startBy;
    return dispatch(opts, startBy === undefined ? handler : new StartGuard(handler, startBy));
  };
}

/** One connection pool per client; POSTs are never retried by the pool itself. */
export class Transport {
  readonly #dispatcher: Dispatcher;
  readonly #opts: TransportOptions;

  constructor(opts: TransportOptions) {
    this.#opts = opts;
    const connect = { timeout: opts.connectTimeoutMs, ...(opts.ca ? { ca: opts.ca } : {}) };
    const timeouts = { headersTimeout: opts.readTimeoutMs, bodyTimeout: opts.readTimeoutMs };
    this.#dispatcher = (
      opts.proxy
        ? new ProxyAgent({ uri: proxyUri(opts.proxy), requestTls: connect, proxyTls: { timeout: opts.connectTimeoutMs }, ...timeouts })
        : new Agent({ connect, ...timeouts, keepAliveTimeout: 4000 })
    ).compose(startGuard);
  }

  /**
   * One POST that must be answered in full by `deadlineAt` (ms since the epoch): undici's read
   * timeout restarts with every byte, so a portal trickling a byte every few seconds would
   * otherwise keep the call pending for ever. An answer completing after the deadline is never
   * returned. `startBy` (src/core/deadline.ts clock): no byte of the request is written at or
   * after it; such a call fails as not sent (000100, requestSent false).
   */
  async post(url: string, body: string, deadlineAt = Date.now() + this.#opts.connectTimeoutMs + this.#opts.readTimeoutMs, startBy?: number): Promise<PostResult> {
    const res = await this.#exchange(url, { method: 'POST', body, headers: { 'content-type': 'application/json;charset=UTF-8', accept: 'application/json' } }, deadlineAt, this.#opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, startBy);
    return { status: res.status, text: res.body.toString('utf8') };
  }

  /** A plain GET (trade-file downloads) with its own size cap and the same kind of deadline. */
  async get(url: string, opts: { maxBytes?: number; deadlineAt?: number } = {}): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
    const deadlineAt = opts.deadlineAt ?? Date.now() + this.#opts.connectTimeoutMs + this.#opts.readTimeoutMs;
    return this.#exchange(url, { method: 'GET' }, deadlineAt, opts.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES);
  }

  async #exchange(
    url: string,
    req: { method: 'GET' | 'POST'; body?: string; headers?: Record<string, string> },
    deadlineAt: number,
    maxBytes: number,
    startBy?: number,
  ): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
    const budget = deadlineAt - Date.now();
    if (budget <= 0 || deadlinePassed(startBy)) throw this.#deadlineError(url, false);
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, budget);
    try {
      const res = await request(url, {
        method: req.method,
        dispatcher: this.#dispatcher,
        headers: { ...req.headers, ...this.#opts.headers },
        body: req.body,
        signal: abort.signal,
        // Read by the start guard (startGuard above), which the dispatcher is composed with.
        ...(startBy !== undefined ? { startBy } : {}),
      } as Parameters<typeof request>[1]);
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        abort.abort();
        throw tooLarge(url, maxBytes, res.statusCode);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of res.body) {
        total += (chunk as Buffer).length;
        if (total > maxBytes) {
          abort.abort();
          throw tooLarge(url, maxBytes, res.statusCode);
        }
        chunks.push(chunk as Buffer);
      }
      if (timedOut || Date.now() > deadlineAt) throw this.#deadlineError(url, true);
      return { status: res.statusCode, body: Buffer.concat(chunks, total), headers: res.headers };
    } catch (err) {
      if (err instanceof AmpConnectionError) throw err;
      // Refused by the start guard: provably nothing was written.
      if (err instanceof LateStartError || (err as { cause?: unknown })?.cause instanceof LateStartError) throw this.#deadlineError(url, false, err);
      if (timedOut) throw this.#deadlineError(url, true, err);
      throw this.#mapError(err, url);
    } finally {
      clearTimeout(timer);
    }
  }

  #deadlineError(url: string, sent: boolean, cause?: unknown): AmpConnectionError {
    const ms = this.#opts.connectTimeoutMs + this.#opts.readTimeoutMs;
    const host = hostOf(url);
    return new AmpConnectionError(
      '000100',
      `${ms} ms 内未收到 ${host} 的完整响应（连接超时与读取超时之和，整个调用的期限）`,
      `no complete answer from ${host} within ${ms} ms (connect + read timeout, the deadline of the whole call)`,
      sent,
      { cause },
    );
  }

  /** GET with the body as a stream (trade files can be large); `signal` aborts it, body included. */
  async getStream(url: string, signal?: AbortSignal): Promise<{ status: number; body: Readable; headers: Record<string, unknown> }> {
    try {
      const res = await request(url, { method: 'GET', dispatcher: this.#dispatcher, headers: this.#opts.headers, signal });
      return { status: res.statusCode, body: res.body, headers: res.headers };
    } catch (err) {
      throw this.#mapError(err, url);
    }
  }

  #mapError(err: unknown, url: string): AmpConnectionError {
    const code = errCode(err) ?? 'UNKNOWN';
    const sent = !NOT_SENT.has(code);
    const host = hostOf(url);
    const what: Record<string, [string, string]> = {
      UND_ERR_CONNECT_TIMEOUT: [`连接 ${host} 超时（${this.#opts.connectTimeoutMs} ms）`, `connecting to ${host} timed out after ${this.#opts.connectTimeoutMs} ms`],
      UND_ERR_HEADERS_TIMEOUT: [`等待 ${host} 响应超时（${this.#opts.readTimeoutMs} ms）`, `no response from ${host} within ${this.#opts.readTimeoutMs} ms`],
      UND_ERR_BODY_TIMEOUT: [`读取 ${host} 响应超时（${this.#opts.readTimeoutMs} ms）`, `reading the response from ${host} timed out after ${this.#opts.readTimeoutMs} ms`],
      ECONNREFUSED: [`${host} 拒绝连接，请检查地址和端口`, `${host} refused the connection; check the address and port`],
      ENOTFOUND: [`无法解析主机名 ${host}，请检查地址或DNS`, `cannot resolve ${host}; check the address or DNS`],
      EAI_AGAIN: [`暂时无法解析主机名 ${host}`, `temporary DNS failure for ${host}`],
      // What an https:// URL pointed at a plain-HTTP port (the simulator) fails with.
      ERR_SSL_WRONG_VERSION_NUMBER: [`${host} 不是 HTTPS 服务：若该端口是 HTTP（如模拟器），请把地址改为 http://${host}`, `${host} does not speak HTTPS: if the port serves plain HTTP (like the simulator), use http://${host}`],
      ECONNRESET: [`与 ${host} 的连接被重置`, `connection to ${host} was reset`],
      UND_ERR_SOCKET: [`与 ${host} 的连接意外关闭`, `connection to ${host} closed unexpectedly`],
    };
    const [zh, en] = what[code] ?? [
      `访问 ${host} 失败（${code}）`,
      `request to ${host} failed (${code}: ${shown(err instanceof Error ? err.message : String(err), 120)})`,
    ];
    return new AmpConnectionError('000100', zh, en, sent, { cause: err });
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }
}
