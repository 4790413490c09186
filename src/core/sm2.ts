import smCrypto from 'sm-crypto';
import { AmpError } from './errors.js';

/** GM/T 0009's default user ID; node's OpenSSL cannot set it, hence sm-crypto. */
export const SM2_USER_ID = '1234567812345678';

function keyHex(b64: string, what: string): Buffer {
  const raw = Buffer.from(b64.trim(), 'base64');
  if (raw.length === 0) throw new AmpError('000105', `${what}为空或不是Base64`, `${what === 'SM2私钥' ? 'SM2 private key' : 'SM2 public key'} is empty or not base64`);
  return raw;
}

/** Private key: base64 of d (32 bytes, possibly with a leading 00). */
export function sm2PrivateHex(b64: string): string {
  let d = keyHex(b64, 'SM2私钥');
  if (d.length === 33 && d[0] === 0) d = d.subarray(1);
  if (d.length !== 32) throw new AmpError('000105', 'SM2私钥长度错误（应为32字节的d，Base64编码）', `SM2 private key must be the 32-byte d in base64, got ${d.length} bytes`);
  return d.toString('hex');
}

/** Public key: base64 of 04||x||y. */
export function sm2PublicHex(b64: string): string {
  const p = keyHex(b64, 'SM2公钥');
  if (p.length !== 65 || p[0] !== 4) throw new AmpError('000105', 'SM2公钥格式错误（应为04||x||y共65字节，Base64编码）', `SM2 public key must be 65 bytes 04||x||y in base64, got ${p.length} bytes`);
  return p.toString('hex');
}

/** SM3withSM2 over the UTF-8 sign string; returns base64 of raw r||s (64 bytes). */
export function sm2Sign(message: string, privateKeyHex: string, publicKeyHex?: string, userId: string = SM2_USER_ID): string {
  const sig = smCrypto.sm2.doSignature(message, privateKeyHex, {
    hash: true,
    der: false,
    userId,
    publicKey: publicKeyHex ?? smCrypto.sm2.getPublicKeyFromPrivateKey(privateKeyHex),
  });
  return Buffer.from(sig, 'hex').toString('base64');
}

export function sm2Verify(message: string, signatureB64: string, publicKeyHex: string, userId: string = SM2_USER_ID): boolean {
  const sig = Buffer.from(signatureB64, 'base64');
  if (sig.length !== 64) return false;
  try {
    return smCrypto.sm2.doVerifySignature(message, sig.toString('hex'), publicKeyHex, { hash: true, der: false, userId });
  } catch {
    return false;
  }
}
