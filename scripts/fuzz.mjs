#!/usr/bin/env node
/**
 * The fuzz harness for the native library (issue 7 "Keep it found"): native/fuzz/ (built by
 * CMake as onetrans-fuzz) feeds generated inputs of every class to MobileTrans/MobileTransEx,
 * the real runtime bundle behind them, the portal simulator behind that, and checks every
 * answer; every 11th case goes to a misbehaving portal this script serves (unknown codes,
 * codes as numbers, no JSON, HTTP errors, a reset…). It also checks the runtime's daily log for
 * the same secrets and for the request's names (the misbehaving portal quotes them all back).
 *
 *   npm run fuzz                          20,000 cases
 *   npm run fuzz -- --count 100000        the long run
 *   npm run fuzz -- --asan                first builds the library and the harness with
 *                                         AddressSanitizer + UBSan (build/asan), then runs
 *   options: --seed S (default 1: the same cases every run) --threads T (4) --first I
 *            --verbose (one line per case) --build DIR (the library's folder, default build/Release)
 * Exit status 1 when anything was found (FINDING lines say what, with the case to replay:
 * --first <case> --count 1).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Never to be found in an answer or the log (native/fuzz/fuzz-gen.c FZ_SECRETS). */
const SECRETS = ['St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', '460029196507081627', '13907551234'];
/** The request's names (native/fuzz/fuzz-gen.c FZ_NAMES): never whole in an answer or the log. */
const NAMES = ['周大鹏', '周小鹏'];

function parseArgs(argv) {
  const o = { count: 20000, seed: 1, threads: 4, first: 0, asan: false, verbose: false, build: path.join(ROOT, 'build/Release') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--asan') o.asan = true;
    else if (a === '--verbose') o.verbose = true;
    else if (['--count', '--seed', '--threads', '--first'].includes(a)) o[a.slice(2)] = Number(argv[++i]);
    else if (a === '--build') o.build = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${a} (see the comment at the top of scripts/fuzz.mjs)`);
  }
  for (const k of ['count', 'seed', 'threads', 'first']) if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`--${k} must be a whole number`);
  return o;
}

const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });

/** The library, its runtime bundle and the harness, built as needed. */
function build(o) {
  if (!existsSync(path.join(ROOT, 'dist/index.js')) || !existsSync(path.join(ROOT, 'dist/onetrans-bridge.cjs')) || !existsSync(path.join(ROOT, 'dist/onetrans-bridge-body.cjs'))) run('npm', ['run', 'build:ts']);
  if (o.asan) {
    const dir = path.join(ROOT, 'build/asan');
    run('cmake', ['-S', ROOT, '-B', dir, '-DONETRANS_SANITIZE=address,undefined', '-DCMAKE_BUILD_TYPE=RelWithDebInfo']);
    run('cmake', ['--build', dir, '--target', 'OneTrans', 'onetrans-fuzz', 'onetrans_bridge', '--parallel', '2']);
    return path.join(dir, 'Release');
  }
  if (!existsSync(path.join(o.build, 'onetrans-fuzz'))) run('npm', ['run', 'build:native']);
  return o.build;
}

/** A fresh install folder (library + runtime + OneTrans.json with the log on), as a HIS has. */
function stage(buildDir) {
  const dir = mkdtempSync(path.join(tmpdir(), 'onetrans-fuzz-'));
  for (const f of ['libOneTrans.so', 'onetrans-bridge.cjs', 'onetrans-bridge-body.cjs']) cpSync(path.join(buildDir, f), path.join(dir, f));
  writeFileSync(path.join(dir, 'OneTrans.json'), JSON.stringify({ logLevel: 'info', connectTimeoutMs: 2000, readTimeoutMs: 5000 }));
  return dir;
}

/** Lines of the runtime's log that hold 8 bytes or more of a secret. */
function logEchoes(dir) {
  const logs = path.join(dir, 'logs');
  if (!existsSync(logs)) return [];
  const bad = [];
  for (const f of readdirSync(logs)) {
    for (const line of readFileSync(path.join(logs, f), 'utf8').split('\n')) {
      if (SECRETS.some((s) => [...Array(s.length - 7).keys()].some((i) => line.includes(s.slice(i, i + 8)))) || NAMES.some((n) => line.includes(n))) bad.push(line);
    }
  }
  return bad;
}

/** What a misbehaving portal answers, in turn: unknown codes, codes as numbers, no JSON,
 * HTTP errors, a success that does not verify, a reset connection. */
const ROGUE = [
  [200, { code: 'ZZ9999', message: '未知' }],
  [200, { code: '000001', message: '请求应用非法' }],
  [200, { code: 0 }],
  [200, '<html>oops</html>'],
  [500, 'error'],
  [503, ''],
  [200, { code: '000000', message: '成功', encData: 'ZZ', signData: '00' }],
  [200, { code: -3, message: '应用级错误' }],
  [200, { code: '010010', message: '重放' }],
  [200, { code: '444444' }],
  [200, { code: null }],
  [200, []],
  [200, { code: '000105', message: 'x'.repeat(100_000) }],
  // The portal quoting the request's names and echoing the appKey, the ID and the phone in its
  // message (issue 18 §3): masked in the answer and in the log.
  [200, { code: '000105', message: `患者${NAMES[0]} 医生${NAMES[1]} key=${SECRETS[0]} 证件${SECRETS[1]} 电话${SECRETS[2]}` }],
  [500, `患者${NAMES[0]} appKey=${SECRETS[0]}`],
  ['reset'],
];

async function startRogue() {
  const { createServer } = await import('node:http');
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const [status, body] = ROGUE[n++ % ROGUE.length];
      if (status === 'reset') return req.socket.destroy();
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const buildDir = build(o);
  const { startPortal } = await import(path.join(ROOT, 'dist/index.js'));
  const portal = await startPortal({ host: '127.0.0.1', port: 0 });
  const rogue = await startRogue();
  const dir = stage(buildDir);
  const args = [path.join(dir, 'libOneTrans.so'), '--server', portal.url, '--rogue', rogue.url, '--count', String(o.count), '--seed', String(o.seed), '--threads', String(o.threads), '--first', String(o.first)];
  if (o.verbose) args.push('--verbose');
  const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' };
  const started = Date.now();
  const status = await new Promise((resolve) => {
    const child = spawn(path.join(buildDir, 'onetrans-fuzz'), args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  await portal.close();
  await rogue.close();
  const echoes = logEchoes(dir);
  for (const line of echoes.slice(0, 10)) console.log(`FINDING log-echo ${line.slice(0, 300)}`);
  console.log(`LOG-ECHO ${echoes.length}`);
  console.log(`TOOK ${((Date.now() - started) / 1000).toFixed(1)} s${o.asan ? ' (AddressSanitizer + UBSan)' : ''}`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(status === 0 && echoes.length === 0 ? 0 : status > 1 ? status : 1);
}

main().catch((e) => {
  console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
