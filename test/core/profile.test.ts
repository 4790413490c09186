import { createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import smCrypto from 'sm-crypto';
import {
  AmpError,
  DEFAULT_PROFILE,
  Envelope,
  JsonNumber,
  deriveSecKey,
  escapeNonAscii,
  formatTimestamp,
  parseJsonText,
  parseTimestamp,
  profileDiff,
  resolveProfile,
  signString,
  stringifyJson,
} from '../../src/core/index.js';

const APP = { appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' };

/** Decrypts encData with OpenSSL directly (not through Envelope), to see the plaintext bytes. */
function plaintextOf(sealed: Record<string, unknown>): string {
  const key = deriveSecKey(APP.appId, APP.appSecret);
  const d = createDecipheriv('sm4-ecb', key, null);
  return Buffer.concat([d.update(Buffer.from(String(sealed.encData), 'hex')), d.final()]).toString('utf8');
}

/**
 * An independent verifier that, like Java's BigDecimal, keeps every number's text: it builds
 * the canonical data from the decrypted plaintext by hand (flat objects only), never through
 * JSON.parse's numbers.
 */
function textKeepingSignString(sealed: Record<string, unknown>): string {
  const plain = plaintextOf(sealed);
  const members = [...plain.matchAll(/"([^"]+)":("(?:[^"\\]|\\.)*"|-?[\d.eE+-]+|true|false|null)/g)].map(([, k, v]) => [k!, v!] as const);
  const data = members
    .filter(([, v]) => v !== 'null' && v !== '""')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `"${k}":${v.startsWith('"') ? v : `"${v}"`}`)
    .join(',');
  const head = Object.entries(sealed).filter(([k, v]) => !['signData', 'encData', 'extra'].includes(k) && v !== '' && v != null);
  const pairs = [...head.map(([k, v]) => [k, String(v)] as const), ['data', `{${data}}`] as const].sort(([a], [b]) => (a < b ? -1 : 1));
  return `${pairs.map(([k, v]) => `${k}=${v}`).join('&')}&key=${APP.appSecret}`;
}

const sm3 = (s: string) => createHash('sm3').update(s, 'utf8').digest('hex');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AmpError);
    return (err as AmpError).code;
  }
  throw new Error('did not throw');
}

describe('resolveProfile', () => {
  it('keeps today\'s defaults', () => {
    expect(resolveProfile()).toBe(DEFAULT_PROFILE);
    expect(DEFAULT_PROFILE).toMatchObject({
      responseSignature: 'verify',
      encDataNulls: 'keep',
      encDataAscii: false,
      sm2UserId: '1234567812345678',
      topLevelOrder: 'codepoint',
      timestampFormat: 'datetime',
      suffixes: { pushMsg: '/pushMsg', refund: '/refund', queryRefundResult: '/queryRefundResult', getTradeFile: '/getTradeFile' },
    });
  });

  it('merges a partial suffixes block and reports the difference back', () => {
    const p = resolveProfile({ suffixes: { getTradeFile: '/getCheckFile' }, timestampFormat: 'epochMillis' });
    expect(p.suffixes).toEqual({ ...DEFAULT_PROFILE.suffixes, getTradeFile: '/getCheckFile' });
    expect(profileDiff(p)).toEqual({ suffixes: { getTradeFile: '/getCheckFile' }, timestampFormat: 'epochMillis' });
    expect(profileDiff(DEFAULT_PROFILE)).toEqual({});
  });

  it('refuses bad values with 000105 naming every bad key, in both languages', () => {
    let err: AmpError | undefined;
    try {
      resolveProfile({ responseSignature: 'ignore' as 'off', suffixes: { getTradeFile: 'getCheckFile', nope: '/x' } as never, encDataAscii: 'yes' as never });
    } catch (e) {
      err = e as AmpError;
    }
    expect(err).toBeInstanceOf(AmpError);
    expect(err!.code).toBe('000105');
    expect(err!.message).toMatch(/responseSignature/);
    expect(err!.message).toMatch(/encDataAscii/);
    expect(err!.message).toMatch(/getTradeFile/);
    expect(err!.message).toMatch(/nope/);
    expect(err!.messageZh).toMatch(/协议配置/);
    expect(() => resolveProfile({ suffixes: { getTradefile: '/x' } as never })).toThrow(/getTradeFile/);
  });
});

