// The one ORG client, against a real HTTP server on 127.0.0.1: the base URL's prefix kept, extra
// headers on every call, every way a call can end told apart, the answer bounded, and the log
// callback masked.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AmpConfigError } from '../../src/core/errors.js';
import { OrgClient, describeOutcome, type OrgExchange } from '../../src/org/index.js';

const CERT = '35020519870808105X';
const seen: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
let url = '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = req.url ?? '';
    seen.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    if (path.endsWith('/slow')) return; // never answers
    if (path.endsWith('/html')) return void res.writeHead(500).end(`<html>error for ${CERT}</html>`);
    if (path.endsWith('/big')) return void res.writeHead(200).end(JSON.stringify({ ret_code: '00', pad: 'x'.repeat(5000) }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ret_code: '00', ret_msg: `ok ${CERT}`, psn_name: '周大鹏', cert_no: CERT, balance: '1.00' }));
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

it('keeps the base URL’s path prefix and sends the extra headers on every call', async () => {
  seen.length = 0;
  const c = new OrgClient({ his: `${url}/web/online/onlinePay/`, headers: { 'X-Tenant': 'H3201' } });
  const a = await c.call('queryAccount', { cert_no: CERT });
  const b = await c.call('orgHsTradeRevoke', { setl_id: 'S1' });
  expect(a.kind).toBe('answer');
  expect(b.kind).toBe('answer');
  expect(seen.map((s) => s.path)).toEqual(['/web/online/onlinePay/queryAccount', '/web/online/onlinePay/orgHsTradeRevoke']);
  for (const s of seen) {
    expect(s.headers['x-tenant']).toBe('H3201');
    expect(s.headers['content-type']).toBe('application/json;charset=UTF-8');
  }
});

it('uses a per-interface suffix override under the same prefix', async () => {
  seen.length = 0;
  const c = new OrgClient({ his: `${url}/his`, paths: { orgPreorder: '/preorder' } });
  await c.call('orgPreorder', {});
  expect(seen[0]!.path).toBe('/his/preorder');
});

it('tells an answer, an HTTP error, a timeout and a refused connection apart', async () => {
  const c = new OrgClient({ his: url, paths: { queryAccount: '/html', querySettleResult: '/slow' }, timeoutMs: 300 });
  const http = await c.call('queryAccount', {});
  expect(http).toMatchObject({ kind: 'http', status: 500 });
  expect(describeOutcome(http)).toBe('HTTP 500, not a JSON object answer');
  const t = await c.call('querySettleResult', {});
  expect(t.kind).toBe('timeout');
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const n = await new OrgClient({ his: `http://127.0.0.1:${port}` }).call('queryAccount', {});
  expect(n).toMatchObject({ kind: 'network', message: 'ECONNREFUSED' });
});

it('reads no more than maxAnswerBytes of an answer', async () => {
  const c = new OrgClient({ his: url, paths: { queryAccount: '/big' }, maxAnswerBytes: 1000 });
  const r = await c.call('queryAccount', {});
  expect(r.kind).toBe('http');
  if (r.kind === 'http') expect(r.text).toContain('larger than 1000 bytes');
  const whole = await new OrgClient({ his: url, paths: { queryAccount: '/big' } }).call('queryAccount', {});
  expect(whole.kind).toBe('answer');
});

it('logs each exchange with ID numbers and names masked, in fields and in free text', async () => {
  const log: OrgExchange[] = [];
  const c = new OrgClient({ his: url, paths: { queryUnsettleList: '/html' }, onExchange: (x) => log.push(x) });
  await c.call('queryAccount', { cert_no: CERT, mdtrt_cert_no: CERT, psn_name: '周大鹏' });
  await c.call('queryUnsettleList', { cert_no: CERT });
  const text = JSON.stringify(log);
  expect(text).not.toContain(CERT);
  expect(text).not.toContain('周大鹏');
  expect(log[0]).toMatchObject({ interfaceId: 'ORG_001', method: 'queryAccount', outcome: 'answer', status: 200 });
  expect((log[0]!.request as Record<string, string>).cert_no).toBe('350*************5X');
  expect((log[0]!.response as Record<string, string>).psn_name).toBe('周**');
  expect(log[1]).toMatchObject({ interfaceId: 'ORG_002', outcome: 'http', status: 500 });
  expect(String(log[1]!.response)).toContain('350');
});

it('refuses a base URL or a header that cannot be right before any call (000105)', () => {
  for (const his of ['127.0.0.1:8090', 'ftp://h/x', `${url}/x?tenant=1`]) {
    expect(() => new OrgClient({ his })).toThrow(AmpConfigError);
  }
  expect(() => new OrgClient({ his: url, headers: { 'Bad Name': 'x' } })).toThrow(/header name/);
  expect(() => new OrgClient({ his: url, headers: { 'X-T': 'a\r\nInjected: 1' } })).toThrow(/not allow/);
  expect(() => new OrgClient({ his: url, headers: { 'Content-Length': '1' } })).toThrow(/set by the client/);
  const err = (() => {
    try {
      new OrgClient({ his: url, headers: { 'X-T': 'secret-token\n' } });
    } catch (e) {
      return e as Error;
    }
  })();
  expect(err).toBeInstanceOf(AmpConfigError);
  expect(err!.message).not.toContain('secret-token');
});
