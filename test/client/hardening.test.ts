// What a misbehaving portal must not do to an AmpClient (issue 7 #3 #4 #5 #7) and what a
// failure carries for support (issue 12 #8 #9). Every server here is a loopback one written by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AmpClient, AmpOutcomeUnknownError, AmpPortalError } from '../../src/client/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEMO, javaExampleParams, rawServer } from './helpers.js';

const REFUND = {
  ampTraceId: 'A1', traceId: 'T1', orgTraceNo: 'O1', orgCode: 'H35010200227',
  refundReason: '测试', refundAmount: '0.50', outRefundNo: 'RF-HARDEN-1', orgRefundSn: 'S1',
};

/** Answers headers at once, then one byte every `everyMs`, never finishing (until closed). */
function trickle(everyMs: number) {
  const timers = new Set<NodeJS.Timeout>();
  return (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const t = setInterval(() => res.write(' '), everyMs);
    timers.add(t);
    res.on('close', () => clearInterval(t));
  };
}

let portal: PortalHandle;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal.close());

describe('one deadline per call (connect + read)', () => {
  it('a portal trickling a byte at a time cannot keep a call pending: 000100 at the deadline', async () => {
    const srv = await rawServer(trickle(50));
    const c = new AmpClient({ url: srv.url, ...DEMO, connectTimeoutMs: 200, readTimeoutMs: 300 });
    const r = await c.common('/pushMsg', javaExampleParams());
    expect(r).toMatchObject({ success: false, respCode: '000100' });
    expect(r.respMsg).toMatch(/500 ms/);
    // A refund stopped by the deadline may have reached the portal: outcome unknown, on the error too.
    const e = await c.refund(REFUND).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AmpOutcomeUnknownError);
    expect((e as AmpOutcomeUnknownError).outcomeUnknown).toBe(true);
    expect((await c.common('/refund', REFUND)).outcomeUnknown).toBe(true);
    await c.close();
    await srv.close();
  }, 15_000);

  it('retries of an idempotent read share the one deadline', async () => {
    let posts = 0;
    const srv = await rawServer((req, res) => {
      posts++;
      trickle(50)(req, res);
    });
    const c = new AmpClient({ url: srv.url, ...DEMO, connectTimeoutMs: 200, readTimeoutMs: 300, maxRetries: 5 });
    const r = await c.common('/queryRefundResult', { orgCode: 'H35010200227', outRefundNo: 'X' });
    expect(r.respCode).toBe('000100');
    expect(posts).toBe(1); // the deadline is spent by the first attempt: no second one
    await c.close();
    await srv.close();
  }, 15_000);
});

describe("the portal's answer", () => {
  it('a code outside protocol.md §5 is 000001, keeping the portal’s code and message', async () => {
    const srv = await rawServer((req, res) => {
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ code: 'ZZ9999', message: '网关内部异常 gateway oops' })));
    });
    const c = new AmpClient({ url: srv.url, ...DEMO });
    const r = await c.common('/pushMsg', javaExampleParams());
    expect(r).toMatchObject({ success: false, respCode: '000001' });
    expect(r.respMsg).toContain('ZZ9999');
    expect(r.respMsg).toContain('gateway oops');
    expect(r.trace).toMatchObject({ portalCode: 'ZZ9999', status: 200 });
    const e = await c.pushMsg(javaExampleParams() as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AmpPortalError);
    expect(e).toMatchObject({ code: '000001', portalCode: 'ZZ9999' });
    await c.close();
    await srv.close();
  });

  it('a response over maxResponseBytes ends with 000100 "response too large", declared or chunked', async () => {
    const big = Buffer.alloc(256 * 1024, 0x20);
    const srv = await rawServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.endsWith('/chunked')) {
          res.write('{"code":"000000","pad":"');
          for (let i = 0; i < 8; i++) res.write(big);
          res.end('"}');
        } else {
          res.setHeader('content-length', String(big.length));
          res.end(big);
        }
      });
    });
    const c = new AmpClient({ url: srv.url, ...DEMO, maxResponseBytes: 64 * 1024 });
    for (const api of ['/pushMsg', '/chunked']) {
      const r = await c.common(api, api === '/pushMsg' ? javaExampleParams() : {});
      expect({ api, code: r.respCode }).toEqual({ api, code: '000100' });
      expect(r.respMsg).toMatch(/response too large/);
    }
    await c.close();
    // The default cap is a few MiB.
    const d = new AmpClient({ url: srv.url, ...DEMO });
    expect(d.options.maxResponseBytes).toBe(4 * 1024 * 1024);
    await d.close();
    await srv.close();
  });
});

describe('errors carry what support needs, and say each thing once', () => {
  it('HTTP status, the portal’s code and message, the timestamp and the signData prefix', async () => {
    const seen: Record<string, unknown>[] = [];
    const srv = await rawServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(JSON.parse(body));
        res.statusCode = 200;
        res.end(JSON.stringify({ code: '-6', message: '业务子系统限流' }));
      });
    });
    const c = new AmpClient({ url: srv.url, ...DEMO });
    const r = await c.common('/pushMsg', javaExampleParams());
    expect(r.respCode).toBe('-6');
    const sent = seen[0]!;
    expect(r.trace).toEqual({
      api: '/pushMsg',
      timestamp: sent.timestamp,
      signDataPrefix: String(sent.signData).slice(0, 16),
      attempts: 1,
      status: 200,
      portalCode: '-6',
      portalMessage: '业务子系统限流',
    });
    const e = (await c.pushMsg(javaExampleParams() as never).catch((x: unknown) => x)) as AmpPortalError;
    expect(e.trace?.signDataPrefix).toBe(String(seen[1]!.signData).slice(0, 16));
    await c.close();
    await srv.close();
  });

  it("a 404404 names the portal's words once", async () => {
    const c = new AmpClient({ url: `${portal.url}/api/amp/hos`, ...DEMO });
    const e = (await c.call('/noSuchThing', { a: 1 }).catch((x: unknown) => x)) as AmpPortalError;
    expect(e).toBeInstanceOf(AmpPortalError);
    expect(e.code).toBe('404404');
    expect(e.message.split('no interface').length - 1).toBe(1);
    expect(e.message.startsWith('门户返回 404404 / portal answered 404404: ')).toBe(true);
    await c.close();
  });
});

describe('a client with no base URL', () => {
  it('calls full URLs (as the DLL does) and says what to configure for a bare suffix', async () => {
    const c = new AmpClient({ ...DEMO });
    const ok = await c.common(`${portal.url}/api/amp/hos/pushMsg`, javaExampleParams());
    expect(ok).toMatchObject({ success: true, respCode: '000000' });
    const bare = await c.common('/pushMsg', javaExampleParams());
    expect(bare).toMatchObject({ success: false, respCode: '000105' });
    expect(bare.respMsg).toMatch(/url/);
    await c.close();
  });
});
