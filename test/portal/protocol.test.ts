// The simulator's envelope handling over real HTTP on 127.0.0.1: every protocol code it can
// answer, the failure shape, the spec's own example requests, and fault injection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmpError, Envelope, cstTimestamp } from '../../src/core/index.js';
import { DEMO_APPS, startPortal, type PortalHandle } from '../../src/portal/index.js';
import {
  DEMO_APP_ID,
  DEMO_SECRET,
  ORG_ID,
  call,
  independentOpen,
  independentSeal,
  postRaw,
  pushMsgParams,
  type Json,
} from './helpers.js';

const FAILURE_KEYS = ['appId', 'code', 'message', 'orgId', 'timestamp'];

function expectFailure(res: { status: number; body: Json }, code: string): string {
  expect(res.status).toBe(200);
  expect(res.body.code).toBe(code);
  for (const k of Object.keys(res.body)) expect(FAILURE_KEYS).toContain(k);
  expect(res.body).not.toHaveProperty('encData');
  expect(res.body).not.toHaveProperty('signData');
  expect(res.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  return String(res.body.message);
}

let portal: PortalHandle;
const logLines: string[] = [];

beforeAll(async () => {
  portal = await startPortal({ log: (l) => logLines.push(l), refundDelayMs: 0 });
});
afterAll(async () => {
  await portal.close();
});

describe('success (000000)', () => {
  it('answers pushMsg with a sealed {response: SUCCESS} and keeps the message', async () => {
    // A caller that leaks its appKey into the business object: answered, but never stored.
    const params = pushMsgParams({ appKey: DEMO_SECRET });
    const res = await call(portal, '/pushMsg', params);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: '000000',
      message: '成功',
      appId: DEMO_APP_ID,
      orgId: ORG_ID,
      encryptType: 'SM4',
      signType: 'SM3',
      version: '1.0.0',
      extra: '',
    });
    expect(res.data).toEqual({ response: 'SUCCESS' });

    const listed = (await (await fetch(`${portal.url}/__sim/messages`)).json()) as Json;
    const mine = listed.messages.find((m: Json) => m.params.medOrgOrd === params.medOrgOrd);
    expect(mine).toMatchObject({ appId: DEMO_APP_ID, orgId: ORG_ID, response: 'SUCCESS' });
    expect(mine.params.patientName).toBe('张三');
    expect(JSON.stringify(listed)).not.toContain(DEMO_SECRET);
  });

  it('works with an envelope built independently with sm-crypto, for every demo app', async () => {
    for (const app of DEMO_APPS) {
      const env = independentSeal(app.appId, app.appSecret, pushMsgParams({ orgCode: 'H35010200227' }), 'H35010200227');
      const { status, text } = await postRaw(`${portal.url}/api/amp/hos/pushMsg`, env);
      expect(status).toBe(200);
      const body = JSON.parse(text) as Json;
      expect(body.code).toBe('000000');
      expect(independentOpen(app.appSecret, body)).toEqual({ response: 'SUCCESS' });
    }
  });

  it('accepts the spec DLL example business object (hisCustType "", no phone, extData null)', async () => {
    const dllExample = {
      hisCustType: '', hisCustId: '532494', appType: '01', medOrgOrd: 'ZL050509083457355366', subOrgCode: '5',
      refundReason: '', payOrdId: '', orderStatus: 'MERCHANT_WAIT_PAY', orgCode: 'H46040100001', patientName: '周大鹏',
      idType: '02', idNo: '460029196507081627', takeMedicineLoc: '', pushType: 'HOSPITAL_PAYMENT', scheduledTime: '',
      deptName: '总院牙体牙髓科', deptCode: 'BM00100', deptLoc: '', drName: '周小鹏', drLvName: '', drNo: 'D460106007245',
      waitingNum: '', checkItem: '', createTime: '2022-05-09 08:32:51', updateTime: '', extData: null,
    };
    const res = await call(portal, '/pushMsg', dllExample);
    expect(res.body.code).toBe('000000');
    expect(res.data).toEqual({ response: 'SUCCESS' });
  });

  it('accepts the spec Java example (cardType/cardNo extra keys, appId St82…)', async () => {
    const javaExample = {
      cardType: '01', cardNo: 'D3508701966', appType: '01', medOrgOrd: '5f1c0e6a9b2d4c7e8f90a1b2c3d4e5f6',
      refundReason: '退款原因，退款成功的推送才需要赋值这个~', payOrdId: 'ORD324976159723947394273416', orderStatus: 'MERCHANT_PAID',
      orgCode: 'H35010200227', subOrgCode: '01', patientName: '周大鹏', idType: '01', idNo: ' 35020519870819015X',
      takeMedicineLoc: '请至东药房104取您的药品！', pushType: 'HOSPITAL_PAYMENT', scheduledTime: '2022-03-31 07:34:46',
      deptName: '其他内科', deptCode: '013423', deptLoc: '门诊大厅二楼', drName: '周阿鹏', drLvName: '主任医生',
      drNo: '342847878193247879999', waitingNum: '01', checkItem: '核磁共振CRT01', createTime: '2022-03-30 13:15:46',
      updateTime: '2022-03-31 07:15:46',
    };
    const res = await call(portal, '/pushMsg', javaExample, {
      appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM',
      appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM',
    });
    expect(res.body.code).toBe('000000');
  });

  it('answers INVALID_PUSH_TYPE (a business answer, not 000105) for an unknown pushType', async () => {
    const res = await call(portal, '/pushMsg', pushMsgParams({ pushType: 'HOSPITAL_LOTTERY' }));
    expect(res.body.code).toBe('000000');
    expect(res.data).toEqual({ response: 'INVALID_PUSH_TYPE' });
  });
});

