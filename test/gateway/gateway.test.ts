/**
 * `onetrans gateway` end to end on loopback: the CLI starts a real gateway (port 0) in front of
 * the portal simulator, a TypeScript client speaks the hop (src/gateway/client.ts), and the
 * answers are compared with the local runtime's (the same src/mobiletrans code in-process).
 */
import { connect, type Socket } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGatewayCommand } from '../../src/cli/gateway.js';
import { GatewayConnection } from '../../src/gateway/client.js';
import { HELLO_BYTES, RECORD_HEADER_BYTES, type Gateway } from '../../src/gateway/index.js';
import { addressAllowed } from '../../src/gateway/allowlist.js';
import { loadMobileTrans, type MobileTransRuntime } from '../../src/mobiletrans/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { answerShape, getTradeFile, pushMsg, queryRefundResult, refund, secondsEarlier } from './amp-requests.js';

const KEY_HEX = randomBytes(16).toString('hex');
const KEY = Buffer.from(KEY_HEX, 'hex');
let portal: PortalHandle;
let dir: string;
let local: MobileTransRuntime;
let gw: Gateway;
let banner: string[] = [];
const stop = new AbortController();
let cliDone: Promise<unknown>;
const open: GatewayConnection[] = [];

async function startCli(args: string[], signal: AbortSignal, out: string[]): Promise<{ gateway: Gateway; done: Promise<unknown> }> {
  let started!: (g: Gateway) => void;
  const ready = new Promise<Gateway>((r) => (started = r));
  const program = new Command().exitOverride();
  registerGatewayCommand(program, { out: (l) => out.push(l), onStarted: started, signal });
  const done = program.parseAsync(['node', 'onetrans', 'gateway', ...args]);
  const gateway = await Promise.race([ready, done.then(() => Promise.reject(new Error('gateway command ended')))]);
  return { gateway, done };
}

const conn = async (key = KEY) => {
  const c = await GatewayConnection.open(gw.address.host, gw.address.port, key);
  open.push(c);
  return c;
};
const json = (o: unknown) => Buffer.from(JSON.stringify(o));
const parse = (b: Buffer) => JSON.parse(b.toString('utf8'));

/** A raw TCP peer: resolves with every byte the gateway sent once it closes (or after ms). */
function rawPeer(send: (s: Socket) => void, ms = 3000): Promise<{ bytes: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const s = connect({ host: gw.address.host, port: gw.address.port });
    const got: Buffer[] = [];
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ bytes: Buffer.concat(got), closed: false });
    }, ms);
    s.on('data', (d) => got.push(d));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ bytes: Buffer.concat(got), closed: true });
    });
    s.on('connect', () => send(s));
  });
}

const logText = () => {
  const logs = join(dir, 'logs');
  return readdirSync(logs)
    .map((f) => readFileSync(join(logs, f), 'utf8'))
    .join('');
};

beforeAll(async () => {
  portal = await startPortal({ host: '127.0.0.1', port: 0, refundDelayMs: 0 });
  dir = mkdtempSync(join(tmpdir(), 'onetrans-gw-'));
  writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify({ readTimeoutMs: 1500, connectTimeoutMs: 1000 }));
  writeFileSync(join(dir, 'gateway.key'), KEY_HEX + '\n');
  writeFileSync(join(dir, 'gateway.json'), JSON.stringify({ keyFile: 'gateway.key', health: '127.0.0.1:0', maxRequestBytes: 64 * 1024 }));
  ({ gateway: gw, done: cliDone } = await startCli(['--config', join(dir, 'gateway.json'), '--listen', '127.0.0.1:0'], stop.signal, banner));
  local = loadMobileTrans({ libDir: dir, env: {} });
});

