/**
 * Gateway mode through the compiled library (build/Release/libOneTrans.so, loaded with koffi
 * as a HIS loads it, and the unchanged C demo): OneTrans.json "gateway" + "gatewayKey" send
 * every call to `onetrans gateway` (here on 127.0.0.1, in this process or as a child process)
 * in front of the portal simulator. No node runtime is ever started by the library.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELLO_BYTES, RECORD_HEADER_BYTES, TAG_BYTES, startGateway, type Gateway } from '../../src/gateway/index.js';
import { DailyLog } from '../../src/mobiletrans/log.js';
import { loadMobileTrans, type MobileTransRuntime } from '../../src/mobiletrans/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { answerShape, getTradeFile, pushMsg, queryRefundResult, refund, secondsEarlier } from '../gateway/amp-requests.js';
import { cstr, loadOneTrans, outText, type OneTransLib } from './koffi-lib.js';
import { childProcesses, DEMO_PATH, ensureNativeBuild, ROOT, stageLibrary } from './helpers.js';

const run = promisify(execFile);
const KEY_HEX = randomBytes(16).toString('hex');
const KEY = Buffer.from(KEY_HEX, 'hex');
let portal: PortalHandle;
let work: string;
let local: MobileTransRuntime;
const gateways: Gateway[] = [];
const staged: string[] = [];
const children: ChildProcess[] = [];

async function gateway(opts: { key?: Buffer } = {}): Promise<Gateway> {
  const runtime = loadMobileTrans({ libDir: work, env: {} });
  const g = await startGateway({
    runtime,
    encoding: 'utf8',
    key: opts.key ?? KEY,
    host: '127.0.0.1',
    port: 0,
    maxRequestBytes: 1 << 20,
    maxConnections: 100,
    idleTimeoutMs: 60_000,
    handshakeTimeoutMs: 2000,
    version: 'test',
    log: new DailyLog(path.join(work, 'logs'), 'info'),
  });
  gateways.push(g);
  return g;
}

/** A library folder whose OneTrans.json points at these gateways. */
function lib(addrs: string[], extra: Record<string, unknown> = {}): { dir: string; lib: OneTransLib } {
  const dir = stageLibrary(null, {
    'OneTrans.json': JSON.stringify({ gateway: addrs, gatewayKey: KEY_HEX, connectTimeoutMs: 1000, readTimeoutMs: 3000, ...extra }),
  });
  staged.push(dir);
  return { dir, lib: loadOneTrans(path.join(dir, 'libOneTrans.so')) };
}

const at = (g: Gateway) => `127.0.0.1:${g.address.port}`;

async function call(l: OneTransLib, req: unknown): Promise<{ code: string; out: Record<string, any> }> {
  const buf = Buffer.alloc(8192);
  const code = await l.mobileTrans(cstr(JSON.stringify(req)), buf);
  return { code, out: JSON.parse(outText(buf)) };
}

