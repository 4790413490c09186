import type { Readable } from 'node:stream';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { AmpConnectionError } from '../core/errors.js';
import type { ProxyOption } from './options.js';

export interface TransportOptions {
  connectTimeoutMs: number;
  readTimeoutMs: number;
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

function errCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One connection pool per client; POSTs are never retried by the pool itself. */
export class Transport {
  readonly #dispatcher: Dispatcher;
  readonly #opts: TransportOptions;

  constructor(opts: TransportOptions) {
    this.#opts = opts;
    const connect = { timeout: opts.connectTimeoutMs, ...(opts.ca ? { ca: opts.ca } : {}) };
    const timeouts = { headersTimeout: opts.readTimeoutMs, bodyTimeout: opts.readTimeoutMs };
    this.#dispatcher = opts.proxy
      ? new ProxyAgent({ uri: proxyUri(opts.proxy), requestTls: connect, proxyTls: { timeout: opts.connectTimeoutMs }, ...timeouts })
      : new Agent({ connect, ...timeouts, keepAliveTimeout: 4000 });
  }

  async post(url: string, body: string): Promise<PostResult> {
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.#dispatcher,
        headers: { 'content-type': 'application/json;charset=UTF-8', accept: 'application/json', ...this.#opts.headers },
        body,
      });
      const text = await res.body.text();
      return { status: res.statusCode, text };
    } catch (err) {
      throw this.#mapError(err, url);
    }
  }

  async get(url: string): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
    try {
      const res = await request(url, { method: 'GET', dispatcher: this.#dispatcher, headers: this.#opts.headers });
      const body = Buffer.from(await res.body.arrayBuffer());
      return { status: res.statusCode, body, headers: res.headers };
    } catch (err) {
      throw this.#mapError(err, url);
    }
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
    const host = (() => {
      try {
        return new URL(url).host;
      } catch {
        return url;
      }
    })();
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
      `request to ${host} failed (${code}: ${err instanceof Error ? err.message : String(err)})`,
    ];
    return new AmpConnectionError('000100', zh, en, sent, { cause: err });
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }
}
