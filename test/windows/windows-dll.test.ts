/**
 * The Windows drop-in, proven the way a HIS uses it: `npm run package:windows`'s real zips,
 * OneTrans.dll cross-built with MinGW-w64, the spec's LoadLibrary client run under wine
 * (Windows 10 prefix) against the portal simulator on 127.0.0.1 — for both packages: the
 * 64-bit one with a 64-bit client, the 32-bit one (32-bit DLL, 32-bit node.exe) with a 32-bit
 * client built by i686 MinGW, through wine32 (WoW64 in the prefix).
 * Locally the suite is skipped when MinGW/wine are missing; on CI (process.env.CI) it fails.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, mkdirSync, readFileSync, readdirSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { buildBridge } from './bridge-bundle.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { DEFAULT_CONFIG, loadConfig } from '../../src/mobiletrans/config.js';
import { CACHE, ROOT, ensureWinePrefix, missingTools, run, wineBinary, wineEnv } from './wine-env.js';
import { unzip } from '../helpers/unzip.js';

const missing = missingTools();
const onCi = Boolean(process.env.CI);
// One private folder per run (several vitest runs may share the checkout); removed afterwards.
const WORK = join(CACHE, 'windows-test', `run-${process.pid}-${Date.now()}`);
const OUT = join(WORK, 'out');
const BUILD = join(WORK, 'build');
// A HIS often lives under a Chinese folder name with spaces: the DLL must find node.exe, the
// runtime, OneTrans.json and its log folder there (UTF-16 paths on the Windows side).
const ARCHS = ['x64', 'x86'] as const;
type Arch = (typeof ARCHS)[number];
const runDir = (arch: Arch) => join(WORK, `HIS 医保接口-${arch}`);
/** objdump's name for each package's PE files (DLL and node.exe alike). */
const PE_FORMAT: Record<Arch, string> = { x64: 'pei-x86-64', x86: 'pei-i386' };
const EXPORTS = ['MobileTrans', 'MobileTransEx', 'OneTransVersion'];
const SHIPPED = [
  'OneTrans.dll', 'OneTrans.json', 'node.exe', 'onetrans-bridge.cjs', 'onetrans-bridge-body.cjs', 'onetrans.h', '接入说明.md', '调用示例.md',
  'onetrans-check.exe', 'onetrans.cmd', 'onetrans-cli.mjs',
];
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
  it('has MinGW-w64, cmake, objdump, wine64 and wine32 (.ci/setup.d/30-windows.sh)', () => {
    expect(missing, `missing on CI: ${missing.join(', ')}`).toEqual([]);
  });
});


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

/**
 * Live (not zombie) Linux processes that are this package's node.exe: wine shows a Windows
 * program's command line in /proc/<pid>/cmdline, and the runtime's holds its folder (--lib-dir).
 */
function runtimesOf(arch: Arch): number[] {
  const folder = Buffer.from(`HIS 医保接口-${arch}`);
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`);
      if (!cmdline.includes(folder) || !/node\.exe/i.test(cmdline.toString('latin1'))) continue;
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${name}/status`, 'utf8'))) continue;
      // the client itself runs from the same folder: only the runtime runs the bridge
      if (cmdline.includes(Buffer.from('onetrans-bridge.cjs'))) found.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

let portal: PortalHandle | undefined;

