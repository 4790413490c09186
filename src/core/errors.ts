/**
 * The one error family (like undici's UndiciError): every failure onetrans raises is an
 * AmpError with a stable `code` from protocol.md §5, so `common()`, the DLL and the CLI turn
 * any of them into the same answer.
 *
 * Where each error class lives (the rule): this file holds the family's base, AmpError, and the
 * classes every area raises alike (configuration, the portal's answer, connection, security,
 * validation, unknown outcome). An error only one area raises lives in that area (SpecError in
 * src/spec/errors.ts, FrameError in src/bridge/frames.ts, TradeInputError in
 * src/portal/trade-input.ts, BillError in src/bill/errors.ts, HospitalConfigError in
 * src/hospital/errors.ts), extends AmpError (or one of the classes here), and is imported from
 * that home, not through another file. A class private to one file may extend Error; what a
 * hospital's handler throws to choose its ORG answer is an answer, not an error of ours
 * (src/hospital/errors.ts). A configuration mistake is 000105 with a message that says
 * what to fix, never a stray TypeError that would surface as 000001.
 *
 * Messages never quote input text: a value that must be shown goes through `shown()` (masked,
 * bounded) first. The same rule, for readers of the docs: docs/architecture.md (Errors).
 */

/**
 * What support needs to find one call in the portal's logs, which are keyed by the envelope's
 * timestamp and signData (like stripe-node's requestId and alipay-sdk's traceId).
 */
export interface AmpTrace {
  /** The interface suffix as called, e.g. '/refund'. */
  api: string;
  /** The envelope timestamp of the last attempt. */
  timestamp: string;
  /** The first 16 characters of the last attempt's signData. */
  signDataPrefix: string;
  /** Attempts made (1 unless a retry was safe). */
  attempts: number;
  /** The HTTP status of the answer, when one came. */
  status?: number;
  /** The portal's own code as it sent it, when it answered with one. */
  portalCode?: string;
  /** The portal's own message (ID numbers and phones masked, bounded). */
  portalMessage?: string;
}

export interface AmpErrorOptions {
  cause?: unknown;
  /** One detail appended once to the bilingual message: "中文 / English: detail". */
  detail?: string;
}

export class AmpError extends Error {
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details?: unknown;
  /** Set on failures of a call that was sealed (see AmpTrace). */
  trace?: AmpTrace;

