/**
 * What the Windows tests need from the machine, and how they run things: MinGW-w64, cmake,
 * objdump, wine64 + wine32 (multiarch wine32:i386) with a Windows 10 prefix cached in
 * .cache/wine-prefix. Installed on CI by .ci/setup.d/30-windows.sh.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CACHE = join(ROOT, '.cache');
export const WINE_PREFIX = join(CACHE, 'wine-prefix');

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v "${cmd}"`], { stdio: 'ignore' }).status === 0;
}

/** Debian installs the 64-bit loader outside PATH. */
export function wineBinary(): string | undefined {
  if (existsSync('/usr/lib/wine/wine64')) return '/usr/lib/wine/wine64';
  if (onPath('wine64')) return 'wine64';
  return onPath('wine') ? 'wine' : undefined;
}

/**
 * wine32:i386 puts the 32-bit loader beside the 64-bit one; without it a 32-bit program (the
 * x86 OneTrans.dll's host, the 32-bit node.exe) cannot start.
 */
export function hasWine32(): boolean {
  return existsSync('/usr/lib/wine/wine') || existsSync('/usr/lib/i386-linux-gnu/wine/i386-windows/kernel32.dll');
}

/** Names of the missing tools (empty when everything is there). */
export function missingTools(): string[] {
  const missing = ['x86_64-w64-mingw32-gcc', 'i686-w64-mingw32-gcc', 'cmake', 'objdump', 'tar', 'wineserver'].filter((t) => !onPath(t));
  if (!wineBinary()) missing.push('wine64');
  if (!hasWine32()) missing.push('wine32:i386');
  return missing;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a program without blocking the event loop (the portal simulator lives in this
 * process and must keep answering), killed after timeoutMs.
 */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

/** The environment a wine program gets: our prefix, quiet, no Mono/Gecko install prompts. */
export function wineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The library would follow these instead of the node.exe beside it.
  for (const k of Object.keys(env)) if (k.startsWith('ONETRANS_')) delete env[k];
  delete env.DISPLAY;
  return {
    ...env,
    WINEPREFIX: WINE_PREFIX,
    WINEDEBUG: '-all',
    WINEARCH: 'win64',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    ...extra,
  };
}

/**
 * Creates the Windows 10 prefix once (node.exe exits with 216 on wine's older default
 * versions); later runs reuse it. A half-made prefix (no win10 marker) is made again, and so is
 * one made before wine32 was installed: it has no syswow64, and every 32-bit program in it fails
 * with "could not load kernel32.dll".
 */
export async function ensureWinePrefix(): Promise<void> {
  // Two test files (windows-dll, release artifacts) may want the prefix at once: one makes it.
  const lock = `${WINE_PREFIX}.lock`;
  mkdirSync(CACHE, { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (lockOwnerGone(lock)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} held for 5 minutes by another test process`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    await makeWinePrefix();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** True when the process that took `lock` has ended (or never wrote its pid, long ago). */
function lockOwnerGone(lock: string): boolean {
  try {
    process.kill(Number(readFileSync(join(lock, 'pid'), 'utf8')), 0);
    return false;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return true;
    // No pid file yet: its owner is between mkdir and write, unless that was minutes ago.
    if (code === 'ENOENT') {
      try {
        return Date.now() - statSync(lock).mtimeMs > 60_000;
      } catch {
        return false; // released meanwhile: the next mkdir takes it
      }
    }
    return false;
  }
}

async function makeWinePrefix(): Promise<void> {
  const marker = join(WINE_PREFIX, '.onetrans-win10');
  const wow64 = join(WINE_PREFIX, 'drive_c', 'windows', 'syswow64', 'kernel32.dll');
  if (existsSync(marker) && existsSync(join(WINE_PREFIX, 'system.reg')) && existsSync(wow64)) return;
  if (existsSync(WINE_PREFIX)) {
    await run('wineserver', ['-k'], { env: wineEnv(), timeoutMs: 20_000 }).catch(() => undefined);
    rmSync(WINE_PREFIX, { recursive: true, force: true });
  }
  mkdirSync(WINE_PREFIX, { recursive: true });
  const env = wineEnv();
  const wine = wineBinary()!;
  const steps: [string, string[]][] = [
    [wine, ['wineboot', '--init']],
    [wine, ['winecfg', '-v', 'win10']],
    ['wineserver', ['-w']],
  ];
  for (const [cmd, args] of steps) {
    const r = await run(cmd, args, { env, timeoutMs: 120_000 });
    if (r.timedOut || r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.code}, timed out ${r.timedOut}): ${r.stderr.slice(-2000)}`);
  }
  const reg = spawnSync('grep', ['-q', '"ProductName"="Microsoft Windows 10"', join(WINE_PREFIX, 'system.reg')]);
  if (reg.status !== 0) throw new Error(`the wine prefix ${WINE_PREFIX} is not Windows 10 after winecfg -v win10`);
  if (!existsSync(wow64)) throw new Error(`the wine prefix ${WINE_PREFIX} has no syswow64 (is wine32:i386 installed? bash .ci/setup.d/30-windows.sh)`);
  await import('node:fs/promises').then((fs) => fs.writeFile(marker, 'win10\n'));
}
