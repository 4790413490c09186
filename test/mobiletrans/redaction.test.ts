// Issue 18 §3: free text leaks names and secrets. A portal message quoting the patient's name
// and echoing the appKey, and a refund reason naming the patient, must not come back or be
// logged as written (src/core/redact.ts, applied at the sinks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cstTimestamp } from '../../src/core/index.js';
import { Redactor } from '../../src/core/redact.js';
import { AmpClient } from '../../src/client/index.js';
import { loadMobileTrans, type MobileTransRuntime } from '../../src/mobiletrans/index.js';
import { requestRedactor } from '../../src/spec/sensitive-fields.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEMO, javaExampleParams, rawServer } from '../client/helpers.js';

const APP_KEY = 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM';
const NAME = '欧阳娜娜';
const ID_NO = '460029196507081627';

let portal: PortalHandle;
let echo: Awaited<ReturnType<typeof rawServer>>;
beforeAll(async () => {
  portal = await startPortal();
  // A portal that quotes the patient and the key back in its message (issue 18 §3).
  echo = await rawServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify({ code: '000105', message: `患者${NAME} 证件${ID_NO} 参数不合法 key=${APP_KEY}` }));
    });
  });
});
afterAll(async () => {
  await portal.close();
  await echo.close();
});

function runtime(config: Record<string, unknown> = {}): { rt: MobileTransRuntime; log: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'onetrans-redact-'));
  writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify(config));
  const rt = loadMobileTrans({ libDir: dir, env: {} });
  const log = () => readdirSync(join(dir, 'logs')).map((f) => readFileSync(join(dir, 'logs', f), 'utf8')).join('');
  return { rt, log };
}

function pushMsg(serverAddr: string): Record<string, unknown> {
  const req = JSON.parse(readFileSync(new URL('../fixtures/spec-dll-request.json', import.meta.url), 'utf8'));
  Object.assign(req.data, { serverAddr, timestamp: cstTimestamp(), medOrgOrd: `RD${Date.now()}${Math.floor(Math.random() * 1e6)}`, patientName: NAME });
  return req;
}

describe('a portal message quoting the name and the appKey', () => {
  it('comes back in pOutData and in the daily log with both masked, at every log level', async () => {
    for (const logLevel of ['error', 'trace']) {
      const { rt, log } = runtime({ logLevel });
      const r = await rt.call(Buffer.from(JSON.stringify(pushMsg(`${echo.url}/api/amp/hos/pushMsg`))));
      await rt.close();
      const out = JSON.parse(r.output.toString('utf8')) as { code: number; message: string };
      expect(r.code).toBe('000105');
      // the portal's words still come back, masked
      expect(out.message).toContain('参数不合法');
      expect(out.message).toContain('患者欧***');
      const text = log();
      expect(text).toContain('参数不合法');
      for (const where of [out.message, text]) {
        expect(where).not.toContain(NAME);
        expect(where).not.toContain(APP_KEY.slice(0, 10));
        expect(where).not.toContain(ID_NO);
      }
    }
  });

  it('reaches a library caller masked too (AmpClient.common respMsg and the thrown error)', async () => {
    const client = new AmpClient({ ...DEMO, appSecret: APP_KEY, url: `${echo.url}/api/amp/hos` });
    const params = { ...javaExampleParams(), patientName: NAME };
    const r = await client.common('/pushMsg', params);
    expect(r.respCode).toBe('000105');
    expect(r.respMsg).toContain('患者欧***');
    const e = await client.pushMsg(params as never).catch((err: Error) => err);
    await client.close();
    for (const text of [r.respMsg, r.trace?.portalMessage ?? '', (e as Error).message, JSON.stringify(e)]) {
      expect(text).not.toContain(NAME);
      expect(text).not.toContain(APP_KEY.slice(0, 10));
    }
  });
});

describe('free text in the log', () => {
  it('logLevel trace does not log refundReason "患者欧阳娜娜取消" as written', async () => {
    const { rt, log } = runtime({ logLevel: 'trace' });
    const req = {
      data: {
        serverAddr: `${portal.url}/api/amp/hos/refund`,
        appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN',
        appKey: APP_KEY,
        timestamp: cstTimestamp(),
        ampTraceId: 'AMP20250630000001',
        traceId: 'TR0001',
        orgTraceNo: 'MZ0001',
        orgCode: 'H46040100001',
        refundReason: `患者${NAME}取消`,
        refundType: '01',
        outRefundNo: `OR${Date.now()}`,
        orgRefundSn: `RS${Date.now()}`,
      },
      orgId: 'H46010000000',
    };
    const r = await rt.call(Buffer.from(JSON.stringify(req)));
    await rt.close();
    const text = log();
    // the trace did log the call (the plaintext line is there), with the reason masked
    expect(text).toMatch(/sent plaintext: .*"refundReason":"患\*{7}"/);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain('取消');
    expect(r.output.toString('utf8')).not.toContain(NAME);
  });
});

describe('Redactor', () => {
  it('masks every sensitive value of a request and its secrets, and nothing shorter than a name', () => {
    const r = requestRedactor({ data: { appKey: APP_KEY, patientName: NAME, idNo: ID_NO, telephone: '13907551234', deptName: '口腔科', x: { drName: '周小鹏' } } }, ['sk-LOCALKEY']);
    const masked = r.redact(`${NAME}/${ID_NO}/13907551234/${APP_KEY}/周小鹏/sk-LOCALKEY/口腔科`);
    expect(masked).toBe('欧***/460*************27/139****1234/******/周**/******/口腔科');
    // a one-character value would mask that character everywhere: ignored
    expect(new Redactor([['周', 'name']]).redact('周一')).toBe('周一');
  });

  it('masks a value quoted inside JSON text (escaped) as well as written, after texts that hold none', () => {
    const r = requestRedactor({ data: { patientName: 'O"Neil 欧阳', outRefundNo: '202501011234567890' } }, [APP_KEY]);
    // most texts hold no value: nothing to mask, and the next text is still masked in full
    expect(r.redact('成功')).toBe('成功');
    expect(r.redact(JSON.stringify({ message: 'O"Neil 欧阳 退款 202501011234567890', key: APP_KEY }))).toBe(
      '{"message":"O********* 退款 202501011234567890","key":"******"}',
    );
    expect(r.redact('O"Neil 欧阳')).toBe('O********');
  });
});
