/**
 * The Windows drop-in, proven the way a HIS uses it: `npm run package:windows`'s real zips,
 * OneTrans.dll cross-built with MinGW-w64, the spec's LoadLibrary client run under wine
 * (Windows 10 prefix) against the portal simulator on 127.0.0.1.
 *
 * 32-bit PE files cannot run here (Debian's wine64 has no wine32), so the x86 DLL is checked
 * through its export and import tables only.
 * Locally the suite is skipped when MinGW/wine are missing; on CI (process.env.CI) it fails.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { build, type Options } from 'tsup';
import tsupConfig from '../../tsup.config.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEFAULT_CONFIG, loadConfig } from '../../src/mobiletrans/config.js';
import { CACHE, ROOT, ensureWinePrefix, missingTools, run, wineBinary, wineEnv } from './wine-env.js';

const missing = missingTools();
const onCi = Boolean(process.env.CI);
// One private folder per run (several vitest runs may share the checkout); removed afterwards.
const WORK = join(CACHE, 'windows-test', `run-${process.pid}-${Date.now()}`);
const OUT = join(WORK, 'out');
const BUILD = join(WORK, 'build');
// A HIS often lives under a Chinese folder name with spaces: the DLL must find node.exe, the
// runtime, OneTrans.json and its log folder there (UTF-16 paths on the Windows side).
const RUN_DIR = join(WORK, 'HIS 医保接口-x64');
const EXPORTS = ['MobileTrans', 'MobileTransEx', 'OneTransVersion'];
const SHIPPED = ['OneTrans.dll', 'OneTrans.json', 'node.exe', 'onetrans-bridge.cjs', 'onetrans.h', '接入说明.md'];
/**
 * Windows path (wine maps / to Z:) of the preload that works around wine's missing TCP
 * keep-alive; forward slashes, because NODE_OPTIONS treats backslashes in quotes as escapes.
 */
const KEEPALIVE_SHIM = `Z:${join(ROOT, 'test/windows/wine-no-keepalive.cjs')}`;
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

if (missing.length > 0 && !onCi) {
  console.warn(`test/windows: skipped, missing ${missing.join(', ')} (install with: bash .ci/setup.d/30-windows.sh)`);
}

describe.runIf(missing.length > 0 && onCi)('Windows toolchain on CI', () => {
  it('has MinGW-w64, cmake, objdump and wine64 (.ci/setup.d/30-windows.sh)', () => {
    expect(missing, `missing on CI: ${missing.join(', ')}`).toEqual([]);
  });
});

/** The bridge bundle from the current sources, built like tsup.config.ts builds dist/. */
async function buildBridge(outDir: string): Promise<string> {
  const configs = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
  const bridge = configs.find((c) => c.entry && !Array.isArray(c.entry) && 'onetrans-bridge' in c.entry);
  if (!bridge) throw new Error('tsup.config.ts has no onetrans-bridge entry');
  await build({ ...bridge, outDir, config: false, silent: true, clean: true, dts: false });
  return join(outDir, 'onetrans-bridge.cjs');
}

function unzip(zipPath: string, dest: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(names));
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const target = join(dest, entry.fileName);
          mkdirSync(join(target, '..'), { recursive: true });
          pipeline(stream, createWriteStream(target)).then(() => zip.readEntry(), reject);
        });
      });
      zip.readEntry();
    });
  });
}

async function objdump(file: string): Promise<string> {
  const r = await run('objdump', ['-p', file], { timeoutMs: 30_000 });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.toString('utf8');
}

/** Names in the "[Ordinal/Name Pointer] Table" of objdump -p. */
function exportNames(dump: string): string[] {
  const start = dump.indexOf('[Ordinal/Name Pointer] Table');
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of dump.slice(start).split('\n').slice(1)) {
    const m = /^\s*\[\s*\d+\]\s+(\S+)\s*$/.exec(line);
    if (!m) break;
    names.push(m[1]);
  }
  return names;
}

