/**
 * Shared by the native and bridge tests: builds what they need (once per test run, under a
 * lock, since vitest runs files in parallel processes) and stages library folders.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RELEASE_DIR = path.join(ROOT, 'build/Release');
export const LIB_PATH = path.join(RELEASE_DIR, process.platform === 'win32' ? 'OneTrans.dll' : 'libOneTrans.so');
export const DEMO_PATH = path.join(RELEASE_DIR, 'mobiletrans-demo');
export const STRESS_PATH = path.join(RELEASE_DIR, 'mobiletrans-stress');
export const DIST_BRIDGE = path.join(ROOT, 'dist/onetrans-bridge.cjs');
/** The runtime the shipped entry (a loader, src/bridge/loader.ts) compiles; the library looks for both. */
export const DIST_BODY = path.join(ROOT, 'dist/onetrans-bridge-body.cjs');
export const BODY_NAME = 'onetrans-bridge-body.cjs';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(ROOT, 'build', `.${name}.lock`);
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test process is building; a lock older than the deadline is stale.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 240_000) rmSync(lock, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The same bundle `npm run build:ts` makes (tsup.config.ts: cjs, node20, every dependency inlined). */
async function bundleBridge(outfile: string, fakeRuntime: boolean): Promise<void> {
  const name = path.basename(outfile, '.cjs');
  await build({
    config: false,
    entry: { [name]: path.join(ROOT, 'src/bridge/main.ts') },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    target: 'node20',
    platform: 'node',
    noExternal: [/.*/],
    outDir: path.dirname(outfile),
    sourcemap: false,
    clean: false,
    minify: false,
    silent: true,
    esbuildPlugins: fakeRuntime
      ? [
          {
            name: 'fake-mobiletrans',
            setup(b) {
              b.onResolve({ filter: /mobiletrans\/index(\.js)?$/ }, () => ({
                path: path.join(ROOT, 'test/bridge/fixtures/fake-mobiletrans.ts'),
              }));
            },
          },
        ]
      : [],
  });
}

/** Builds dist/onetrans-bridge.cjs and its body when missing or older than src/ (with the
 * shipped tsup configuration), then the native library (incremental; CMake copies both beside
 * it). Returns once build/Release is usable. */
export async function ensureNativeBuild(opts: { realBridge: boolean }): Promise<void> {
  await withLock('native-build', async () => {
    const stale = (f: string) => !existsSync(f) || statSync(f).mtimeMs < newestMtime(path.join(ROOT, 'src'));
    if (opts.realBridge && (stale(DIST_BRIDGE) || stale(DIST_BODY))) {
      const { buildBridge } = await import('../windows/bridge-bundle.js');
      await buildBridge(path.dirname(DIST_BRIDGE), { clean: false });
    }
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/cmake-js/bin/cmake-js'), 'compile', '--out', 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  });
}

/** A bridge bundle whose runtime is test/bridge/fixtures/fake-mobiletrans.ts. */
export async function fakeBridgeBundle(): Promise<string> {
  const out = path.join(ROOT, 'build/test', `fake-bridge-${process.pid}.cjs`);
  mkdirSync(path.dirname(out), { recursive: true });
  await bundleBridge(out, true);
  return out;
}

/** A fresh folder holding a copy of the library and (optionally) a bridge bundle, the way an
 * install folder looks. Each copy loaded by koffi is a separate library instance.
 * The shipped entry comes with its body (the file beside it); a test's own single-file bundle
 * or script staged as onetrans-bridge.cjs runs by itself, and gets a stand-in body (never
 * loaded) because the library looks for both files before it starts node. */
export function stageLibrary(bridge: string | null, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'onetrans-lib-'));
  cpSync(LIB_PATH, path.join(dir, path.basename(LIB_PATH)));
  if (bridge) {
    cpSync(bridge, path.join(dir, 'onetrans-bridge.cjs'));
    const body = path.join(path.dirname(bridge), BODY_NAME);
    if (path.basename(bridge) === 'onetrans-bridge.cjs' && existsSync(body)) cpSync(body, path.join(dir, BODY_NAME));
  }
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  if (existsSync(path.join(dir, 'onetrans-bridge.cjs')) && !existsSync(path.join(dir, BODY_NAME))) {
    writeFileSync(path.join(dir, BODY_NAME), '// stand-in: this folder\'s onetrans-bridge.cjs runs by itself\n');
  }
  return dir;
}

export interface ChildInfo {
  pid: number;
  state: string;
  cmdline: string;
}

/** Direct children of this process (Linux /proc), e.g. the runtimes the library started. */
export function childProcesses(): ChildInfo[] {
  const out: ChildInfo[] = [];
  const taskDir = `/proc/${process.pid}/task`;
  const pids = new Set<number>();
  for (const t of readdirSync(taskDir)) {
    try {
      for (const p of readFileSync(`${taskDir}/${t}/children`, 'utf8').trim().split(/\s+/)) if (p) pids.add(Number(p));
    } catch {}
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      out.push({ pid, state, cmdline });
    } catch {}
  }
  return out;
}

/** Runtimes started by the library staged in dir (their --lib-dir is dir). */
export function runtimesOf(dir: string): ChildInfo[] {
  return childProcesses().filter((c) => c.cmdline.includes('onetrans-bridge.cjs') && c.cmdline.includes(dir));
}

export async function waitFor<T>(what: string, fn: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
