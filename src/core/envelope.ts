import { AmpError } from './errors.js';
import { signString } from './canonical.js';
import { defaultCryptoProvider, type CryptoProvider, type Sm4Ecb } from './crypto-provider.js';
import { escapeNonAscii, parseJsonText, stringifyJson } from './json-text.js';
import { resolveProfile, type ProfileOverrides, type ProtocolProfile, type ResponseSignatureMode } from './profile.js';
import { sm2PrivateHex, sm2PublicHex, sm2Sign, sm2Verify } from './sm2.js';
import { formatTimestamp } from './time.js';

export type SignType = 'SM3' | 'SM2';

export interface EnvelopeOptions {
  appId: string;
  appSecret: string;
  signType?: SignType;
  /** SM2: base64 of d; signs what seal() sends. */
  signPrivateKey?: string;
  /** SM2: base64 of 04||x||y; verifies what open() receives. */
  verifyPublicKey?: string;
  profile?: ProfileOverrides;
  crypto?: CryptoProvider;
}

export interface SealHead {
  orgId?: string;
  /** As the profile's timestampFormat writes it (a number for the epoch formats). */
  timestamp?: string | number;
  version?: string;
  /** Responses only. */
  code?: string;
  message?: string;
  extra?: string;
}

export interface Opened {
  /** The decrypted business object. */
  data: unknown;
  /** The plaintext JSON exactly as decrypted. */
  json: string;
  /** false when the signature was missing or wrong and `signature: 'warn'` let it through. */
  signatureVerified?: boolean;
  /** Why it did not verify (warn mode only). */
  signatureProblem?: string;
}

export interface OpenOptions {
  /** verify (default): a bad signature throws 000102; warn: returns signatureVerified false; off: not checked. */
  signature?: ResponseSignatureMode;
}

/** §2: secKey = first 16 chars of UPPER(HEX(SM4(k1 = appId[0..16], appSecret))), as ASCII bytes. */
export function deriveSecKey(
  appId: string,
  appSecret: string,
  crypto: CryptoProvider = defaultCryptoProvider,
  profile: ProtocolProfile = resolveProfile(),
): Buffer {
  const k1 = Buffer.from(appId.slice(0, profile.appIdKeyChars), 'utf8');
  if (k1.length !== 16) {
    throw new AmpError('000105', `appId 至少需要 ${profile.appIdKeyChars} 个ASCII字符（用作SM4密钥）`, `appId must start with ${profile.appIdKeyChars} ASCII characters (it keys SM4)`);
  }
  const hex = crypto.sm4EcbEncrypt(k1, Buffer.from(appSecret, 'utf8')).toString('hex').toUpperCase();
  return Buffer.from(hex.slice(0, profile.secKeyChars), 'latin1');
}

export function sm3Hex(input: string | Uint8Array, crypto: CryptoProvider = defaultCryptoProvider): string {
  return crypto.sm3Hex ? crypto.sm3Hex(input) : crypto.sm3(input).toString('hex');
}

/**
 * One appId's envelope codec (protocol.md §1-§4). The SM4 data key is derived once here, so a
 * long-lived client or portal pays for it once per app, not per call.
 */
export class Envelope {
  readonly appId: string;
  readonly signType: SignType;
  readonly profile: ProtocolProfile;
  readonly #appSecret: string;
  readonly #sm4: Sm4Ecb;
  readonly #crypto: CryptoProvider;
  readonly #excluded: ReadonlySet<string>;
  readonly #sm2Private?: string;
  readonly #sm2Public?: string;
  readonly #sm2UserId: string;

