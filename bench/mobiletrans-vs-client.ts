/**
 * Issue targets for the drop-in library, against one portal simulator running in its own
 * process (so neither side's event loop serves the portal):
 *   - per-call overhead of MobileTrans over a direct AmpClient call (median and p99);
 *   - throughput with 1, 4 and 8 calling threads, as a share of the direct client's with the
 *     same number of calls in flight.
 * koffi's .async() runs each call on a libuv worker thread, so "threads" = calls in flight;
 * bench/index.ts sets UV_THREADPOOL_SIZE before anything uses the pool.
 * The simulator keeps every message it receives, so it slows down as a run goes on (measured:
 * from ~5000 to ~1900 calls/s over 32 000 direct pushMsg calls). Throughput is therefore taken
 * in alternating rounds (direct, library, library, direct, …) so both sides meet the same
 * simulator; measuring one side after the other would charge the second with the slowdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import { AmpClient } from '../src/client/index.js';
import { cstTimestamp } from '../src/core/time.js';
import { summarise, type Result } from './measure.js';

const APP = { appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', orgId: 'H46010000000' };

export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

let seq = 0;
export function business(): Record<string, unknown> {
  return {
    hisCustType: '01', hisCustId: '532494', phone: '13800000000', appType: '01', medOrgOrd: `B${process.pid}${++seq}`,
    orderStatus: 'MERCHANT_WAIT_PAY', orgCode: 'H46040100001', patientName: '周大鹏', idType: '02',
    idNo: '460029196507081627', pushType: 'HOSPITAL_PAYMENT', amount: '10.00', deptName: '总院牙体牙髓科',
    deptCode: 'BM00100', drName: '周小鹏', drNo: 'D460106007245', createTime: '2022-05-09 08:32:51',
  };
}

export async function startSimulator(root: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'portal', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('simulator did not start')), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
  });
  child.stdout!.resume();
  return { url, child };
}

/**
 * CPU time in microseconds of every thread of process `pid` so far (Linux: /proc schedstat, ns
 * resolution), NaN where it cannot be read.
 */
function processCpuUs(pid: number): number {
  try {
    let ns = 0;
    for (const t of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1000;
  } catch {
    return NaN;
  }
}

/** The runtime of the library in `dir`: this process's child running its onetrans-bridge.cjs (Linux), else 0. */
function runtimePid(dir: string): number {
  const script = path.join(realpathSync(dir), 'onetrans-bridge.cjs');
  try {
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === process.pid && readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').includes(script)) return Number(p);
      } catch {
        // gone while listed
      }
    }
  } catch {
    // no /proc
  }
  return 0;
}

const ownCpuUs = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

/**
 * CPU time of this process's main thread (Linux), else of the whole process: a blocking
 * MobileTrans call runs on the calling thread, while V8's helper threads keep working for the
 * bench's own garbage.
 */
const mainThreadCpuUs = (): number => {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
  } catch {
    return ownCpuUs();
  }
};

/** Seconds to make `total` calls with `inFlight` of them in flight at any time. */
async function timeCalls(inFlight: number, total: number, call: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < total) await call();
    }),
  );
  return (performance.now() - t0) / 1000;
}

/** Calls per second of a and b (each: seconds to make n calls), in alternating rounds (a b b a a b …). */
async function throughputPair(rounds: number, perRound: number, a: (n: number) => Promise<number>, b: (n: number) => Promise<number>): Promise<[number, number]> {
  let sa = 0;
  let sb = 0;
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      sa += await a(perRound);
      sb += await b(perRound);
    } else {
      sb += await b(perRound);
      sa += await a(perRound);
    }
  }
  return [(rounds * perRound) / sa, (rounds * perRound) / sb];
}

/**
 * k real threads (worker_threads), each making blocking MobileTransEx calls on the same loaded
 * library, as a multi-threaded HIS does: no libuv pool hand-off and completion wake-up per call,
 * which koffi's .async() adds on the host side.
 */
