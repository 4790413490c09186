// The standalone server under clients that hold connections without using them, and under a
// body over the limit. Real sockets on 127.0.0.1; every wait is bounded.
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CONNECTIONS, HospitalConfigError, createHospitalServer, type HospitalServer, type HospitalServerOptions } from '../../src/hospital/index.js';
import { accountRequest, exampleHandlers, postJson, selfPayAccount, type Reply } from './helpers.js';

const servers: HospitalServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: HospitalServerOptions = {}, slowMs = 0) {
  const server = await createHospitalServer({
    ...exampleHandlers(),
    queryAccount: async () => {
      if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
      return selfPayAccount();
    },
  }, { log: false, ...options });
  servers.push(server);
  return server;
}

interface Raw {
  socket: Socket;
  /** Everything received so far. */
  received: () => string;
  /** Resolves true when the server closed the connection, false after `ms` without that. */
  closedWithin: (ms: number) => Promise<boolean>;
  isClosed: () => boolean;
}

/** A raw TCP connection that sends only what the test writes. */
function raw(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let text = '';
    let closed = false;
    const closing = new Promise<void>((r) => socket.on('close', () => {
      closed = true;
      r();
    }));
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    socket.on('error', () => {}); // a reset is one way of being closed
    socket.once('connect', () => resolve({
      socket,
      received: () => text,
      isClosed: () => closed,
      closedWithin: (ms) => Promise.race([closing.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]),
    }));
    socket.once('error', reject);
  });
}

/** Polls `cond` every 20 ms for at most `ms`. */
async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    if (await cond()) return true;
  }
  return cond();
}

const connections = (s: HospitalServer) => new Promise<number>((r, j) => s.server.getConnections((e, n) => (e ? j(e) : r(n))));
const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;

describe('idle connections', () => {
  it('closes connections that send nothing after idleTimeoutMs', async () => {
    const server = await start({ idleTimeoutMs: 200 });
    const idle = await Promise.all([1, 2, 3].map(() => raw(server.port)));
    const closed = await Promise.all(idle.map((c) => c.closedWithin(5_000)));
    expect(closed).toEqual([true, true, true]);
    expect(idle.map((c) => c.received())).toEqual(['', '', '']);
    expect(await until(async () => (await connections(server)) === 0, 2_000)).toBe(true);
  });

  it('closes a connection that sends its headers a line at a time, however steadily', async () => {
    const server = await start({ idleTimeoutMs: 1_000 });
    const slow = await raw(server.port);
    slow.socket.write('POST /queryAccount HTTP/1.1\r\nHost: his\r\n');
    let n = 0;
    // Every 50 ms a new header line: never idle for 1 s, but never done either.
    const drip = setInterval(() => !slow.isClosed() && slow.socket.write(`X-Drip-${n++}: 1\r\n`), 50);
    try {
      expect(await slow.closedWithin(5_000)).toBe(true);
    } finally {
      clearInterval(drip);
    }
    expect(n).toBeGreaterThan(3);
  });

  it('closes a request whose body stops arriving, but never one whose handler is still working', async () => {
    const server = await start({ idleTimeoutMs: 200 }, 600);
    const stalled = await raw(server.port);
    stalled.socket.write('POST /queryAccount HTTP/1.1\r\nHost: his\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"org_code":');
    expect(await stalled.closedWithin(5_000)).toBe(true);
    // The handler takes three idle periods: the answer still comes.
    const reply = await postJson(`${server.url}/queryAccount`, accountRequest());
    expect(reply.json.ret_code).toBe('00');
  });
});

