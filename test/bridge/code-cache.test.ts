/**
 * The runtime's V8 code cache (src/bridge/loader.ts), with the shipped pair of files
 * (onetrans-bridge.cjs + onetrans-bridge-body.cjs, built by tsup.config.ts) run the way the
 * library runs them. The cache only ever makes a start faster: whatever state it is in, the
 * first call answers as it would without one, and nothing is written beside the library.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRequest, ReplyDecoder } from '../../src/bridge/frames.js';
import { loadConfig } from '../../src/mobiletrans/config.js';
import { buildBridge } from '../windows/bridge-bundle.js';

// The library's built-in flags (native/runtime.c): part of the cache's key, as in real use.
const FLAGS = ['--max-semi-space-size=1', '--liftoff-only', '--max-opt=2'];

let work: string;
let install: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'onetrans-code-cache-'));
  install = path.join(work, 'install');
  await buildBridge(install);
  // The log off: the install folder must hold what the package put there and nothing else.
  writeFileSync(path.join(install, 'OneTrans.json'), JSON.stringify({ logLevel: 'off' }));
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A clean environment: no cache variables of the machine running the tests. */
function env(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['HOME', 'XDG_CACHE_HOME', 'LOCALAPPDATA', 'ONETRANS_CODE_CACHE', 'ONETRANS_CONFIG', 'NODE_OPTIONS']) delete e[k];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) e[k] = v;
  return e;
}

/**
 * One runtime: one call (an empty request: the runtime answers with its own error code, no
 * portal needed), then stdin closes and it exits. Resolves with the reply's code and output and
 * what the runtime wrote on stderr.
 */
