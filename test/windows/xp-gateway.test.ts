/**
 * Issue 20 on old Windows: the x86 OneTrans.dll imports only what Windows XP SP3 exports
 * (objdump's import table against test/windows/xp-sp3-exports.ts), and in gateway mode the
 * spec's C example (examples/c/mobiletrans-demo.c, unchanged, 32-bit) calls through it under
 * wine with the prefix set to Windows XP and to Windows 7, against `onetrans gateway` running
 * here on Linux in front of the portal simulator, and the x64 DLL likewise in a 64-bit Windows 7
 * prefix. No node.exe is beside the DLL. The four-call example (examples/c/onetrans-calls.c:
 * pushMsg, refund, queryRefundResult, getTradeFile) then runs the same way in all three
 * prefixes and must get the protocol codes and business statuses the same program gets on Linux
 * in local mode (libOneTrans.so, same simulator), with exactly one refund in the ledger per run.
 * Skipped locally without MinGW/wine; on CI (process.env.CI) a missing tool fails.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../src/gateway/index.js';
import { DailyLog } from '../../src/mobiletrans/log.js';
import { loadMobileTrans } from '../../src/mobiletrans/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { ensureNativeBuild, LIB_PATH } from '../native/helpers.js';
import { CACHE, ROOT, missingTools, run, wineBinary } from './wine-env.js';
import { importsByDll, importsMissingOnXp } from './xp-sp3-exports.js';

const missing = missingTools();
const WORK = join(CACHE, 'xp-test', `run-${process.pid}-${Date.now()}`);
const KEY_HEX = randomBytes(16).toString('hex');
const ARCHS = ['x86', 'x64'] as const;
const dllOf = (arch: string) => join(WORK, `build-${arch}`, 'Release', 'OneTrans.dll');

let portal: PortalHandle;
let gateway: Gateway;
let trade: { ampTraceId: string; traceId: string; orgTraceNo: string };
const CALLS = ['pushMsg', 'refund', 'queryRefundResult', 'getTradeFile'] as const;
/**
 * Every run of onetrans-calls ends with the same getTradeFile: a second run inside the same
 * second signs the same signData and the portal rightly refuses it as a replay (010010).
 */
let lastCallsEnded = 0;

interface CallsRun {
  code: number | null;
  stdout: string;
  /** What the HIS learned: each call's protocol code, business status and verdict line. */
  answers: string[];
  /** The refunds the portal's ledger gained during the run. */
  newRefunds: string[];
  /** The outRefundNo the program sent. */
  outRefundNo: string;
}

