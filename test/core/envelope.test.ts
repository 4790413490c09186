import { describe, expect, it } from 'vitest';
import smCrypto from 'sm-crypto';
import { AmpError, Envelope, cstTimestamp, parseCstTimestamp, isValidDate } from '../../src/core/index.js';

const APP = { appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AmpError);
    return (err as AmpError).code;
  }
  throw new Error('did not throw');
}

describe('Envelope', () => {
  const env = new Envelope(APP);

  it('round-trips a business object with Chinese text', () => {
    const data = { patientName: '周大鹏', amount: '12.30', extData: null };
    const sealed = env.seal(data, { orgId: 'H46010000000' });
    expect(Object.keys(sealed)).toEqual(['appId', 'orgId', 'encryptType', 'signType', 'timestamp', 'version', 'encData', 'signData']);
    expect(parseCstTimestamp(sealed.timestamp)).not.toBeNull();
    expect(env.open(sealed).data).toEqual(data);
  });

  it('sends a pre-serialised JSON string byte for byte', () => {
    const sealed = env.seal('{"b":1,"a":2}');
    expect(env.open(sealed).json).toBe('{"b":1,"a":2}');
  });

  it('accepts lowercase encData and uppercase signData', () => {
    const sealed = env.seal({ a: 1 });
    expect(env.open({ ...sealed, encData: String(sealed.encData).toLowerCase(), signData: String(sealed.signData).toUpperCase() }).data).toEqual({ a: 1 });
  });

  it('rejects tampering: 000102 for a changed field, 000101 for bad ciphertext', () => {
    const sealed = env.seal({ a: 1 }, { orgId: 'H1' });
    expect(codeOf(() => env.open({ ...sealed, orgId: 'H2' }))).toBe('000102');
    expect(codeOf(() => env.open({ ...sealed, signData: undefined }))).toBe('000102');
    expect(codeOf(() => env.open({ ...sealed, encData: 'XYZ' }))).toBe('000101');
    expect(codeOf(() => env.open({ ...sealed, encData: undefined }))).toBe('000101');
    const other = new Envelope({ ...APP, appSecret: 'another-secret-value-000000000000' });
    expect(codeOf(() => other.open(sealed))).toMatch(/^00010[12]$/);
  });

  it('refuses a missing secret or a short appId with 000105', () => {
    expect(codeOf(() => new Envelope({ appId: APP.appId, appSecret: '' }))).toBe('000105');
    expect(codeOf(() => new Envelope({ appId: 'short', appSecret: 'x' }))).toBe('000105');
  });

  it('signs with SM2 (user id 1234567812345678, r||s base64) and verifies with sm-crypto', () => {
    const kp = smCrypto.sm2.generateKeyPairHex();
    const prv = Buffer.from(kp.privateKey, 'hex').toString('base64');
    const pub = Buffer.from(kp.publicKey, 'hex').toString('base64');
    const signer = new Envelope({ ...APP, signType: 'SM2', signPrivateKey: prv });
    const verifier = new Envelope({ ...APP, signType: 'SM2', verifyPublicKey: pub });
    const sealed = signer.seal({ response: 'SUCCESS' }, { orgId: 'H1' });
    expect(Buffer.from(String(sealed.signData), 'base64')).toHaveLength(64);
    expect(verifier.open(sealed).data).toEqual({ response: 'SUCCESS' });
    expect(codeOf(() => verifier.open({ ...sealed, orgId: 'H2' }))).toBe('000102');
    // A leading 00 on d is accepted.
    const prv00 = Buffer.concat([Buffer.alloc(1), Buffer.from(kp.privateKey, 'hex')]).toString('base64');
    expect(verifier.open(new Envelope({ ...APP, signType: 'SM2', signPrivateKey: prv00 }).seal({ x: 1 })).data).toEqual({ x: 1 });
  });
});

describe('UTC+8 timestamps', () => {
  it('formats in China Standard Time whatever the host zone', () => {
    expect(cstTimestamp(new Date('2022-05-10T08:56:24Z'))).toBe('2022-05-10 16:56:24');
    expect(cstTimestamp(new Date('2022-12-31T16:00:00Z'))).toBe('2023-01-01 00:00:00');
  });

  it('parses back and rejects impossible dates', () => {
    expect(parseCstTimestamp('2022-05-10 16:56:24')?.toISOString()).toBe('2022-05-10T08:56:24.000Z');
    expect(parseCstTimestamp('2022-02-30 10:00:00')).toBeNull();
    expect(parseCstTimestamp('2022-05-10T16:56:24')).toBeNull();
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2023-02-29')).toBe(false);
  });
});