function oneCall(runEnv: NodeJS.ProcessEnv, settle?: () => boolean): Promise<{ code: string; output: string; stderr: string; status: number | null }> {
  const child = spawn(process.execPath, [...FLAGS, path.join(install, 'onetrans-bridge.cjs'), '--lib-dir', install], { env: runEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const decoder = new ReplyDecoder();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no reply in time; stderr: ${stderr}`));
    }, 30_000);
    let reply: { code: string; output: string } | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) {
        if (f.requestId !== 1) continue;
        reply = { code: f.code, output: f.output.toString('utf8') };
        // Give the runtime the moment it takes to write the cache (after the answer) when asked.
        const end = () => child.stdin.end();
        if (!settle) end();
        else {
          const until = Date.now() + 10_000;
          const poll = () => (settle() || Date.now() > until ? end() : setTimeout(poll, 20));
          poll();
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (status) => {
      clearTimeout(timer);
      if (!reply) reject(new Error(`exited (${status}) without a reply; stderr: ${stderr}`));
      else resolve({ ...reply, status, stderr });
    });
    child.stdin.write(encodeRequest(1, 8192, Buffer.from('{}')));
  });
}

const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);

let baseline: { code: string; output: string } | undefined;
/** The answer with the cache off: what every other state must give too. */
async function uncached(): Promise<{ code: string; output: string }> {
  if (!baseline) {
    const r = await oneCall(env({ ONETRANS_CODE_CACHE: '0', XDG_CACHE_HOME: path.join(work, 'never') }));
    baseline = { code: r.code, output: r.output };
    expect(existsSync(path.join(work, 'never'))).toBe(false);
  }
  return baseline;
}

function freshCacheHome(): { home: string; dir: string } {
  const home = mkdtempSync(path.join(work, 'xdg-'));
  return { home, dir: path.join(home, 'onetrans') };
}

describe('the runtime’s code cache', () => {
  it('is written after the first call, owner-only, in $XDG_CACHE_HOME/onetrans, and taken as it is by the next runtime', async () => {
    const before = readdirSync(install).sort();
    const { home, dir } = freshCacheHome();
    const first = await oneCall(env({ XDG_CACHE_HOME: home }), () => cacheFiles(dir).length > 0);
    expect(first).toMatchObject(await uncached());
    expect(first.stderr).toBe('');
    const [name] = cacheFiles(dir);
    expect(name).toMatch(/^bridge-[0-9a-f]{32}\.v8cache$/);
    expect(readdirSync(dir)).toEqual([name]); // no temp file left
    const file = path.join(dir, name!);
    expect(statSync(file).size).toBeGreaterThan(100_000);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    // A cache that V8 takes is not written again: same file (the writer renames a new one in).
    const ino = statSync(file).ino;
    const second = await oneCall(env({ XDG_CACHE_HOME: home }));
    expect(second).toMatchObject(await uncached());
    await new Promise((r) => setTimeout(r, 200));
    expect(statSync(file).ino).toBe(ino);
    expect(readdirSync(install).sort()).toEqual(before);
  }, 60_000);

  it('falls back to ~/.cache/onetrans without XDG_CACHE_HOME, and to no cache (a plain start) without HOME either', async () => {
    const home = mkdtempSync(path.join(work, 'home-'));
    await oneCall(env({ HOME: home }), () => cacheFiles(path.join(home, '.cache', 'onetrans')).length > 0);
    expect(cacheFiles(path.join(home, '.cache', 'onetrans'))).toHaveLength(1);
    const bare = await oneCall(env({}));
    expect(bare).toMatchObject(await uncached());
    expect(bare.stderr).toBe('');
  }, 60_000);

  it('a garbage, a truncated or a foreign cache gives a plain start and is replaced by a good one', async () => {
    const { home, dir } = freshCacheHome();
    await oneCall(env({ XDG_CACHE_HOME: home }), () => cacheFiles(dir).length > 0);
    const file = path.join(dir, cacheFiles(dir)[0]!);
    const good = readFileSync(file);
    const states: [string, () => void][] = [
      ['garbage', () => writeFileSync(file, Buffer.alloc(good.length, 0x5a), { mode: 0o600 })],
      ['truncated', () => writeFileSync(file, good.subarray(0, good.length >> 1), { mode: 0o600 })],
      ['one byte', () => writeFileSync(file, 'x', { mode: 0o600 })],
      // Writable by others: it could be anyone's code, so it is not taken.
      ['writable by others', () => (writeFileSync(file, good), chmodSync(file, 0o666))],
    ];
    for (const [what, spoil] of states) {
      spoil();
      const spoilt = statSync(file).ino;
      const r = await oneCall(env({ XDG_CACHE_HOME: home }), () => statSync(file, { throwIfNoEntry: false })?.ino !== spoilt);
      expect(r, what).toMatchObject(await uncached());
      expect(r.stderr, what).toBe('');
      expect(statSync(file).ino, `${what}: replaced`).not.toBe(spoilt);
      expect(statSync(file).size, what).toBeGreaterThan(100_000);
      expect(statSync(file).mode & 0o777, what).toBe(0o600);
    }
  }, 120_000);

  it('a cache folder that cannot be made or written gives a plain start, silently', async () => {
    // A file where the folder should be: mkdir fails for every user, root included.
    const blocker = path.join(work, 'not-a-folder');
    writeFileSync(blocker, '');
    const r = await oneCall(env({ XDG_CACHE_HOME: blocker }));
    expect(r).toMatchObject(await uncached());
    expect(r.stderr).toBe('');
    if (process.platform !== 'win32' && process.getuid?.() !== 0) {
      const { home, dir } = freshCacheHome();
      mkdirSync(dir, { mode: 0o500 });
      const ro = await oneCall(env({ XDG_CACHE_HOME: home }));
      expect(ro).toMatchObject(await uncached());
      expect(readdirSync(dir)).toEqual([]);
    }
  }, 60_000);

  it('is off with ONETRANS_CODE_CACHE=0 or "codeCache": false in OneTrans.json (a known key; a misspelt one is reported)', async () => {
    const { home, dir } = freshCacheHome();
    expect(await oneCall(env({ XDG_CACHE_HOME: home, ONETRANS_CODE_CACHE: 'off' }))).toMatchObject(await uncached());
    const config = path.join(work, 'no-cache.json');
    writeFileSync(config, JSON.stringify({ logLevel: 'off', codeCache: false }));
    expect(await oneCall(env({ XDG_CACHE_HOME: home, ONETRANS_CONFIG: config }))).toMatchObject(await uncached());
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(dir)).toBe(false);

    const libDir = mkdtempSync(path.join(work, 'cfg-'));
    writeFileSync(path.join(libDir, 'OneTrans.json'), JSON.stringify({ codeCache: false }));
    expect(loadConfig({ libDir, env: {} }).problems).toEqual([]);
    writeFileSync(path.join(libDir, 'OneTrans.json'), JSON.stringify({ codeCahce: false, codeCache: 'no' }));
    const problems = loadConfig({ libDir, env: {} }).problems.join('\n');
    expect(problems).toMatch(/codeCahce.*codeCache/);
    expect(problems).toMatch(/codeCache must be true or false/);
  }, 60_000);
});