function callingThreads(k: number, libFile: string, data: Record<string, unknown>, orgId: string, tag = '') {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const koffi = require(workerData.koffi);
    const mt = koffi.load(workerData.libFile).func('const char *MobileTransEx(const char *pInData, uint8_t *pOutData, int outSize)');
    const counter = new Int32Array(workerData.counter);
    const out = Buffer.alloc(8192);
    let seq = 0;
    const cst = () => { const iso = new Date(Date.now() + 8 * 3600e3).toISOString(); return iso.slice(0, 10) + ' ' + iso.slice(11, 19); };
    parentPort.on('message', (total) => {
      let failed = null;
      while (Atomics.add(counter, 0, 1) < total) {
        const input = JSON.stringify({ data: { ...workerData.data, timestamp: cst(), medOrgOrd: 'T' + process.pid + workerData.tag + '-' + workerData.id + '-' + ++seq }, orgId: workerData.orgId });
        const r = mt(input, out, out.length);
        if (r !== '000000') { failed = 'MobileTrans returned ' + r + ': ' + out.toString('utf8', 0, out.indexOf(0)); break; }
      }
      parentPort.postMessage(failed);
    });`;
  const koffiPath = createRequire(import.meta.url).resolve('koffi');
  const workers = Array.from({ length: k }, (_, id) => new Worker(code, { eval: true, workerData: { koffi: koffiPath, libFile, counter: counter.buffer, data, orgId, id, tag } }));
  return {
    /** Seconds for the k threads to make n calls between them. */
    async time(n: number): Promise<number> {
      Atomics.store(counter, 0, 0);
      const t0 = performance.now();
      const results = await Promise.all(workers.map((w) => new Promise<string | null>((resolve) => { w.once('message', resolve); w.postMessage(n); })));
      const failed = results.find((r) => r !== null);
      if (failed) throw new Error(failed);
      return (performance.now() - t0) / 1000;
    },
    close: () => Promise.all(workers.map((w) => w.terminate())),
  };
}

/**
 * `ONETRANS_BENCH_COMPARE_DIR`: another build's folder (library + bundle, e.g. main's
 * build/Release copied aside) measured in the same run, interleaved with this one — the
 * before/after of a change on the same machine load.
 */
export async function benchMobileTransVsClient(n = 1500): Promise<{ latency: Result[]; lines: string[] }> {
  const root = repoRoot();
  // ONETRANS_BENCH_DIR: another build's folder (library + bundle), to compare builds.
  const libDir = process.env.ONETRANS_BENCH_DIR || path.join(root, 'build/Release');
  const compareDir = process.env.ONETRANS_BENCH_COMPARE_DIR;
  const builds = [{ label: 'MobileTrans', dir: libDir }, ...(compareDir ? [{ label: 'MobileTrans, compared build', dir: compareDir }] : [])];
  for (const b of builds) if (!existsSync(path.join(b.dir, 'libOneTrans.so'))) throw new Error(`${path.join(b.dir, 'libOneTrans.so')} is missing: run npm run build`);
  const sim = await startSimulator(root);
  const client = new AmpClient({ url: `${sim.url}/api/amp/hos`, ...APP });
  // Two copies of the library in one process are independent (each exports only its three
  // functions and starts its own runtime).
  const mts = builds.map((b) => koffi.load(path.join(b.dir, 'libOneTrans.so')).func('const char *MobileTransEx(const char *pInData, uint8_t *pOutData, int outSize)'));
  const mt = mts[0]!;
  const dllData = () => ({ serverAddr: `${sim.url}/api/amp/hos/pushMsg`, appId: APP.appId, appKey: APP.appSecret, encryptType: 'SM4', signType: 'SM3', timestamp: cstTimestamp(), version: '1.0.0', ...business() });
  const dllInput = () => JSON.stringify({ data: dllData(), orgId: APP.orgId });
  const asyncVia = (f: typeof mt) => () =>
    new Promise<string>((resolve, reject) => {
      const out = Buffer.alloc(8192);
      f.async(dllInput(), out, out.length, (e: unknown, r: string) => (e ? reject(e) : r === '000000' ? resolve(r) : reject(new Error(`MobileTrans returned ${r}: ${out.toString('utf8', 0, out.indexOf(0))}`))));
    });
  const viaLib = asyncVia(mt);
  // What a HIS does: a blocking call on its own thread (the simulator lives in another process):
  // the latency loop below calls each library directly.
  const direct = async () => {
    const r = await client.common('/pushMsg', business());
    if (!r.success) throw new Error(`common returned ${r.respCode}: ${r.respMsg}`);
  };
  try {
    for (let i = 0; i < 200; i++) {
      await direct();
      for (const f of mts) await asyncVia(f)();
    }
    // Interleaved, so drift in machine load hits every side alike.
    const a: number[] = [];
    const sides = builds.map((b, bi) => ({ ...b, f: mts[bi]!, samples: [] as number[], pid: runtimePid(b.dir), hostCpu: 0, runtimeCpu: 0 }));
    const callVia = (f: typeof mt, input: string) => {
      const out = Buffer.alloc(8192);
      const r = f(input, out, out.length) as string;
      if (r !== '000000') throw new Error(`MobileTrans returned ${r}: ${out.toString('utf8', 0, out.indexOf(0))}`);
    };
    for (let i = 0; i < n; i++) {
      let t = performance.now();
      await direct();
      a.push(performance.now() - t);
      for (let j = 0; j < sides.length; j++) {
        // Alternate which build goes first, so neither always runs right after the direct call.
        const side = sides[(i + j) % sides.length]!;
        const input = dllInput();
        t = performance.now();
        callVia(side.f, input);
        side.samples.push(performance.now() - t);
      }
    }
    // CPU time per call, in rounds of calls with the counters read once a round (reading them
    // costs more than a call): this process's for the direct client; for MobileTrans the
    // runtime's (every thread) and the calling thread's (the library's own work: pipe, locking,
    // waiting). CPU time holds still on a loaded machine where wall-clock medians do not.
    let directCpu = 0;
    const cpuRounds = 6;
    const perRound = 250;
    for (let r = 0; r < cpuRounds; r++) {
      let c = ownCpuUs();
      for (let i = 0; i < perRound; i++) await direct();
      directCpu += ownCpuUs() - c;
      for (let j = 0; j < sides.length; j++) {
        const side = sides[(r + j) % sides.length]!;
        const inputs = Array.from({ length: perRound }, dllInput);
        const r0 = side.pid ? processCpuUs(side.pid) : NaN;
        c = mainThreadCpuUs();
        for (const input of inputs) callVia(side.f, input);
        side.hostCpu += mainThreadCpuUs() - c;
        side.runtimeCpu += (side.pid ? processCpuUs(side.pid) : NaN) - r0;
      }
    }
    const d = summarise('pushMsg, AmpClient.common (direct)', a);
    const latency: Result[] = [d];
    for (const side of sides) {
      const m = summarise(`pushMsg, ${side.label} via libOneTrans.so (blocking call)`, side.samples);
      latency.push(m, {
        name: `overhead of ${side.label} (difference)`,
        n,
        medianUs: m.medianUs - d.medianUs,
        p99Us: m.p99Us - d.p99Us,
        opsPerSec: NaN,
        note: 'target ≤ 50 µs median, ≤ 300 µs p99',
      });
    }
    const lines: string[] = [`load average at the end of the latency rounds: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`];
    const perCall = (us: number) => (Number.isFinite(us) ? `${(us / (cpuRounds * perRound)).toFixed(0)} µs` : 'n/a');
    lines.push(`CPU per pushMsg (${cpuRounds} interleaved rounds of ${perRound} calls each): direct client ${perCall(directCpu)}`);
    for (const side of sides) {
      lines.push(`  ${side.label}: runtime ${perCall(side.runtimeCpu)} + library in the caller ${perCall(side.hostCpu)} = ${perCall(side.runtimeCpu + side.hostCpu)}`);
    }
    const directTimer = (k: number) => (n: number) => timeCalls(k, n, direct);
    for (const k of [1, 4, 8]) {
      // Same number of calls per side as before (400 per thread), in 4 alternating rounds.
      const [dt, lt] = await throughputPair(4, 100 * k, directTimer(k), (n) => timeCalls(k, n, viaLib));
      lines.push(`${k} in flight (koffi .async): direct ${Math.round(dt)} calls/s, MobileTrans ${Math.round(lt)} calls/s = ${((lt / dt) * 100).toFixed(0)} %`);
    }
    for (const k of [1, 8]) {
      for (const [bi, b] of builds.entries()) {
        // Each build's threads number their orders apart: the same order in the same second
        // would be the same signature, which the portal refuses as a replay.
        const threads = callingThreads(k, path.join(b.dir, 'libOneTrans.so'), dllData(), APP.orgId, `b${bi}k${k}`);
        try {
          await threads.time(20 * k); // each thread loads the library and warms up
          const [dt, lt] = await throughputPair(4, 100 * k, directTimer(k), (n) => threads.time(n));
          lines.push(
            `${k} calling thread(s), blocking calls: direct (${k} in flight) ${Math.round(dt)} calls/s, ${b.label} ${Math.round(lt)} calls/s = ${((lt / dt) * 100).toFixed(0)} %${k === 8 ? ' (target ≥ 90 %)' : ''}`,
          );
        } finally {
          await threads.close();
        }
      }
    }
    return { latency, lines };
  } finally {
    await client.close();
    sim.child.kill();
  }
}
