import * as nodeCrypto from 'node:crypto';
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { Envelope, canonicalJson, deriveSecKey, signString } from '../src/core/index.js';
import { pkcs7Pad, pkcs7Unpad } from '../src/core/crypto-provider.js';
import { measure, type Result } from './measure.js';
import specRequest from '../test/fixtures/spec-dll-request.json' with { type: 'json' };

/**
 * seal+open of a typical pushMsg: the spec's DLL example business fields (~400 bytes of JSON).
 * Target: ≤ 1.4× the OpenSSL floor measured in the same run (issue 25).
 */
function specBusiness(): { appId: string; appSecret: string; orgId: string; business: Record<string, unknown> } {
  const req = structuredClone(specRequest) as unknown as { data: Record<string, string>; orgId: string };
  const { serverAddr: _s, appId, appKey, encryptType: _e, signType: _t, timestamp: _ts, version: _v, ...business } = req.data;
  return { appId, appSecret: appKey, orgId: req.orgId, business };
}

/** The same envelope with nothing but sm-crypto, written the obvious way. */
function smCryptoSealOpen(appId: string, appSecret: string, orgId: string, business: unknown): unknown {
  const k1 = Buffer.from(appId.slice(0, 16)).toString('hex');
  const secKey = Buffer.from(smCrypto.sm4.encrypt(appSecret, k1).toUpperCase().slice(0, 16)).toString('hex');
  const head = { appId, orgId, encryptType: 'SM4', signType: 'SM3', timestamp: '2022-05-10 16:56:24', version: '1.0.0' };
  const encData = smCrypto.sm4.encrypt(JSON.stringify(business), secKey).toUpperCase();
  const signData = smCrypto.sm3(signString(head, business, appSecret));
  const env = { ...head, encData, signData };
  const plain = JSON.parse(smCrypto.sm4.decrypt(env.encData.toLowerCase(), secKey));
  if (smCrypto.sm3(signString(env, plain, appSecret)) !== env.signData) throw new Error('verify failed');
  return plain;
}

/**
 * The OpenSSL floor: what seal+open costs in crypto and JSON alone, with reused cipher contexts
 * and a sign string built once outside the loop (JSON.stringify, SM4 + hex, SM3 of the sign
 * string; hex back, SM4, JSON.parse, SM3 again).
 */
function opensslFloor(appId: string, appSecret: string, orgId: string, business: unknown): () => void {
  const secKey = deriveSecKey(appId, appSecret);
  const enc = createCipheriv('sm4-ecb', secKey, null).setAutoPadding(false);
  const dec = createDecipheriv('sm4-ecb', secKey, null).setAutoPadding(false);
  const head = { appId, orgId, encryptType: 'SM4', signType: 'SM3', timestamp: '2022-05-10 16:56:24', version: '1.0.0' };
  const sign = signString(head, business, appSecret);
  // The cheapest SM3 node offers: crypto.hash where it exists (node ≥ 20.12).
  const oneShot = (nodeCrypto as { hash?: (a: string, d: string, e: 'hex') => string }).hash;
  const sm3 = oneShot ? (s: string) => oneShot('sm3', s, 'hex') : (s: string) => createHash('sm3').update(s, 'utf8').digest('hex');
  return () => {
    const encData = enc.update(pkcs7Pad(Buffer.from(JSON.stringify(business), 'utf8'))).toString('hex');
    const signData = sm3(sign);
    JSON.parse(pkcs7Unpad(dec.update(Buffer.from(encData, 'hex'))).toString('utf8'));
    if (sm3(sign) !== signData) throw new Error('verify failed');
  };
}

export function benchCore(): Result[] {
  const { appId, appSecret, orgId, business } = specBusiness();
  const bytes = Buffer.byteLength(JSON.stringify(business));
  const env = new Envelope({ appId, appSecret });
  const timestamp = '2022-05-10 16:56:24';
  // Interleaved rounds against the floor, medians of the medians: the machine may be shared.
  const floorRounds: Result[] = [];
  const ourRounds: Result[] = [];
  const floorFn = opensslFloor(appId, appSecret, orgId, business);
  for (let round = 0; round < 5; round++) {
    floorRounds.push(measure(`baseline: OpenSSL floor (reused contexts, sign string prebuilt)`, 10_000, floorFn));
    ourRounds.push(measure(`onetrans core seal+open (${bytes} B pushMsg)`, 10_000, () => {
      env.open(env.seal(business, { orgId, timestamp }));
    }));
  }
  const mid = (rs: Result[]) => [...rs].sort((a, b) => a.medianUs - b.medianUs)[Math.floor(rs.length / 2)]!;
  const floor = mid(floorRounds);
  const ours = mid(ourRounds);
  ours.note = `${(ours.medianUs / floor.medianUs).toFixed(2)}× the floor (target ≤ 1.4×)`;
  const response = env.seal({ response: 'SUCCESS' }, { orgId, timestamp, code: '000000', message: '成功', extra: '' });
  const round = measure(`client round: seal request + open response`, 20_000, () => {
    env.seal(business, { orgId, timestamp });
    env.open(response);
  });
  const plain = measure(`plain sm-crypto seal+open (${bytes} B pushMsg)`, 3_000, () => {
    smCryptoSealOpen(appId, appSecret, orgId, business);
  });
  const canon = measure('canonicalJson alone', 20_000, () => {
    canonicalJson(business);
  });
  return [floor, ours, round, plain, canon];
}

