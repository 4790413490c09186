// The DLL contract under OneTrans.json's `profile`: the same block as AmpClient's.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Envelope, cstTimestamp } from '../../src/core/index.js';
import { loadMobileTrans, type MobileTransRuntime } from '../../src/mobiletrans/index.js';
import { startPortal } from '../../src/portal/index.js';

const APP = { appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' };
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function runtimeWith(config: Record<string, unknown>): { rt: MobileTransRuntime; libDir: string } {
  const libDir = mkdtempSync(join(tmpdir(), 'onetrans-profile-'));
  writeFileSync(join(libDir, 'OneTrans.json'), JSON.stringify(config));
  const rt = loadMobileTrans({ libDir, env: {} });
  cleanup.push(() => rt.close());
  return { rt, libDir };
}

function pInData(serverAddr: string, extra = ''): string {
  return `{"data":{"serverAddr":"${serverAddr}","appId":"${APP.appId}","appKey":"${APP.appSecret}","timestamp":"${cstTimestamp()}",` +
    `"orgCode":"H46010000000","outRefundNo":"R${Date.now()}"${extra}},"orgId":"H46010000000"}`;
}

describe('OneTrans.json profile', () => {
  it('talks to a portal that needs epoch timestamps and signs answers by an unknown rule: delivered, extra marks it', async () => {
    const portal = await startPortal({ profile: { timestampFormat: 'epochMillis', responseSignature: 'warn' } });
    cleanup.push(() => portal.close());
    const { rt, libDir } = runtimeWith({ logLevel: 'info', profile: { timestampFormat: 'epochMillis', responseSignature: 'warn' } });
    const r = await rt.call(Buffer.from(pInData(`${portal.url}/api/amp/hos/queryRefundResult`)));
    const out = JSON.parse(r.output.toString('utf8'));
    expect(r.code).toBe('000000');
    expect(out.data.tradeStatus).toBe('FAIL');
    expect(out.extra).toBe('{"signatureVerified":false}');
    expect(JSON.parse(out.extra)).toEqual({ signatureVerified: false });
    // The failure is logged in the daily log, not lost on a stderr nobody reads.
    const log = readdirSync(join(libDir, 'logs')).map((f) => readFileSync(join(libDir, 'logs', f), 'utf8')).join('');
    expect(log).toMatch(/ERROR event=signature msg=\/queryRefundResult: .*responseSignature/);

    const { rt: plain } = runtimeWith({ logLevel: 'off' });
    const r0 = await plain.call(Buffer.from(pInData(`${portal.url}/api/amp/hos/queryRefundResult`)));
    expect(r0.code).toBe('000105');
  });

  it('sends a HIS number (10.00) with its own text and signs that text', async () => {
    const env = new Envelope(APP);
    const seen: { json: string; sign: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const e = JSON.parse(body);
        const opened = env.open(e);
        seen.push({ json: opened.json, sign: env.signString(e, JSON.parse(opened.json.replace('10.00', '"10.00"'))) });
        res.end(JSON.stringify(env.seal({ response: 'SUCCESS' }, { code: '000000', message: '成功', orgId: e.orgId })));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(() => r())));
    const { rt } = runtimeWith({ logLevel: 'off', validation: 'off' });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/amp/hos/pushMsg`;
    const r = await rt.call(Buffer.from(pInData(url, ',"amount":10.00,"count":3')));
    expect(r.code).toBe('000000');
    expect(seen[0]!.json).toContain('"amount":10.00,"count":3');
    // Open() verified it with the text; a sign string built with "10.00" is the one that matches.
    expect(seen[0]!.sign).toContain('"amount":"10.00"');
  });

  it('reports a bad profile in the log and keeps the defaults', async () => {
    const { rt, libDir } = runtimeWith({ logLevel: 'error', profile: { timestampFormat: 'iso' } });
    await rt.close();
    const logs = readdirSync(join(libDir, 'logs'));
    const text = readFileSync(join(libDir, 'logs', logs[0]!), 'utf8');
    expect(text).toMatch(/timestampFormat/);
  });
});
