/**
 * The compiled library (build/Release/libOneTrans.so, loaded through koffi) driving a bridge
 * whose runtime is the test double test/bridge/fixtures/fake-mobiletrans.ts: the shim's own
 * behaviour — starting, restarting, waiting, concurrency, buffer limits — without the portal.
 * Each test stages its own copy of the library, so each has its own runtime.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cstr, loadOneTrans, outText } from './koffi-lib.js';
import { childProcesses, LIB_PATH, ROOT, runtimesOf, STRESS_PATH, waitFor } from './helpers.js';
import { useStagedLibraries } from '../helpers/fake-bridge.js';

const stageDir = useStagedLibraries();
const savedEnv = { ...process.env };

function stage(opts: { bridge?: boolean; files?: Record<string, string> } = {}) {
  const dir = stageDir(opts.bridge !== false, opts.files);
  return { dir, lib: loadOneTrans(path.join(dir, path.basename(LIB_PATH))) };
}

function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return fn().finally(() => {
    for (const k of Object.keys(env)) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
  });
}

describe('libOneTrans shim', () => {
  it('exports its version, matching package.json', () => {
    const { lib } = stage();
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(lib.version()).toBe(pkg.version);
  });

  it('starts its runtime lazily on the first call and answers through it', async () => {
    const { dir, lib } = stage();
    expect(runtimesOf(dir)).toHaveLength(0); // loading the library starts nothing
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(cstr('{"echo":"第一次"}'), out)).toBe('000000');
    expect(JSON.parse(outText(out))).toEqual({ echo: '第一次' });
    expect(runtimesOf(dir)).toHaveLength(1);
    expect(await lib.mobileTrans(cstr('{"echo":2}'), out)).toBe('000000');
    expect(runtimesOf(dir)).toHaveLength(1); // reused, not one per call
  });

  it('returns 000105 for NULL pointers, with a JSON error when there is somewhere to write it', async () => {
    const { lib } = stage();
    const out = Buffer.alloc(8192, 0xee);
    expect(await lib.mobileTrans(null, out)).toBe('000105');
    const err = JSON.parse(outText(out));
    expect(err.code).toBe(105);
    expect(err.message).toContain('pInData is NULL');
    expect(await lib.mobileTrans(cstr('{"echo":1}'), null)).toBe('000105');
    expect(await lib.mobileTrans(null, null)).toBe('000105');
    expect(await lib.mobileTransEx(cstr('{"echo":1}'), null, 100)).toBe('000105');
    const guard = Buffer.alloc(16, 0xee);
    expect(await lib.mobileTransEx(cstr('{"echo":1}'), guard, 0)).toBe('000105');
    expect(await lib.mobileTransEx(cstr('{"echo":1}'), guard, -5)).toBe('000105');
    expect(guard.every((b) => b === 0xee)).toBe(true);
  });

  it('MobileTransEx never writes past outSize, whatever the answer', async () => {
    const { lib } = stage();
    for (const [size, big] of [
      [64, 10],
      [64, 63],
      [64, 64],
      [64, 5000],
      [1, 0],
      [1, 1],
      [300, 299],
      [300, 300],
    ] as const) {
      const buf = Buffer.alloc(size + 64, 0xee);
      const code = await lib.mobileTransEx(cstr(JSON.stringify({ big })), buf, size);
      expect(buf.subarray(size).every((b) => b === 0xee), `guard bytes after ${size} (answer ${big})`).toBe(true);
      const text = outText(buf.subarray(0, size));
      expect(buf.indexOf(0)).toBeLessThan(size); // always NUL-terminated inside the buffer
      if (big <= size - 1) {
        expect(code).toBe('000000');
        expect(text).toBe('a'.repeat(big));
      } else {
        expect(code).toBe('000002'); // never a silent truncation
        expect(text.startsWith('a')).toBe(false);
      }
    }
  });

  it('MobileTrans uses the capacity the runtime announces', async () => {
    const { lib } = stage();
    await withEnv({ ONETRANS_TEST_CAPACITY: '128' }, async () => {
      const buf = Buffer.alloc(128 + 64, 0xee);
      expect(await lib.mobileTrans(cstr('{"big":127}'), buf)).toBe('000000');
      expect(buf.indexOf(0)).toBe(127);
      expect(await lib.mobileTrans(cstr('{"big":128}'), buf)).toBe('000002');
      expect(buf.subarray(128).every((b) => b === 0xee)).toBe(true);
    });
  });

  it('runs concurrent calls in parallel and gives each caller its own answer', async () => {
    const { lib } = stage();
    await lib.mobileTrans(cstr('{"echo":0}'), Buffer.alloc(8192)); // started
    const calls = Array.from({ length: 8 }, async (_, worker) => {
      for (let i = 0; i < 200; i++) {
        const out = Buffer.alloc(256);
        const payload = { echo: `${worker}-${i}`, pad: 'x'.repeat((worker * 37 + i) % 100) };
        const code = await lib.mobileTransEx(cstr(JSON.stringify(payload)), out, out.length);
        expect(code).toBe('000000');
        expect(JSON.parse(outText(out))).toEqual(payload);
      }
    });
    await Promise.all(calls);
    // Calls overlap instead of queueing: each of these answers only once all 4 are in flight.
    const together = Array.from({ length: 4 }, (_, i) =>
      lib.mobileTransEx(cstr(JSON.stringify({ barrier: 4, key: 'k', n: i })), Buffer.alloc(128), 128),
    );
    expect(await Promise.all(together)).toEqual(['000000', '000000', '000000', '000000']);
  }, 60_000);

  it('starts a fresh runtime when the old one was killed between calls, and reaps it', async () => {
    const { dir, lib } = stage();
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000000');
    const [first] = runtimesOf(dir);
    process.kill(first!.pid, 'SIGKILL');
    await waitFor('the killed runtime to be reaped', () => !childProcesses().some((c) => c.pid === first!.pid));
    expect(await lib.mobileTrans(cstr('{"echo":"again"}'), out)).toBe('000000');
    expect(JSON.parse(outText(out))).toEqual({ echo: 'again' });
    const now = runtimesOf(dir);
    expect(now).toHaveLength(1);
    expect(now[0]!.pid).not.toBe(first!.pid);
  });

  it('answers 000002 when the runtime dies during a call, never resends it, then recovers', async () => {
    const { dir, lib } = stage();
    const out = Buffer.alloc(8192);
    await lib.mobileTrans(cstr('{"echo":1}'), out);
    const [rt] = runtimesOf(dir);
    const pending = lib.mobileTrans(cstr('{"sleepMs":5000}'), out);
    await new Promise((r) => setTimeout(r, 300));
    process.kill(rt!.pid, 'SIGKILL');
    expect(await pending).toBe('000002');
    expect(JSON.parse(outText(out)).message).toMatch(/结果未知 \/ the OneTrans runtime exited during the call; the outcome is unknown/);
    // the runtime itself exiting mid-call (as a crash would)
    expect(await lib.mobileTrans(cstr('{"exit":7}'), out)).toBe('000002');
    await waitFor('no zombie runtimes', () => childProcesses().every((c) => c.state !== 'Z'));
    expect(await lib.mobileTrans(cstr('{"echo":"recovered"}'), out)).toBe('000000');
    expect(JSON.parse(outText(out))).toEqual({ echo: 'recovered' });
  });

  it('gives up after the announced maxWaitMs with 000002, and the runtime keeps serving', async () => {
    const { lib } = stage();
    await withEnv({ ONETRANS_TEST_MAX_WAIT_MS: '700' }, async () => {
      const out = Buffer.alloc(8192);
      const code = await lib.mobileTrans(cstr('{"sleepMs":20000}'), out);
      expect(code).toBe('000002');
      expect(JSON.parse(outText(out)).message).toContain('no answer within 700 ms');
      expect(await lib.mobileTrans(cstr('{"echo":"next"}'), out)).toBe('000000');
      expect(JSON.parse(outText(out))).toEqual({ echo: 'next' });
    });
  });

  it('passes 1 MiB of input through intact', async () => {
    const { lib } = stage();
    const big = { echo: 'y'.repeat(1024 * 1024) };
    const out = Buffer.alloc(1024 * 1024 + 64);
    expect(await lib.mobileTransEx(cstr(JSON.stringify(big)), out, out.length)).toBe('000000');
    expect(outText(out).length).toBe(JSON.stringify(big).length);
  });

  it('reports a missing runtime bundle as 000002 with the folder it looked in', async () => {
    const { dir, lib } = stage({ bridge: false });
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000002');
    const msg = JSON.parse(outText(out)).message;
    expect(msg).toContain('onetrans-bridge.cjs not found beside the library');
    expect(msg).toContain(dir);
  });

  it('reports a missing runtime body (onetrans-bridge-body.cjs, which the entry compiles) the same way, without starting node', async () => {
    const { dir, lib } = stage();
    rmSync(path.join(dir, 'onetrans-bridge-body.cjs'));
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000002');
    const msg = JSON.parse(outText(out)).message;
    expect(msg).toContain('onetrans-bridge-body.cjs not found beside the library');
    expect(msg).toContain(dir);
    expect(runtimesOf(dir)).toEqual([]);
  });

  it('finds node through ONETRANS_NODE first, and says so when that node does not exist', async () => {
    const { lib } = stage();
    const out = Buffer.alloc(8192);
    await withEnv({ ONETRANS_NODE: '/nonexistent/node' }, async () => {
      expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000002');
      expect(JSON.parse(outText(out)).message).toMatch(/cannot start \/nonexistent\/node.*no such file/);
    });
    // the next call, with the variable gone, starts a runtime normally
    expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000000');
  });

  it('uses "nodePath" from OneTrans.json beside the library', async () => {
    const { lib } = stage({ files: { 'OneTrans.json': JSON.stringify({ capacity: 8192, nodePath: '/nonexistent/from-config/node' }) } });
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000002');
    expect(JSON.parse(outText(out)).message).toContain('/nonexistent/from-config/node');
    // ONETRANS_NODE wins over the config file
    await withEnv({ ONETRANS_NODE: process.execPath }, async () => {
      expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000000');
    });
  });

  it('reads a relative "nodePath" in a file named by ONETRANS_CONFIG from that file\'s folder', async () => {
    const { dir, lib } = stage();
    mkdirSync(path.join(dir, 'conf'));
    writeFileSync(path.join(dir, 'conf', 'site.json'), JSON.stringify({ nodePath: 'runtime/node' }));
    const out = Buffer.alloc(8192);
    await withEnv({ ONETRANS_CONFIG: 'conf/site.json' }, async () => {
      expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000002');
    });
    expect(JSON.parse(outText(out)).message).toContain(path.join(dir, 'conf', 'runtime', 'node'));
  });

  it('starts node with its memory flags before the bridge script', async () => {
    const { dir, lib } = stage();
    expect(await lib.mobileTrans(cstr('{"echo":1}'), Buffer.alloc(8192))).toBe('000000');
    const [rt] = runtimesOf(dir);
    const argv = readFileSync(`/proc/${rt!.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(argv.slice(1)).toEqual(['--max-semi-space-size=1', '--liftoff-only', '--max-opt=2', path.join(dir, 'onetrans-bridge.cjs'), '--lib-dir', dir]);
  });

  for (const [given, used] of [
    ['--max-old-space-size=512  --no-opt', ['--max-old-space-size=512', '--no-opt']],
    ['', []],
    // Not a list of options: the built-in flags stay (and the runtime's log reports the key).
    ['--no-opt -e process.exit(9)', ['--max-semi-space-size=1', '--liftoff-only', '--max-opt=2']],
    [42, ['--max-semi-space-size=1', '--liftoff-only', '--max-opt=2']],
  ] as const) {
    it(`"nodeFlags": ${JSON.stringify(given)} in OneTrans.json starts node with ${JSON.stringify(used)}`, async () => {
      const { dir, lib } = stage({ files: { 'OneTrans.json': JSON.stringify({ capacity: 8192, nodeFlags: given }) } });
      expect(await lib.mobileTrans(cstr('{"echo":1}'), Buffer.alloc(8192))).toBe('000000');
      const [rt] = runtimesOf(dir);
      const argv = readFileSync(`/proc/${rt!.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(argv.slice(1)).toEqual([...used, path.join(dir, 'onetrans-bridge.cjs'), '--lib-dir', dir]);
    });
  }

  it('works from any working directory (finds itself with dladdr)', async () => {
    const { lib } = stage();
    const cwd = process.cwd();
    process.chdir('/');
    try {
      const out = Buffer.alloc(8192);
      expect(await lib.mobileTrans(cstr('{"echo":"cwd"}'), out)).toBe('000000');
    } finally {
      process.chdir(cwd);
    }
  });

  it('lets the runtime inherit nothing but stdin, stdout and stderr', async () => {
    const { dir, lib } = stage();
    await lib.mobileTrans(cstr('{"echo":1}'), Buffer.alloc(8192));
    const [rt] = runtimesOf(dir);
    const targets = (pid: number, skipStdio: boolean) =>
      readdirSync(`/proc/${pid}/fd`)
        .filter((fd) => !skipStdio || Number(fd) > 2)
        .map((fd) => {
          try {
            return readlinkSync(`/proc/${pid}/fd/${fd}`);
          } catch {
            return '';
          }
        })
        .filter((t) => t && !t.startsWith('anon_inode:') && t !== '/dev/null');
    // Anything the runtime holds beyond 0..2 that this process also holds was inherited.
    const mine = new Set(targets(process.pid, false));
    const shared = targets(rt!.pid, true).filter((t) => mine.has(t));
    expect(shared).toEqual([]);
  });

  it('prefers a node beside the library over "nodePath" in OneTrans.json', async () => {
    const { dir, lib } = stage({ files: { 'OneTrans.json': JSON.stringify({ nodePath: '/nonexistent/node' }) } });
    // a wrapper named node that records its use and runs the real node
    const wrapper = path.join(dir, 'node');
    const fs = await import('node:fs');
    fs.writeFileSync(wrapper, `#!/bin/sh\necho used > "${dir}/node-was-used"\nexec "${process.execPath}" "$@"\n`, { mode: 0o755 });
    expect(await lib.mobileTrans(cstr('{"echo":1}'), Buffer.alloc(8192))).toBe('000000');
    expect(existsSync(path.join(dir, 'node-was-used'))).toBe(true);
  });

  for (const how of ['exits normally', 'is killed with SIGKILL'] as const) {
    it(`takes its runtime down when the host ${how}`, async () => {
      const { dir } = stage();
      const host = spawn(process.execPath, [path.join(ROOT, 'test/native/fixtures/host.cjs'), path.join(dir, path.basename(LIB_PATH)), how === 'exits normally' ? 'exit' : 'stay'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let line = '';
      const report = await new Promise<{ code: string; runtimes: number[] }>((resolve, reject) => {
        host.stdout.on('data', (d) => {
          line += d;
          if (line.includes('\n')) resolve(JSON.parse(line));
        });
        host.on('error', reject);
      });
      expect(report.code).toBe('000000');
      expect(report.runtimes).toHaveLength(1);
      const rt = report.runtimes[0]!;
      if (how === 'is killed with SIGKILL') host.kill('SIGKILL');
      const alive = () => {
        try {
          const stat = readFileSync(`/proc/${rt}/stat`, 'utf8');
          return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
        } catch {
          return false;
        }
      };
      await waitFor(`runtime ${rt} to exit after its host`, () => !alive(), 10_000);
    });
  }

  it('accepts the same buffer for input and output (the request is sent before the answer lands)', async () => {
    const { lib } = stage();
    const buf = Buffer.alloc(8192);
    Buffer.from('{"echo":"same buffer"}\0').copy(buf);
    expect(await lib.mobileTrans(buf, buf)).toBe('000000');
    expect(JSON.parse(outText(buf))).toEqual({ echo: 'same buffer' });
  });

  it('reports a runtime that dies before saying hello as 000002 instead of restarting it forever', async () => {
    const { dir, lib } = stage({ bridge: false, files: { 'onetrans-bridge.cjs': 'process.stderr.write("broken bundle\\n"); process.exit(5);\n' } });
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000002');
    const msg = JSON.parse(outText(out)).message;
    expect(msg).toMatch(/could not start.*the runtime exited before it was ready/);
    expect(msg).toContain('node'); // names the node it ran, the first suspect
    await waitFor('the dead runtime to be reaped (no zombie)', () => runtimesOf(dir).length === 0);
  });

  it('serves 8 native threads × 500 calls, each getting exactly its own answer', async () => {
    const { dir } = stage();
    const { stdout } = await promisify(execFile)(STRESS_PATH, [path.join(dir, path.basename(LIB_PATH)), '8', '500'], { timeout: 120_000 });
    expect(stdout).toMatch(/calls=4000 ok=4000 mismatched=0 failed=0/);
  }, 130_000);

  it('serves 32 native threads calling at once, each getting exactly its own answer', async () => {
    const { dir } = stage();
    const { stdout } = await promisify(execFile)(STRESS_PATH, [path.join(dir, path.basename(LIB_PATH)), '32', '200'], { timeout: 120_000 });
    expect(stdout).toMatch(/calls=6400 ok=6400 mismatched=0 failed=0/);
  }, 130_000);

  describe('with "outputEncoding": "gbk" (ANSI callers)', () => {
    const gbkJson = (out: Buffer) => {
      const end = out.indexOf(0);
      const raw = out.subarray(0, end);
      expect(raw.includes(Buffer.from('运行时', 'utf8'))).toBe(false); // no UTF-8 Chinese in a GBK answer
      return JSON.parse(iconv.decode(raw, 'gbk'));
    };

    it('writes its own errors in GBK even when the runtime cannot start (read from OneTrans.json)', async () => {
      const { lib } = stage({ bridge: false, files: { 'OneTrans.json': '{ "outputEncoding" : "gbk" }' } });
      const out = Buffer.alloc(8192);
      expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000002');
      expect(gbkJson(out).message).toMatch(/^运行时无法启动 \/ the OneTrans runtime could not start/);
      expect(await lib.mobileTrans(null, out)).toBe('000105');
      expect(gbkJson(out).message).toBe('入参为空 / pInData is NULL');
    });

    it('takes the encoding from the runtime hello once it runs', async () => {
      const { lib } = stage();
      await withEnv({ ONETRANS_TEST_OUTPUT_ENCODING: 'gbk', ONETRANS_TEST_MAX_WAIT_MS: '500' }, async () => {
        const out = Buffer.alloc(8192);
        expect(await lib.mobileTrans(cstr('{"sleepMs":5000}'), out)).toBe('000002');
        expect(gbkJson(out).message).toMatch(/^运行时应答超时，结果未知 \/ the OneTrans runtime did not answer in time/);
      });
    });

    it('stays UTF-8 by default', async () => {
      const { lib } = stage({ bridge: false });
      const out = Buffer.alloc(8192);
      expect(await lib.mobileTrans(cstr('{"echo":1}'), out)).toBe('000002');
      expect(JSON.parse(outText(out)).message).toMatch(/^运行时无法启动 \//);
    });
  });
});
