import { AmpError } from '../core/codes.js';
import { SUCCESS_CODE, normaliseCode } from '../core/codes.js';
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

/**
 * The one place a raw HTTP answer becomes either verified business data or a typed error, in
 * the order protocol.md §4 fixes: HTTP status and JSON body, `code`, then decrypt and verify.
 */
export function interpretResponse(res: PostResult, envelope: Envelope, signature: ResponseSignatureMode = envelope.profile.responseSignature): PortalAnswer {
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    body = undefined;
  }
  const obj = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const code = obj ? normaliseCode(obj.code) : undefined;
  const message = obj && typeof obj.message === 'string' ? obj.message : '';

  if (res.status !== 200) {
    // A gateway that says why in a coded body is believed; a bare HTTP error is not the portal's word.
    if (code && code !== SUCCESS_CODE) throw new AmpPortalError(code, message || `HTTP ${res.status}`);
    if (res.status === 503) {
      throw new AmpConnectionError('000003', '门户返回 HTTP 503：系统维护中，请稍后重试', 'portal answered HTTP 503: under maintenance, retry later', true, { status: 503 });
    }
    throw new AmpConnectionError('000100', `门户返回 HTTP ${res.status}`, `portal answered HTTP ${res.status}`, true, { status: res.status });
  }
  if (!obj) {
    const snippet = res.text.slice(0, 80).replace(/\s+/g, ' ');
    throw new AmpConnectionError('000100', `门户响应不是JSON对象：${snippet}`, `portal response is not a JSON object: ${snippet}`, true, { status: res.status });
  }
  if (!code) throw new AmpConnectionError('000100', '门户响应缺少 code', 'portal response has no code', true, { status: res.status });
  if (code !== SUCCESS_CODE) throw new AmpPortalError(code, message);

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
