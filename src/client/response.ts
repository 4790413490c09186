import { AMP_CODES, SUCCESS_CODE, normaliseCode } from '../core/codes.js';
import { AmpError } from '../core/errors.js';
import { shown } from '../core/mask.js';
import type { Envelope } from '../core/envelope.js';
import type { ResponseSignatureMode } from '../core/profile.js';
import { AmpConnectionError, AmpPortalError, AmpSecurityError } from '../core/errors.js';
import type { PostResult } from './transport.js';

export interface PortalAnswer {
  /** The decrypted business parameters. */
  data: Record<string, unknown>;
  respMsg: string;
  envelope: Record<string, unknown>;
  /** false when the signature did not verify and the profile's responseSignature is 'warn'. */
  signatureVerified?: boolean;
  signatureProblem?: string;
}

/** The portal's message as kept on errors: masked (it may echo an ID or phone), bounded. */
const MAX_PORTAL_MESSAGE = 300;

/**
 * A portal failure code. One outside protocol.md §5 is reported as 000001 (what the DLL returns
 * and pOutData's numeric `code` say), keeping the portal's own code in the message and the trace;
 * a numeric 10010 is the spec's 010010 written as a number.
 */
function portalError(code: string, message: string, status: number): AmpPortalError {
  const padded = /^\d{1,5}$/.test(code) ? code.padStart(6, '0') : code;
  const known = AMP_CODES[code] ? code : AMP_CODES[padded] ? padded : undefined;
  const text = shown(message, MAX_PORTAL_MESSAGE);
  return known ? new AmpPortalError(known, text, { status }) : new AmpPortalError('000001', text, { status, portalCode: shown(code, 40) });
}

/** An answer body as far as it can be read before any decision: the JSON object, its code (normalised) and message. */
export function readAnswer(text: string): { obj?: Record<string, unknown>; code?: string; message: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const obj = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  return { obj, code: obj ? normaliseCode(obj.code) : undefined, message: obj && typeof obj.message === 'string' ? obj.message : '' };
}

/**
 * The one place a raw HTTP answer becomes either verified business data or a typed error, in
 * the order protocol.md §4 fixes: HTTP status and JSON body, `code`, then decrypt and verify.
 */
export function interpretResponse(res: PostResult, envelope: Envelope, signature: ResponseSignatureMode = envelope.profile.responseSignature): PortalAnswer {
  const { obj, code, message } = readAnswer(res.text);

  if (res.status !== 200) {
    // A gateway that says why in a coded body is believed; a bare HTTP error is not the portal's word.
    if (code && code !== SUCCESS_CODE) throw portalError(code, message || `HTTP ${res.status}`, res.status);
    if (res.status === 503) {
      throw new AmpConnectionError('000003', '门户返回 HTTP 503：系统维护中，请稍后重试', 'portal answered HTTP 503: under maintenance, retry later', true, { status: 503 });
    }
    throw new AmpConnectionError('000100', `门户返回 HTTP ${res.status}`, `portal answered HTTP ${res.status}`, true, { status: res.status });
  }
  if (!obj) {
    throw new AmpConnectionError('000100', '门户响应不是JSON对象', 'portal response is not a JSON object', true, { status: res.status, detail: shown(res.text, 80) });
  }
  if (!code) throw new AmpConnectionError('000100', '门户响应缺少 code', 'portal response has no code', true, { status: res.status });
  if (code !== SUCCESS_CODE) throw portalError(code, message, res.status);

  let opened;
  try {
    opened = envelope.open(obj, { signature });
  } catch (err) {
    if (err instanceof AmpError) throw new AmpSecurityError(err.code, `门户响应${err.messageZh}`, `portal response: ${err.messageEn}`, err);
    throw err;
  }
  const data = opened.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new AmpSecurityError('000101', '门户响应解密后不是JSON对象', 'decrypted portal response is not a JSON object');
  }
  const answer: PortalAnswer = { data: data as Record<string, unknown>, respMsg: message || '成功', envelope: obj };
  if (opened.signatureVerified === false) {
    answer.signatureVerified = false;
    answer.signatureProblem = opened.signatureProblem;
  }
  return answer;
}
