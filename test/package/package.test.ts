// The package as a consumer gets it: `npm pack`, then `npm install <tarball> --ignore-scripts`
// into a fresh project (dependencies from the local npm cache), and there the CLI, an ESM and a
// CommonJS consumer, `tsc --strict` on a typed consumer, a native build from the shipped
// sources, and every runnable example of the READMEs and docs.
//
// How to make a README/docs example run here: give its fence the info string `ts runnable`,
// `js runnable` or `sh runnable` (```ts runnable). Each such block runs on its own, in the
// consumer project (a CommonJS one, as `npm init -y` makes), against a fresh simulator: the text
// http://127.0.0.1:8080 is replaced by the simulator's address; `ts` blocks are type-checked with
// `tsc --strict` (with the typed consumers), then run as ESM (top-level await works); `js` blocks
// run as CommonJS (a .cjs file); `sh` blocks run under `bash -euo pipefail`
// (`npx --no-install onetrans` is the installed CLI).
// A block passes when it exits 0 with nothing on stderr. Unmarked blocks are not run: mark
// only what a reader can paste as is (a long-running `onetrans portal` is not).
//
// Needs dist/ (npm install builds it; `npm run build:ts` refreshes it).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { CONSUMER_CJS, CONSUMER_ESM, TYPED_CTS, TYPED_MTS } from './consumers.js';

const ROOT = join(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const SIM_URL = 'http://127.0.0.1:8080';

/** Shipped files that must exist before packing, and must not be older than the sources. */
const BUILT = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.js', 'dist/onetrans-bridge.cjs', 'dist/onetrans-bridge-body.cjs'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The environment for npm and the consumers: no npm_* settings inherited from an `npm test`. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_(lifecycle|package|config_(?!cache|registry|userconfig))/i.test(k)) env[k] = v;
  return { ...env, NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

function run(cmd: string, args: string[], cwd: string, opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, input: opts.input, env: childEnv(opts.env) });
}

/** stderr minus npm's own chatter (warnings about the environment are not the example's). */
function realStderr(s: string): string {
  return s
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^npm (warn|notice)\b/i.test(l))
    .join('\n');
}

let work: string;
let consumer: string;
let tarballFiles: string[];

beforeAll(async () => {
  const missing = BUILT.filter((f) => !existsSync(join(ROOT, f)));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: run \`npm run build:ts\` first`);
  const oldest = Math.min(...BUILT.map((f) => statSync(join(ROOT, f)).mtimeMs));
  if (oldest < Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'examples')))) throw new Error('dist/ is older than src/ or examples/: run `npm run build:ts` first');

  work = mkdtempSync(join(tmpdir(), 'onetrans-pkg-'));
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', env: childEnv(), timeout: 120_000 });
  const info = JSON.parse(packed.slice(packed.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarballFiles = info[0]!.files.map((f) => f.path);

  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'onetrans-consumer', version: '1.0.0', private: true, type: 'commonjs' }));
  const inst = run('npm', ['install', join(work, info[0]!.filename), '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], consumer);
  if (inst.status !== 0) throw new Error(`npm install of the tarball failed:\n${inst.stderr}`);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the built library, CLI, types, bridge, native sources and docs, and nothing else', () => {
    for (const f of [
      'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.js', 'dist/onetrans-bridge.cjs', 'dist/onetrans-bridge-body.cjs',
      'bin/onetrans.js', 'LICENSE', 'CHANGELOG.md', 'README.md', 'README.zh-CN.md', 'CMakeLists.txt', 'include/onetrans.h',
      'native/onetrans.c', 'docs/troubleshooting.md', 'package.json',
      // CMakeLists.txt builds these too: without them `cmake -S node_modules/onetrans` cannot configure.
      'examples/c/mobiletrans-demo.c', 'examples/c/mobiletrans-stress.c',
    ]) {
      expect(tarballFiles, f).toContain(f);
    }
    const unwanted = tarballFiles.filter((f) => /^(src|test|\.ci|bench|scripts|node_modules|build)\/|\.zip$|\.tgz$|^dist\/(windows|bench|examples)|\.map$/.test(f));
    expect(unwanted).toEqual([]);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});

