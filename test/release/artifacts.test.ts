/**
 * The release as it is handed out: every artifact `npm run release` wrote into release/ is
 * checked against SHA256SUMS and manifest.json, unpacked into a fresh folder and made to do its
 * job against the portal simulator on 127.0.0.1 —
 *   - the Linux tarballs: the spec's C example (dlopen) compiled from the package's examples/ and
 *     run with no node on PATH (arm64: under qemu-user, where it is installed);
 *   - the Windows zips: the spec's LoadLibrary client, built by MinGW, run under wine (x64 and
 *     the 32-bit package under wine32);
 *   - the npm tarball: `npm install ./onetrans-<version>.tgz` in a fresh `npm init -y` project,
 *     its command and a CommonJS program calling the simulator.
 * CI builds release/ once (.ci/run: `npm run release` before `npm test`); this file never builds
 * it (test/linux and test/windows build their own packages and prove them in depth). Locally,
 * without release/, the file is skipped with a note; on CI that fails.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { NODE_RUNTIMES } from '../../scripts/node-runtime.mjs';
import { artifactNames } from '../../scripts/release.mjs';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { CONSUMER_CJS } from '../package/consumers.js';
import { ensureWinePrefix, missingTools as missingWineTools, run, wineBinary, wineEnv } from '../windows/wine-env.js';
import { unzip } from '../helpers/unzip.js';
import { deadLinks, docsNamedByLibraryMessages } from '../helpers/doc-links.js';

const ROOT = join(import.meta.dirname, '../..');
const RELEASE = join(ROOT, 'release');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const onCi = Boolean(process.env.CI);
const built = existsSync(join(RELEASE, 'manifest.json')) && existsSync(join(RELEASE, 'SHA256SUMS'));
if (!built && !onCi) console.warn('test/release: skipped, release/ has no build (npm run release)');

const onPath = (t: string) => spawnSync('sh', ['-c', `command -v "$1"`, 'sh', t], { stdio: 'ignore' }).status === 0;
const missingLinux = ['cc', 'tar'].filter((t) => !onPath(t));
const ARM_SYSROOT = '/usr/aarch64-linux-gnu';
const missingArm = ['aarch64-linux-gnu-gcc', 'qemu-aarch64'].filter((t) => !onPath(t));
const missingWine = missingWineTools();
/** Windows paths for the wine keep-alive preload (see test/windows). */
const KEEPALIVE_SHIM = `Z:${join(ROOT, 'test/windows/wine-no-keepalive.cjs')}`;

interface Manifest {
  name: string;
  version: string;
  commit: string;
  dirty: boolean;
  sourceDateEpoch: number;
  node: Record<string, { package: string; version: string; integrity: string }>;
  artifacts: { file: string; bytes: number; sha256: string }[];
}

let work: string;
let portal: PortalHandle;

/** Only what a HIS service account has: no node, no ONETRANS_* settings. */
const hisEnv = (): NodeJS.ProcessEnv => ({ PATH: join(work, 'empty-bin'), HOME: work, LANG: 'C.UTF-8' });


/** Each zip entry's name and its UNIX mtime (the extended-timestamp extra field, 0x5455). */
function zipTimes(zipPath: string): Promise<{ name: string; mtime: number | undefined }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: { name: string; mtime: number | undefined }[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        const ts = entry.extraFields.find((f) => f.id === 0x5455);
        out.push({ name: entry.fileName, mtime: ts && ts.data.length >= 5 && (ts.data[0]! & 1) ? ts.data.readUInt32LE(1) : undefined });
        zip.readEntry();
      });
      zip.readEntry();
    });
  });
}