  constructor(code: string, messageZh: string, messageEn: string, details?: unknown, options: AmpErrorOptions = {}) {
    const detail = options.detail ? options.detail : '';
    super(`${messageZh} / ${messageEn}${detail ? `: ${detail}` : ''}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AmpError';
    this.code = code;
    this.messageZh = detail ? `${messageZh}：${detail}` : messageZh;
    this.messageEn = detail ? `${messageEn}: ${detail}` : messageEn;
    this.details = details;
  }

  /**
   * Masks every text this error carries with the call's redactor (src/core/redact.ts): the
   * messages, the portal's own words (respMsg, trace.portalMessage). The client applies it to
   * every error of a call before it leaves, so no caller has to.
   */
  redact(r: { redact(text: string): string }): this {
    const self = this as unknown as Record<string, unknown>;
    for (const k of ['message', 'messageZh', 'messageEn', 'respMsg']) if (typeof self[k] === 'string') self[k] = r.redact(self[k] as string);
    if (this.trace?.portalMessage !== undefined) this.trace = { ...this.trace, portalMessage: r.redact(this.trace.portalMessage) };
    return this;
  }
}

/** A wrong option, profile key or configuration file (000105). `problems` lists each one. */
export class AmpConfigError extends AmpError {
  readonly problems: readonly string[];
  constructor(messageZh: string, messageEn: string, problems: readonly string[] = []) {
    super('000105', messageZh, messageEn, problems, { detail: problems.join('; ') });
    this.name = 'AmpConfigError';
    this.problems = problems;
  }
}

/** The portal answered with a non-success protocol code; its own words are in `respMsg`. */
export class AmpPortalError extends AmpError {
  readonly respMsg: string;
  /** The code exactly as the portal sent it (differs from `code` when it is outside §5). */
  readonly portalCode: string;
  /** What is probably wrong on our side (e.g. a URL without /api/amp/hos for a 404404). */
  readonly hint?: { zh: string; en: string };
  readonly status?: number;
  constructor(code: string, respMsg: string, opts: { portalCode?: string; status?: number; hint?: { zh: string; en: string } } = {}) {
    const portalCode = opts.portalCode ?? code;
    const known = portalCode === code;
    const hint = opts.hint;
    // The portal's text appears once, after both languages' lead (it is often bilingual itself).
    const zh = (known ? `门户返回 ${code}` : `门户返回了协议未定义的代码 ${portalCode}（按 ${code} 处理）`) + (hint ? `（${hint.zh}）` : '');
    const en = (known ? `portal answered ${code}` : `portal answered ${portalCode}, a code outside the protocol (treated as ${code})`) + (hint ? ` (${hint.en})` : '');
    super(code, zh, en, undefined, { detail: respMsg });
    this.name = 'AmpPortalError';
    this.respMsg = known ? respMsg : `${portalCode}：${respMsg}`;
    this.portalCode = portalCode;
    this.hint = hint;
    this.status = opts.status;
  }
}

/**
 * Network, HTTP or body failure (000100 / 000003). `requestSent` is false only when the request
 * provably never left (connect refused, DNS, connect timeout, TLS handshake): only then is a
 * retry of a non-idempotent call safe.
 */
export class AmpConnectionError extends AmpError {
  readonly requestSent: boolean;
  readonly status?: number;
  constructor(code: string, zh: string, en: string, requestSent: boolean, opts: { cause?: unknown; status?: number; detail?: string } = {}) {
    super(code, zh, en, undefined, { cause: opts.cause, detail: opts.detail });
    this.name = 'AmpConnectionError';
    this.requestSent = requestSent;
    this.status = opts.status;
  }
}

/** The response did not decrypt (000101) or its signature did not verify (000102). */
export class AmpSecurityError extends AmpError {
  constructor(code: string, zh: string, en: string, cause?: unknown) {
    super(code, zh, en, undefined, { cause });
    this.name = 'AmpSecurityError';
  }
}

/** Issues as src/spec reports them; core names only the shape it relies on. */
export interface IssueLike {
  readonly field: string;
  readonly message: string;
}

/** Local validation in strict mode, bad options, bad URL (000105). */
export class AmpValidationError<I extends IssueLike = IssueLike> extends AmpError {
  readonly issues: I[];
  constructor(zh: string, en: string, issues: I[] = []) {
    super('000105', zh, en, issues);
    this.name = 'AmpValidationError';
    this.issues = issues;
  }
}

/**
 * A call whose request may have reached the portal but whose answer was lost (a refund). Never
 * resend it under a new number: the settling query with the same key decides it.
 */
export class AmpOutcomeUnknownError extends AmpError {
  readonly outRefundNo: string;
  /** Always true: the same flag `common()` puts on its result. */
  readonly outcomeUnknown = true as const;
  constructor(outRefundNo: string, cause: AmpError) {
    super(
      cause.code,
      `退款结果未知（${cause.messageZh}）：请求可能已到达门户。请用相同的 outRefundNo=${outRefundNo} 调用 queryRefundResult 确认结果，切勿换新单号重新退款`,
      `refund outcome unknown (${cause.messageEn}): the request may have reached the portal. Call queryRefundResult with the same outRefundNo=${outRefundNo} to learn the outcome; never resend under a new number`,
      undefined,
      { cause },
    );
    this.name = 'AmpOutcomeUnknownError';
    this.outRefundNo = outRefundNo;
    this.trace = cause.trace;
  }
}

/** Anything thrown becomes an AmpError: ours pass through, the rest is 000001 with its message. */
export function toAmpError(err: unknown): AmpError {
  if (err instanceof AmpError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new AmpError('000001', '未知错误', 'unknown error', undefined, { cause: err, detail: msg });
}