/** A port nothing listens on (bound, then closed). */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A TCP server that speaks garbage: answers any connection with random bytes. */
async function garbageServer(): Promise<Server> {
  const s = createServer((sock: Socket) => {
    sock.on('error', () => {});
    sock.write(randomBytes(200));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return s;
}

const refundsOf = (outRefundNo: string) => portal.ledger.listRefunds().filter((r) => (r as unknown as { outRefundNo: string }).outRefundNo === outRefundNo);

beforeAll(async () => {
  await ensureNativeBuild({ realBridge: true });
  portal = await startPortal({ host: '127.0.0.1', port: 0, refundDelayMs: 0 });
  work = mkdtempSync(path.join(tmpdir(), 'onetrans-gwmode-'));
  writeFileSync(path.join(work, 'OneTrans.json'), JSON.stringify({ readTimeoutMs: 3000 }));
  local = loadMobileTrans({ libDir: work, env: {} });
}, 240_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(gateways.map((g) => g.close().catch(() => {})));
  await local?.close();
  await portal?.close();
  for (const d of [...staged, work]) rmSync(d, { recursive: true, force: true });
});

describe('gateway mode through libOneTrans.so', () => {
  it('answers all four AMP_HOS interfaces as local mode does, and never starts node', async () => {
    const g = await gateway();
    const { lib: l } = lib([at(g)]);
    const before = childProcesses().filter((c) => c.cmdline.includes('onetrans-bridge')).length;
    const p = await call(l, pushMsg(portal));
    const pl = await local.call(Buffer.from(JSON.stringify(pushMsg(portal))));
    expect(p.code).toBe('000000');
    expect(p.out).toEqual(JSON.parse(pl.output.toString()));
    const r = await call(l, refund(portal, 'DLL-GW-1'));
    const rl = await local.call(Buffer.from(JSON.stringify(refund(portal, 'DLL-LO-1'))));
    expect(r.code).toBe('000000');
    expect(answerShape(r.out)).toEqual(answerShape(JSON.parse(rl.output.toString())));
    const q = queryRefundResult(portal, 'DLL-GW-1');
    const qg = await call(l, q);
    const ql = await local.call(Buffer.from(JSON.stringify(secondsEarlier(q))));
    expect(qg.code).toBe('000000');
    expect(qg.out).toEqual(JSON.parse(ql.output.toString()));
    const t = await call(l, getTradeFile(portal));
    const tl = await local.call(Buffer.from(JSON.stringify(secondsEarlier(getTradeFile(portal), 2))));
    expect(t.code).toBe('000000');
    expect(answerShape(t.out)).toEqual(answerShape(JSON.parse(tl.output.toString())));
    // bad input: the same code and message as local mode
    const bad = Buffer.alloc(8192);
    expect(await l.mobileTrans(cstr('not json'), bad)).toBe('000105');
    expect(JSON.parse(outText(bad))).toEqual(JSON.parse((await local.call(Buffer.from('not json'))).output.toString()));
    // MobileTransEx with a small buffer: 000002, nothing written past it
    const small = Buffer.alloc(64, 0x7f);
    expect(await l.mobileTransEx(cstr(JSON.stringify(queryRefundResult(portal, 'DLL-GW-1'))), small, 40)).toBe('000002');
    expect(small.subarray(40).every((b) => b === 0x7f)).toBe(true);
    expect(childProcesses().filter((c) => c.cmdline.includes('onetrans-bridge')).length).toBe(before);
  });

  it('runs the unchanged C demo (the spec example) through the gateway', async () => {
    const g = await gateway();
    const { dir } = lib([at(g)]);
    const { stdout } = await run(DEMO_PATH, [portal.url], { env: { ...process.env, ONETRANS_LIBRARY: path.join(dir, 'libOneTrans.so') }, timeout: 30_000 });
    expect(stdout).toMatch(/^return: 000000$/m);
  });

  it('fails over to the next gateway only when the first refuses the connection', async () => {
    const g = await gateway();
    const { lib: l } = lib([`127.0.0.1:${await deadPort()}`, at(g)]);
    expect((await call(l, pushMsg(portal))).code).toBe('000000');
    // all refused: 000002 naming each gateway, and the request was not sent
    const { lib: none } = lib([`127.0.0.1:${await deadPort()}`, `127.0.0.1:${await deadPort()}`]);
    const before = portal.messages.length;
    const r = await call(none, pushMsg(portal));
    expect(r.code).toBe('000002');
    expect(r.out.message).toMatch(/no gateway could be reached; the request was not sent: 127\.0\.0\.1:\d+: connection refused; 127\.0\.0\.1:\d+: connection refused/);
    expect(portal.messages.length).toBe(before);
  });

  it('survives a gateway restart: the dead pooled connection is noticed before writing', async () => {
    const g = await gateway();
    const port = g.address.port;
    const { lib: l } = lib([at(g)]);
    expect((await call(l, pushMsg(portal))).code).toBe('000000');
    await g.close(); // closes the idle pooled connection
    const runtime = loadMobileTrans({ libDir: work, env: {} });
    const g2 = await startGateway({ runtime, encoding: 'utf8', key: KEY, host: '127.0.0.1', port, maxRequestBytes: 1 << 20, maxConnections: 100, idleTimeoutMs: 60_000, handshakeTimeoutMs: 2000, version: 't', log: new DailyLog(path.join(work, 'logs'), 'info') });
    gateways.push(g2);
    const before = portal.messages.length;
    expect((await call(l, pushMsg(portal))).code).toBe('000000');
    expect(portal.messages.length).toBe(before + 1);
  });

  it('a gateway killed mid-call is "outcome unknown" and the refund is never resent to another gateway', async () => {
    // gateway A: its own process, killed while the portal holds the refund; gateway B: fine.
    const bundle = path.join(ROOT, 'build/test', `gateway-child-${process.pid}.cjs`);
    mkdirSync(path.dirname(bundle), { recursive: true });
    await build({ config: false, entry: { [path.basename(bundle, '.cjs')]: path.join(ROOT, 'test/native/fixtures/gateway-child.ts') }, format: ['cjs'], outExtension: () => ({ js: '.cjs' }), target: 'node20', platform: 'node', noExternal: [/.*/], outDir: path.dirname(bundle), silent: true, clean: false });
    writeFileSync(path.join(work, 'gw.key'), KEY_HEX);
    const child = spawn(process.execPath, [bundle, 'gateway', '--listen', '127.0.0.1:0', '--key-file', path.join(work, 'gw.key'), '--config', path.join(work, 'gw.json')], { stdio: ['ignore', 'pipe', 'inherit'] });
    writeFileSync(path.join(work, 'gw.json'), JSON.stringify({ oneTransConfig: 'OneTrans.json' }));
    children.push(child);
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout!.on('data', (d) => {
        text += d;
        const m = /gateway listening on (\S+)/.exec(text);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`gateway exited: ${text}`)));
    });
    const b = await gateway();
    const { lib: l, dir } = lib([line, at(b)]);
    expect((await call(l, pushMsg(portal))).code).toBe('000000'); // A answers while alive
    await fetch(`${portal.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ suffix: '/refund', mode: 'stall', count: 1 }) });
    const pending = call(l, refund(portal, 'KILLED-1'));
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGKILL');
    const r = await pending;
    expect(r.code).toBe('000002');
    expect(r.out.message).toMatch(/outcome is unknown/);
    // as in local mode: the message names what to query with, and the library logs the call
    expect(r.out.message).toContain('call queryRefundResult with the same outRefundNo=KILLED-1');
    const logs = path.join(dir, 'logs');
    const logged = readdirSync(logs).map((f) => readFileSync(path.join(logs, f), 'utf8')).join('');
    expect(logged).toMatch(/ERROR iface=refund orgId=\S+ ms=\d+ code=000002 msg=与前置机的连接在调用中断开，结果未知 .* outRefundNo=KILLED-1 by=library/);
    // the stall fault is used up: a resend to B would have refunded; nothing did
    await new Promise((r2) => setTimeout(r2, 500));
    expect(refundsOf('KILLED-1')).toHaveLength(0);
    // B still serves the next call
    expect((await call(l, pushMsg(portal))).code).toBe('000000');
  });

  it('with the wrong key: 000002 saying the handshake failed, nothing sent', async () => {
    const g = await gateway({ key: randomBytes(16) });
    const { lib: l } = lib([at(g)]);
    const before = portal.messages.length;
    const r = await call(l, pushMsg(portal));
    expect(r.code).toBe('000002');
    expect(r.out.message).toMatch(/gatewayKey/);
    expect(JSON.stringify(r.out)).not.toContain(KEY_HEX);
    expect(portal.messages.length).toBe(before);
  });

  it('refuses a garbage-speaking peer posing as the gateway (and fails over past it)', async () => {
    const junk = await garbageServer();
    const port = (junk.address() as { port: number }).port;
    const { lib: only } = lib([`127.0.0.1:${port}`]);
    const r = await call(only, pushMsg(portal));
    expect(r.code).toBe('000002');
    expect(r.out.message).toMatch(/did not prove it holds gatewayKey/);
    const g = await gateway();
    const { lib: l } = lib([`127.0.0.1:${port}`, at(g)]);
    expect((await call(l, pushMsg(portal))).code).toBe('000000');
    junk.close();
  });

  it('a request record replayed on the wire by a man in the middle: refused by the gateway, the portal sees the call once', async () => {
    const g = await gateway();
    // Forwards everything, but sends the workstation's first request record twice.
    const proxy = createServer((client: Socket) => {
      const up = connect({ host: '127.0.0.1', port: g.address.port });
      client.on('error', () => {});
      up.on('error', () => {});
      up.on('data', (d) => client.write(d));
      up.on('close', () => client.destroy());
      client.on('close', () => up.destroy());
      let buf = Buffer.alloc(0);
      let helloDone = false;
      let replayed = false;
      client.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (!helloDone) {
          if (buf.length < HELLO_BYTES) return;
          up.write(buf.subarray(0, HELLO_BYTES));
          buf = buf.subarray(HELLO_BYTES);
          helloDone = true;
        }
        while (buf.length >= RECORD_HEADER_BYTES) {
          const total = RECORD_HEADER_BYTES + buf.readUInt32LE(0) + TAG_BYTES;
          if (buf.length < total) break;
          const rec = buf.subarray(0, total);
          up.write(rec);
          if (!replayed) {
            replayed = true;
            const copy = Buffer.from(rec);
            setTimeout(() => up.write(copy), 50); // while the genuine call is in flight
          }
          buf = buf.subarray(total);
        }
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const { lib: l } = lib([`127.0.0.1:${(proxy.address() as { port: number }).port}`]);
    const req = pushMsg(portal);
    const medOrgOrd = (req.data as Record<string, unknown>).medOrgOrd as string;
    // The gateway reads nothing more while a call is in flight: the genuine call is answered,
    // then the replayed copy (number 1 again) is refused and the connection dropped.
    expect((await call(l, req)).code).toBe('000000');
    await new Promise((res) => setTimeout(res, 300));
    expect(portal.messages.filter((m) => JSON.stringify(m).includes(medOrgOrd))).toHaveLength(1);
    expect(readFileSync(path.join(work, 'logs', readdirSync(path.join(work, 'logs'))[0]!), 'utf8')).toMatch(/event=gateway-drop peer=127\.0\.0\.1:\d+ why=record number 1 where 2 was due/);
    // the library notices the dropped connection before its next call and opens another
    expect((await call(l, pushMsg(portal))).code).toBe('000000');
    proxy.close();
  });

  it('unusable gateway settings are 000002 naming the setting, never the key', async () => {
    const { lib: l } = lib(['no-port-here']);
    const r = await call(l, pushMsg(portal));
    expect(r.code).toBe('000002');
    expect(r.out.message).toMatch(/"gateway" entry 1 is not "host:port"/);
    const { lib: k } = lib(['127.0.0.1:1'], { gatewayKey: 'abc' });
    const rk = await call(k, pushMsg(portal));
    expect(rk.out.message).toMatch(/"gatewayKey" must be exactly 32 hex digits/);
  });
});
