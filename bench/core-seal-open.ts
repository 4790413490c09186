import smCrypto from 'sm-crypto';
import { Envelope, canonicalJson, signString } from '../src/core/index.js';
import { measure, type Result } from './measure.js';
import specRequest from '../test/fixtures/spec-dll-request.json' with { type: 'json' };

/**
 * seal+open of a typical pushMsg: the spec's DLL example business fields (~400 bytes of JSON).
 * Target: ≤ 20 µs median on the development machine.
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

export function benchCore(): Result[] {
  const { appId, appSecret, orgId, business } = specBusiness();
  const bytes = Buffer.byteLength(JSON.stringify(business));
  const env = new Envelope({ appId, appSecret });
  const timestamp = '2022-05-10 16:56:24';
  const ours = measure(`onetrans core seal+open (${bytes} B pushMsg)`, 20_000, () => {
    env.open(env.seal(business, { orgId, timestamp }));
  });
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
  return [ours, round, plain, canon];
}