function importedDlls(dump: string): string[] {
  return [...dump.matchAll(/DLL Name: (\S+)/g)].map((m) => m[1].toLowerCase()).sort();
}

interface ClientCall {
  ret: string;
  out: Buffer;
}
interface ClientRun {
  version?: string;
  killed?: number;
  calls: ClientCall[];
  /** Every other KEY=value line (THREADS_OK, EX_RET, SMALL_RET, ...). */
  fields: Record<string, string>;
  raw: string;
}

/** Splits the client's stdout (RET=/OUT= lines; OUT may be GBK, so work on bytes). */
function parseClient(stdout: Buffer): ClientRun {
  const result: ClientRun = { calls: [], fields: {}, raw: stdout.toString('utf8') };
  let pos = 0;
  while (pos < stdout.length) {
    let end = stdout.indexOf(0x0a, pos);
    if (end < 0) end = stdout.length;
    let line = stdout.subarray(pos, end);
    if (line.at(-1) === 0x0d) line = line.subarray(0, -1); // msvcrt text mode writes CRLF
    pos = end + 1;
    const text = line.toString('latin1');
    if (text.startsWith('VERSION=')) result.version = text.slice(8);
    else if (text.startsWith('KILLED=')) result.killed = Number(text.slice(7));
    else if (text.startsWith('RET=')) result.calls.push({ ret: text.slice(4), out: Buffer.alloc(0) });
    else if (text.startsWith('OUT=') && result.calls.length > 0) result.calls[result.calls.length - 1].out = line.subarray(4);
    else if (/^[A-Z0-9_]+=/.test(text)) result.fields[text.slice(0, text.indexOf('='))] = line.subarray(text.indexOf('=') + 1).toString('utf8');
  }
  return result;
}