describe('maxConnections', () => {
  it('closes connections over the cap at once; a normal request works again once the idle ones are gone', async () => {
    const server = await start({ maxConnections: 3, idleTimeoutMs: 3_000 });
    const idle = await Promise.all([1, 2, 3].map(() => raw(server.port)));
    expect(await until(async () => (await connections(server)) === 3, 2_000)).toBe(true);
    const over = await raw(server.port);
    expect(await over.closedWithin(1_500)).toBe(true);
    expect(over.received()).toBe('');
    expect(idle.some((c) => c.isClosed())).toBe(false);
    expect((await Promise.all(idle.map((c) => c.closedWithin(5_000))))).toEqual([true, true, true]);
    expect((await postJson(`${server.url}/queryAccount`, accountRequest())).json.ret_code).toBe('00');
  });

  it(`holds at most ${DEFAULT_MAX_CONNECTIONS} connections by default: 300 that send nothing do not all stay open`, async () => {
    const server = await start();
    const many: Raw[] = [];
    for (let i = 0; i < 300; i++) many.push(await raw(server.port));
    expect(await until(() => many.filter((c) => c.isClosed()).length >= 300 - DEFAULT_MAX_CONNECTIONS, 5_000)).toBe(true);
    expect(await connections(server)).toBeLessThanOrEqual(DEFAULT_MAX_CONNECTIONS);
  });
});

describe('a body over maxBodyBytes', () => {
  const LIMIT = 1024 * 1024;
  const BIG = 9 * 1024 * 1024;

  it('a 9 MiB body sent by a plain HTTP client gets ret_code 02 naming the limit, not a reset', async () => {
    const server = await start();
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(`${server.url}/queryAccount`, { method: 'POST', headers: { 'content-type': 'application/json;charset=UTF-8', 'content-length': BIG } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: JSON.parse(text) as Record<string, unknown> });
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < BIG) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ ret_code: '02', ret_msg: expect.stringContaining(String(LIMIT)) });
    expect(reply.headers.connection).toBe('close');
  });

  it('answers as soon as Content-Length says too much, without waiting for (or reading) the body, then closes', async () => {
    const server = await start();
    const c = await raw(server.port);
    c.socket.write(`POST /rechargeSettle HTTP/1.1\r\nHost: his\r\nContent-Type: application/json\r\nContent-Length: ${BIG}\r\n\r\n`);
    // Not a byte of the body is sent.
    expect(await c.closedWithin(5_000)).toBe(true);
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(bodyOf(c.received())).toEqual({ ret_code: '02', ret_msg: expect.stringContaining(String(LIMIT)) });
  });

  it('a chunked body that grows past the limit gets ret_code 02 and the connection closes', async () => {
    const server = await start();
    const c = await raw(server.port);
    c.socket.write('POST /queryAccount HTTP/1.1\r\nHost: his\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    const piece = 'x'.repeat(64 * 1024);
    const chunk = `${piece.length.toString(16)}\r\n${piece}\r\n`;
    let sent = 0;
    // Keeps sending (up to 12 MiB) until the answer or the close comes.
    while (!c.isClosed() && c.received() === '' && sent < 12 * 1024 * 1024) {
      sent += piece.length;
      if (!c.socket.write(chunk)) await new Promise((r) => { c.socket.once('drain', r); setTimeout(r, 200); });
    }
    expect(await until(() => c.received().includes('ret_code'), 5_000)).toBe(true);
    expect(bodyOf(c.received())).toMatchObject({ ret_code: '02' });
    expect(await c.closedWithin(5_000)).toBe(true);
  });
});

describe('options', () => {
  it('a misspelt or bad server option is a clear start-up error', async () => {
    await expect(start({ idleTimeout: 5 } as never)).rejects.toThrow(HospitalConfigError);
    await expect(start({ idleTimeout: 5 } as never)).rejects.toThrow(/idleTimeout.*idleTimeoutMs/);
    await expect(start({ maxConnection: 5 } as never)).rejects.toThrow(/maxConnections/);
    await expect(start({ maxConnections: 0 })).rejects.toThrow(/maxConnections/);
    await expect(start({ idleTimeoutMs: -1 })).rejects.toThrow(/idleTimeoutMs/);
    await expect(start({ idleTimeoutMs: '5' as never })).rejects.toThrow(/idleTimeoutMs/);
  });
});
