// Every non-default profile setting, played by the simulator and met by the client: a client
// with today's defaults fails the way a real portal of that kind would answer, the client with
// the same setting succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import smCrypto from 'sm-crypto';
import { AmpClient } from '../../src/client/index.js';
import type { ProfileOverrides } from '../../src/core/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEMO, javaExampleParams } from '../client/helpers.js';

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
export const SM2_CLIENT = smCrypto.sm2.generateKeyPairHex();
export const SM2_SERVER = smCrypto.sm2.generateKeyPairHex();
export const SM2_APP = {
  appId: 'SM2APPaaaaaaaaaaaaaaaaaaaaaaaaaa',
  appSecret: 'SM2SECRETbbbbbbbbbbbbbbbbbbbbbbb',
  clientPubKey: b64(SM2_CLIENT.publicKey),
  serverPrvKey: b64(SM2_SERVER.privateKey),
};

interface Case {
  name: string;
  profile: ProfileOverrides;
  /** What a client with the default profile gets. */
  defaultCode: string;
  sm2?: boolean;
  params?: () => Record<string, unknown>;
  api?: string;
}

const CASES: Case[] = [
  { name: 'timestampFormat epochMillis', profile: { timestampFormat: 'epochMillis' }, defaultCode: '000105' },
  { name: 'timestampFormat epochSeconds', profile: { timestampFormat: 'epochSeconds' }, defaultCode: '000105' },
  { name: 'timestampFormat compact', profile: { timestampFormat: 'compact' }, defaultCode: '000105' },
  { name: 'suffixes pushMsg /sendMsg', profile: { suffixes: { pushMsg: '/sendMsg' } }, defaultCode: '404404' },
  { name: 'encDataNulls drop', profile: { encDataNulls: 'drop' }, defaultCode: '000102', params: () => ({ ...javaExampleParams(), extData: null }) },
  { name: 'encDataAscii', profile: { encDataAscii: true }, defaultCode: '000102' },
  { name: 'sm2UserId appSecret', profile: { sm2UserId: 'appSecret' }, defaultCode: '000102', sm2: true },
  { name: 'sm2UserId custom', profile: { sm2UserId: 'HOSPITAL-0001' }, defaultCode: '000102', sm2: true },
  { name: 'responseSignature warn (answers signed by an unknown rule)', profile: { responseSignature: 'warn' }, defaultCode: '000102' },
  { name: 'responseSignature off (answers unsigned)', profile: { responseSignature: 'off' }, defaultCode: '000102' },
];

function clientFor(portal: PortalHandle, profile: ProfileOverrides | undefined, sm2: boolean): AmpClient {
  return new AmpClient({
    url: `${portal.url}/api/amp/hos`,
    orgId: DEMO.orgId,
    ...(sm2
      ? { appId: SM2_APP.appId, appSecret: SM2_APP.appSecret, signType: 'SM2' as const, clientPrvKey: b64(SM2_CLIENT.privateKey), serverPubKey: b64(SM2_SERVER.publicKey) }
      : { appId: DEMO.appId, appSecret: DEMO.appSecret }),
    ...(profile ? { profile } : {}),
    logger: () => {},
  });
}

describe.each(CASES)('simulator with $name', (c) => {
  let portal: PortalHandle;
  beforeAll(async () => {
    portal = await startPortal({ profile: c.profile, apps: [SM2_APP], seedTrades: false });
  });
  afterAll(() => portal.close());

  it('refuses a default client, serves a client with the same setting', async () => {
    const params = c.params?.() ?? javaExampleParams();
    const plain = clientFor(portal, undefined, !!c.sm2);
    const tuned = clientFor(portal, c.profile, !!c.sm2);
    try {
      const r0 = await plain.common('/pushMsg', params);
      expect(r0.respCode).toBe(c.defaultCode);
      const r1 = await tuned.common('/pushMsg', { ...params, medOrgOrd: `${params.medOrgOrd}-2` });
      expect(r1).toMatchObject({ success: true, respCode: '000000', param: { response: 'SUCCESS' } });
      if (c.profile.responseSignature === 'warn') expect(r1.signatureVerified).toBe(false);
      else expect(r1.signatureVerified).toBeUndefined();
      expect(portal.messages.length).toBeGreaterThanOrEqual(1);
    } finally {
      await plain.close();
      await tuned.close();
    }
  });
});

describe('simulator with topLevelOrder caseInsensitive', () => {
  it('serves both orders alike: AMP\'s field names sort the same way under either', async () => {
    const portal = await startPortal({ profile: { topLevelOrder: 'caseInsensitive' }, seedTrades: false });
    const a = clientFor(portal, undefined, false);
    const b = clientFor(portal, { topLevelOrder: 'caseInsensitive' }, false);
    try {
      expect((await a.common('/pushMsg', javaExampleParams())).respCode).toBe('000000');
      expect((await b.common('/pushMsg', javaExampleParams())).respCode).toBe('000000');
    } finally {
      await a.close();
      await b.close();
      await portal.close();
    }
  });
});

describe('simulator with suffixes getTradeFile /getCheckFile', () => {
  it('serves the trade file at /getCheckFile only; the client maps getTradeFile() there', async () => {
    const portal = await startPortal({ profile: { suffixes: { getTradeFile: '/getCheckFile' } } });
    const plain = clientFor(portal, undefined, false);
    const tuned = clientFor(portal, { suffixes: { getTradeFile: '/getCheckFile' } }, false);
    const params = { orgCode: 'H35010200227', billDate: '2024-01-02', billType: 'ALL' as const, orgSecret: 'AMP-SIM-ORG-SECRET-0001' };
    try {
      expect((await plain.common('/getTradeFile', params)).respCode).toBe('404404');
      const r = await tuned.getTradeFile(params);
      expect(r.digestType).toBe('SHA1');
      expect((await tuned.common('/pushMsg', javaExampleParams())).respCode).toBe('000000');
    } finally {
      await plain.close();
      await tuned.close();
      await portal.close();
    }
  });
});

describe('simulator options', () => {
  it('refuses a bad profile naming the key', async () => {
    await expect(startPortal({ profile: { timestampFormat: 'iso' as 'compact' } })).rejects.toThrow(/timestampFormat/);
    await expect(startPortal({ apps: [{ ...SM2_APP, serverPrvKey: undefined }] })).rejects.toThrow(/serverPrvKey/);
  });
});
