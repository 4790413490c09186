import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { AmpClient, AmpOutcomeUnknownError, AmpPortalError, AmpValidationError } from '../../src/client/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEMO, javaExampleParams, rawServer } from './helpers.js';

let portal: PortalHandle;
let client: AmpClient;

beforeAll(async () => {
  portal = await startPortal({ refundDelayMs: 50 });
  client = new AmpClient({ url: `${portal.url}/api/amp/hos`, ...DEMO, readTimeoutMs: 2000 });
});
afterAll(async () => {
  await client.close();
  await portal.close();
});

function cashTrade(orgCode = 'H35010200227') {
  const t = portal.ledger.listTrades().find((x) => x.orgCode === orgCode && x.psnCashPay > 0 && x.acctPay > 0)!;
  expect(t).toBeDefined();
  return t;
}

describe('AmpClient against the portal simulator', () => {
  it("common('/pushMsg') with the Java example succeeds and the portal keeps the message", async () => {
    const params = javaExampleParams();
    const r = await client.common('/pushMsg', params);
    expect(r).toMatchObject({ success: true, respCode: '000000', param: { response: 'SUCCESS' } });
    expect(portal.messages.some((m) => JSON.stringify(m).includes(String(params.medOrgOrd)))).toBe(true);
    // The example omits phone/hisCustType/hisCustId: warnings, not failures, in the default mode.
    expect(r.warnings?.map((w) => w.field)).toEqual(expect.arrayContaining(['phone']));
  });

  it('typed pushMsg resolves to the business answer', async () => {
    await expect(client.pushMsg(javaExampleParams() as never)).resolves.toEqual({ response: 'SUCCESS' });
  });

  it('refund 01 answers ING, then queryRefundResult shows SUCCESS', async () => {
    const t = cashTrade();
    const outRefundNo = `R${Date.now()}`;
    const refund = await client.refund({
      ampTraceId: t.ampTraceId,
      traceId: t.traceId,
      orgTraceNo: t.orgTraceNo,
      orgCode: t.orgCode,
      subOrgCode: t.subOrgCode,
      refundReason: '患者取消检查',
      refundAmount: '1.00',
      refundType: '01',
      outRefundNo,
      orgRefundSn: `HIS${outRefundNo}`,
    });
    expect(refund.tradeStatus).toBe('ING');
    expect(refund.ampRefundId).toBeTruthy();
    let status = '';
    for (let i = 0; i < 100 && status !== 'SUCCESS'; i++) {
      const q = await client.queryRefundResult({ orgCode: t.orgCode, outRefundNo, ampRefundId: refund.ampRefundId });
      status = q.tradeStatus;
      if (status !== 'SUCCESS') await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe('SUCCESS');
  });

  it('getTradeFile gives a URL whose zip matches the SHA1 digest', async () => {
    const yesterday = new Date(Date.now() + 8 * 3600e3 - 86400e3).toISOString().slice(0, 10);
    const r = await client.getTradeFile({ orgCode: 'H46040100001', orgSecret: 'AMP-SIM-ORG-SECRET-0001', billDate: yesterday, billType: 'ALL' });
    expect(r.digestType).toBe('SHA1');
    const dl = await client.download(r.downloadUrl!);
    expect(dl.status).toBe(200);
    expect(dl.body.subarray(0, 2).toString()).toBe('PK');
    expect(createHash('sha1').update(dl.body).digest('hex')).toBe(r.digest.toLowerCase());
  });

  it('strict validation fails locally with 000105 and sends nothing', async () => {
    const strict = new AmpClient({ url: `${portal.url}/api/amp/hos`, ...DEMO, validation: 'strict' });
    const before = portal.messages.length;
    const r = await strict.common('/pushMsg', javaExampleParams());
    expect(r.success).toBe(false);
    expect(r.respCode).toBe('000105');
    expect(r.respMsg).toContain('phone');
    expect(portal.messages.length).toBe(before);
    await expect(strict.pushMsg(javaExampleParams() as never)).rejects.toBeInstanceOf(AmpValidationError);
    await strict.close();
  });

  it("reports the portal's own code without throwing (wrong secret, unknown interface)", async () => {
    const wrong = new AmpClient({ url: `${portal.url}/api/amp/hos`, ...DEMO, appSecret: 'WrongSecretWrongSecretWrongSecre' });
    const r = await wrong.common('/pushMsg', javaExampleParams());
    expect(r.success).toBe(false);
    expect(['000101', '000102']).toContain(r.respCode);
    await wrong.close();
    const unknown = await client.common('/noSuchThing', { a: 1 });
    expect(unknown).toMatchObject({ success: false, respCode: '404404' });
    await expect(client.call('/noSuchThing', { a: 1 })).rejects.toBeInstanceOf(AmpPortalError);
  });

  it('an unknown appId gets 000001', async () => {
    const c = new AmpClient({ url: `${portal.url}/api/amp/hos`, ...DEMO, appId: 'UNKNOWNAPPID0000UNKNOWNAPPID0000' });
    expect((await c.common('/pushMsg', javaExampleParams())).respCode).toBe('000001');
    await c.close();
  });

  it('maps injected faults to protocol codes', async () => {
    const cases: [string, string][] = [
      ['http503', '000003'],
      ['http500', '000100'],
      ['notJson', '000100'],
      ['badSignature', '000102'],
      ['badEncData', '000101'],
    ];
    for (const [mode, code] of cases) {
      portal.faults.add({ suffix: '/pushMsg', mode, count: 1 });
      const r = await client.common('/pushMsg', javaExampleParams());
      expect({ mode, code: r.respCode, success: r.success }).toEqual({ mode, code, success: false });
    }
  });

  it('a refund whose answer never comes is reported as outcome unknown and never resent', async () => {
    let posts = 0;
    const srv = await rawServer((req) => {
      posts++;
      req.resume(); // read it, never answer
    });
    const c = new AmpClient({ url: srv.url, ...DEMO, readTimeoutMs: 300, maxRetries: 3 });
    const t = cashTrade();
    const outRefundNo = `RU${Date.now()}`;
    const params = {
      ampTraceId: t.ampTraceId, traceId: t.traceId, orgTraceNo: t.orgTraceNo, orgCode: t.orgCode,
      refundReason: '超时测试', refundAmount: '0.50', outRefundNo, orgRefundSn: `HIS${outRefundNo}`,
    };
    const r = await c.common('/refund', params);
    expect(r).toMatchObject({ success: false, respCode: '000100', outcomeUnknown: true });
    expect(r.respMsg).toContain(outRefundNo);
    expect(r.respMsg).toContain('queryRefundResult');
    expect(posts).toBe(1);
    await expect(c.refund(params)).rejects.toBeInstanceOf(AmpOutcomeUnknownError);
    expect(posts).toBe(2);
    // A query may be repeated: with maxRetries 3 it is tried four times.
    const q = await c.common('/queryRefundResult', { orgCode: t.orgCode, outRefundNo });
    expect(q.respCode).toBe('000100');
    expect(q.outcomeUnknown).toBeUndefined();
    expect(posts).toBe(6);
    await c.close();
    await srv.close();
  });

  it('identical calls within one second are not rejected as replays', async () => {
    const t = cashTrade();
    const same = { orgCode: t.orgCode, outRefundNo: 'NO-SUCH-REFUND-SAME-SECOND' };
    const answers = await Promise.all([1, 2, 3].map(() => client.common('/queryRefundResult', same)));
    expect(answers.map((a) => a.respCode)).toEqual(['000000', '000000', '000000']);
  });
});

describe('AmpClient local failures', () => {
  it('rejects a misspelled option, naming the key it meant', () => {
    expect(() => new AmpClient({ url: 'http://127.0.0.1:1', ...DEMO, readTimeoutMS: 5 } as never)).toThrow(/readTimeoutMS.*readTimeoutMs/);
    expect(() => new AmpClient({ url: 'http://127.0.0.1:1', ...DEMO, appSecert: 'x' } as never)).toThrow(/appSecert.*appSecret/);
    expect(() => new AmpClient({ url: 'not a url', ...DEMO })).toThrow(/url/);
    expect(() => new AmpClient({ url: 'http://127.0.0.1:1', appId: DEMO.appId, appSecret: DEMO.appSecret } as never)).toThrow(/orgId/);
  });

  it('connection refused is 000100 and says so', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const c = new AmpClient({ url: `http://127.0.0.1:${port}/api/amp/hos`, ...DEMO });
    const r = await c.common('/pushMsg', javaExampleParams());
    expect(r.respCode).toBe('000100');
    expect(r.respMsg).toMatch(/拒绝连接|refused/);
    await c.close();
  });

  it('a body that is not an object, or a success without encData, is caught', async () => {
    const srv = await rawServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(req.url?.endsWith('/array') ? '[1,2]' : JSON.stringify({ code: '000000', message: '成功' }));
      });
    });
    const c = new AmpClient({ url: srv.url, ...DEMO });
    expect((await c.common('/array', {})).respCode).toBe('000100');
    expect((await c.common('/pushMsg', javaExampleParams())).respCode).toBe('000101');
    await c.close();
    await srv.close();
  });

  it('params that are not an object are 000105', async () => {
    const r = await client.common('/pushMsg', [1, 2]);
    expect(r).toMatchObject({ success: false, respCode: '000105' });
  });
});
