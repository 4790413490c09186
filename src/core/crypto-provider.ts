import * as nodeCrypto from 'node:crypto';
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import smCrypto from 'sm-crypto';

/**
 * The primitives the envelope needs, behind one interface so that a deployment (or a test)
 * can swap the implementation: node's OpenSSL is the fast path, sm-crypto a pure-JS fallback
 * for runtimes whose OpenSSL was built without SM3/SM4.
 */
export interface CryptoProvider {
  readonly name: string;
  /** Strings are hashed as UTF-8. */
  sm3(data: Uint8Array | string): Buffer;
  /** The same as lower-case hex; providers may do it in one step. */
  sm3Hex?(data: Uint8Array | string): string;
  /** SM4-ECB with PKCS#7 padding. */
  sm4EcbEncrypt(key: Uint8Array, plaintext: Uint8Array): Buffer;
  /** Throws when the padding is wrong, i.e. the key or the ciphertext is. */
  sm4EcbDecrypt(key: Uint8Array, ciphertext: Uint8Array): Buffer;
  /** A keyed SM4-ECB for repeated use; providers may keep state that makes it cheaper. */
  sm4Ecb?(key: Uint8Array): Sm4Ecb;
}

export interface Sm4Ecb {
  encrypt(plaintext: Uint8Array): Buffer;
  decrypt(ciphertext: Uint8Array): Buffer;
}

export function pkcs7Pad(data: Uint8Array): Buffer {
  const pad = 16 - (data.length % 16);
  const out = Buffer.allocUnsafe(data.length + pad);
  out.set(data, 0);
  out.fill(pad, data.length);
  return out;
}

/** Returns the unpadded view, or throws when the padding is not PKCS#7 (wrong key or data). */
export function pkcs7Unpad(out: Buffer): Buffer {
  const pad = out.length > 0 ? out[out.length - 1]! : 0;
  if (out.length === 0 || out.length % 16 !== 0 || pad < 1 || pad > 16) throw new Error('bad padding');
  for (let i = out.length - pad; i < out.length; i++) if (out[i] !== pad) throw new Error('bad padding');
  return out.subarray(0, out.length - pad);
}

// crypto.hash (node ≥ 20.12): one call, no Hash object; a sign string is hashed twice per call.
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

export const nodeCryptoProvider: CryptoProvider = {
  name: 'node:crypto (OpenSSL)',
  sm3(data) {
    return typeof data === 'string' ? createHash('sm3').update(data, 'utf8').digest() : createHash('sm3').update(data).digest();
  },
  sm3Hex(data) {
    if (oneShot) return oneShot('sm3', data, 'hex');
    return typeof data === 'string' ? createHash('sm3').update(data, 'utf8').digest('hex') : createHash('sm3').update(data).digest('hex');
  },
  sm4EcbEncrypt(key, plaintext) {
    const c = createCipheriv('sm4-ecb', key, null);
    return Buffer.concat([c.update(plaintext), c.final()]);
  },
  sm4EcbDecrypt(key, ciphertext) {
    const d = createDecipheriv('sm4-ecb', key, null);
    return Buffer.concat([d.update(ciphertext), d.final()]);
  },
  sm4Ecb(key) {
    // ECB has no chaining state, so one never-finalised OpenSSL context per direction serves
    // every call: creating a context costs as much as encrypting half a kilobyte.
    const enc = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    const dec = createDecipheriv('sm4-ecb', key, null).setAutoPadding(false);
    return {
      encrypt: (plaintext) => enc.update(pkcs7Pad(plaintext)),
      decrypt: (ciphertext) => {
        if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw new Error('ciphertext is not whole SM4 blocks');
        return pkcs7Unpad(dec.update(ciphertext));
      },
    };
  },
};

const toArray = (b: Uint8Array): number[] => Array.from(b);

export const smCryptoProvider: CryptoProvider = {
  name: 'sm-crypto (pure JS)',
  sm3(data) {
    return Buffer.from(smCrypto.sm3(toArray(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)), 'hex');
  },
  sm4EcbEncrypt(key, plaintext) {
    return Buffer.from(smCrypto.sm4.encrypt(toArray(plaintext), Buffer.from(key).toString('hex')), 'hex');
  },
  sm4EcbDecrypt(key, ciphertext) {
    // sm-crypto strips PKCS#7 without checking it; check it here so a wrong key fails loudly.
    const raw = smCrypto.sm4.decrypt(toArray(ciphertext), Buffer.from(key).toString('hex'), { output: 'array', padding: 'none' }) as unknown;
    return pkcs7Unpad(Buffer.from(raw as number[]));
  },
};

function opensslHasSm(): boolean {
  try {
    createHash('sm3');
    createCipheriv('sm4-ecb', Buffer.alloc(16), null);
    return true;
  } catch {
    return false;
  }
}

export const defaultCryptoProvider: CryptoProvider = opensslHasSm() ? nodeCryptoProvider : smCryptoProvider;
