// createHospitalHandler: the nine ORG endpoints as one node:http request listener. Per call:
// route → POST only → read and parse the body → check it against the request table → call the
// handler (one at a time per org_trace_no for the calls that book) → complete and check its
// answer → send → one log line. Nothing a caller sends, and nothing a handler throws, becomes an
// HTTP 500 or a stack trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cstTimestamp } from '../core/time.js';
import { redactText, validate, type ValidationIssue } from '../spec/index.js';
import { completeAnswer, failureAnswer, issuesMessage, type FailureCode } from './answers.js';
import { readJsonBody } from './body.js';
import { formatCallLine, issueKeys } from './call-log.js';
import { OrgFailureAnswer } from './errors.js';
import { createKeyedLock } from './keyed-lock.js';
import { normalise } from './normalise.js';
import type { HospitalEndpoint, HospitalMethod } from './interfaces.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import type { HospitalCallContext, HospitalCallRecord, HospitalHandlerOptions, HospitalHandlers } from './types.js';

/** A node:http listener; `next` (Express, Connect) receives the paths that are not ours. */
export interface HospitalRequestListener {
  (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void;
  /** The full path of each interface (basePath + suffix). */
  readonly paths: Readonly<Record<HospitalMethod, string>>;
  /** Whether a request URL is one of the nine paths. */
  matches(url: string): boolean;
}

// --- compile-time check that no handler answers with a field its table lacks ---------------
// TypeScript does not check a returned object literal for unknown keys when the function's type
// comes from context, so the check is done on the inferred handler types instead.
type Extra<Got, Want, Path extends string> = Got extends readonly (infer G)[]
  ? NonNullable<Want> extends readonly (infer W)[]
    ? Extra<G, W, `${Path}[]`>
    : never
  : Got extends object
    ? { [K in keyof Got & string]: K extends keyof NonNullable<Want> ? Extra<Got[K], NonNullable<Want>[K], `${Path}.${K}`> : `${Path}.${K}` }[keyof Got & string]
    : never;
type AnswerOf<M extends HospitalMethod> = Awaited<ReturnType<NonNullable<HospitalHandlers[M]>>>;
type UnknownAnswerFields<H> = {
  [M in keyof H & HospitalMethod]: H[M] extends (...args: never[]) => infer R ? Extra<Awaited<R>, AnswerOf<M>, M> : never;
}[keyof H & HospitalMethod];
/** Adds a property the handlers lack when an answer has a field the spec does not: the compiler names it. */
export type CheckedHandlers<H> = H & ([UnknownAnswerFields<H>] extends [never] ? unknown : { 'field not in the spec table': UnknownAnswerFields<H> });

function pathOf(url: string | undefined): string {
  const u = url ?? '/';
  // The usual URL (the path alone, no trailing slash) is its own path: no split, no regex.
  if (u.length > 1 && u.charCodeAt(u.length - 1) !== 47 /* / */ && !u.includes('?') && !u.includes('#')) return u;
  const raw = u.split(/[?#]/, 1)[0]!;
  return raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
}

/** Sends an answer already serialised (a handler's answer is serialised once: checked and sent). */
function send(res: ServerResponse, status: number, text: string, headers?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  // Encoded once: its length is the Content-Length (Buffer.byteLength would scan the text, and
  // the socket encode it again). Headers as a flat list: no object to build and walk.
  const body = Buffer.from(text, 'utf8');
  const list = ['content-type', 'application/json;charset=UTF-8', 'content-length', String(body.length)];
  if (headers !== undefined) for (const name of Object.keys(headers)) list.push(name, headers[name]!);
  res.writeHead(status, list);
  res.end(body);
}

type Settled = { kind: 'answer'; value: unknown } | { kind: 'error'; error: unknown } | { kind: 'timeout' };

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
const answered = (value: unknown): Settled => ({ kind: 'answer', value });
const failed = (error: unknown): Settled => ({ kind: 'error', error });

// The log line's time changes once a second; formatting it per call is most of a line's cost.
let stampSecond = Number.NaN;
let stamp = '';
function logTime(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== stampSecond) {
    stamp = cstTimestamp(new Date(now));
    stampSecond = second;
  }
  return stamp;
}

const WHITESPACE = /\s/;

/** org_trace_no as the log line shows it: 64 characters at most, no whitespace. */
function traceForLog(s: string): string {
  // 64 UTF-16 units or fewer are 64 characters or fewer: only a longer one needs cutting by code point.
  const cut = s.length <= 64 ? s : [...s].slice(0, 64).join('');
  return WHITESPACE.test(cut) ? cut.replace(/\s+/g, '') : cut;
}

/**
 * One call at a time per key (the calls that book, per org_trace_no), like createKeyedLock, but
 * a call whose key is free starts at once, and a handler that answers synchronously leaves no
 * entry behind: the usual call, with no other call of its org_trace_no under way, costs no
 * promise hops. Waiting calls start in arrival order once every earlier one has settled.
 */
function createTraceQueue(): (key: string, fn: () => unknown) => unknown {
  const tails = new Map<string, Promise<void>>();
  return (key, fn) => {
    const prev = tails.get(key);
    const result = prev ? prev.then(fn) : fn();
    if (!isThenable(result)) return result;
    // One promise per call: settling (either way) frees the key unless a later call queued behind.
    const done = () => {
      if (tails.get(key) === tail) tails.delete(key);
    };
    const tail: Promise<void> = Promise.resolve(result).then(done, done);
    tails.set(key, tail);
    return result;
  };
}

/**
 * The ORG endpoints as a request listener: `http.createServer(createHospitalHandler(h))`, or
 * mounted beside other routes (`app.use(createHospitalHandler(h, { basePath: '/his' }))`).
 */
export function createHospitalHandler<H extends HospitalHandlers>(handlers: CheckedHandlers<H>, options: HospitalHandlerOptions = {}): HospitalRequestListener {
  const o: ResolvedOptions = resolveOptions(handlers, options);
  const table = handlers as unknown as Record<HospitalMethod, ((req: unknown, ctx: HospitalCallContext) => unknown) | undefined>;
  const queue = createTraceQueue();
  const accounts = createKeyedLock();

  const listener = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void => {
    const path = pathOf(req.url);
    const endpoint = o.routes.get(path);
    if (!endpoint && next) {
      next();
      return;
    }
    serve(req, res, path, endpoint).catch(() => {
      // Only a bug of ours gets here; the portal still gets an answer it can read.
      send(res, 200, JSON.stringify(failureAnswer(endpoint, endpoint?.changesState ? '99' : '01', '机构接口内部错误 / internal error of the hospital endpoint')));
    });
  };

  async function serve(req: IncomingMessage, res: ServerResponse, path: string, endpoint: HospitalEndpoint | undefined): Promise<void> {
    const started = performance.now();
    let requestIssues: readonly ValidationIssue[] = [];
    let responseIssues: readonly ValidationIssue[] = [];
    // Free text (ret_msg, an error's message) is masked by the core rule (src/core/redact.ts):
    // every value of a sensitive field of the request and of the answer, once it is known,
    // wherever the text holds it, and any secret among their keys. The redactor is built only
    // from the values a text holds (redactText), so a call whose texts hold none pays one walk.
    let request: Record<string, unknown> | undefined;
    let answerSeen: Record<string, unknown> | undefined;
    const maskKnown = (text: string): string => redactText(text, answerSeen ? [request, answerSeen] : request);
    let orgTraceNo: string | undefined;
    let ownRetMsg = false;
    let errorText: string | undefined;

    const finish = (status: number, answer: Record<string, unknown>, outcome: HospitalCallRecord['outcome'], headers?: Record<string, string>, text = JSON.stringify(answer)) => {
      send(res, status, text, headers);
      if (!o.log) return;
      const record: HospitalCallRecord = {
        time: logTime(),
        interfaceId: endpoint?.id ?? '',
        path,
        orgTraceNo,
        durationMs: Math.round(performance.now() - started),
        httpStatus: status,
        retCode: String(answer.ret_code ?? ''),
        result: typeof answer.result === 'string' ? answer.result : undefined,
        // The toolkit's own 成功/失败, filled in where the handler gave no ret_msg, holds nothing of
        // the request: not worth a walk of the request and the answer on every logged call.
        retMsg: typeof answer.ret_msg === 'string' ? (ownRetMsg ? answer.ret_msg : maskKnown(answer.ret_msg)) : undefined,
        requestIssues: issueKeys(requestIssues),
        responseIssues: issueKeys(responseIssues),
        outcome,
        error: errorText,
      };
      try {
        o.log(formatCallLine(record), record);
      } catch {
        // A failing logger must not fail the call.
      }
    };
    const fail = (code: FailureCode, message: string, outcome: HospitalCallRecord['outcome'], status = 200, headers?: Record<string, string>) =>
      finish(status, failureAnswer(endpoint, code, message), outcome, headers);

    if (!endpoint) {
      req.resume();
      return fail('01', '未知接口路径 / unknown interface path', 'notFound', 404);
    }
    if (req.method !== 'POST') {
      req.resume();
      return fail('02', `${endpoint.id} 只接受POST请求 / ${endpoint.spec.suffix} accepts POST only`, 'methodNotAllowed', 405, { allow: 'POST' });
    }
    const handler = table[endpoint.method];
    if (!handler) {
      req.resume();
      return fail('01', `本机构未提供该接口（${endpoint.id} ${endpoint.spec.name}，可选） / ${endpoint.id} is not provided`, 'notProvided', 404);
    }

    const reading = readJsonBody(req, o.maxBodyBytes);
    const body = reading instanceof Promise ? await reading : reading;
    if (!body.ok) {
      return fail('02', `${body.zh} / ${body.en}`, 'badRequest', 200, body.tooLarge ? { connection: 'close' } : undefined);
    }
    request = body.value;
    if (typeof request.org_trace_no === 'string') orgTraceNo = traceForLog(request.org_trace_no);

    const checked = validate(endpoint.spec, request, o.requestMode, 'request');
    requestIssues = checked.issues;
    if (!checked.ok) return fail('02', issuesMessage(checked.issues, '请求校验失败', 'invalid request'), 'badRequest');

    const context: HospitalCallContext = {
      interfaceId: endpoint.id, spec: endpoint.spec, path, issues: checked.issues, httpRequest: req, withAccountLock: accounts,
    };
    const lockKey = o.serializeByTrace && endpoint.changesState ? String(request.org_trace_no ?? request.doc_trace_no ?? '') || undefined : undefined;
    const given = normalise(request, endpoint.spec.request);
    const run = () => handler(given, context);
    const pending = callHandler(lockKey === undefined ? run : () => queue(lockKey, run));
    const settled = pending instanceof Promise ? await pending : pending;

    if (settled.kind === 'timeout') {
      errorText = `no answer within ${o.handlerTimeoutMs} ms`;
      return endpoint.changesState
        ? fail('99', '机构处理超时，结果未知，请查询结算结果 / timed out, outcome unknown', 'timeout')
        : fail('01', '机构处理超时 / the hospital timed out', 'timeout');
    }
    if (settled.kind === 'error') {
      const err = settled.error;
      const message = err instanceof Error ? maskKnown(err.message) : '机构系统错误 / hospital system error';
      errorText = err instanceof Error ? `${err.name}: ${message}` : 'non-Error thrown';
      if (err instanceof OrgFailureAnswer) return fail(err.retCode, maskKnown(err.retMsg), 'handlerError');
      // The toolkit cannot tell how far a booking handler got: 99 sends the portal to ORG_004.
      return fail(endpoint.changesState ? '99' : '01', message || '机构系统错误 / hospital system error', 'handlerError');
    }

    const value = settled.value;
    const unusable = (why: string) => {
      errorText = why;
      return endpoint.changesState
        ? fail('99', '机构应答无法识别，结果未知 / unusable answer, outcome unknown', 'badAnswer')
        : fail('01', '机构应答无法识别 / unusable answer', 'badAnswer');
    };
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return unusable('handler returned no object');
    const answer = completeAnswer(value as Record<string, unknown>);
    ownRetMsg = answer.ret_msg !== (value as Record<string, unknown>).ret_msg;
    let text: string;
    try {
      text = JSON.stringify(answer);
    } catch {
      return unusable('answer is not JSON-serialisable');
    }
    answerSeen = answer;
    const verdict = validate(endpoint.spec, answer, o.responseMode, 'response', { request });
    responseIssues = verdict.issues;
    if (!verdict.ok && o.responseMode === 'strict') {
      // Held back: the portal must not act on an answer the spec does not allow.
      const message = issuesMessage(verdict.issues, '机构应答不符合接口规范', 'non-conforming answer');
      return endpoint.changesState ? fail('99', message, 'badAnswer') : fail('01', message, 'badAnswer');
    }
    return finish(200, answer, 'ok', undefined, text);
  }

  /** The handler's outcome: at once when it answers (or throws) synchronously, else when it settles or times out. */
  function callHandler(run: () => unknown): Settled | Promise<Settled> {
    let work: Promise<Settled>;
    try {
      const value = run();
      if (!isThenable(value)) return answered(value);
      work = Promise.resolve(value).then(answered, failed);
    } catch (error) {
      return failed(error);
    }
    if (o.handlerTimeoutMs === undefined) return work;
    return new Promise<Settled>((resolve) => {
      const timer = setTimeout(() => resolve({ kind: 'timeout' }), o.handlerTimeoutMs);
      void work.then((s) => {
        clearTimeout(timer);
        resolve(s);
      });
    });
  }

  return Object.assign(listener, {
    paths: o.paths,
    matches: (url: string) => o.routes.has(pathOf(url)),
  });
}

/** The answer of one handler (`HospitalAnswer<'rechargeSettle'>`), for code that builds answers apart. */
export type HospitalAnswer<M extends HospitalMethod> = AnswerOf<M>;