describe('JSON numbers keep their text', () => {
  it('parses 10.00, 1E3, -0 and big integers as JsonNumber; ordinary numbers stay numbers', () => {
    const v = parseJsonText('{"a":10.00,"b":1E3,"c":-0,"d":12345678901234567890,"e":12,"f":1.5,"g":"10.00","h":[2.50]}') as Record<string, unknown>;
    expect(v.a).toEqual(new JsonNumber('10.00'));
    expect(String(v.b)).toBe('1E3');
    expect(String(v.c)).toBe('-0');
    expect(String(v.d)).toBe('12345678901234567890');
    expect(v.e).toBe(12);
    expect(v.f).toBe(1.5);
    expect(v.g).toBe('10.00');
    expect(String((v.h as unknown[])[0])).toBe('2.50');
    expect(stringifyJson(v)).toBe('{"a":10.00,"b":1E3,"c":-0,"d":12345678901234567890,"e":12,"f":1.5,"g":"10.00","h":[2.50]}');
    // Outside stringifyJson a JsonNumber is a plain number, never a marker.
    expect(JSON.stringify(v.a)).toBe('10');
    expect(() => parseJsonText('{"a":01}')).toThrow();
    expect(() => parseJsonText('{"a":1.}')).toThrow();
  });

  it('encrypts and signs the same text, so a verifier that keeps number text agrees (object and JSON-text input)', () => {
    const env = new Envelope(APP);
    const text = '{"orgCode":"H1","amount":10.00,"count":2,"rate":1.50}';
    for (const input of [text, parseJsonText(text)]) {
      const sealed = env.seal(input, { orgId: 'H1', timestamp: '2022-05-10 16:56:24' });
      expect(plaintextOf(sealed)).toBe(text);
      const s = textKeepingSignString(sealed);
      expect(s).toContain('"amount":"10.00"');
      expect(sealed.signData).toBe(sm3(s));
      // And our own verifier (the simulator's) agrees.
      expect(env.open(sealed).signatureVerified).toBe(true);
    }
  });

  it('a number JSON.parse keeps (12, 1.5) signs the same either way', () => {
    const env = new Envelope(APP);
    const sealed = env.seal({ amount: 12, rate: 1.5 }, { timestamp: '2022-05-10 16:56:24' });
    expect(sealed.signData).toBe(sm3(textKeepingSignString(sealed)));
  });
});

