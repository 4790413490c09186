/**
 * What a portal started with a non-default protocol profile does differently, so that a client
 * (and `onetrans probe`) can be tested against every deployment variant the profile describes.
 * The same profile block configures the client and the simulator; on the portal side each field
 * means "this portal is one that needs the client to use this value":
 *   timestampFormat   only timestamps written that way are accepted (else 000105); answers use it
 *   suffixes          the interfaces are served at those suffixes only (else 404404)
 *   topLevelOrder     requests verified and answers signed in that order
 *   sm2UserId         SM2 requests verified and answers signed with that user id
 *   encDataNulls drop its verifier writes null members into the sign string, so a request whose
 *                     plaintext carries one fails with 000102 (the Java SDK never sends them)
 *   encDataAscii      it reads the plaintext in a non-UTF-8 charset, so a plaintext with raw
 *                     non-ASCII bytes fails with 000102 (the web client sends \uXXXX only)
 *   responseSignature off: answers carry no signData; warn: answers are signed by a rule no
 *                     profile reproduces (a client needs 'warn' or 'off' to read them)
 */
import { randomBytes } from 'node:crypto';
import { sm3Hex, type ProtocolProfile } from '../core/index.js';
import type { StepFailure } from './api-steps.js';
import type { Json } from './http.js';

function hasNullMember(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object' || depth > 16) return false;
  if (Array.isArray(v)) return v.some((x) => hasNullMember(x, depth + 1));
  return Object.values(v).some((x) => x === null || hasNullMember(x, depth + 1));
}

/** The request-side rules a decrypted plaintext must meet under this portal's profile. */
export function plaintextRule(profile: ProtocolProfile, json: string, data: unknown): StepFailure | undefined {
  if (profile.encDataNulls === 'drop' && hasNullMember(data)) {
    return {
      code: '000102',
      zh: '签名验证失败：本门户验签时把 null 字段写入签名串，业务参数中不能出现 null（profile.encDataNulls 须为 drop）',
      en: 'signature does not verify: this portal signs null members, so the business parameters must not carry any (set profile.encDataNulls to "drop")',
    };
  }
  if (profile.encDataAscii && /[^\x00-\x7f]/.test(json)) {
    return {
      code: '000102',
      zh: '签名验证失败：本门户不按UTF-8读取明文，非ASCII字符须写成 \\uXXXX（profile.encDataAscii 须为 true）',
      en: 'signature does not verify: this portal does not read the plaintext as UTF-8; non-ASCII characters must be written as \\uXXXX (set profile.encDataAscii to true)',
    };
  }
  return undefined;
}

/** Applies the portal's responseSignature variant to a sealed answer. */
export function responseSignatureRule(profile: ProtocolProfile, sealed: Json): void {
  if (profile.responseSignature === 'off') delete sealed.signData;
  else if (profile.responseSignature === 'warn') sealed.signData = sm3Hex(`unreproducible:${randomBytes(8).toString('hex')}`);
}
