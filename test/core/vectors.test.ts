import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import {
  Envelope,
  canonicalJson,
  deriveSecKey,
  nodeCryptoProvider,
  signString,
  sm3Hex,
  smCryptoProvider,
} from '../../src/core/index.js';

// protocol.md §8
const APP_ID = '0F0822652EB7CB91A644E638FBE9941E';
const APP_SECRET = '30BFE2B0C715E516E5EDF21E289DA826';
const HEAD = {
  appId: APP_ID,
  encryptType: 'SM4',
  signType: 'SM3',
  timestamp: '2022-05-10 16:56:24',
  version: '1.0.0',
  orgId: 'H46010000000',
};
const SIGN_STRING =
  'appId=0F0822652EB7CB91A644E638FBE9941E&data={"response":"SUCCESS"}&encryptType=SM4&orgId=H46010000000&signType=SM3&timestamp=2022-05-10 16:56:24&version=1.0.0&key=30BFE2B0C715E516E5EDF21E289DA826';

function encHex(key: Buffer, text: string): string {
  return nodeCryptoProvider.sm4EcbEncrypt(key, Buffer.from(text)).toString('hex').toUpperCase();
}

describe('protocol.md §8 vectors', () => {
  it('derives secKey 1819F24C758EB2EB', () => {
    expect(deriveSecKey(APP_ID, APP_SECRET).toString('latin1')).toBe('1819F24C758EB2EB');
  });

  it('encrypts "a" and the pushMsg response', () => {
    const key = deriveSecKey(APP_ID, APP_SECRET);
    expect(encHex(key, 'a')).toBe('C212E76D030FD8B4790096B02EFA9EEC');
    expect(encHex(key, '{"response":"SUCCESS"}')).toBe('456B4350F1EDC2CA58BA5C4657CAA3786A81CF8352F4E1241CD926B658482E7D');
  });

  it('builds the sign string and its SM3', () => {
    const s = signString(HEAD, { response: 'SUCCESS' }, APP_SECRET);
    expect(s).toBe(SIGN_STRING);
    expect(sm3Hex(s)).toBe('e454637e23092d4ecc3edd53cdaa115f1b60922470b04fb9ea912ffe89b2afe3');
  });

  it('seals the §8 response to the published encData and signData', () => {
    const env = new Envelope({ appId: APP_ID, appSecret: APP_SECRET });
    const sealed = env.seal({ response: 'SUCCESS' }, { orgId: HEAD.orgId, timestamp: HEAD.timestamp });
    expect(sealed.encData).toBe('456B4350F1EDC2CA58BA5C4657CAA3786A81CF8352F4E1241CD926B658482E7D');
    expect(sealed.signData).toBe('e454637e23092d4ecc3edd53cdaa115f1b60922470b04fb9ea912ffe89b2afe3');
    expect(env.open(sealed).data).toEqual({ response: 'SUCCESS' });
  });

  it("reproduces the spec's own DLL request (secKey, signData, encData prefix)", () => {
    const req = JSON.parse(readFileSync(new URL('../fixtures/spec-dll-request.json', import.meta.url), 'utf8'));
    const { serverAddr, appId, appKey, encryptType, signType, timestamp, version, ...business } = req.data;
    expect(serverAddr).toMatch(/pushMsg$/);
    expect(deriveSecKey(appId, appKey).toString('latin1')).toBe('4D0D7E3A207E47AC');
    const env = new Envelope({ appId, appSecret: appKey });
    const sealed = env.seal(business, { orgId: req.orgId, timestamp, version });
    expect({ encryptType, signType }).toEqual({ encryptType: sealed.encryptType, signType: sealed.signType });
    expect(sealed.signData).toBe('badc3ed03836689bafb880d78720b8c13ebbf9b9282d30e06fcb5a184dbe584a');
    expect(String(sealed.encData).startsWith('1B2CCE8A71AF2148C344E8ECFF9DBB6D')).toBe(true);
  });
});

describe('cross-check against independent implementations', () => {
  const samples = ['', 'a', '{"response":"SUCCESS"}', '周大鹏 取药地址：东药房104', 'x'.repeat(1000)];

  it('SM3 and SM4 agree with sm-crypto', () => {
    const key = Buffer.from('4D0D7E3A207E47AC');
    for (const s of samples) {
      const b = Buffer.from(s);
      expect(nodeCryptoProvider.sm3(b).toString('hex')).toBe(smCryptoProvider.sm3(b).toString('hex'));
      // The one-step hex digest (crypto.hash where node has it), of bytes and of text as UTF-8.
      expect(nodeCryptoProvider.sm3Hex!(b)).toBe(smCryptoProvider.sm3(b).toString('hex'));
      expect(nodeCryptoProvider.sm3Hex!(s)).toBe(smCryptoProvider.sm3(b).toString('hex'));
      const c = nodeCryptoProvider.sm4EcbEncrypt(key, b);
      expect(c.toString('hex')).toBe(smCryptoProvider.sm4EcbEncrypt(key, b).toString('hex'));
      expect(smCryptoProvider.sm4EcbDecrypt(key, c).toString()).toBe(s);
    }
  });

  it('SM3 and SM4 agree with the openssl CLI', () => {
    const dgst = execFileSync('openssl', ['dgst', '-sm3', '-r'], { input: SIGN_STRING }).toString();
    expect(dgst.split(' ')[0]).toBe('e454637e23092d4ecc3edd53cdaa115f1b60922470b04fb9ea912ffe89b2afe3');
    const keyHex = Buffer.from('1819F24C758EB2EB').toString('hex');
    const enc = execFileSync('openssl', ['enc', '-sm4-ecb', '-K', keyHex], { input: '{"response":"SUCCESS"}' });
    expect(enc.toString('hex').toUpperCase()).toBe('456B4350F1EDC2CA58BA5C4657CAA3786A81CF8352F4E1241CD926B658482E7D');
  });

  it('an envelope sealed with the pure-JS provider opens with OpenSSL, and back', () => {
    const a = new Envelope({ appId: APP_ID, appSecret: APP_SECRET, crypto: smCryptoProvider });
    const b = new Envelope({ appId: APP_ID, appSecret: APP_SECRET, crypto: nodeCryptoProvider });
    const data = { name: '周大鹏', n: 3, list: [1, { z: null, a: '' }] };
    expect(b.open(a.seal(data, { orgId: 'H1' })).data).toEqual(data);
    expect(a.open(b.seal(data, { orgId: 'H1' })).data).toEqual(data);
  });

  it('canonical JSON keeps non-ASCII raw, as the sign string expects', () => {
    expect(canonicalJson({ b: '周', a: 'é' })).toBe('{"a":"é","b":"周"}');
  });
});