afterAll(async () => {
  for (const c of open) c.close();
  stop.abort();
  await cliDone;
  await local?.close();
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('onetrans gateway', () => {
  it('prints where it listens (port 0 = a free port) and answers GET /health', async () => {
    expect(banner[0]).toBe(`gateway listening on 127.0.0.1:${gw.address.port}`);
    expect(gw.address.port).toBeGreaterThan(0);
    const r = await fetch(`http://127.0.0.1:${gw.healthAddress!.port}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', connections: expect.any(Number), inFlight: 0 });
    expect((await fetch(`http://127.0.0.1:${gw.healthAddress!.port}/other`)).status).toBe(404);
  });

  it('gives the same answers as the local runtime for all four AMP_HOS interfaces', async () => {
    const c = await conn();
    expect(c.hello).toMatchObject({ capacity: local.capacity, maxWaitMs: local.maxWaitMs, outputEncoding: 'utf8', maxRequestBytes: 64 * 1024 });
    // pushMsg: the whole answer is equal
    const viaGw = await c.call(json(pushMsg(portal)));
    const viaLocal = await local.call(json(pushMsg(portal)));
    expect(viaGw.code).toBe('000000');
    expect(parse(viaGw.output)).toEqual(parse(viaLocal.output));
    // refund, then its query: same codes and shapes (ids are fresh per refund)
    const rg = await c.call(json(refund(portal, 'GW-R1')));
    const rl = await local.call(json(refund(portal, 'LO-R1')));
    expect(rg.code).toBe('000000');
    expect(answerShape(parse(rg.output))).toEqual(answerShape(parse(rl.output)));
    const qg = await c.call(json(queryRefundResult(portal, 'GW-R1')));
    const ql = await local.call(json(secondsEarlier(queryRefundResult(portal, 'LO-R1'), 3)));
    expect(qg.code).toBe('000000');
    expect(answerShape(parse(qg.output))).toEqual(answerShape(parse(ql.output)));
    // the same query of the same refund is the same answer, byte for byte (signed a second apart:
    // the portal refuses a repeated signature)
    const again = queryRefundResult(portal, 'GW-R1');
    expect((await c.call(json(again))).output).toEqual((await local.call(json(secondsEarlier(again)))).output);
    const tg = await c.call(json(getTradeFile(portal)));
    const tl = await local.call(json(secondsEarlier(getTradeFile(portal), 2)));
    expect(tg.code).toBe('000000');
    expect(answerShape(parse(tg.output))).toEqual(answerShape(parse(tl.output)));
    // bad input and a too-small capacity behave as in local mode
    expect(await c.call(Buffer.from('not json'))).toEqual(await local.call(Buffer.from('not json')));
    const q40 = queryRefundResult(portal, 'GW-R1');
    const small = await c.call(json(secondsEarlier(q40, 4)), { capacity: 40 });
    expect(small).toEqual(await local.call(json(secondsEarlier(q40, 5)), 40));
    expect(small.code).toBe('000002');
  });

  it('writes a masked audit line per call naming the workstation, never the appKey or ID number', async () => {
    const c = await conn();
    await c.call(json(pushMsg(portal)));
    const port = c.socket.localPort;
    const text = logText();
    expect(text).toMatch(new RegExp(`event=gateway-call peer=127\\.0\\.0\\.1:${port} code=000000 ms=[\\d.]+ bytes=\\d+`));
    expect(text).toMatch(/iface=pushMsg orgId=H46010000000/);
    expect(text).not.toContain('St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM');
    expect(text).not.toContain('460029196507081627');
    expect(text).not.toContain(KEY_HEX);
  });

  it('drops a client with the wrong key at the hello, and the log says so', async () => {
    await expect(GatewayConnection.open(gw.address.host, gw.address.port, randomBytes(16))).rejects.toThrow(/closed/);
    expect(logText()).toMatch(/event=gateway-drop peer=127\.0\.0\.1:\d+ why=hello does not authenticate/);
  });

  it('drops a garbage-speaking peer without answering and without reading further', async () => {
    const before = portal.messages.length;
    const r = await rawPeer((s) => {
      s.write(randomBytes(HELLO_BYTES));
      // more garbage after the hello: never read, never answered
      s.write(randomBytes(4096));
    });
    expect(r.closed).toBe(true);
    expect(r.bytes.length).toBe(0);
    const http = await rawPeer((s) => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n' + 'x'.repeat(40)));
    expect(http).toEqual({ bytes: Buffer.alloc(0), closed: true });
    expect(portal.messages.length).toBe(before);
    // and everyone else is still served
    expect((await (await conn()).call(json(pushMsg(portal)))).code).toBe('000000');
  });

  it('refuses a replayed record, on the same connection and on another one', async () => {
    const c = await conn();
    const before = portal.messages.length;
    expect((await c.call(json(pushMsg(portal)))).code).toBe('000000');
    expect(portal.messages.length).toBe(before + 1);
    // replayed on the same connection: the record number is not the next one → dropped
    c.writeRaw(c.sent[0]!);
    await expect(c.call(json(pushMsg(portal)))).rejects.toThrow(/closed/);
    // replayed on a fresh connection: other keys, it does not authenticate → dropped
    const d = await conn();
    d.writeRaw(c.sent[0]!);
    await expect(new Promise((_, reject) => d.socket.on('close', () => reject(new Error('closed'))))).rejects.toThrow('closed');
    expect(portal.messages.length).toBe(before + 1);
    expect(logText()).toMatch(/why=record number 1 where 2 was due/);
  });

  it('refuses an oversize record from its length alone, before the body is sent', async () => {
    const c = await conn();
    const head = Buffer.alloc(RECORD_HEADER_BYTES);
    head.writeUInt32LE(64 * 1024 + 100, 0);
    head.writeBigUInt64LE(1n, 4);
    const closed = new Promise<boolean>((r) => c.socket.on('close', () => r(true)));
    c.writeRaw(head); // no body follows: the gateway must not wait for one
    expect(await closed).toBe(true);
    expect(logText()).toMatch(/why=record of 65636 bytes exceeds the limit/);
  });

  it('never starts a request whose deadline has passed', async () => {
    const c = await conn();
    const before = portal.messages.length;
    const r = await c.call(json(pushMsg(portal)), { deadlineMs: 0 });
    expect(r.code).toBe('000002');
    expect(parse(r.output).message).toMatch(/after its deadline; it was not sent/);
    expect(portal.messages.length).toBe(before);
    // the connection stays usable
    expect((await c.call(json(pushMsg(portal)))).code).toBe('000000');
  });

  it('answers at the caller\'s deadline when the portal is slower (outcome unknown)', async () => {
    const c = await conn();
    await fetch(`${portal.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ suffix: '/pushMsg', mode: 'stall', count: 1 }) });
    // The portal never answers: an answer at all shows the deadline ended the call. Whichever
    // sees it first answers: the runtime's HTTP layer (its deadline is the request's) or the
    // gateway's own timer (000002, outcome unknown).
    const r = await c.call(json(pushMsg(portal)), { deadlineMs: 300 });
    expect(['000002', '000100']).toContain(r.code);
    if (r.code === '000002') expect(parse(r.output).message).toMatch(/outcome is unknown/);
  });

  it('keeps serving others while one client sends half a record and stalls', async () => {
    const slow = await conn();
    const head = Buffer.alloc(RECORD_HEADER_BYTES);
    head.writeUInt32LE(1000, 0);
    head.writeBigUInt64LE(1n, 4);
    slow.writeRaw(Buffer.concat([head, randomBytes(10)]));
    const others = await Promise.all([conn(), conn(), conn()]);
    const answers = await Promise.all(others.map((o) => o.call(json(pushMsg(portal)))));
    expect(answers.map((a) => a.code)).toEqual(['000000', '000000', '000000']);
  });

  it('refuses clients outside allowedClients', async () => {
    expect(addressAllowed('10.1.2.3', ['10.1.2.0/24'])).toBe(true);
    expect(addressAllowed('::ffff:10.1.2.3', ['10.1.2.0/24'])).toBe(true);
    expect(addressAllowed('10.1.3.3', ['10.1.2.0/24', '10.1.2.9'])).toBe(false);
    const out: string[] = [];
    const ac = new AbortController();
    const d2 = mkdtempSync(join(tmpdir(), 'onetrans-gw-allow-'));
    writeFileSync(join(d2, 'k'), KEY_HEX);
    writeFileSync(join(d2, 'gateway.json'), JSON.stringify({ keyFile: 'k', allowedClients: ['10.0.0.0/8'], listen: '127.0.0.1:0' }));
    const { gateway, done } = await startCli(['--config', join(d2, 'gateway.json')], ac.signal, out);
    await expect(GatewayConnection.open('127.0.0.1', gateway.address.port, KEY)).rejects.toThrow(/closed/);
    ac.abort();
    await done;
    rmSync(d2, { recursive: true, force: true });
  });

  it('rejects a bad key file or a misspelt gateway.json key with a clear error', async () => {
    const d2 = mkdtempSync(join(tmpdir(), 'onetrans-gw-bad-'));
    writeFileSync(join(d2, 'k'), 'not-a-key-0123');
    writeFileSync(join(d2, 'a.json'), JSON.stringify({ keyFile: 'k' }));
    writeFileSync(join(d2, 'b.json'), JSON.stringify({ keyFile: 'k', allowedClient: [] }));
    const errs: string[] = [];
    for (const f of ['a.json', 'b.json']) {
      const program = new Command().exitOverride().configureOutput({ writeErr: (s) => errs.push(s) });
      registerGatewayCommand(program, { out: () => {} });
      await expect(program.parseAsync(['node', 'onetrans', 'gateway', '--config', join(d2, f)])).rejects.toThrow();
    }
    expect(errs.join('')).toMatch(/gatewayKey must be exactly 32 hex digits/);
    expect(errs.join('')).not.toContain('not-a-key-0123');
    expect(errs.join('')).toMatch(/unknown key "allowedClient"; did you mean "allowedClients"/);
    rmSync(d2, { recursive: true, force: true });
  });

  it('stops gracefully: the call in flight is answered, new connections are refused', async () => {
    const out: string[] = [];
    const ac = new AbortController();
    const d2 = mkdtempSync(join(tmpdir(), 'onetrans-gw-stop-'));
    writeFileSync(join(d2, 'k'), KEY_HEX);
    writeFileSync(join(d2, 'OneTrans.json'), JSON.stringify({ readTimeoutMs: 800 }));
    writeFileSync(join(d2, 'gateway.json'), JSON.stringify({ keyFile: 'k', listen: '127.0.0.1:0' }));
    const { gateway, done } = await startCli(['--config', join(d2, 'gateway.json')], ac.signal, out);
    const c = await GatewayConnection.open('127.0.0.1', gateway.address.port, KEY);
    const idle = await GatewayConnection.open('127.0.0.1', gateway.address.port, KEY);
    const idleClosed = new Promise((r) => idle.socket.on('close', r));
    await fetch(`${portal.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ suffix: '/pushMsg', mode: 'stall', count: 1 }) });
    const inFlight = c.call(json(pushMsg(portal)));
    await new Promise((r) => setTimeout(r, 100));
    expect(gateway.stats().inFlight).toBe(1);
    ac.abort();
    await idleClosed; // idle connections are closed at once
    await expect(GatewayConnection.open('127.0.0.1', gateway.address.port, KEY)).rejects.toThrow();
    const r = await inFlight; // the portal never answers: the runtime's read timeout ends it
    expect(r.code).toBe('000100');
    await done;
    expect(out.at(-1)).toBe('gateway stopped');
    rmSync(d2, { recursive: true, force: true });
  });
});