  constructor(opts: EnvelopeOptions) {
    if (typeof opts.appId !== 'string' || opts.appId === '') throw new AmpError('000105', '缺少 appId', 'appId is missing');
    if (typeof opts.appSecret !== 'string' || opts.appSecret === '') {
      throw new AmpError('000105', '缺少 appSecret（DLL 中为 appKey）', 'appSecret (the DLL\'s appKey) is missing');
    }
    this.appId = opts.appId;
    this.signType = opts.signType ?? 'SM3';
    if (this.signType !== 'SM3' && this.signType !== 'SM2') {
      throw new AmpError('000105', `不支持的签名方式 ${String(this.signType)}（可选 SM3、SM2）`, `unsupported signType ${String(this.signType)} (SM3 or SM2)`);
    }
    this.profile = resolveProfile(opts.profile);
    this.#appSecret = opts.appSecret;
    this.#crypto = opts.crypto ?? defaultCryptoProvider;
    this.#excluded = new Set(this.profile.signExcluded);
    this.#sm2UserId = this.profile.sm2UserId === 'appSecret' ? opts.appSecret : this.profile.sm2UserId;
    try {
      const secKey = deriveSecKey(opts.appId, opts.appSecret, this.#crypto, this.profile);
      const c = this.#crypto;
      this.#sm4 = c.sm4Ecb?.(secKey) ?? { encrypt: (p) => c.sm4EcbEncrypt(secKey, p), decrypt: (x) => c.sm4EcbDecrypt(secKey, x) };
    } catch (err) {
      if (err instanceof AmpError) throw err;
      throw new AmpError('000101', '派生SM4密钥失败', 'deriving the SM4 key failed', undefined, { cause: err });
    }
    if (this.signType === 'SM2') {
      if (opts.signPrivateKey) this.#sm2Private = sm2PrivateHex(opts.signPrivateKey);
      if (opts.verifyPublicKey) this.#sm2Public = sm2PublicHex(opts.verifyPublicKey);
    }
  }

  /**
   * Encrypts and signs `data`: an object (JsonNumbers written with their text), or its JSON
   * text, sent byte for byte unless the profile drops nulls or escapes non-ASCII.
   */
  seal(data: unknown, head: SealHead = {}): Record<string, unknown> {
    const p = this.profile;
    const dropNulls = p.encDataNulls === 'drop';
    let json: string;
    let obj: unknown;
    if (typeof data === 'string') {
      try {
        obj = parseJsonText(data);
      } catch (err) {
        throw new AmpError('000105', '业务参数不是合法的JSON', 'business parameters are not valid JSON', undefined, { cause: err });
      }
      json = dropNulls ? stringifyJson(obj, { dropNulls, ascii: p.encDataAscii }) : p.encDataAscii ? escapeNonAscii(data) : data;
    } else {
      obj = data ?? {};
      json = stringifyJson(obj, { dropNulls, ascii: p.encDataAscii });
    }
    let encData: string;
    try {
      encData = this.#sm4.encrypt(Buffer.from(json, 'utf8')).toString('hex');
    } catch (err) {
      throw new AmpError('000101', 'SM4加密失败', 'SM4 encryption failed', undefined, { cause: err });
    }
    if (this.profile.encDataCase === 'upper') encData = encData.toUpperCase();

    const env: Record<string, unknown> = {};
    if (head.code !== undefined) env.code = head.code;
    if (head.message !== undefined) env.message = head.message;
    env.appId = this.appId;
    if (head.orgId !== undefined) env.orgId = head.orgId;
    env.encryptType = 'SM4';
    env.signType = this.signType;
    env.timestamp = head.timestamp ?? formatTimestamp(new Date(), p.timestampFormat);
    env.version = head.version ?? p.version;
    env.encData = encData;
    env.signData = this.#sign(this.signString(env, obj));
    if (head.extra !== undefined) env.extra = head.extra;
    return env;
  }

  /** The sign string of an envelope and its plaintext under this profile (secret included: never log it). */
  signString(envelope: Record<string, unknown>, data: unknown): string {
    return signString(envelope, data, this.#appSecret, this.#excluded, this.profile.signKeyName, this.profile.topLevelOrder);
  }

  /**
   * Decrypts `encData` and verifies `signData`; throws AmpError 000101 / 000102. Decryption
   * failures throw whatever `signature` says.
   */
  open(envelope: Record<string, unknown>, opts: OpenOptions = {}): Opened {
    const enc = envelope.encData;
    if (typeof enc !== 'string' || enc.length === 0) throw new AmpError('000101', '报文缺少 encData', 'encData is missing');
    // Buffer.from(hex) stops at the first non-hex pair, so a short result means bad input.
    const cipher = enc.length % 32 === 0 ? Buffer.from(enc, 'hex') : undefined;
    if (!cipher || cipher.length * 2 !== enc.length) {
      throw new AmpError('000101', 'encData 不是SM4密文的十六进制串', 'encData is not hex SM4 ciphertext');
    }
    if (envelope.encryptType !== undefined && envelope.encryptType !== 'SM4') {
      throw new AmpError('000101', `不支持的加密方式 ${String(envelope.encryptType)}（仅支持 SM4）`, `unsupported encryptType ${String(envelope.encryptType)} (SM4 only)`);
    }
    let json: string;
    try {
      json = this.#sm4.decrypt(cipher).toString('utf8');
    } catch (err) {
      throw new AmpError('000101', 'encData 解密失败（appId/appSecret 不匹配或密文损坏）', 'encData does not decrypt (wrong appId/appSecret or damaged ciphertext)', undefined, { cause: err });
    }
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (err) {
      throw new AmpError('000101', 'encData 解密后不是JSON', 'decrypted encData is not JSON', undefined, { cause: err });
    }
    const mode = opts.signature ?? 'verify';
    if (mode === 'off') return { data, json };
    try {
      const sig = envelope.signData;
      if (typeof sig !== 'string' || sig.length === 0) throw new AmpError('000102', '报文缺少 signData', 'signData is missing');
      // Signed with the numbers' text as it was encrypted (10.00 stays "10.00").
      const signed = parseJsonText(json, data);
      if (!this.#verify(this.signString(envelope, signed), sig, envelope.signType)) throw new AmpError('000102', '签名验证失败', 'signature does not verify');
    } catch (err) {
      if (mode === 'warn' && err instanceof AmpError && err.code === '000102') return { data, json, signatureVerified: false, signatureProblem: err.messageEn };
      throw err;
    }
    return { data, json, signatureVerified: true };
  }

  #sign(s: string): string {
    if (this.signType === 'SM2') {
      if (!this.#sm2Private) throw new AmpError('000105', 'signType 为 SM2 时需要配置 clientPrvKey（客户端私钥）', 'signType SM2 needs clientPrvKey (the client private key)');
      return sm2Sign(s, this.#sm2Private, undefined, this.#sm2UserId);
    }
    const hex = sm3Hex(s, this.#crypto);
    return this.profile.signDataCase === 'upper' ? hex.toUpperCase() : hex;
  }

  #verify(s: string, sig: string, signType: unknown): boolean {
    if (signType === 'SM2' || (signType === undefined && this.signType === 'SM2')) {
      if (!this.#sm2Public) {
        throw new AmpError('000102', '对方使用SM2签名，但未配置 serverPubKey（服务端公钥）', 'peer signs with SM2 but serverPubKey is not configured');
      }
      return sm2Verify(s, sig, this.#sm2Public, this.#sm2UserId);
    }
    return sig.length === 64 && sig.toLowerCase() === sm3Hex(s, this.#crypto);
  }
}
