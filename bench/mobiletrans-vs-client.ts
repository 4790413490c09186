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
import { existsSync } from 'node:fs';
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
function callingThreads(k: number, libFile: string, data: Record<string, unknown>, orgId: string) {
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
        const input = JSON.stringify({ data: { ...workerData.data, timestamp: cst(), medOrgOrd: 'T' + process.pid + '-' + workerData.id + '-' + ++seq }, orgId: workerData.orgId });
        const r = mt(input, out, out.length);
        if (r !== '000000') { failed = 'MobileTrans returned ' + r + ': ' + out.toString('utf8', 0, out.indexOf(0)); break; }
      }
      parentPort.postMessage(failed);
    });`;
  const koffiPath = createRequire(import.meta.url).resolve('koffi');
  const workers = Array.from({ length: k }, (_, id) => new Worker(code, { eval: true, workerData: { koffi: koffiPath, libFile, counter: counter.buffer, data, orgId, id } }));
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

export async function benchMobileTransVsClient(n = 1500): Promise<{ latency: Result[]; lines: string[] }> {
  const root = repoRoot();
  // ONETRANS_BENCH_DIR: another build's folder (library + bundle), to compare builds.
  const libFile = path.join(process.env.ONETRANS_BENCH_DIR || path.join(root, 'build/Release'), 'libOneTrans.so');
  if (!existsSync(libFile)) throw new Error(`${libFile} is missing: run npm run build`);
  const sim = await startSimulator(root);
  const client = new AmpClient({ url: `${sim.url}/api/amp/hos`, ...APP });
  const lib = koffi.load(libFile);
  const mt = lib.func('const char *MobileTransEx(const char *pInData, uint8_t *pOutData, int outSize)');
  const dllData = () => ({ serverAddr: `${sim.url}/api/amp/hos/pushMsg`, appId: APP.appId, appKey: APP.appSecret, encryptType: 'SM4', signType: 'SM3', timestamp: cstTimestamp(), version: '1.0.0', ...business() });
  const dllInput = () => JSON.stringify({ data: dllData(), orgId: APP.orgId });
  const viaLib = () =>
    new Promise<string>((resolve, reject) => {
      const out = Buffer.alloc(8192);
      mt.async(dllInput(), out, out.length, (e: unknown, r: string) => (e ? reject(e) : r === '000000' ? resolve(r) : reject(new Error(`MobileTrans returned ${r}: ${out.toString('utf8', 0, out.indexOf(0))}`))));
    });
  // What a HIS does: a blocking call on its own thread (the simulator lives in another process).
  const viaLibSync = () => {
    const out = Buffer.alloc(8192);
    const r = mt(dllInput(), out, out.length) as string;
    if (r !== '000000') throw new Error(`MobileTrans returned ${r}: ${out.toString('utf8', 0, out.indexOf(0))}`);
  };
  const direct = async () => {
    const r = await client.common('/pushMsg', business());
    if (!r.success) throw new Error(`common returned ${r.respCode}: ${r.respMsg}`);
  };
  try {
    for (let i = 0; i < 200; i++) {
      await direct();
      await viaLib();
    }
    // Interleaved, so drift in machine load hits both sides alike.
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < n; i++) {
      let t = performance.now();
      await direct();
      a.push(performance.now() - t);
      t = performance.now();
      viaLibSync();
      b.push(performance.now() - t);
    }
    const d = summarise('pushMsg, AmpClient.common (direct)', a);
    const m = summarise('pushMsg, MobileTrans via libOneTrans.so (blocking call)', b);
    const overhead: Result = {
      name: 'overhead of MobileTrans (difference)',
      n,
      medianUs: m.medianUs - d.medianUs,
      p99Us: m.p99Us - d.p99Us,
      opsPerSec: NaN,
      note: 'target ≤ 50 µs median, ≤ 300 µs p99',
    };
    const lines: string[] = [];
    const directTimer = (k: number) => (n: number) => timeCalls(k, n, direct);
    for (const k of [1, 4, 8]) {
      // Same number of calls per side as before (400 per thread), in 4 alternating rounds.
      const [dt, lt] = await throughputPair(4, 100 * k, directTimer(k), (n) => timeCalls(k, n, viaLib));
      lines.push(`${k} in flight: direct ${Math.round(dt)} calls/s, MobileTrans ${Math.round(lt)} calls/s = ${((lt / dt) * 100).toFixed(0)} %${k === 8 ? ' (target ≥ 80 %)' : ''}`);
    }
    for (const k of [1, 8]) {
      const threads = callingThreads(k, libFile, dllData(), APP.orgId);
      try {
        await threads.time(20 * k); // each thread loads the library and warms up
        const [dt, lt] = await throughputPair(4, 100 * k, directTimer(k), (n) => threads.time(n));
        lines.push(`${k} calling thread(s), blocking calls: direct (${k} in flight) ${Math.round(dt)} calls/s, MobileTrans ${Math.round(lt)} calls/s = ${((lt / dt) * 100).toFixed(0)} %`);
      } finally {
        await threads.close();
      }
    }
    return { latency: [d, m, overhead], lines };
  } finally {
    await client.close();
    sim.child.kill();
  }
}
