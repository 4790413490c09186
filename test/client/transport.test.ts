import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmpClient } from '../../src/client/index.js';
import { Envelope } from '../../src/core/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEMO, javaExampleParams } from './helpers.js';
import { startProxy } from '../helpers/http-proxy.js';

let portal: PortalHandle;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal.close());

function listen(server: Server | HttpsServer): Promise<number> {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
}

describe('proxy', () => {
  it('sends every call through the configured HTTP proxy (CONNECT or absolute-form)', async () => {
    const proxy = await startProxy();
    const c = new AmpClient({ url: `${portal.url}/api/amp/hos`, ...DEMO, proxy: `http://127.0.0.1:${proxy.port}` });
    try {
      const r = await c.common('/pushMsg', javaExampleParams());
      expect(r.respCode).toBe('000000');
      expect(proxy.seen.length).toBeGreaterThan(0);
      expect(proxy.seen[0]).toContain(new URL(portal.url).host);
    } finally {
      await c.close();
      await proxy.close();
    }
  });

  it('a proxy that refuses is 000100', async () => {
    const dead = createHttpServer();
    const port = await listen(dead);
    await new Promise((r) => dead.close(r));
    const c = new AmpClient({ url: `${portal.url}/api/amp/hos`, ...DEMO, proxy: { host: '127.0.0.1', port } });
    expect((await c.common('/pushMsg', javaExampleParams())).respCode).toBe('000100');
    await c.close();
  });
});

describe('TLS with a private CA', () => {
  let server: HttpsServer;
  let url: string;
  let cert: Buffer;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onetrans-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'));
    const env = new Envelope({ appId: DEMO.appId, appSecret: DEMO.appSecret });
    server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(env.seal({ response: 'SUCCESS' }, { orgId: DEMO.orgId, code: '000000', message: '成功', extra: '' })));
      });
    });
    url = `https://127.0.0.1:${await listen(server)}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('verifies the portal with the given CA', async () => {
    const c = new AmpClient({ url, ...DEMO, ca: cert });
    expect(await c.common('/pushMsg', javaExampleParams())).toMatchObject({ respCode: '000000', param: { response: 'SUCCESS' } });
    await c.close();
  });

  it('refuses an unknown certificate with 000100, and a refund is then not "outcome unknown"', async () => {
    const c = new AmpClient({ url, ...DEMO });
    const r = await c.common('/refund', { ampTraceId: 'a', traceId: 'b', orgTraceNo: 'c', orgCode: 'H1', refundReason: 'x', outRefundNo: 'R1', orgRefundSn: 'S1' });
    expect(r.respCode).toBe('000100');
    expect(r.outcomeUnknown).toBeUndefined();
    await c.close();
  });
});
