import { AmpError } from '../core/codes.js';
import type { ValidationIssue } from '../spec/index.js';

/**
 * The small set of failures a caller has to tell apart. Each carries a stable `code` from
 * protocol.md §5, so `common()` and the DLL can turn any of them into the same wire answer.
 */

/** The portal answered with a non-success protocol code (its own words are in `respMsg`). */
export class AmpPortalError extends AmpError {
  /** The portal's own words, unchanged. */
  readonly respMsg: string;
  readonly hint?: { zh: string; en: string };
  /** `hint` says what is probably wrong on our side (e.g. a URL without /api/amp/hos for a 404404). */
  constructor(code: string, respMsg: string, hint?: { zh: string; en: string }) {
    super(code, `门户返回 ${code}：${respMsg}${hint ? `（${hint.zh}）` : ''}`, `portal answered ${code}: ${respMsg}${hint ? ` (${hint.en})` : ''}`);
    this.name = 'AmpPortalError';
    this.respMsg = respMsg;
    this.hint = hint;
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
  constructor(code: string, zh: string, en: string, requestSent: boolean, opts: { cause?: unknown; status?: number } = {}) {
    super(code, zh, en, undefined, { cause: opts.cause });
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

/** Local validation in strict mode, bad options, bad URL (000105). */
export class AmpValidationError extends AmpError {
  readonly issues: ValidationIssue[];
  constructor(zh: string, en: string, issues: ValidationIssue[] = []) {
    super('000105', zh, en, issues);
    this.name = 'AmpValidationError';
    this.issues = issues;
  }
}

/**
 * A refund whose request may have reached the portal but whose answer was lost. Never resend
 * it with a new number: `queryRefundResult` with the same `outRefundNo` decides it.
 */
export class AmpOutcomeUnknownError extends AmpError {
  readonly outRefundNo: string;
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
  }
}

export function toAmpError(err: unknown): AmpError {
  if (err instanceof AmpError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new AmpError('000001', `未知错误：${msg}`, `unknown error: ${msg}`, undefined, { cause: err });
}