describe('protocol failures', () => {
  it('000001 for an unknown or missing appId', async () => {
    const unknown = await call(portal, '/pushMsg', pushMsgParams(), { appId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', appSecret: 'x' });
    expect(expectFailure(unknown, '000001')).toContain('请求应用非法，APPID无效');
    const missing = await call(portal, '/pushMsg', pushMsgParams(), { mutate: (e) => delete e.appId });
    expect(expectFailure(missing, '000001')).toContain('appId');
  });

  it('000101 for a body that is not JSON and for encData that does not decrypt', async () => {
    const notJson = await postRaw(`${portal.url}/api/amp/hos/pushMsg`, 'appId=1&encData=2');
    expectFailure({ status: notJson.status, body: JSON.parse(notJson.text) }, '000101');

    // Encrypted under another secret: decrypts to garbage, so padding/JSON fails.
    const other = new Envelope({ appId: DEMO_APP_ID, appSecret: 'some-other-secret-0000000000000' }).seal(pushMsgParams(), { orgId: ORG_ID });
    const wrongKey = await call(portal, '/pushMsg', pushMsgParams(), { mutate: (e) => (e.encData = other.encData) });
    expect(expectFailure(wrongKey, '000101')).toContain('系统接口加密失败');

    const noEnc = await call(portal, '/pushMsg', pushMsgParams(), { mutate: (e) => delete e.encData });
    expectFailure(noEnc, '000101');
  });

  it('000102 for a missing or wrong signature', async () => {
    const missing = await call(portal, '/pushMsg', pushMsgParams(), { mutate: (e) => delete e.signData });
    expect(expectFailure(missing, '000102')).toContain('核验签名参数失败');
    const wrong = await call(portal, '/pushMsg', pushMsgParams(), {
      mutate: (e) => (e.signData = (e.signData[0] === 'a' ? 'b' : 'a') + e.signData.slice(1)),
    });
    expectFailure(wrong, '000102');
    // A changed envelope field (orgId is signed) breaks the signature too.
    const moved = await call(portal, '/pushMsg', pushMsgParams(), { mutate: (e) => (e.orgId = 'H99999999999') });
    expectFailure(moved, '000102');
  });

  it('000105 naming every failing field', async () => {
    const refund = await call(portal, '/refund', { ampTraceId: 'a', traceId: 'b', orgTraceNo: 'c', orgCode: 'H46040100001', orgRefundSn: 'S1' });
    const msg = expectFailure(refund, '000105');
    expect(msg).toContain('参数校验不合法');
    expect(msg).toContain('refundReason');
    expect(msg).toContain('outRefundNo');
    expect(msg).not.toContain('orgRefundSn');

    const bill = await call(portal, '/getTradeFile', { orgCode: 'H46040100001', orgSecret: 'x', billDate: '2022-02-30', billType: 'WEEKLY' });
    const billMsg = expectFailure(bill, '000105');
    expect(billMsg).toContain('billDate');
    expect(billMsg).toContain('billType');

    const zero = await call(portal, '/refund', {
      ampTraceId: 'a', traceId: 'b', orgTraceNo: 'c', orgCode: 'H46040100001', refundReason: 'r', outRefundNo: 'Z0', orgRefundSn: 'S', refundAmount: '0.00',
    });
    expect(expectFailure(zero, '000105')).toContain('refundAmount');

    const badTs = await call(portal, '/pushMsg', pushMsgParams(), { timestamp: '2022/05/10 16:56:24' });
    expect(expectFailure(badTs, '000105')).toContain('timestamp');
  });

  it('010010 for a timestamp outside the window and for a replayed signature', async () => {
    const old = await call(portal, '/pushMsg', pushMsgParams(), { timestamp: cstTimestamp(new Date(Date.now() - 400_000)) });
    expect(expectFailure(old, '010010')).toContain('重放攻击拦截器');
    const future = await call(portal, '/pushMsg', pushMsgParams(), { timestamp: cstTimestamp(new Date(Date.now() + 400_000)) });
    expectFailure(future, '010010');

    const sealed = new Envelope({ appId: DEMO_APP_ID, appSecret: DEMO_SECRET }).seal(pushMsgParams(), { orgId: ORG_ID });
    const first = await postRaw(`${portal.url}/api/amp/hos/pushMsg`, sealed);
    expect(JSON.parse(first.text).code).toBe('000000');
    const again = await postRaw(`${portal.url}/api/amp/hos/pushMsg`, sealed);
    expect(expectFailure({ status: again.status, body: JSON.parse(again.text) }, '010010')).toContain('signData');
  });

  it('404404 with HTTP 200 for an unknown interface under /api/amp/hos/', async () => {
    const res = await call(portal, '/cancelRefund', pushMsgParams());
    expect(expectFailure(res, '404404')).toContain('该功能未开放');
    // Outside the API prefix it is a plain HTTP 404.
    const elsewhere = await postRaw(`${portal.url}/api/amp/other/pushMsg`, {});
    expect(elsewhere.status).toBe(404);
  });

  it('refuses a GET on an interface (405) and a body over 1 MiB (413), both with a coded JSON body', async () => {
    const get = await fetch(`${portal.url}/api/amp/hos/pushMsg`);
    expect(get.status).toBe(405);
    expect(((await get.json()) as Json).code).toBe('404404');
    const huge = await postRaw(`${portal.url}/api/amp/hos/pushMsg`, JSON.stringify({ appId: DEMO_APP_ID, encData: 'A'.repeat(1_500_000) }));
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.text).code).toBe('000105');
    // The portal still serves afterwards.
    expect((await call(portal, '/pushMsg', pushMsgParams())).body.code).toBe('000000');
  });

  // The core redactor's rule (src/core/redact.ts), applied to the simulator's own texts: a value
  // of a sensitive field of the request is masked wherever a refusal's reason quotes it, and the
  // app's key never shows, in the answer or the log.
  it('a refusal quoting the patient\'s name or the appSecret from another field shows neither', async () => {
    const before = logLines.length;
    const name = await call(portal, '/pushMsg', pushMsgParams({ patientName: '欧阳娜娜', appType: '欧阳娜娜' }));
    expect(expectFailure(name, '000105')).toContain('appType');
    expect(name.body.message).toContain('欧***');
    const key = await call(portal, '/pushMsg', pushMsgParams({ appType: DEMO_SECRET }));
    expect(expectFailure(key, '000105')).toContain('******');
    const lines = logLines.slice(before);
    expect(lines).toHaveLength(2);
    for (const text of [...lines, String(name.body.message), String(key.body.message)]) {
      expect(text).not.toContain('欧阳娜娜');
      expect(text).not.toContain(DEMO_SECRET);
    }
  });

  it('never writes a secret into its log', () => {
    expect(logLines.length).toBeGreaterThan(5);
    for (const l of logLines) {
      expect(l).not.toContain(DEMO_SECRET);
      expect(l).not.toContain('460400199003151234');
    }
  });
});

