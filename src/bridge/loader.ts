/**
 * onetrans-bridge.cjs: the entry the native library starts (`node onetrans-bridge.cjs --lib-dir
 * <dir>`). It compiles the runtime itself, onetrans-bridge-body.cjs beside it (src/bridge/main.ts,
 * wrapped in a function by tsup.config.ts), with a V8 code cache when one is there, and writes
 * that cache once the first call has been answered: the functions a call runs are then compiled
 * already, so a later runtime's first call skips most of its compile work (issue 25).
 *
 * The cache is an optimisation and nothing more: a missing, stale, rejected, truncated or
 * unreadable cache, or a folder that cannot be written, gives a normal cold start, never an error.
 * It lives in the user's own cache folder (owner-only), never beside the library: an install
 * folder may be read-only or shared by every session of a terminal server.
 * Off with ONETRANS_CODE_CACHE=0 or "codeCache": false in OneTrans.json.
 *
 * Only node's built-in modules here, and as few as possible: this file runs before every call.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import path from 'node:path';
import { Script } from 'node:vm';

/** What the body's wrapper receives as its last argument (declared in src/bridge/main.ts). */
export interface LoaderHooks {
  /** Called once, after the first call's answer was handed to the OS. */
  afterFirstReply(): void;
}

type BodyFunction = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string, hooks: LoaderHooks) => void;

export const BODY_FILE = 'onetrans-bridge-body.cjs';
/** A cache larger than this is not a cache this bundle wrote (the real one is ~2 MB). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Other versions' caches untouched this long are removed when a cache is written. */
const STALE_MS = 30 * 24 * 3600 * 1000;

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/**
 * Whether the cache is on: ONETRANS_CODE_CACHE=0/off/false turns it off, else "codeCache": false
 * in OneTrans.json (ONETRANS_CONFIG, else beside the library: the file src/mobiletrans/config.ts
 * reads, which also reports a misspelt key or a wrong value; a file that does not parse is
 * reported there too and leaves the cache on).
 */
export function codeCacheEnabled(env: NodeJS.ProcessEnv, libDir: string | undefined): boolean {
  const flag = env.ONETRANS_CODE_CACHE;
  if (flag !== undefined && /^(0|off|false|no)$/i.test(flag.trim())) return false;
  const base = path.resolve(libDir ?? process.cwd());
  const file = env.ONETRANS_CONFIG ? path.resolve(base, env.ONETRANS_CONFIG) : path.join(base, 'OneTrans.json');
  try {
    const text = readFileSync(file, 'utf8');
    // Cheap test first: most files do not mention the key, and JSON.parse of a large file is not free.
    if (!text.includes('"codeCache"')) return true;
    const json = JSON.parse(text.replace(/^\uFEFF/, '')) as { codeCache?: unknown };
    return json.codeCache !== false;
  } catch {
    return true;
  }
}

/** The per-user cache folder: %LOCALAPPDATA%\onetrans, $XDG_CACHE_HOME/onetrans or ~/.cache/onetrans; none without them. */
export function cacheDir(env: NodeJS.ProcessEnv, platform = process.platform): string | undefined {
  if (platform === 'win32') return env.LOCALAPPDATA && path.win32.isAbsolute(env.LOCALAPPDATA) ? path.win32.join(env.LOCALAPPDATA, 'onetrans') : undefined;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'onetrans');
  if (env.HOME && path.isAbsolute(env.HOME)) return path.join(env.HOME, '.cache', 'onetrans');
  return undefined;
}

/**
 * The cache file's name: the bundle's own hash (V8 itself checks only the source's length, so a
 * stale cache of a same-sized bundle would be taken), node's version, the CPU and the flags
 * node runs with (V8 rejects a cache made under other flags: two sites' settings would keep
 * overwriting one file).
 */
export function cacheName(body: Buffer, version: string, arch: string, flags: string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const key = createHash('sha256').update(`${bodyHash}\0${version}\0${arch}\0${flags}`).digest('hex');
  return `bridge-${key.slice(0, 32)}.v8cache`;
}

/**
 * The cache's bytes, or undefined: missing, too large, or (POSIX) not the user's own file or
 * writable by others — a code cache is code, it is taken only from where only the user writes.
 */
export function readCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (!st.isFile() || st.size === 0 || st.size > MAX_CACHE_BYTES) return undefined;
    if (process.platform !== 'win32' && ((typeof process.getuid === 'function' && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0)) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) return undefined; // shrank while read
      got += n;
    }
    return buf;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes the cache atomically (a temp file renamed over the name: a reader sees all or nothing), owner-only. */
export function writeCache(dir: string, name: string, data: Buffer): boolean {
  let tmp: string | undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    tmp = path.join(dir, `${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path.join(dir, name));
    tmp = undefined;
    pruneStale(dir, name);
    return true;
  } catch {
    return false;
  } finally {
    if (tmp) {
      try {
        unlinkSync(tmp);
      } catch {
        // never written
      }
    }
  }
}

/** Removes other bundles' caches (older versions) and temp files nobody touched for a month. */
function pruneStale(dir: string, keep: string): void {
  const now = Date.now();
  for (const f of readdirSync(dir)) {
    if (f === keep || !/^bridge-[0-9a-f]{32}\.v8cache(\.\d+\.[0-9a-f]{8}\.tmp)?$/.test(f)) continue;
    try {
      if (now - statSync(path.join(dir, f)).mtimeMs > STALE_MS) unlinkSync(path.join(dir, f));
    } catch {
      // another runtime removed it first
    }
  }
}

/** Compiles and runs the body (with the cache when there is a usable one); writes the cache after the first reply when there was none. */
export function load(opts: { dir: string; argv: string[]; env: NodeJS.ProcessEnv; require: NodeJS.Require }): void {
  const bodyPath = path.join(opts.dir, BODY_FILE);
  const bytes = readFileSync(bodyPath);
  // The bundle is ASCII (tsup.config.ts): as latin1 it becomes a one-byte string at once.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const enabled = codeCacheEnabled(opts.env, argValue(opts.argv, '--lib-dir'));
  const dir = enabled ? cacheDir(opts.env) : undefined;
  const flags = `${process.execArgv.join(' ')}\0${opts.env.NODE_OPTIONS ?? ''}`;
  const name = dir ? cacheName(bytes, process.version, process.arch, flags) : undefined;
  const cachedData = dir && name ? readCache(path.join(dir, name)) : undefined;
  const script = new Script(source, { filename: bodyPath, cachedData });
  const wanted = dir !== undefined && name !== undefined && (cachedData === undefined || script.cachedDataRejected === true);
  let done = false;
  const hooks: LoaderHooks = {
    afterFirstReply() {
      if (done || !wanted) return;
      done = true;
      // After the answer is out: the caller does not wait for the serialisation.
      setImmediate(() => {
        try {
          writeCache(dir!, name!, script.createCachedData());
        } catch {
          // no cache this time: the next runtime starts cold and tries again
        }
      });
    },
  };
  const body = script.runInThisContext() as BodyFunction;
  const module = { exports: {} };
  body.call(module.exports, module.exports, opts.require, module, bodyPath, opts.dir, hooks);
}