/** Deletes the folders of earlier runs whose process is gone (killed before its afterAll). */
function removeAbandonedRuns(): void {
  const parent = join(CACHE, 'windows-test');
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

async function runClient(args: string[]): Promise<ClientRun> {
  const r = await run(wineBinary()!, ['loadlibrary-client.exe', portal!.url, ...args], {
    cwd: RUN_DIR,
    env: wineEnv({ NODE_OPTIONS: `--require "${KEEPALIVE_SHIM}"` }),
    timeoutMs: 90_000,
  });
  const parsed = parseClient(r.stdout);
  const context = `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}\nstdout:\n${parsed.raw}\nstderr:\n${r.stderr.slice(-3000)}`;
  expect(r.timedOut, context).toBe(false);
  expect(parsed.calls.length, context).toBeGreaterThan(0);
  return parsed;
}

function expectPushSuccess(call: ClientCall, encoding: 'utf8' | 'gbk' = 'utf8'): Record<string, unknown> {
  const text = iconv.decode(call.out, encoding);
  expect(call.ret, `RET=${call.ret} OUT=${text}`).toBe('000000');
  const out = JSON.parse(text) as { code: number; message: string; data: { response?: string }; orgId?: string };
  expect(out.code).toBe(0);
  expect(out.data.response).toBe('SUCCESS');
  expect(out.message).toBe('成功');
  expect(out.orgId).toBe('H46010000000');
  return out;
}

describe.skipIf(missing.length > 0)('OneTrans.dll for Windows (MinGW-w64 + wine)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    removeAbandonedRuns();
    mkdirSync(WORK, { recursive: true });
    const bridge = await buildBridge(join(WORK, 'bridge'));
    const pack = await run(process.execPath, [join(ROOT, 'scripts/package-windows.mjs'), '--out', OUT, '--build', BUILD, '--bridge', bridge], {
      timeoutMs: 400_000,
    });
    expect(pack.code, `package-windows failed:\n${pack.stdout.toString('utf8').slice(-3000)}\n${pack.stderr.slice(-3000)}`).toBe(0);
    // Run from what an integrator unzips, plus the client beside the DLL (LoadLibrary's
    // first search location is the program's own folder).
    await unzip(join(OUT, 'onetrans-windows-x64.zip'), WORK);
    rmSync(RUN_DIR, { recursive: true, force: true });
    const { renameSync } = await import('node:fs');
    renameSync(join(WORK, 'onetrans-windows-x64'), RUN_DIR);
    copyFileSync(join(BUILD, 'windows-x64', 'loadlibrary-client.exe'), join(RUN_DIR, 'loadlibrary-client.exe'));
    await ensureWinePrefix();
    portal = await startPortal({ host: '127.0.0.1', port: 0 });
  }, 600_000);

  afterAll(async () => {
    await portal?.close();
    // Let wineserver finish with our processes so none outlives the run.
    if (wineBinary()) await run('wineserver', ['-w'], { env: wineEnv(), timeoutMs: 20_000 }).catch(() => undefined);
    rmSync(WORK, { recursive: true, force: true });
  }, 30_000);

  for (const arch of ['x64', 'x86'] as const) {
    it(`${arch}: exports exactly MobileTrans, MobileTransEx, OneTransVersion, undecorated, and needs only system DLLs`, async () => {
      const dump = await objdump(join(OUT, `windows-${arch}`, 'OneTrans.dll'));
      expect(dump).toMatch(arch === 'x64' ? /file format pei-x86-64/ : /file format pei-i386/);
      const names = exportNames(dump);
      expect(names.filter((n) => n.includes('@')), 'decorated stdcall names').toEqual([]);
      expect(names.sort()).toEqual(EXPORTS);
      expect(importedDlls(dump)).toEqual(['kernel32.dll', 'msvcrt.dll']);
    });

    it(`${arch}: the zip holds one folder with the DLL, node.exe, the runtime, a valid OneTrans.json and the docs`, async () => {
      const dest = join(WORK, `unzip-${arch}`);
      const names = await unzip(join(OUT, `onetrans-windows-${arch}.zip`), dest);
      expect(names.sort()).toEqual(SHIPPED.map((f) => `onetrans-windows-${arch}/${f}`).sort());
      const folder = join(dest, `onetrans-windows-${arch}`);
      // The commented OneTrans.json is read by the runtime without a single complaint, and
      // says what the defaults are.
      const loaded = loadConfig({ libDir: folder, env: {} });
      expect(loaded.file).toBe(join(folder, 'OneTrans.json'));
      expect(loaded.problems).toEqual([]);
      expect(loaded.config).toEqual(DEFAULT_CONFIG);
      // Both folders ship the 64-bit node.exe (the 32-bit DLL drives it as a child process).
      expect((await objdump(join(folder, 'node.exe'))).includes('file format pei-x86-64')).toBe(true);
      rmSync(dest, { recursive: true, force: true });
    });
  }

  it('x86: the exports are stdcall (callee pops 8, 12 and 0 bytes), as Delphi, PowerBuilder and VB6 callers expect', async () => {
    const dll = join(OUT, 'windows-x86', 'OneTrans.dll');
    for (const [symbol, ret] of [
      ['_MobileTrans@8', /ret\s+\$0x8$/],
      ['_MobileTransEx@12', /ret\s+\$0xc$/],
      ['_OneTransVersion@0', /ret\s*$/],
    ] as const) {
      const r = await run('objdump', ['-d', `--disassemble=${symbol}`, dll], { timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(0);
      // objdump runs on past the function's end (COFF symbols have no size): the function's
      // own return is the first one.
      const firstRet = r.stdout
        .toString('utf8')
        .split('\n')
        .find((l) => /\tret/.test(l));
      expect(firstRet, `${symbol} not found in ${dll}`).toBeDefined();
      expect(firstRet!.trim()).toMatch(ret);
    }
  });

  it('x64 under wine: the spec client gets 000000 and response SUCCESS (UTF-8 request)', async () => {
    const before = portal!.messages.length;
    const result = await runClient([]);
    expect(result.version).toBe(VERSION);
    expect(result.calls).toHaveLength(1);
    expectPushSuccess(result.calls[0]);
    const got = portal!.messages.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0].params).toMatchObject({ pushType: 'HOSPITAL_PAYMENT', patientName: '周大鹏', deptName: '总院牙体牙髓科' });
  });

  it('x64 under wine: a GBK-encoded request (ANSI caller) reaches the portal with the right Chinese name', async () => {
    const before = portal!.messages.length;
    const result = await runClient(['gbk']);
    expectPushSuccess(result.calls[0]);
    const got = portal!.messages.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0].params).toMatchObject({ patientName: '周大鹏', deptName: '总院牙体牙髓科', drName: '周小鹏' });
  });

  it('x64 under wine: node.exe terminated between two calls, the next call restarts it and succeeds', async () => {
    const before = portal!.messages.length;
    const result = await runClient(['kill']);
    expect(result.killed, result.raw).toBe(1);
    expect(result.calls).toHaveLength(2);
    expectPushSuccess(result.calls[0]);
    expectPushSuccess(result.calls[1]);
    expect(portal!.messages.length - before).toBe(2);
  });

  it('x64 under wine: 8 threads x 3 calls at once all succeed (SRW locks, condition variables, one pipe)', async () => {
    const before = portal!.messages.length;
    const result = await runClient(['threads']);
    expectPushSuccess(result.calls[0]);
    expect(result.fields.THREADS_OK, result.raw).toBe('24/24');
    expect(portal!.messages.length - before).toBe(25);
  });

  it('x64 under wine: MobileTransEx answers into the given size; 32 bytes gets 000002 and no overrun', async () => {
    const result = await runClient(['ex']);
    expect(result.fields.EX_RET, result.raw).toBe('000000');
    expect(JSON.parse(result.fields.EX_OUT)).toMatchObject({ code: 0, data: { response: 'SUCCESS' } });
    expect(result.fields.SMALL_RET).toBe('000002');
    expect(Number(result.fields.SMALL_LEN)).toBeLessThan(32);
    expect(result.fields.SMALL_CANARY).toBe('intact');
  });

  it('x64 under wine: every call of a program that exits right after it is logged in logs/onetrans-YYYYMMDD.log, masked', async () => {
    const logDir = join(RUN_DIR, 'logs');
    const readLogs = () =>
      existsSync(logDir)
        ? readdirSync(logDir)
            .filter((f) => /^onetrans-\d{8}\.log$/.test(f))
            .map((f) => readFileSync(join(logDir, f), 'utf8'))
            .join('')
        : '';
    const pushLines = (text: string) => text.split('\n').filter((l) => l.includes('iface=pushMsg')).length;
    const before = pushLines(readLogs());
    // One call, then the client exits at once, as a one-shot HIS batch program does.
    expectPushSuccess((await runClient(['gbk'])).calls[0]);
    const text = readLogs();
    // The runtime dies with its host (job object KILL_ON_JOB_CLOSE), so the line must be on
    // disk before the answer goes back, or the last call before a HIS exits is never logged.
    expect(pushLines(text), `pushMsg log lines: ${before} before the call; the call's line is missing`).toBe(before + 1);
    expect(text).not.toContain('St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM');
    expect(text).not.toContain('460029196507081627');
    expect(text).not.toContain('周大鹏');
    expect(text, 'the shipped OneTrans.json drew a config complaint').not.toContain('event=config');
  });

  it('x64 under wine: "outputEncoding": "gbk" answers an ANSI caller in GBK (PowerBuilder ;ansi, Delphi 7)', async () => {
    const cfgPath = join(RUN_DIR, 'OneTrans.json');
    const shipped = readFileSync(cfgPath, 'utf8');
    try {
      writeFileSync(cfgPath, JSON.stringify({ ...JSON.parse(shipped), outputEncoding: 'gbk' }, null, 2));
      const result = await runClient(['gbk']);
      // "成功" is B3 C9 B9 A6 in GBK: the UTF-8 bytes must not be there.
      expect(result.calls[0].out.includes(Buffer.from('成功', 'utf8'))).toBe(false);
      expectPushSuccess(result.calls[0], 'gbk');
    } finally {
      writeFileSync(cfgPath, shipped);
    }
  });
});