async function untar(tarball: string, dest: string): Promise<void> {
  mkdirSync(dest, { recursive: true });
  const r = await run('tar', ['-xzf', tarball, '-C', dest], { timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
}

describe.runIf(onCi && !built)('release/ on CI', () => {
  it('was built before the tests (.ci/run runs npm run release)', () => {
    expect(built, 'release/manifest.json and release/SHA256SUMS').toBe(true);
  });
});

describe.runIf(built)('release artifacts (npm run release)', { timeout: 180_000 }, () => {
  let manifest: Manifest;

  beforeAll(async () => {
    manifest = JSON.parse(readFileSync(join(RELEASE, 'manifest.json'), 'utf8')) as Manifest;
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    if (head && manifest.commit !== head) console.warn(`test/release: release/ was built from ${manifest.commit.slice(0, 12)}, HEAD is ${head.slice(0, 12)} (npm run release)`);
    work = mkdtempSync(join(tmpdir(), 'onetrans-release-'));
    mkdirSync(join(work, 'empty-bin'));
    portal = await startPortal({ host: '127.0.0.1', port: 0, refundDelayMs: 0 });
  }, 60_000);

  afterAll(async () => {
    await portal?.close();
    if (wineBinary()) await run('wineserver', ['-w'], { env: wineEnv(), timeoutMs: 20_000 }).catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  }, 30_000);

  it('SHA256SUMS and manifest.json list exactly the five artifacts, with their real sizes and sums', () => {
    const names = artifactNames(VERSION);
    const sums = readFileSync(join(RELEASE, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums.map((l) => l.split('  ')[1])).toEqual(names);
    for (const line of sums) {
      const [sum, file] = line.split('  ') as [string, string];
      const bytes = readFileSync(join(RELEASE, file));
      expect(createHash('sha256').update(bytes).digest('hex'), file).toBe(sum);
      expect(manifest.artifacts.find((a) => a.file === file), file).toEqual({ file, bytes: bytes.length, sha256: sum });
    }
    expect(manifest.artifacts.map((a) => a.file)).toEqual(names);
    expect(manifest).toMatchObject({ name: 'onetrans', version: VERSION });
    expect(manifest.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Number.isInteger(manifest.sourceDateEpoch)).toBe(true);
    for (const [key, r] of Object.entries(NODE_RUNTIMES)) {
      expect(manifest.node[key], key).toEqual({ package: r.name, version: r.version, integrity: r.integrity });
    }
  });

  it('archives carry no build-time traces: entries sorted, every time the commit time, owner root, no PE link timestamp', async () => {
    const epoch = manifest.sourceDateEpoch;
    const stamp = new Date(epoch * 1000).toISOString().replace('T', ' ').slice(0, 19);
    for (const arch of ['x64', 'arm64']) {
      const r = await run('tar', ['--list', '--verbose', '--full-time', '--numeric-owner', '-zf', join(RELEASE, `onetrans-linux-${arch}.tar.gz`)], {
        env: { ...process.env, TZ: 'UTC' },
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.toString('utf8').trim().split('\n');
      const names = lines.map((l) => l.split(/\s+/).slice(5).join(' '));
      expect(names, arch).toEqual([...names].sort());
      for (const l of lines) {
        const [mode, owner, , date, time] = l.split(/\s+/);
        expect(`${owner} ${date} ${time}`, l).toBe(`0/0 ${stamp}`);
        expect(mode, l).not.toMatch(/^.{5}w|^.{8}w/); // no group- or world-writable entry
      }
    }
    for (const arch of ['x64', 'x86']) {
      const zip = join(RELEASE, `onetrans-windows-${arch}.zip`);
      const entries = await zipTimes(zip);
      expect(entries.map((e) => e.name)).toEqual(entries.map((e) => e.name).sort());
      for (const e of entries) expect(e.mtime, `${arch} ${e.name}`).toBe(epoch);
      const dest = join(work, `times-${arch}`);
      await unzip(zip, dest);
      const dll = readFileSync(join(dest, `onetrans-windows-${arch}`, 'OneTrans.dll'));
      const pe = dll.readUInt32LE(0x3c);
      expect(dll.toString('latin1', pe, pe + 4)).toBe('PE\0\0');
      expect(dll.readUInt32LE(pe + 8), `${arch} OneTrans.dll TimeDateStamp`).toBe(0);
    }
  });

  it.skipIf(missingLinux.length > 0)('onetrans-linux-x64.tar.gz: the C example, built from the package, gets SUCCESS with no node on PATH', async () => {
    const his = join(work, '医保 接口 x64');
    await untar(join(RELEASE, 'onetrans-linux-x64.tar.gz'), his);
    const pkg = join(his, 'onetrans-linux-x64');
    expect(deadLinks(pkg)).toEqual([]);
    for (const doc of docsNamedByLibraryMessages(ROOT)) expect(existsSync(join(pkg, doc)), doc).toBe(true);
    const demo = join(pkg, 'mobiletrans-demo');
    const cc = await run('cc', ['-O2', '-o', demo, join(pkg, 'examples', 'mobiletrans-demo.c'), '-ldl'], { timeoutMs: 120_000 });
    expect(cc.code, cc.stderr).toBe(0);
    const before = portal.messages.length;
    const r = await run(demo, [portal.url], { cwd: work, env: hisEnv(), timeoutMs: 90_000 });
    const out = r.stdout.toString('utf8');
    expect(r.code, `${out}\n${r.stderr}`).toBe(0);
    expect(out).toContain('return: 000000');
    expect(out).toContain('"response":"SUCCESS"');
    expect(portal.messages.length - before).toBe(1);
    // The library was built without the build machine's paths in it.
    expect(readFileSync(join(pkg, 'libOneTrans.so')).includes(Buffer.from('/bin/node'))).toBe(false);
  });

  it.skipIf(missingLinux.length > 0)('onetrans-linux-arm64.tar.gz: AArch64 library and node; the C example gets SUCCESS under qemu-user where installed', async () => {
    const his = join(work, '医保 接口 arm64');
    await untar(join(RELEASE, 'onetrans-linux-arm64.tar.gz'), his);
    const pkg = join(his, 'onetrans-linux-arm64');
    for (const f of ['libOneTrans.so', 'node']) expect(readFileSync(join(pkg, f)).readUInt16LE(18), f).toBe(183); // EM_AARCH64
    if (missingArm.length > 0 || !existsSync(join(ARM_SYSROOT, 'lib'))) {
      if (onCi) expect(missingArm, 'bash .ci/setup.d/40-linux-arm64.sh').toEqual([]);
      console.warn(`test/release: arm64 run skipped, missing ${missingArm.join(', ') || ARM_SYSROOT}`);
      return;
    }
    const demo = join(pkg, 'mobiletrans-demo');
    const cc = await run('aarch64-linux-gnu-gcc', ['-O2', '-o', demo, join(pkg, 'examples', 'mobiletrans-demo.c'), '-ldl'], { timeoutMs: 120_000 });
    expect(cc.code, cc.stderr).toBe(0);
    // The library's execve of node goes to the host kernel, which cannot run an AArch64 file
    // without binfmt_misc: ONETRANS_NODE names a wrapper handing the package's node to qemu too.
    const qemu = spawnSync('sh', ['-c', 'command -v qemu-aarch64'], { encoding: 'utf8' }).stdout.trim();
    const wrapper = join(work, 'qemu-node');
    writeFileSync(wrapper, `#!/bin/sh\nexec '${qemu}' -L ${ARM_SYSROOT} '${join(pkg, 'node')}' "$@"\n`, { mode: 0o755 });
    const before = portal.messages.length;
    const r = await run(qemu, ['-L', ARM_SYSROOT, demo, portal.url], { cwd: work, env: { ...hisEnv(), ONETRANS_NODE: wrapper }, timeoutMs: 170_000 });
    const out = r.stdout.toString('utf8');
    expect(r.code, `${out}\n${r.stderr}`).toBe(0);
    expect(out).toContain('"response":"SUCCESS"');
    expect(portal.messages.length - before).toBe(1);
  });

  for (const arch of ['x64', 'x86'] as const) {
    it.skipIf(missingWine.length > 0 && !onCi)(`onetrans-windows-${arch}.zip: the LoadLibrary client under wine gets 000000 and SUCCESS`, async () => {
      expect(missingWine, 'bash .ci/setup.d/30-windows.sh').toEqual([]);
      const dest = join(work, `HIS 医保-${arch}`);
      const names = await unzip(join(RELEASE, `onetrans-windows-${arch}.zip`), dest);
      const top = `onetrans-windows-${arch}/`;
      expect(names.filter((n) => !n.slice(top.length).includes('/')).sort()).toEqual(
        [
          'OneTrans.dll', 'OneTrans.json', 'node.exe', 'onetrans-bridge.cjs', 'onetrans-bridge-body.cjs', 'onetrans.h', '接入说明.md', '调用示例.md',
          'onetrans-check.exe', 'onetrans.cmd', 'onetrans-cli.mjs',
        ].map((f) => `${top}${f}`).sort(),
      );
      const pkg = join(dest, `onetrans-windows-${arch}`);
      // The guides' links lead to documents in the zip (docs/), among them the ones the DLL's
      // messages name (docs/gateway.md: the 前置机 guide).
      expect(names.filter((n) => n.startsWith(`${top}docs/`)).length).toBeGreaterThan(0);
      expect(deadLinks(pkg)).toEqual([]);
      for (const doc of docsNamedByLibraryMessages(ROOT)) expect(existsSync(join(pkg, doc)), doc).toBe(true);
      const gcc = arch === 'x64' ? 'x86_64-w64-mingw32-gcc' : 'i686-w64-mingw32-gcc';
      const cc = await run(gcc, ['-O2', '-o', join(pkg, 'loadlibrary-client.exe'), join(ROOT, 'examples/windows/loadlibrary-client.c'), '-static', '-static-libgcc'], {
        timeoutMs: 120_000,
      });
      expect(cc.code, cc.stderr).toBe(0);
      await ensureWinePrefix();
      const before = portal.messages.length;
      // `wine` picks the 32-bit loader for the x86 client from its PE header.
      const r = await run(arch === 'x86' ? 'wine' : wineBinary()!, ['loadlibrary-client.exe', portal.url], {
        cwd: pkg,
        env: wineEnv({ NODE_OPTIONS: `--require "${KEEPALIVE_SHIM}"` }),
        timeoutMs: 150_000,
      });
      const out = r.stdout.toString('utf8');
      expect(r.timedOut, `${out}\n${r.stderr.slice(-2000)}`).toBe(false);
      expect(out).toMatch(new RegExp(`^VERSION=${VERSION.replace(/\./g, '\\.')}\\r?$`, 'm'));
      expect(out).toMatch(/^RET=000000\r?$/m);
      expect(out).toMatch(/^OUT=.*"response":"SUCCESS"/m);
      expect(r.code, out).toBe(0);
      expect(portal.messages.length - before).toBe(1);
    });
  }

  it(`onetrans-${VERSION}.tgz: installs by path into a fresh npm init -y project; its command and a CommonJS program work`, async () => {
    const project = join(work, 'his-app');
    mkdirSync(project);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_UPDATE_NOTIFIER: '1', npm_config_fund: 'false', npm_config_audit: 'false' };
    for (const k of Object.keys(env)) if (/^npm_(lifecycle|package)/i.test(k)) delete env[k];
    const init = await run('npm', ['init', '-y'], { cwd: project, env, timeoutMs: 60_000 });
    expect(init.code, init.stderr).toBe(0);
    // What the README says, with the release folder's file.
    const inst = await run('npm', ['install', join(RELEASE, `onetrans-${VERSION}.tgz`), '--prefer-offline', '--loglevel=error'], { cwd: project, env, timeoutMs: 170_000 });
    expect(inst.code, inst.stderr).toBe(0);
    const deps = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
    expect(deps.onetrans).toMatch(/^file:/);

    const help = await run(join(project, 'node_modules/.bin/onetrans'), ['--help'], { cwd: project, env, timeoutMs: 60_000 });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout.toString('utf8')).toContain('用法 / Usage: onetrans');
    const npx = await run('npx', ['--no-install', 'onetrans', '--version'], { cwd: project, env, timeoutMs: 60_000 });
    expect(npx.code, npx.stderr).toBe(0);
    expect(npx.stdout.toString('utf8').trim()).toBe(VERSION);

    writeFileSync(join(project, 'pay.js'), CONSUMER_CJS);
    const r = await run(process.execPath, ['pay.js', portal.url], { cwd: project, env, timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout.toString('utf8'))).toMatchObject({ push: { response: 'SUCCESS' }, status: '000000' });
  });
});
