/**
 * The bridge runtime as a process: spawned like the native shim spawns it and spoken to in
 * frames. Its runtime is the test double test/bridge/fixtures/fake-mobiletrans.ts, so these
 * tests are about the pipe, not about the portal logic.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeRequest, ReplyDecoder, type ReplyFrame } from '../../src/bridge/frames.js';
import { fakeBridgeBundle } from '../native/helpers.js';

let bundle: string;
beforeAll(async () => {
  bundle = await fakeBridgeBundle();
}, 120_000);
afterAll(() => {
  if (bundle) rmSync(bundle, { force: true });
});

interface Bridge {
  child: ChildProcessWithoutNullStreams;
  hello: Promise<Record<string, unknown>>;
  reply(id: number): Promise<ReplyFrame>;
  stderr(): string;
  exited: Promise<number | null>;
}

const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of running.splice(0)) c.kill('SIGKILL');
});

function startBridge(env: Record<string, string> = {}): Bridge {
  const child = spawn(process.execPath, [bundle, '--lib-dir', '/opt/onetrans-test'], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.push(child);
  const decoder = new ReplyDecoder();
  const waiting = new Map<number, (f: ReplyFrame) => void>();
  const arrived = new Map<number, ReplyFrame>();
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  child.stdout.on('data', (chunk: Buffer) => {
    for (const f of decoder.push(chunk)) {
      const w = waiting.get(f.requestId);
      if (w) w(f);
      else arrived.set(f.requestId, f);
    }
  });
  const reply = (id: number) =>
    new Promise<ReplyFrame>((resolve) => {
      const f = arrived.get(id);
      if (f) resolve(f);
      else waiting.set(id, resolve);
    });
  return {
    child,
    hello: reply(0).then((f) => JSON.parse((f as ReplyFrame & { raw: Buffer }).raw.toString())),
    reply,
    stderr: () => err,
    exited: new Promise((r) => child.on('exit', (code) => r(code))),
  };
}

function send(b: Bridge, id: number, body: unknown, capacity = 8192): void {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  b.child.stdin.write(encodeRequest(id, capacity, payload));
}

describe('bridge process', () => {
  it('says hello first with its version, capacity, timeout and pid', async () => {
    const b = startBridge({ ONETRANS_TEST_CAPACITY: '4096', ONETRANS_TEST_MAX_WAIT_MS: '1500' });
    const hello = await b.hello;
    expect(hello).toMatchObject({ capacity: 4096, maxWaitMs: 1500, pid: b.child.pid });
    expect(hello.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('passes --lib-dir to loadMobileTrans', async () => {
    const b = startBridge();
    send(b, 1, Buffer.from('not json'));
    const r = await b.reply(1);
    expect(r.code).toBe('000105');
    expect(JSON.parse(r.output.toString()).libDir).toBe('/opt/onetrans-test');
  });

  it('handles requests concurrently and answers each by its id, in completion order', async () => {
    const b = startBridge();
    await b.hello;
    const order: number[] = [];
    const sleeps = [400, 50, 250, 10];
    const replies = sleeps.map((ms, i) => b.reply(i + 1).then((r) => (order.push(i + 1), r)));
    // All four in one write: the decoder must split them.
    b.child.stdin.write(Buffer.concat(sleeps.map((ms, i) => encodeRequest(i + 1, 8192, Buffer.from(JSON.stringify({ sleepMs: ms, n: i + 1 }))))));
    const got = await Promise.all(replies);
    expect(order).toEqual([4, 2, 3, 1]);
    got.forEach((r, i) => {
      expect(r.code).toBe('000000');
      expect(JSON.parse(r.output.toString()).n).toBe(i + 1);
    });
  });

  it('answers whole and in order when the pipe is full: what does not fit waits in the stream, later answers behind it', async () => {
    const b = startBridge();
    await b.hello;
    // The test stops reading: four 300 KB answers cannot all fit in the pipe (64 KB on Linux).
    b.child.stdout.pause();
    const sizes = [300_000, 300_001, 300_002, 300_003];
    const replies = sizes.map((_, i) => b.reply(i + 1));
    for (const [i, n] of sizes.entries()) send(b, i + 1, { big: n }, 400_000);
    await new Promise((r) => setTimeout(r, 300));
    b.child.stdout.resume();
    const got = await Promise.all(replies);
    got.forEach((r, i) => {
      expect(r.code).toBe('000000');
      expect(r.output.length).toBe(sizes[i]);
      expect(r.output.every((c) => c === 0x61)).toBe(true);
    });
    // and the stream goes on after the backlog
    send(b, 9, { echo: 'after' });
    expect(JSON.parse((await b.reply(9)).output.toString())).toEqual({ echo: 'after' });
  });

  it('keeps console.log and process.stdout.write off the frame stream', async () => {
    const b = startBridge();
    send(b, 1, { stdout: 'stray text that must not reach the shim' });
    send(b, 2, { echo: 'after the noise' });
    expect((await b.reply(1)).code).toBe('000000');
    expect(JSON.parse((await b.reply(2)).output.toString())).toEqual({ echo: 'after the noise' });
    await new Promise((r) => setTimeout(r, 50));
    expect(b.stderr()).toContain('stray text that must not reach the shim');
  });

  it('never answers more than capacity-1 bytes: an answer that does not fit becomes 000002', async () => {
    const b = startBridge();
    send(b, 1, { big: 299 }, 300);
    send(b, 2, { big: 300 }, 300);
    send(b, 3, { big: 5000 }, 40);
    const fits = await b.reply(1);
    expect(fits.code).toBe('000000');
    expect(fits.output.length).toBe(299);
    const over = await b.reply(2);
    expect(over.code).toBe('000002');
    expect(over.output.length).toBeLessThanOrEqual(299);
    expect(JSON.parse(over.output.toString()).message).toMatch(/出参缓冲区不足 \/ the answer does not fit/);
    const tiny = await b.reply(3);
    expect(tiny.code).toBe('000002');
    expect(tiny.output.length).toBe(0); // the error JSON itself does not fit in 39 bytes
  });

  it('exits when its stdin closes, even with a call in flight', async () => {
    const b = startBridge();
    await b.hello;
    send(b, 1, { sleepMs: 60_000 });
    b.child.stdin.end();
    expect(await b.exited).toBe(0);
  });

  it('exits on a corrupt stream (absurd frame length) instead of guessing', async () => {
    const b = startBridge();
    await b.hello;
    const head = Buffer.alloc(20);
    head.writeUInt32LE(0xfffffff0, 0);
    b.child.stdin.write(head);
    expect(await b.exited).toBe(3);
    expect(b.stderr()).toMatch(/exceeds the limit/);
  });

  it('still says hello when the runtime cannot load, and answers every call with the reason', async () => {
    const b = startBridge({ ONETRANS_TEST_LOAD_FAIL: 'OneTrans.json: capacity must be a positive integer' });
    expect(await b.hello).toMatchObject({ capacity: 8192 });
    send(b, 1, { echo: 1 });
    const r = await b.reply(1);
    expect(r.code).toBe('000002');
    expect(JSON.parse(r.output.toString()).message).toContain('OneTrans.json: capacity must be a positive integer');
  });

  it('follows "outputEncoding": "gbk": announces it in the hello and writes its own errors in GBK', async () => {
    const b = startBridge({ ONETRANS_TEST_OUTPUT_ENCODING: 'gbk' });
    expect(await b.hello).toMatchObject({ outputEncoding: 'gbk' });
    send(b, 1, { big: 400 }, 300);
    const r = await b.reply(1);
    expect(r.code).toBe('000002');
    expect(r.output.includes(Buffer.from('出参缓冲区不足', 'utf8'))).toBe(false);
    expect(JSON.parse(iconv.decode(r.output, 'gbk')).message).toMatch(/^出参缓冲区不足 \/ the answer does not fit/);
  });
});
