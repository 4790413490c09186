/**
 * The one client that calls a hospital's ORG_001..009 endpoints, for every part of the toolkit
 * that plays the portal: the cashier (`onetrans portal pay`) and the conformance checker. It
 * knows the deployment's shape (a base URL with any path prefix the HIS lives under, extra
 * headers such as a tenant code, per-interface suffixes), bounds every call in time and size, and
 * hands each exchange to a log callback already masked (src/spec/sensitive-fields.ts): nothing
 * it reports shows an ID number, a phone or a name.
 */
import { AmpConfigError } from '../core/errors.js';
import { shown } from '../core/mask.js';
import { maskFields, orgInterfaceByMethod, type OrgMethod } from '../spec/index.js';
import { postJson, type OrgCallOutcome } from './http.js';

export interface OrgClientOptions {
  /** The hospital's base URL, http(s)://host:port[/prefix]; the prefix is kept in front of every suffix. */
  his: string;
  /** Sent on every call (e.g. { 'X-Tenant': 'H3201' }). */
  headers?: Readonly<Record<string, string>>;
  /** Per-interface suffix overrides, e.g. { orgPreorder: '/preorder' }; default the spec's ('/queryAccount'). */
  paths?: Partial<Record<OrgMethod, string>>;
  /** Deadline of each call in ms (default 10000). */
  timeoutMs?: number;
  /** Largest answer read, bytes (default 8 MiB). */
  maxAnswerBytes?: number;
  /** Each exchange as it ends, masked. */
  onExchange?: (exchange: OrgExchange) => void;
}

/** One call as a log may show it: request and answer with IDs, phones and names masked. */
export interface OrgExchange {
  interfaceId: string;
  method: OrgMethod;
  url: string;
  request: unknown;
  outcome: OrgCallOutcome['kind'];
  status?: number;
  /** The masked JSON answer, or the masked text of a non-JSON one. */
  response?: unknown;
  /** The network error's code (no request content). */
  error?: string;
  ms: number;
}

export interface OrgCallOptions {
  /** Give up this long after the request is on the wire (the conformance checker's abandoned settlement). */
  giveUpAfterSentMs?: number;
}

/** Joins a hospital base URL (with any path prefix) and an interface suffix ("/queryAccount"). */
export function orgUrl(base: string, suffix: string): string {
  return `${base.replace(/\/+$/, '')}/${suffix.replace(/^\/+/, '')}`;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED = new Set(['content-type', 'content-length', 'host', 'transfer-encoding', 'connection']);

/**
 * Parses "NAME:VALUE" (the CLI's --header) into a pair; throws AmpConfigError (000105) naming
 * what is wrong, never quoting the value (it may be a credential).
 */
export function parseHeader(text: string): [string, string] {
  const at = text.indexOf(':');
  const name = at > 0 ? text.slice(0, at).trim() : '';
  if (!name) throw new AmpConfigError('请求头格式应为 名称:值', 'a header is written NAME:VALUE', ['--header']);
  return [name, text.slice(at + 1).trim()];
}

/** Checks headers before any call: a bad one is a configuration mistake, not a network failure. */
export function checkHeaders(headers: Readonly<Record<string, string>>): void {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) problems.push('a header name has characters HTTP does not allow');
    else if (RESERVED.has(name.toLowerCase())) problems.push(`header ${name} is set by the client itself`);
    else if (typeof value !== 'string' || /[\r\n\0]/.test(value) || /[^\t\x20-\x7e\x80-\xff]/.test(value)) problems.push(`header ${name}: the value has characters HTTP does not allow`);
  }
  if (problems.length) throw new AmpConfigError('请求头不合法', 'invalid header', problems);
}

/** Checks a hospital base URL: http(s), any path prefix, no query or fragment (000105 otherwise). */
export function checkHisUrl(his: string): void {
  let u: URL | undefined;
  try {
    u = new URL(his);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
    throw new AmpConfigError('医院地址须为 http(s):// 地址（可带路径前缀）', 'the hospital base URL must be an http(s):// URL (a path prefix is fine)', ['his']);
  }
  if (u.search || u.hash) throw new AmpConfigError('医院地址不能带 ? 或 # 部分', 'the hospital base URL cannot carry a query or a fragment', ['his']);
}

export class OrgClient {
  readonly his: string;
  readonly timeoutMs: number;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(private readonly o: OrgClientOptions) {
    checkHisUrl(o.his);
    this.headers = { ...o.headers };
    checkHeaders(this.headers);
    this.his = o.his;
    this.timeoutMs = o.timeoutMs ?? 10_000;
  }

  /** The URL a method is called at. */
  urlFor(method: OrgMethod): string {
    return orgUrl(this.his, this.o.paths?.[method] ?? orgInterfaceByMethod(method).suffix);
  }

  /** POSTs `body` (an object, or raw text) to the method's endpoint. Never throws for what the hospital does. */
  async call(method: OrgMethod, body: unknown, opts: OrgCallOptions = {}): Promise<OrgCallOutcome> {
    const url = this.urlFor(method);
    const r = await postJson(url, body, { timeoutMs: this.timeoutMs, headers: this.headers, maxAnswerBytes: this.o.maxAnswerBytes, giveUpAfterSentMs: opts.giveUpAfterSentMs });
    if (this.o.onExchange) {
      this.o.onExchange({
        interfaceId: orgInterfaceByMethod(method).id, method, url, request: maskFields(body), outcome: r.kind, ms: r.ms,
        ...(r.kind === 'answer' ? { status: r.status, response: maskFields(r.body) } : r.kind === 'http' ? { status: r.status, response: maskFields(r.text) } : {}),
        ...(r.kind === 'network' ? { error: r.message } : {}),
      });
    }
    return r;
  }
}

/** One line for what came back: status, ret_code, result. */
export function describeOutcome(r: OrgCallOutcome): string {
  switch (r.kind) {
    case 'answer': {
      const b = r.body;
      if (b.ret_code === undefined) {
        // Seen in production: a web framework's own error envelope where the HIS should have answered.
        if ('code' in b && ('message' in b || 'msg' in b)) {
          return `HTTP 200 without ret_code: the answer looks like a framework error envelope (code=${shown(b.code, 20)}, message=${shown(b.message ?? b.msg, 80)}), not an ORG answer`;
        }
        return `HTTP 200 without ret_code (the answer has ${Object.keys(b).slice(0, 6).map((k) => shown(k, 30)).join(', ') || 'no fields'})`;
      }
      return `HTTP 200 ret_code=${shown(JSON.stringify(b.ret_code), 40)}${b.result !== undefined ? ` result=${shown(JSON.stringify(b.result) ?? '', 40)}` : ''}`;
    }
    case 'http':
      return `HTTP ${r.status}, not a JSON object answer`;
    case 'timeout':
      return `no answer within ${r.ms} ms`;
    case 'network':
      return `network error (${r.message})`;
  }
}
