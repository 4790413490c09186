/**
 * Issue 20 targets for the gateway hop, against one portal simulator in its own process:
 *   - per-call cost of gateway mode vs local mode through the same compiled library
 *     (libOneTrans.so, koffi .async()), same run, same simulator, alternating rounds:
 *     target gateway ≤ local + 1 ms median on loopback;
 *   - 2,000 connected clients with 200 calls in flight against one gateway (its own process):
 *     throughput, p99, the gateway's RSS. Targets: no error, p99 ≤ 3× the single-client
 *     median, RSS ≤ 300 MB.
 * Needs `npm run build` (dist/cli.js and build/Release/libOneTrans.so).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import koffi from 'koffi';
import { GatewayConnection } from '../src/gateway/client.js';
import { cstTimestamp } from '../src/core/time.js';
import { business, startSimulator } from './mobiletrans-vs-client.js';
import { percentile, summarise, type Result } from './measure.js';

const APP = { appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appKey: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', orgId: 'H46010000000' };

function request(url: string): Buffer {
  const data = { serverAddr: `${url}/api/amp/hos/pushMsg`, appId: APP.appId, appKey: APP.appKey, encryptType: 'SM4', signType: 'SM3', timestamp: cstTimestamp(), version: '1.0.0', ...business() };
  return Buffer.from(JSON.stringify({ data, orgId: APP.orgId }) + '\0');
}

async function startGatewayProcess(root: string, dir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'gateway', '--config', path.join(dir, 'gateway.json'), '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('gateway did not start')), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /gateway listening on 127\.0\.0\.1:(\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  child.stdout!.resume();
  return { child, port };
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

export async function benchGateway(root: string): Promise<{ latency: Result[]; lines: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'onetrans-bench-gw-'));
  const keyHex = randomBytes(16).toString('hex');
  writeFileSync(path.join(dir, 'gw.key'), keyHex);
  writeFileSync(path.join(dir, 'OneTrans.json'), JSON.stringify({ logLevel: 'off' }));
  writeFileSync(path.join(dir, 'gateway.json'), JSON.stringify({ keyFile: 'gw.key', maxConnections: 5000 }));
  const sim = await startSimulator(root);
  const gw = await startGatewayProcess(root, dir);
  const release = path.join(root, 'build/Release');
  const stage = (name: string, config: object) => {
    const d = path.join(dir, name);
    cpSync(path.join(release, 'libOneTrans.so'), path.join(d, 'libOneTrans.so'));
    for (const f of ['onetrans-bridge.cjs', 'onetrans-bridge-body.cjs']) cpSync(path.join(release, f), path.join(d, f));
    writeFileSync(path.join(d, 'OneTrans.json'), JSON.stringify({ logLevel: 'off', ...config }));
    const fn = koffi.load(path.join(d, 'libOneTrans.so')).func('const char *MobileTransEx(const char *pInData, uint8_t *pOutData, int outSize)');
    const out = Buffer.alloc(8192);
    return () =>
      new Promise<string>((resolve, reject) => fn.async(request(sim.url), out, out.length, (e: unknown, code: string) => (e ? reject(e) : resolve(code))));
  };
  const lines: string[] = [];
  try {
    const local = stage('local', {});
    const viaGw = stage('gateway', { gateway: [`127.0.0.1:${gw.port}`], gatewayKey: keyHex });
    for (let i = 0; i < 50; i++) {
      await local();
      await viaGw();
    }
    const rounds = 10;
    const per = 100;
    const t: Record<'local' | 'gateway', number[]> = { local: [], gateway: [] };
    let errors = 0;
    for (let r = 0; r < rounds; r++) {
      for (const [name, fn] of (r % 2 ? [['gateway', viaGw], ['local', local]] : [['local', local], ['gateway', viaGw]]) as [keyof typeof t, () => Promise<string>][]) {
        for (let i = 0; i < per; i++) {
          const t0 = performance.now();
          if ((await fn()) !== '000000') errors++;
          t[name].push(performance.now() - t0);
        }
      }
    }
    const latency = [summarise('MobileTrans, local runtime (pushMsg)', t.local), summarise('MobileTrans, gateway mode (pushMsg)', t.gateway)];
    const dMedian = (latency[1]!.medianUs - latency[0]!.medianUs) / 1000;
    lines.push(`gateway hop: median ${dMedian >= 0 ? '+' : ''}${dMedian.toFixed(3)} ms over local (target ≤ +1 ms); errors ${errors}`);

    // 2,000 connected clients, 200 of them calling at a time.
    const key = Buffer.from(keyHex, 'hex');
    const single = summarise('one client', await (async () => {
      const c = await GatewayConnection.open('127.0.0.1', gw.port, key);
      const s: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        await c.call(request(sim.url).subarray(0, -1));
        s.push(performance.now() - t0);
      }
      c.close();
      return s;
    })());
    const clients: GatewayConnection[] = [];
    for (let i = 0; i < 2000; i += 100) clients.push(...(await Promise.all(Array.from({ length: 100 }, () => GatewayConnection.open('127.0.0.1', gw.port, key, 15_000)))));
    const rssIdle = rssMb(gw.child.pid!);
    const total = 4000;
    let next = 0;
    let failed = 0;
    const samples: number[] = [];
    const t0 = performance.now();
    let peak = rssIdle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(gw.child.pid!))), 100);
    await Promise.all(
      clients.slice(0, 200).map(async (c) => {
        while (next < total) {
          next++;
          const s = performance.now();
          const r = await c.call(request(sim.url).subarray(0, -1)).catch(() => ({ code: 'error' }));
          if (r.code !== '000000') failed++;
          samples.push(performance.now() - s);
        }
      }),
    );
    clearInterval(sampler);
    const secs = (performance.now() - t0) / 1000;
    const sorted = samples.sort((a, b) => a - b);
    lines.push(
      `2,000 connected, 200 in flight: ${total} calls in ${secs.toFixed(1)} s = ${Math.round(total / secs)} calls/s, median ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms ` +
        `(single-client median ${(single.medianUs / 1000).toFixed(2)} ms; target p99 ≤ 3× that), errors ${failed} (target 0); ` +
        `gateway RSS ${rssIdle.toFixed(0)} MB with 2,000 idle, peak ${peak.toFixed(0)} MB (target ≤ 300 MB)`,
    );
    lines.push('  (the 200 calls in flight queue in the one simulator process: p99 under load measures the portal side as much as the hop)');
    for (const c of clients) c.close();
    return { latency, lines };
  } finally {
    gw.child.kill('SIGTERM');
    sim.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