describe('fault injection', () => {
  it('http503 / http500 / notJson hit exactly `count` calls, then the interface is normal again', async () => {
    const add = async (spec: Json) => {
      const r = await fetch(`${portal.url}/__sim/faults`, { method: 'POST', body: JSON.stringify(spec) });
      expect(r.status).toBe(201);
    };
    await add({ suffix: '/pushMsg', mode: 'http503', count: 2 });
    for (let i = 0; i < 2; i++) {
      const env = new Envelope({ appId: DEMO_APP_ID, appSecret: DEMO_SECRET }).seal(pushMsgParams(), { orgId: ORG_ID });
      expect((await postRaw(`${portal.url}/api/amp/hos/pushMsg`, env)).status).toBe(503);
    }
    expect((await call(portal, '/pushMsg', pushMsgParams())).body.code).toBe('000000');

    await add({ suffix: 'pushMsg', mode: 'http500' });
    const env = new Envelope({ appId: DEMO_APP_ID, appSecret: DEMO_SECRET }).seal(pushMsgParams(), { orgId: ORG_ID });
    expect((await postRaw(`${portal.url}/api/amp/hos/pushMsg`, env)).status).toBe(500);

    await add({ mode: 'notJson' });
    const html = await postRaw(`${portal.url}/api/amp/hos/queryRefundResult`, env);
    expect(html.status).toBe(200);
    expect(() => JSON.parse(html.text)).toThrow();
    expect((await call(portal, '/pushMsg', pushMsgParams())).body.code).toBe('000000');
  });

  it('badSignature / badEncData process the call and damage the answer', async () => {
    const trades = ((await (await fetch(`${portal.url}/__sim/trades`)).json()) as Json).trades as Json[];
    const t = trades.find((x) => Number(x.psnCashPay) > 1)!;
    await fetch(`${portal.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ suffix: '/refund', mode: 'badSignature' }) });
    const params = {
      ampTraceId: t.ampTraceId, traceId: t.traceId, orgTraceNo: t.orgTraceNo, orgCode: t.orgCode,
      refundReason: '患者退费', refundAmount: '0.50', outRefundNo: 'FAULT-SIG-1', orgRefundSn: 'HISR1',
    };
    const t0 = Date.now();
    await expect(call(portal, '/refund', params, { timestamp: cstTimestamp(new Date(t0)) })).rejects.toSatisfy((e: unknown) => e instanceof AmpError && e.code === '000102');
    // The refund did happen: the same outRefundNo now answers normally, with the first refund's
    // ids. (Re-signed with another timestamp: the same signature twice would be a replay.)
    const again = await call(portal, '/refund', params, { timestamp: cstTimestamp(new Date(t0 - 5000)) });
    expect(again.body.code).toBe('000000');
    expect(again.data!.tradeStatus).not.toBe('FAIL');
    expect(portal.ledger.listRefunds().filter((r) => r.outRefundNo === 'FAULT-SIG-1')).toHaveLength(1);

    await fetch(`${portal.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ suffix: '/queryRefundResult', mode: 'badEncData' }) });
    await expect(call(portal, '/queryRefundResult', { orgCode: t.orgCode, outRefundNo: 'FAULT-SIG-1' })).rejects.toSatisfy(
      (e: unknown) => e instanceof AmpError && e.code === '000101',
    );
  });

  it('rejects a malformed fault with 400 and names the problem', async () => {
    const r = await fetch(`${portal.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ suffix: '/nope', mode: 'explode', count: 0 }) });
    expect(r.status).toBe(400);
    const body = (await r.json()) as Json;
    expect(body.message).toContain('suffix');
    expect(body.message).toContain('mode');
    expect(body.message).toContain('count');
  });

  it('stall: the request is accepted and never answered until close()', async () => {
    const lines: string[] = [];
    const p = await startPortal({ log: (l) => lines.push(l), seedTrades: false });
    await fetch(`${p.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ suffix: '/pushMsg', mode: 'stall' }) });
    const env = new Envelope({ appId: DEMO_APP_ID, appSecret: DEMO_SECRET }).seal(pushMsgParams(), { orgId: ORG_ID });
    let settled = false;
    const pending = postRaw(`${p.url}/api/amp/hos/pushMsg`, env).finally(() => (settled = true));
    for (let i = 0; i < 500 && !lines.some((l) => l.includes('stalled')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(lines.some((l) => l.includes('stalled'))).toBe(true);
    expect(settled).toBe(false);
    await p.close();
    await expect(pending).rejects.toThrow();
  });
});