describe('profile settings in the envelope', () => {
  it('encDataNulls drop leaves null members out of encData (keep forwards them); the signature is the same', () => {
    const data = { a: 'x', b: null, c: { d: null, e: 1 }, f: [null, 1] };
    const keep = new Envelope(APP).seal(data, { timestamp: '2022-05-10 16:56:24' });
    const drop = new Envelope({ ...APP, profile: { encDataNulls: 'drop' } }).seal(data, { timestamp: '2022-05-10 16:56:24' });
    expect(plaintextOf(keep)).toBe('{"a":"x","b":null,"c":{"d":null,"e":1},"f":[null,1]}');
    expect(plaintextOf(drop)).toBe('{"a":"x","c":{"e":1},"f":[null,1]}');
    expect(drop.signData).toBe(keep.signData);
    const dropText = new Envelope({ ...APP, profile: { encDataNulls: 'drop' } }).seal('{"a":"x","b":null}');
    expect(plaintextOf(dropText)).toBe('{"a":"x"}');
  });

  it('encDataAscii writes non-ASCII as \\uXXXX; the sign string keeps the characters raw', () => {
    const env = new Envelope({ ...APP, profile: { encDataAscii: true } });
    const sealed = env.seal({ patientName: '周大鹏', note: '𠀀' }, { timestamp: '2022-05-10 16:56:24' });
    const plain = plaintextOf(sealed);
    expect(plain).toBe('{"patientName":"\\u5468\\u5927\\u9e4f","note":"\\ud840\\udc00"}');
    expect(/^[\x00-\x7f]*$/.test(plain)).toBe(true);
    expect(env.open(sealed).data).toEqual({ patientName: '周大鹏', note: '𠀀' });
    expect(sealed.signData).toBe(new Envelope(APP).seal({ patientName: '周大鹏', note: '𠀀' }, { timestamp: '2022-05-10 16:56:24' }).signData);
    expect(escapeNonAscii('"é"')).toBe('"\\u00e9"');
  });

  it('sm2UserId: the app secret as user id verifies with sm-crypto under that id only', () => {
    const kp = smCrypto.sm2.generateKeyPairHex();
    const prv = Buffer.from(kp.privateKey, 'hex').toString('base64');
    const signer = new Envelope({ ...APP, signType: 'SM2', signPrivateKey: prv, profile: { sm2UserId: 'appSecret' } });
    const sealed = signer.seal({ response: 'SUCCESS' }, { orgId: 'H1', timestamp: '2022-05-10 16:56:24' });
    const s = signer.signString(sealed, { response: 'SUCCESS' });
    const sig = Buffer.from(String(sealed.signData), 'base64').toString('hex');
    expect(smCrypto.sm2.doVerifySignature(s, sig, kp.publicKey, { hash: true, der: false, userId: APP.appSecret })).toBe(true);
    expect(smCrypto.sm2.doVerifySignature(s, sig, kp.publicKey, { hash: true, der: false, userId: '1234567812345678' })).toBe(false);
    const custom = new Envelope({ ...APP, signType: 'SM2', signPrivateKey: prv, profile: { sm2UserId: 'ALICE123' } }).seal({ a: 1 }, { timestamp: '2022-05-10 16:56:24' });
    const s2 = signString(custom, { a: 1 }, APP.appSecret);
    expect(smCrypto.sm2.doVerifySignature(s2, Buffer.from(String(custom.signData), 'base64').toString('hex'), kp.publicKey, { hash: true, der: false, userId: 'ALICE123' })).toBe(true);
  });

  it('topLevelOrder caseInsensitive sorts the pairs as Java\'s CASE_INSENSITIVE_ORDER does', () => {
    const head = { Zeta: 'z', alpha: 'a', Beta: 'b' };
    expect(signString(head, undefined, 'K')).toBe('Beta=b&Zeta=z&alpha=a&key=K');
    expect(signString(head, undefined, 'K', undefined, 'key', 'caseInsensitive')).toBe('alpha=a&Beta=b&Zeta=z&key=K');
    const env = new Envelope({ ...APP, profile: { topLevelOrder: 'caseInsensitive' } });
    const sealed = env.seal({ a: 1 }, { timestamp: '2022-05-10 16:56:24', code: '000000', message: '成功' });
    // AMP's own field names sort alike under both orders.
    expect(sealed.signData).toBe(new Envelope(APP).seal({ a: 1 }, { timestamp: '2022-05-10 16:56:24', code: '000000', message: '成功' }).signData);
  });

  it('timestampFormat: epoch values are JSON numbers and signed as their digits', () => {
    const at = new Date('2022-05-10T08:56:24.123Z');
    expect(formatTimestamp(at, 'datetime')).toBe('2022-05-10 16:56:24');
    expect(formatTimestamp(at, 'compact')).toBe('20220510165624');
    expect(formatTimestamp(at, 'epochMillis')).toBe(1652172984123);
    expect(formatTimestamp(at, 'epochSeconds')).toBe(1652172984);
    expect(parseTimestamp('20220510165624', 'compact')?.getTime()).toBe(1652172984000);
    expect(parseTimestamp('1652172984123', 'epochMillis')?.getTime()).toBe(1652172984123);
    expect(parseTimestamp(1652172984123, 'epochSeconds')).toBeNull();
    expect(parseTimestamp('2022-05-10 16:56:24', 'compact')).toBeNull();
    const env = new Envelope({ ...APP, profile: { timestampFormat: 'epochMillis' } });
    const sealed = env.seal({ a: 1 });
    expect(typeof sealed.timestamp).toBe('number');
    expect(env.signString(sealed, { a: 1 })).toContain(`&timestamp=${sealed.timestamp}&`);
    // A verifier that received it as a string signs the same digits.
    expect(env.open({ ...sealed, timestamp: String(sealed.timestamp) }).signatureVerified).toBe(true);
  });

  it('open: warn delivers a bad signature marked unverified, off does not check, decryption failures throw in every mode', () => {
    const env = new Envelope(APP);
    const sealed = env.seal({ response: 'SUCCESS' }, { orgId: 'H1' });
    const tampered = { ...sealed, signData: String(sealed.signData).replace(/^./, (c) => (c === '0' ? '1' : '0')) };
    expect(codeOf(() => env.open(tampered))).toBe('000102');
    const warned = env.open(tampered, { signature: 'warn' });
    expect(warned).toMatchObject({ data: { response: 'SUCCESS' }, signatureVerified: false });
    expect(env.open({ ...sealed, signData: undefined }, { signature: 'warn' }).signatureVerified).toBe(false);
    expect(env.open(tampered, { signature: 'off' }).data).toEqual({ response: 'SUCCESS' });
    for (const signature of ['verify', 'warn', 'off'] as const) {
      expect(codeOf(() => env.open({ ...sealed, encData: String(sealed.encData).slice(0, -2) }, { signature }))).toBe('000101');
    }
  });
});