describe('installed from the tarball (--ignore-scripts)', { timeout: 120_000 }, () => {
  // A fresh simulator per test: examples that send the same request within one second would
  // otherwise meet its replay protection (010010) and fail by timing.
  let portal: PortalHandle;
  beforeEach(async () => {
    portal = await startPortal({ refundDelayMs: 0 });
  });
  afterEach(() => portal?.close());

  it('`npx onetrans --help` works', () => {
    const r = run('npx', ['--no-install', 'onetrans', '--help'], consumer);
    expect(r.stderr).not.toMatch(/missing|Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('用法 / Usage: onetrans');
    expect(r.stdout).toMatch(/call \[options\] <api>/);
  });

  it('an ESM consumer (import) calls the simulator', async () => {
    writeFileSync(join(consumer, 'esm.mjs'), CONSUMER_ESM);
    const r = await runAsync(process.execPath, ['esm.mjs', portal.url], consumer);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ push: { response: 'SUCCESS' }, wrapper: { success: true, respCode: '000000' }, csv: expect.stringMatching(/\.csv$/) });
  });

  it('a CommonJS consumer (require) calls the simulator', async () => {
    writeFileSync(join(consumer, 'cjs.cjs'), CONSUMER_CJS);
    const r = await runAsync(process.execPath, ['cjs.cjs', portal.url], consumer);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ push: { response: 'SUCCESS' }, status: '000000', esmAndCjsAreSeparate: true });
  });

  it('`tsc --strict` type-checks typed ESM and CommonJS consumers and every runnable ts example, and rejects wrong calls', async () => {
    writeFileSync(join(consumer, 'typed.mts'), TYPED_MTS);
    writeFileSync(join(consumer, 'typed.cts'), TYPED_CTS);
    const examples = BLOCKS.filter((b) => b.lang === 'ts').map((b) => {
      const f = `readme-${blockName(b)}.mts`;
      writeFileSync(join(consumer, f), b.code);
      return f;
    });
    // The same calls with the mistakes the @ts-expect-error lines expect, uncommented: tsc must refuse them.
    writeFileSync(join(consumer, 'wrong.mts'), TYPED_MTS.replace(/\/\/ @ts-expect-error.*\n/g, ''));
    const [good, wrong] = await Promise.all([
      runAsync(process.execPath, [TSC, ...tscFlags(), 'typed.mts', 'typed.cts', ...examples], consumer),
      runAsync(process.execPath, [TSC, ...tscFlags(), 'wrong.mts'], consumer),
    ]);
    expect(good.stdout + good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong\.mts\(\d+,\d+\): error TS2345/);
  }, 180_000);

  it.skipIf(!onPath('cmake') || !onPath('cc'))('builds libOneTrans.so from the shipped native sources with plain cmake', () => {
    const src = join(consumer, 'node_modules/onetrans');
    const out = join(work, 'native-build');
    const conf = run('cmake', ['-S', src, '-B', out, '-DCMAKE_BUILD_TYPE=Release'], consumer);
    expect(conf.status, conf.stderr).toBe(0);
    const build = run('cmake', ['--build', out, '--parallel', '2'], consumer);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(existsSync(join(out, 'Release/libOneTrans.so'))).toBe(true);
    expect(existsSync(join(out, 'Release/onetrans-bridge.cjs'))).toBe(true);
    expect(existsSync(join(out, 'Release/onetrans-bridge-body.cjs'))).toBe(true);
  }, 180_000);
});

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, name)));
}

/** tsc for a consumer: strict, Node's module rules, @types/node from this repository, lib checks on. */
function tscFlags(): string[] {
  return [
    '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
    '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), '--skipLibCheck', 'false', '--pretty', 'false',
  ];
}

