// The wire trace: everything a joint test needs, never a secret, a private key or an unmasked
// ID number, phone or name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import smCrypto from 'sm-crypto';
import { AmpClient } from '../../src/client/index.js';
import { cstTimestamp } from '../../src/core/index.js';
import { loadMobileTrans } from '../../src/mobiletrans/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEMO, javaExampleParams } from './helpers.js';

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const CLIENT = smCrypto.sm2.generateKeyPairHex();
const SERVER = smCrypto.sm2.generateKeyPairHex();
const SM2_APP = { appId: 'SM2TRACEaaaaaaaaaaaaaaaaaaaaaaaa', appSecret: 'SM2TRACESECRETbbbbbbbbbbbbbbbbbb', clientPubKey: b64(CLIENT.publicKey), serverPrvKey: b64(SERVER.privateKey) };
const ORG_SECRET = 'AMP-SIM-ORG-SECRET-0001';
const ID_NO = '35020519870819015X';
const PHONE = '13812345678';
const NAME = '周大鹏';

let portal: PortalHandle;
beforeAll(async () => {
  portal = await startPortal({ apps: [SM2_APP] });
});
afterAll(() => portal.close());

function forbidden(text: string): void {
  for (const secret of [DEMO.appSecret, SM2_APP.appSecret, ORG_SECRET, b64(CLIENT.privateKey), CLIENT.privateKey, ID_NO, PHONE, NAME]) {
    expect(text).not.toContain(secret);
  }
}

describe('AmpClient wire trace', () => {
  it('writes URL, envelopes, masked plaintext, the sign string with ***, status and timing; no secret', async () => {
    const lines: string[] = [];
    const client = new AmpClient({ ...DEMO, url: portal.url, trace: true, logger: (l, level) => level === 'trace' && lines.push(l) });
    try {
      await client.pushMsg({ ...javaExampleParams(), idNo: ID_NO, phone: PHONE, patientName: NAME } as never);
      await client.getTradeFile({ orgCode: 'H35010200227', billDate: '2024-01-02', billType: 'ALL', orgSecret: ORG_SECRET });
    } finally {
      await client.close();
    }
    const text = lines.join('\n');
    expect(text).toContain(`POST ${portal.url}/api/amp/hos/pushMsg`);
    expect(text).toContain(`POST ${portal.url}/api/amp/hos/getTradeFile`);
    expect(text).toMatch(/HTTP 200 in \d+\.\d ms/);
    expect(text).toMatch(/sent envelope: \{"appId":"St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM",.*"encData":"[0-9A-F]{12}…\(\d+\)…[0-9A-F]{6}"/);
    expect(text).toMatch(/received envelope: \{"code":"000000"/);
    expect(text).toContain('received plaintext: {"response":"SUCCESS"}');
    expect(text).toMatch(/sent sign string: appId=St82.*&data=\{.*\}&encryptType=SM4&orgId=H35010200227&signType=SM3&timestamp=.*&version=1\.0\.0&key=\*\*\*/);
    expect(text).toContain('received signature: verified');
    // Masked, but recognisable.
    expect(text).toContain('350***');
    forbidden(text);
  });

  it('traces an SM2 client without its private key', async () => {
    const lines: string[] = [];
    const client = new AmpClient({
      url: portal.url, appId: SM2_APP.appId, appSecret: SM2_APP.appSecret, orgId: DEMO.orgId, signType: 'SM2',
      clientPrvKey: b64(CLIENT.privateKey), serverPubKey: b64(SERVER.publicKey), trace: true, logger: (l) => lines.push(l),
    });
    try {
      expect((await client.common('/pushMsg', { ...javaExampleParams(), phone: PHONE })).respCode).toBe('000000');
    } finally {
      await client.close();
    }
    expect(lines.join('\n')).toContain('signType=SM2');
    forbidden(lines.join('\n'));
  });

  it('traces a failure without an answer, and is off by default', async () => {
    const lines: string[] = [];
    const traced = new AmpClient({ ...DEMO, url: 'http://127.0.0.1:1', trace: true, logger: (l) => lines.push(l), connectTimeoutMs: 2000 });
    const silent = new AmpClient({ ...DEMO, url: portal.url, logger: (l) => lines.push(`UNEXPECTED ${l}`) });
    try {
      expect((await traced.common('/pushMsg', javaExampleParams())).respCode).toBe('000100');
      expect((await silent.common('/pushMsg', javaExampleParams())).respCode).toBe('000000');
    } finally {
      await traced.close();
      await silent.close();
    }
    expect(lines.some((l) => /no answer after/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('UNEXPECTED'))).toBe(false);
    expect(() => new AmpClient({ ...DEMO, url: portal.url, trace: 'yes' as never })).toThrow(/trace/);
  });
});

describe('OneTrans.json logLevel "trace"', () => {
  it('writes the trace into the daily log, masked, without the appKey', async () => {
    const libDir = mkdtempSync(join(tmpdir(), 'onetrans-trace-'));
    writeFileSync(join(libDir, 'OneTrans.json'), JSON.stringify({ logLevel: 'trace' }));
    const rt = loadMobileTrans({ libDir, env: {} });
    const data = { ...javaExampleParams(), idNo: ID_NO, phone: PHONE, patientName: NAME, serverAddr: `${portal.url}/api/amp/hos/pushMsg`, appId: DEMO.appId, appKey: DEMO.appSecret, timestamp: cstTimestamp() };
    const r = await rt.call(Buffer.from(JSON.stringify({ data, orgId: DEMO.orgId })));
    await rt.close();
    expect(r.code).toBe('000000');
    const text = readdirSync(join(libDir, 'logs')).map((f) => readFileSync(join(libDir, 'logs', f), 'utf8')).join('');
    expect(text).toMatch(/TRACE trace=POST http:\/\/127\.0\.0\.1:\d+\/api\/amp\/hos\/pushMsg/);
    expect(text).toMatch(/TRACE trace=\s*sent sign string: .*key=\*\*\*/);
    expect(text).toMatch(/TRACE trace=\s*HTTP 200 in/);
    forbidden(text);
  });
});