/** Runs onetrans-calls (any build of it) against the simulator for the chosen trade. */
async function runCalls(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CallsRun> {
  const wait = lastCallsEnded + 1100 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const before = new Set(portal.ledger.listRefunds().map((r) => r.outRefundNo));
  const r = await run(cmd, [...args, portal.url, trade.ampTraceId, trade.traceId, trade.orgTraceNo], { ...opts, timeoutMs: 120_000 });
  lastCallsEnded = Date.now();
  const stdout = r.stdout.toString('utf8').replace(/\r\n/g, '\n');
  const lines = stdout.split('\n');
  const answers = lines
    .filter((l) => CALLS.some((api) => l.startsWith(`${api} return=`) || l.startsWith(`${api} status `) || (l.startsWith(`${api}: `) && api !== 'getTradeFile')))
    .map((l) => l.replace(/digest=[0-9a-f]{40}$/, 'digest=<sha1>'));
  const refundLine = lines.find((l) => l.startsWith('refund fields: '));
  return {
    code: r.code,
    stdout: stdout + r.stderr.slice(-2000),
    answers,
    newRefunds: portal.ledger.listRefunds().filter((x) => !before.has(x.outRefundNo)).map((x) => x.outRefundNo),
    outRefundNo: refundLine ? (JSON.parse(refundLine.slice('refund fields: '.length)) as { outRefundNo: string }).outRefundNo : '',
  };
}

let localRun: Promise<CallsRun> | undefined;
/** The same program on Linux in local mode through libOneTrans.so: the answers to match. */
function localAnswers(): Promise<CallsRun> {
  localRun ??= (async () => {
    await ensureNativeBuild({ realBridge: true });
    const dir = join(WORK, 'calls-linux');
    mkdirSync(dir, { recursive: true });
    const cc = await run('cc', ['-std=c99', '-D_POSIX_C_SOURCE=200809L', '-O2', '-o', join(dir, 'onetrans-calls'), join(ROOT, 'examples/c/onetrans-calls.c'), '-ldl'], { timeoutMs: 120_000 });
    expect(cc.code, cc.stderr.toString()).toBe(0);
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
    for (const k of Object.keys(env)) if (k.startsWith('ONETRANS_')) delete env[k];
    env.ONETRANS_LIBRARY = LIB_PATH;
    return runCalls(join(dir, 'onetrans-calls'), [], { cwd: dir, env });
  })();
  return localRun;
}

async function objdumpImports(file: string): Promise<string> {
  const r = await run('objdump', ['-p', file], { timeoutMs: 30_000 });
  expect(r.code).toBe(0);
  return r.stdout.toString('utf8');
}

/** A wine prefix of its own per Windows version and bitness (made once, kept in .cache). */
async function prefixFor(version: 'winxp' | 'win7', arch: 'win32' | 'win64' = 'win32'): Promise<NodeJS.ProcessEnv> {
  const prefix = join(CACHE, `wine-prefix-${arch}-${version}`);
  const env: NodeJS.ProcessEnv = { ...process.env, WINEPREFIX: prefix, WINEARCH: arch, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  delete env.DISPLAY;
  for (const k of Object.keys(env)) if (k.startsWith('ONETRANS_')) delete env[k];
  const marker = join(prefix, `.onetrans-${version}`);
  if (!existsSync(marker)) {
    rmSync(prefix, { recursive: true, force: true });
    for (const args of [['wineboot', '--init'], ['winecfg', '-v', version]]) {
      const r = await run(arch === 'win64' ? wineBinary()! : 'wine', args, { env, timeoutMs: 240_000 });
      expect(r.code, r.stderr.toString()).toBe(0);
    }
    writeFileSync(marker, version);
  }
  const reg = await run(arch === 'win64' ? wineBinary()! : 'wine', ['reg', 'query', 'HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion', '/v', 'CurrentVersion'], { env, timeoutMs: 60_000 });
  expect(reg.stdout.toString()).toMatch(version === 'winxp' ? /REG_SZ\s+5\.1/ : /REG_SZ\s+6\.1/);
  return env;
}

describe.skipIf(missing.length > 0 && !process.env.CI)('OneTrans.dll on Windows XP SP3 and 7 (gateway mode)', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    expect(missing).toEqual([]);
    mkdirSync(WORK, { recursive: true });
    for (const arch of ARCHS) {
      const build = join(WORK, `build-${arch}`);
      const conf = await run('cmake', ['-S', ROOT, '-B', build, `-DCMAKE_TOOLCHAIN_FILE=${join(ROOT, `cmake/toolchain-mingw-${arch}.cmake`)}`, '-DCMAKE_BUILD_TYPE=Release', `-DCMAKE_LIBRARY_OUTPUT_DIRECTORY=${join(build, 'Release')}`], { timeoutMs: 120_000 });
      expect(conf.code, conf.stderr.toString()).toBe(0);
      const b = await run('cmake', ['--build', build, '--target', 'OneTrans'], { timeoutMs: 240_000 });
      expect(b.code, b.stdout.toString() + b.stderr.toString()).toBe(0);
    }
    // Refunds settle at once, so the query's status is final and the same on every run.
    portal = await startPortal({ host: '127.0.0.1', port: 0, refundDelayMs: 0 });
    const t = portal.ledger.listTrades().filter((x) => x.orgCode === 'H46040100001').sort((a, b) => Number(b.psnCashPay) - Number(a.psnCashPay))[0]!;
    expect(Number(t.psnCashPay)).toBeGreaterThanOrEqual(10);
    trade = { ampTraceId: t.ampTraceId, traceId: t.traceId, orgTraceNo: t.orgTraceNo };
    const runtime = loadMobileTrans({ libDir: WORK, env: {} });
    gateway = await startGateway({
      runtime, encoding: 'utf8', key: Buffer.from(KEY_HEX, 'hex'), host: '127.0.0.1', port: 0, maxRequestBytes: 1 << 20,
      maxConnections: 100, idleTimeoutMs: 60_000, handshakeTimeoutMs: 5000, version: 'test', log: new DailyLog(join(WORK, 'logs'), 'info'),
    });
  }, 600_000);

  afterAll(async () => {
    await gateway?.close();
    await portal?.close();
    rmSync(WORK, { recursive: true, force: true });
  });

  it('the import check itself: reads objdump\'s table and flags a Vista-only import', () => {
    const dump = ['\tDLL Name: KERNEL32.dll', '\tvma:  Hint/Ord Member-Name Bound-To', '\t1f370\t   37  CloseHandle', '\t1f38c\t  136  GetTickCount64', '', '\tDLL Name: bcrypt.dll', '\t1f400\t    1  BCryptGenRandom', ''].join('\n');
    expect(importsByDll(dump).get('kernel32.dll')).toEqual(['CloseHandle', 'GetTickCount64']);
    expect(importsMissingOnXp(dump)).toEqual(['bcrypt.dll!*', 'kernel32.dll!GetTickCount64']);
  });

  it('x86: every import of OneTrans.dll is exported by Windows XP SP3 (kernel32, msvcrt, ws2_32 only)', async () => {
    const dump = await objdumpImports(dllOf('x86'));
    expect([...importsByDll(dump).keys()].sort()).toEqual(['kernel32.dll', 'msvcrt.dll', 'ws2_32.dll']);
    expect(importsMissingOnXp(dump)).toEqual([]);
  });

  it('x64 (Windows 7 and later): only kernel32, msvcrt and ws2_32, none of the Vista-only functions the x86 DLL dropped', async () => {
    const imports = importsByDll(await objdumpImports(dllOf('x64')));
    expect([...imports.keys()].sort()).toEqual(['kernel32.dll', 'msvcrt.dll', 'ws2_32.dll']);
    const vistaOnly = ['GetTickCount64', 'InitOnceExecuteOnce', 'AcquireSRWLockExclusive', 'SleepConditionVariableSRW', 'UpdateProcThreadAttribute'];
    expect(imports.get('kernel32.dll')!.filter((f) => vistaOnly.includes(f))).toEqual([]);
  });

  for (const version of ['winxp', 'win7'] as const) {
    it(`the spec's C example in gateway mode through the x86 DLL under wine (${version})`, async () => {
      const env = await prefixFor(version);
      const dir = join(WORK, `his-${version}`);
      mkdirSync(dir, { recursive: true });
      copyFileSync(dllOf('x86'), join(dir, 'OneTrans.dll'));
      writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify({ gateway: [`127.0.0.1:${gateway.address.port}`], gatewayKey: KEY_HEX }));
      const cc = await run('i686-w64-mingw32-gcc', ['-O2', '-I', join(ROOT, 'include'), join(ROOT, 'examples/c/mobiletrans-demo.c'), '-o', join(dir, 'mobiletrans-demo.exe'), '-static'], { timeoutMs: 120_000 });
      expect(cc.code, cc.stderr.toString()).toBe(0);
      const before = portal.messages.length;
      const r = await run('wine', ['mobiletrans-demo.exe', portal.url], { cwd: dir, env, timeoutMs: 120_000 });
      const out = r.stdout.toString('utf8');
      expect(out, r.stderr.toString().slice(-2000)).toMatch(/^return: 000000\r?$/m);
      expect(portal.messages.length).toBe(before + 1);
      expect(existsSync(join(dir, 'node.exe'))).toBe(false);
      // a wrong key: the same program gets 000002 naming the key problem, nothing sent
      writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify({ gateway: [`127.0.0.1:${gateway.address.port}`], gatewayKey: randomBytes(16).toString('hex') }));
      const bad = await run('wine', ['mobiletrans-demo.exe', portal.url], { cwd: dir, env, timeoutMs: 120_000 });
      expect(bad.stdout.toString('utf8')).toMatch(/^return: 000002\r?$/m);
      expect(bad.stdout.toString('utf8')).toMatch(/gatewayKey/);
      expect(portal.messages.length).toBe(before + 1);
    });
  }

  it('the x64 DLL in gateway mode under wine (64-bit, win7): the spec\'s C example gets its answer', async () => {
    const env = await prefixFor('win7', 'win64');
    const dir = join(WORK, 'his-win7-x64');
    mkdirSync(dir, { recursive: true });
    copyFileSync(dllOf('x64'), join(dir, 'OneTrans.dll'));
    writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify({ gateway: [`127.0.0.1:${gateway.address.port}`], gatewayKey: KEY_HEX }));
    const cc = await run('x86_64-w64-mingw32-gcc', ['-O2', '-I', join(ROOT, 'include'), join(ROOT, 'examples/c/mobiletrans-demo.c'), '-o', join(dir, 'mobiletrans-demo.exe'), '-static'], { timeoutMs: 120_000 });
    expect(cc.code, cc.stderr.toString()).toBe(0);
    const before = portal.messages.length;
    const r = await run(wineBinary()!, ['mobiletrans-demo.exe', portal.url], { cwd: dir, env, timeoutMs: 120_000 });
    expect(r.stdout.toString('utf8'), r.stderr.toString().slice(-2000)).toMatch(/^return: 000000\r?$/m);
    expect(portal.messages.length).toBe(before + 1);
  });
  it('local mode on Linux: the four-call example gets 000000 and the final statuses (the answers the Windows runs must match)', async () => {
    const local = await localAnswers();
    expect(local.code, local.stdout).toBe(0);
    for (const api of CALLS) expect(local.answers).toContain(`${api} return=000000`);
    expect(local.answers).toContain('pushMsg status response=SUCCESS');
    expect(local.answers).toContain('refund status tradeStatus=SUCCESS');
    expect(local.answers).toContain('queryRefundResult status tradeStatus=SUCCESS');
    expect(local.answers).toContain('getTradeFile status digest=<sha1>');
    expect(local.newRefunds).toEqual([local.outRefundNo]);
  });

  for (const [version, arch] of [['winxp', 'x86'], ['win7', 'x86'], ['win7', 'x64']] as const) {
    it(`all four calls (examples/c/onetrans-calls.c) in gateway mode through the ${arch} DLL under wine (${version}): the same answers as local mode`, async () => {
      const local = await localAnswers();
      const env = await prefixFor(version, arch === 'x64' ? 'win64' : 'win32');
      const dir = join(WORK, `calls-${version}-${arch}`);
      mkdirSync(dir, { recursive: true });
      copyFileSync(dllOf(arch), join(dir, 'OneTrans.dll'));
      writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify({ gateway: [`127.0.0.1:${gateway.address.port}`], gatewayKey: KEY_HEX }));
      const gcc = arch === 'x64' ? 'x86_64-w64-mingw32-gcc' : 'i686-w64-mingw32-gcc';
      const cc = await run(gcc, ['-O2', '-Wall', '-Werror', '-I', join(ROOT, 'include'), join(ROOT, 'examples/c/onetrans-calls.c'), '-o', join(dir, 'onetrans-calls.exe'), '-static'], { timeoutMs: 120_000 });
      expect(cc.code, cc.stderr.toString()).toBe(0);
      const r = await runCalls(arch === 'x64' ? wineBinary()! : 'wine', ['onetrans-calls.exe'], { cwd: dir, env });
      expect(r.code, r.stdout).toBe(0);
      expect(r.answers).toEqual(local.answers);
      expect(r.newRefunds).toEqual([r.outRefundNo]);
      expect(r.outRefundNo).not.toBe(local.outRefundNo);
      expect(existsSync(join(dir, 'node.exe'))).toBe(false);
    });
  }
});
