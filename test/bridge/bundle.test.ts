/**
 * The shipped bridge bundle, built with the package's own tsup configuration: what every HIS
 * process loads behind the library (onetrans-bridge.cjs, a loader, and the runtime it compiles,
 * onetrans-bridge-body.cjs). ASCII only (V8 keeps a one-byte source string, not a
 * two-byte one of twice the size), and node:http2 is not loaded when the runtime starts
 * (undici's HTTP/2 support is there, loaded on first use); sm-crypto is reached only through
 * src/bridge/sm-crypto-lazy.cjs (loaded on first use; test/bridge/sm-crypto-lazy.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import configs from '../../tsup.config.js';

let dir: string;
/** The entry node runs (a small loader, src/bridge/loader.ts) and the runtime it compiles. */
let bundle: string;
let body: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onetrans-bundle-'));
  const bridge = (configs as Options[]).find((c) => typeof c.entry === 'object' && !Array.isArray(c.entry) && 'onetrans-bridge' in c.entry);
  if (!bridge) throw new Error('tsup.config.ts has no onetrans-bridge entry');
  await build({ ...bridge, config: false, outDir: dir, silent: true, dts: false });
  bundle = path.join(dir, 'onetrans-bridge.cjs');
  body = path.join(dir, 'onetrans-bridge-body.cjs');
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the bridge bundle as shipped', () => {
  it('is ASCII only, Chinese messages kept as escapes', () => {
    for (const f of [bundle, body]) {
      const t = readFileSync(f, 'latin1');
      const first = t.search(/[^\x00-\x7f]/);
      expect(first, `${path.basename(f)}: non-ASCII byte near: ${t.slice(Math.max(0, first - 40), first + 10)}`).toBe(-1);
    }
    const text = readFileSync(body, 'latin1');
    // The bilingual texts are still there, as \u escapes that evaluate to the same strings.
    expect(text).toMatch(/\\u672a\\u77e5\\u9519\\u8bef/i); // 未知错误
  });

  it('starts without loading node:http2, and carries undici’s HTTP/2 support for first use', () => {
    const preload = path.join(dir, 'modules.cjs');
    const list = path.join(dir, 'modules.txt');
    writeFileSync(
      preload,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`,
    );
    // stdin closed at once: the runtime says hello, finds no frames and exits.
    const r = spawnSync(process.execPath, ['-r', preload, bundle], { input: '', encoding: 'latin1', timeout: 30_000 });
    expect(r.stdout).toContain('"version"');
    const loaded = readFileSync(list, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule net'); // the runtime's HTTP/1.1 client is there
    expect(loaded.filter((m) => /^NativeModule (http2|internal\/http2\/)/.test(m))).toEqual([]);
    // Nor what a call does not need: undici's assert and zlib (src/bridge/assert-lazy.cjs,
    // zlib-lazy.cjs) and the trade-file download's fs/promises (loaded by getTradeFile + saveDir).
    expect(loaded.filter((m) => /^NativeModule (assert|zlib|fs\/promises|internal\/readline\/)/.test(m))).toEqual([]);
    // undici speaks HTTP over node:net: node:http itself is not loaded either.
    expect(loaded).not.toContain('NativeModule http');
    expect(readFileSync(body, 'latin1')).toContain('undici/lib/dispatcher/client-h2.js');
  });

  it('undici’s assert stand-in passes what holds and throws node’s AssertionError for what does not', () => {
    const load = createRequire(import.meta.url);
    const assert = load('../../src/bridge/assert-lazy.cjs') as (v: unknown, m?: string) => void;
    expect(() => assert(1, 'fine')).not.toThrow();
    expect(() => assert(0, 'invariant broken')).toThrow(expect.objectContaining({ name: 'AssertionError', message: 'invariant broken' }));
    const zlib = load('../../src/bridge/zlib-lazy.cjs') as typeof import('node:zlib');
    expect(zlib.inflateSync(zlib.deflateSync(Buffer.from('ok'))).toString()).toBe('ok');
    expect(typeof zlib.constants.Z_SYNC_FLUSH).toBe('number');
  });

  it('undici’s Client gets node’s own default header limit without node:http loaded, flags included', () => {
    const lazy = path.resolve('src/bridge/http-lazy.cjs');
    const probe = `const v = require(${JSON.stringify(lazy)}).maxHeaderSize; const loaded = process.moduleLoadList.includes('NativeModule http'); console.log(JSON.stringify([v, loaded, require('node:http').maxHeaderSize]))`;
    for (const [args, env] of [[[], {}], [['--max-http-header-size=32768'], {}], [[], { NODE_OPTIONS: '--max-http-header-size=4096' }]] as const) {
      const r = spawnSync(process.execPath, [...args, '-e', probe], { encoding: 'utf8', env: { ...process.env, ...env } });
      const [lazyValue, loadedFirst, real] = JSON.parse(r.stdout) as [number, boolean, number];
      expect(loadedFirst).toBe(false);
      expect(lazyValue).toBe(real);
    }
  });

  it('takes sm-crypto through the loader that loads it on first use', () => {
    const text = readFileSync(body, 'latin1');
    expect(text).toContain('src/bridge/sm-crypto-lazy.cjs');
    // every module that imports sm-crypto gets the loader, none the package itself
    const imports = [...text.matchAll(/__toESM\((require_\w+)\(\)/g)].map((m) => m[1]).filter((n) => /sm_crypto/.test(n!));
    expect(imports.length).toBeGreaterThan(0);
    expect(new Set(imports)).toEqual(new Set(['require_sm_crypto_lazy']));
  });
});