async function runClient(arch: Arch, args: string[]): Promise<ClientRun> {
  // `wine` (not the wine64 loader) picks the 32- or 64-bit loader from the PE header.
  const r = await run(arch === 'x86' ? 'wine' : wineBinary()!, ['loadlibrary-client.exe', portal!.url, ...args], {
    cwd: runDir(arch),
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
    // Run from what an integrator unzips, plus the client of the same bitness beside the DLL
    // (LoadLibrary's first search location is the program's own folder).
    const { renameSync } = await import('node:fs');
    for (const arch of ARCHS) {
      await unzip(join(OUT, `onetrans-windows-${arch}.zip`), WORK);
      rmSync(runDir(arch), { recursive: true, force: true });
      renameSync(join(WORK, `onetrans-windows-${arch}`), runDir(arch));
      copyFileSync(join(BUILD, `windows-${arch}`, 'loadlibrary-client.exe'), join(runDir(arch), 'loadlibrary-client.exe'));
    }
    await ensureWinePrefix();
    portal = await startPortal({ host: '127.0.0.1', port: 0 });
  }, 600_000);

  afterAll(async () => {
    await portal?.close();
    // Let wineserver finish with our processes so none outlives the run.
    if (wineBinary()) await run('wineserver', ['-w'], { env: wineEnv(), timeoutMs: 20_000 }).catch(() => undefined);
    rmSync(WORK, { recursive: true, force: true });
  }, 30_000);

  for (const arch of ARCHS) {
    it(`${arch}: exports exactly MobileTrans, MobileTransEx, OneTransVersion, undecorated, and needs only system DLLs`, async () => {
      const dump = await objdump(join(OUT, `windows-${arch}`, 'OneTrans.dll'));
      expect(dump).toMatch(arch === 'x64' ? /file format pei-x86-64/ : /file format pei-i386/);
      const names = exportNames(dump);
      expect(names.filter((n) => n.includes('@')), 'decorated stdcall names').toEqual([]);
      expect(names.sort()).toEqual(EXPORTS);
      // ws2_32: gateway mode's sockets (native/gateway-client.c)
      expect(importedDlls(dump)).toEqual(['kernel32.dll', 'msvcrt.dll', 'ws2_32.dll']);
    });

    it(`${arch}: the zip holds one folder with the DLL, node.exe, the runtime, a valid OneTrans.json and the docs`, async () => {
      const dest = join(WORK, `unzip-${arch}`);
      const names = await unzip(join(OUT, `onetrans-windows-${arch}.zip`), dest);
      const top = `onetrans-windows-${arch}/`;
      expect(names.filter((n) => !n.slice(top.length).includes('/')).sort()).toEqual(SHIPPED.map((f) => `${top}${f}`).sort());
      // Besides the two guides, only documents under docs/ (what the guides link to).
      expect(names.filter((n) => n.slice(top.length).includes('/')).every((n) => n.startsWith(`${top}docs/`) && n.endsWith('.md'))).toBe(true);
      const folder = join(dest, `onetrans-windows-${arch}`);
      // The commented OneTrans.json is read by the runtime without a single complaint, and
      // says what the defaults are.
      const loaded = loadConfig({ libDir: folder, env: {} });
      expect(loaded.file).toBe(join(folder, 'OneTrans.json'));
      expect(loaded.problems).toEqual([]);
      expect(loaded.config).toEqual(DEFAULT_CONFIG);
      rmSync(dest, { recursive: true, force: true });
    });

    it(`${arch}: node.exe is ${arch === 'x86' ? 'a PE32 (i386) file: it starts on 32-bit Windows' : 'a PE32+ (x86-64) file'}`, async () => {
      const exe = join(OUT, `windows-${arch}`, 'node.exe');
      expect(await objdump(exe)).toMatch(new RegExp(`file format ${PE_FORMAT[arch]}\\b`));
      const file = await run('file', ['-b', exe], { timeoutMs: 30_000 }).catch(() => undefined);
      if (file && file.code === 0) {
        expect(file.stdout.toString('utf8')).toMatch(arch === 'x86' ? /^PE32 executable .*Intel 80386/ : /^PE32\+ executable .*x86-64/);
      }
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

  for (const arch of ARCHS) {
    it(`${arch} under wine: the spec client gets 000000 and response SUCCESS (UTF-8 request)`, async () => {
      const before = portal!.messages.length;
      const result = await runClient(arch, []);
      expect(result.version).toBe(VERSION);
      expect(result.calls).toHaveLength(1);
      expectPushSuccess(result.calls[0]);
      const got = portal!.messages.slice(before);
      expect(got).toHaveLength(1);
      expect(got[0].params).toMatchObject({ pushType: 'HOSPITAL_PAYMENT', patientName: '周大鹏', deptName: '总院牙体牙髓科' });
    });

    it(`${arch} under wine: a GBK-encoded request (ANSI caller) reaches the portal with the right Chinese name`, async () => {
      const before = portal!.messages.length;
      const result = await runClient(arch, ['gbk']);
      expectPushSuccess(result.calls[0]);
      const got = portal!.messages.slice(before);
      expect(got).toHaveLength(1);
      expect(got[0].params).toMatchObject({ patientName: '周大鹏', deptName: '总院牙体牙髓科', drName: '周小鹏' });
    });

    it(`${arch} under wine: node.exe terminated between two calls, the next call restarts it and succeeds`, async () => {
      const before = portal!.messages.length;
      const result = await runClient(arch, ['kill']);
      expect(result.killed, result.raw).toBe(1);
      expect(result.calls).toHaveLength(2);
      expectPushSuccess(result.calls[0]);
      expectPushSuccess(result.calls[1]);
      expect(portal!.messages.length - before).toBe(2);
    });

    it(`${arch} under wine: 8 threads x 3 calls at once all succeed (SRW locks, condition variables, one pipe)`, async () => {
      const before = portal!.messages.length;
      const result = await runClient(arch, ['threads']);
      expectPushSuccess(result.calls[0]);
      expect(result.fields.THREADS_OK, result.raw).toBe('24/24');
      expect(portal!.messages.length - before).toBe(25);
    });

    it(`${arch} under wine: MobileTransEx answers into the given size; 32 bytes gets 000002 and no overrun`, async () => {
      const result = await runClient(arch, ['ex']);
      expect(result.fields.EX_RET, result.raw).toBe('000000');
      expect(JSON.parse(result.fields.EX_OUT)).toMatchObject({ code: 0, data: { response: 'SUCCESS' } });
      expect(result.fields.SMALL_RET).toBe('000002');
      expect(Number(result.fields.SMALL_LEN)).toBeLessThan(32);
      expect(result.fields.SMALL_CANARY).toBe('intact');
    });

    it(`${arch} under wine: every call of a program that exits right after it is logged in logs/onetrans-YYYYMMDD.log, masked`, async () => {
      const logDir = join(runDir(arch), 'logs');
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
      expectPushSuccess((await runClient(arch, ['gbk'])).calls[0]);
      const text = readLogs();
      // The runtime dies with its host (job object KILL_ON_JOB_CLOSE), so the line must be on
      // disk before the answer goes back, or the last call before a HIS exits is never logged.
      expect(pushLines(text), `pushMsg log lines: ${before} before the call; the call's line is missing`).toBe(before + 1);
      expect(text).not.toContain('St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM');
      expect(text).not.toContain('460029196507081627');
      expect(text).not.toContain('周大鹏');
      expect(text, 'the shipped OneTrans.json drew a config complaint').not.toContain('event=config');
    });

    it(`${arch} under wine: "outputEncoding": "gbk" answers an ANSI caller in GBK (PowerBuilder ;ansi, Delphi 7)`, async () => {
      const cfgPath = join(runDir(arch), 'OneTrans.json');
      const shipped = readFileSync(cfgPath, 'utf8');
      try {
        writeFileSync(cfgPath, JSON.stringify({ ...JSON.parse(shipped), outputEncoding: 'gbk' }, null, 2));
        const result = await runClient(arch, ['gbk']);
        // "成功" is B3 C9 B9 A6 in GBK: the UTF-8 bytes must not be there.
        expect(result.calls[0].out.includes(Buffer.from('成功', 'utf8'))).toBe(false);
        expectPushSuccess(result.calls[0], 'gbk');
      } finally {
        writeFileSync(cfgPath, shipped);
      }
    });

    it(`${arch} under wine: a host that does LoadLibrary → MobileTrans → FreeLibrary per transaction, 20 times: no crash, one runtime, none left after it exits`, async () => {
      const before = portal!.messages.length;
      let seenAlive = 0;
      const poll = setInterval(() => (seenAlive = Math.max(seenAlive, runtimesOf(arch).length)), 50);
      let result: ClientRun;
      try {
        result = await runClient(arch, ['reload']);
      } finally {
        clearInterval(poll);
      }
      expect(result.fields.RELOAD_OK, result.raw).toBe('20/20');
      for (const call of result.calls) expectPushSuccess(call);
      expect(portal!.messages.length - before).toBe(20);
      // The library pins itself once its runtime runs, so FreeLibrary never unmaps code a
      // runtime thread is in, and the next LoadLibrary finds the same runtime: not one node.exe
      // per transaction piling up on a terminal server.
      expect(result.fields.RELOAD_CHILDREN_MAX).toBe('1');
      // The process scan below really sees this package's node.exe while the host runs…
      expect(seenAlive, 'never saw the runtime in the process list while the host ran').toBeGreaterThan(0);
      // …and none is left once the host has exited (job object, closed stdin).
      const deadline = Date.now() + 10_000;
      while (runtimesOf(arch).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(runtimesOf(arch), 'node.exe left behind after the host exited').toEqual([]);
    });

    /**
     * A program of the package, run under wine from the unzipped folder. Its output goes to
     * files, as from a console: node.exe under wine cannot open a Unix pipe as stdout/stderr
     * (EBADF), which a console or a file never is on Windows.
     */
    const runTool = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const outFile = join(WORK, `tool-${arch}-${Date.now()}.out`);
      const errFile = `${outFile}.err`;
      const outFd = openSync(outFile, 'w');
      const errFd = openSync(errFile, 'w');
      const child = spawn(arch === 'x86' ? 'wine' : wineBinary()!, args, {
        cwd: runDir(arch),
        env: wineEnv({ NODE_OPTIONS: `--require "${KEEPALIVE_SHIM}"`, ...env }),
        stdio: ['ignore', outFd, errFd],
      });
      closeSync(outFd);
      closeSync(errFd);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, 90_000);
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      clearTimeout(timer);
      const out = readFileSync(outFile, 'utf8').replace(/\r\n/g, '\n');
      const err = readFileSync(errFile, 'utf8');
      expect(timedOut, out + err).toBe(false);
      return { code, out, context: `exit ${code}\nstdout:\n${out}\nstderr:\n${err.slice(-2000)}` };
    };
    const CREDENTIALS = ['zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', 'H46010000000', 'H46040100001'];

    it(`${arch} under wine: onetrans-check.exe loads the DLL from its folder and says every step works`, async () => {
      const [appId, appKey, orgId, orgCode] = CREDENTIALS;
      const refunds = portal!.ledger.listRefunds().length;
      const r = await runTool(['onetrans-check.exe', portal!.url, appId!, appKey!, orgId!, orgCode!]);
      expect(r.code, r.context).toBe(0);
      expect(r.out).toContain(`onetrans-check (${arch === 'x64' ? 64 : 32}-bit)`);
      expect(r.out).toContain(`[ OK ] 已加载 OneTrans.dll ${VERSION}`);
      expect(r.out).toContain('[ OK ] 运行时已启动 / runtime started');
      expect(r.out).toContain('[ OK ] 已连通门户 / portal reached');
      expect(r.out).toContain('[ OK ] 门户应答已解密，签名验证通过 / answer decrypted, signature verified');
      expect(r.out).toContain('结论：安装正确');
      expect(r.out).not.toContain(appKey!);
      // read-only: nothing was refunded
      expect(portal!.ledger.listRefunds().length).toBe(refunds);
    });

    it(`${arch} under wine: onetrans.cmd probe runs the CLI on the folder's node.exe and prints the profile block`, async () => {
      const [appId, appKey, orgId, orgCode] = CREDENTIALS;
      const r = await runTool(['cmd', '/c', 'onetrans.cmd', 'probe', '--url', portal!.url, '--app-id', appId!, '--org-id', orgId!, '--org-code', orgCode!], {
        ONETRANS_APP_SECRET: appKey,
      });
      expect(r.code, r.context).toBe(0);
      expect(r.out).toContain(`onetrans probe: ${portal!.url}`);
      expect(r.out).toContain('门户响应签名验证通过 / the answer\'s signature verifies');
      expect(r.out).toMatch(/"profile": \{/);
    });

    if (arch === 'x64') {
      it('x64 under wine: onetrans-check.exe names the setting to look at when the portal is not reached or the key is wrong', async () => {
        const [appId, appKey, orgId, orgCode] = CREDENTIALS;
        // a port nothing listens on: the runtime starts, the portal is not reached
        const down = await runTool(['onetrans-check.exe', 'http://127.0.0.1:9', appId!, appKey!, orgId!, orgCode!]);
        expect(down.code, down.context).toBe(1);
        expect(down.out).toContain('[ OK ] 运行时已启动 / runtime started');
        expect(down.out).toContain('[FAIL] 连不上门户 / portal not reached');
        expect(down.out).toMatch(/-> 核对门户地址.*proxy/);
        // a wrong appKey: reached, refused, and the hint names appKey and probe
        const wrong = await runTool(['onetrans-check.exe', portal!.url, appId!, 'X'.repeat(32), orgId!, orgCode!]);
        expect(wrong.code, wrong.context).toBe(1);
        expect(wrong.out).toContain('[ OK ] 已连通门户 / portal reached');
        expect(wrong.out).toContain('[FAIL] 门户拒绝了请求 / the portal refused the request');
        expect(wrong.out).toMatch(/返回码 \/ return code: 00010[12]/);
        expect(wrong.out).toContain('onetrans.cmd probe');
        // responseSignature "warn": the answer is delivered but its signature failed — not "verified"
        const cfgPath = join(runDir('x64'), 'OneTrans.json');
        const shipped = readFileSync(cfgPath, 'utf8');
        try {
          writeFileSync(cfgPath, JSON.stringify({ ...JSON.parse(shipped), profile: { responseSignature: 'warn' } }, null, 2));
          // (a read may be retried: every attempt gets the damaged signature)
          portal!.faults.add({ suffix: '/queryRefundResult', mode: 'badSignature', count: 5 });
          const unverified = await runTool(['onetrans-check.exe', portal!.url, appId!, appKey!, orgId!, orgCode!]);
          expect(unverified.code, unverified.context).toBe(1);
          expect(unverified.out).toContain('返回码 / return code: 000000');
          expect(unverified.out).toContain('[FAIL] 门户应答的签名未通过验证');
          expect(unverified.out).not.toContain('签名验证通过');
        } finally {
          writeFileSync(cfgPath, shipped);
          portal!.faults.clear();
        }
        // without settings it still checks the library and says how to run it
        const usage = await runTool(['onetrans-check.exe']);
        expect(usage.code, usage.context).toBe(2);
        expect(usage.out).toContain('[ OK ] 已加载 OneTrans.dll');
        expect(usage.out).toContain('ONETRANS_APP_SECRET');
      });
    }
  }
});