// ---- the READMEs' and docs' runnable examples ------------------------------------------------

interface Block {
  file: string;
  line: number;
  lang: 'ts' | 'js' | 'sh';
  code: string;
}

function markdownFiles(): string[] {
  const out = readdirSync(ROOT).filter((f) => /^README.*\.md$/i.test(f)).map((f) => join(ROOT, f));
  const walk = (dir: string, pick: (name: string) => boolean) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, pick);
      else if (pick(e.name)) out.push(p);
    }
  };
  walk(join(ROOT, 'docs'), (n) => n.endsWith('.md'));
  walk(join(ROOT, 'examples'), (n) => n.endsWith('.md'));
  walk(join(ROOT, 'src'), (n) => /^README.*\.md$/i.test(n));
  return out;
}

/**
 * Fenced blocks (``` or ~~~, up to three spaces of indent, CommonMark's rule that the closing
 * fence is at least as long) whose info string has the word `runnable`.
 */
export function runnableBlocks(file: string): Block[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const words = open[2]!.trim().split(/\s+/);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]!);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      body.push(lines[j]!);
    }
    const lang = words[0]?.toLowerCase();
    if (words.includes('runnable')) {
      const kind =
        lang === 'ts' || lang === 'typescript' ? 'ts'
        : lang === 'js' || lang === 'javascript' || lang === 'cjs' ? 'js'
        : lang === 'sh' || lang === 'bash' || lang === 'shell' ? 'sh'
        : undefined;
      if (!kind) throw new Error(`${relative(ROOT, file)}:${i + 1}: a runnable block must be ts, js or sh, not ${lang}`);
      blocks.push({ file: relative(ROOT, file), line: i + 1, lang: kind, code: body.join('\n') + '\n' });
    }
    i = j;
  }
  return blocks;
}

const BLOCKS = markdownFiles().flatMap(runnableBlocks);
const blockName = (b: Block) => `${b.file}:${b.line}`.replace(/[^\w.-]+/g, '_');

describe('runnable examples of the READMEs and docs', { timeout: 120_000 }, () => {
  // A fresh simulator per test: examples that send the same request within one second would
  // otherwise meet its replay protection (010010) and fail by timing.
  let portal: PortalHandle;
  beforeEach(async () => {
    portal = await startPortal({ refundDelayMs: 0 });
  });
  afterEach(() => portal?.close());

  it('the READMEs have runnable TypeScript and shell examples', () => {
    for (const f of ['README.md', 'README.zh-CN.md']) {
      const langs = BLOCKS.filter((b) => b.file === f).map((b) => b.lang);
      expect(langs, f).toContain('ts');
      expect(langs, f).toContain('sh');
    }
  });

  for (const b of BLOCKS) {
    it(`${b.file}:${b.line} (${b.lang}) runs as printed`, async () => {
      const code = b.code.split(SIM_URL).join(portal.url);
      let r: { status: number | null; stdout: string; stderr: string };
      if (b.lang === 'ts') {
        const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
        const f = `run-${blockName(b)}.mjs`;
        writeFileSync(join(consumer, f), js);
        r = await runAsync(process.execPath, [f], consumer);
      } else if (b.lang === 'js') {
        const f = `run-${blockName(b)}.cjs`;
        writeFileSync(join(consumer, f), code);
        r = await runAsync(process.execPath, [f], consumer);
      } else {
        r = await runAsync('bash', ['-euo', 'pipefail', '-c', code], consumer);
      }
      expect(realStderr(r.stderr), `${b.file}:${b.line} stderr`).toBe('');
      expect(r.status, `${b.file}:${b.line} exit code; stdout:\n${r.stdout}`).toBe(0);
    }, 90_000);
  }
});

/** Like run(), but without blocking the event loop: the simulator lives in this process. */
function runAsync(cmd: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
