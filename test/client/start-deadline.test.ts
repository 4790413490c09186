// Issue 18 §1: the HTTP layer never starts writing a request after its start deadline — not
// when the connection was made late, not when the event loop stalled between dispatch and
// write (src/client/transport.ts, the start guard). Loopback server counting what arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transport } from '../../src/client/transport.js';
import { clockMs } from '../../src/core/deadline.js';
import { AmpConnectionError } from '../../src/core/errors.js';

let server: Server;
let url: string;
let bytes = 0;
let requests = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  server.on('connection', (socket) => socket.on('data', (d: Buffer) => (bytes += d.length)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/amp/hos/refund`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Blocks this thread: what a stopped or swamped runtime looks like to its own event loop. */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* busy */
  }
}

describe('start deadline', () => {
  it('a request whose deadline passes while its connection is being made is never written', async () => {
    const t = new Transport({ connectTimeoutMs: 2000, readTimeoutMs: 2000 });
    const before = { bytes, requests };
    const pending = t.post(url, '{"refund":1}', Date.now() + 4000, clockMs() + 30).catch((e: unknown) => e);
    stall(120); // the connect completes only after the deadline
    const err = await pending;
    await new Promise((r) => setTimeout(r, 200));
    await t.close();
    expect(err).toBeInstanceOf(AmpConnectionError);
    expect((err as AmpConnectionError).requestSent).toBe(false);
    expect((err as AmpConnectionError).code).toBe('000100');
    expect(bytes - before.bytes).toBe(0);
    expect(requests - before.requests).toBe(0);
  });

  it('a pooled connection does not help a late request either; an in-time one goes out', async () => {
    const t = new Transport({ connectTimeoutMs: 2000, readTimeoutMs: 2000 });
    expect((await t.post(url, '{"warm":1}', Date.now() + 4000, clockMs() + 4000)).status).toBe(200);
    const before = { bytes, requests };
    const pending = t.post(url, '{"refund":2}', Date.now() + 4000, clockMs() + 20).catch((e: unknown) => e);
    stall(80);
    const err = await pending;
    await new Promise((r) => setTimeout(r, 200));
    await t.close();
    expect((err as AmpConnectionError).requestSent).toBe(false);
    expect(bytes - before.bytes).toBe(0);
    expect(requests - before.requests).toBe(0);
  });

  it('a deadline already past is refused before anything is dispatched', async () => {
    const t = new Transport({ connectTimeoutMs: 2000, readTimeoutMs: 2000 });
    const before = requests;
    await expect(t.post(url, '{}', Date.now() + 4000, clockMs() - 1)).rejects.toMatchObject({ requestSent: false, code: '000100' });
    await t.close();
    expect(requests).toBe(before);
  });
});
