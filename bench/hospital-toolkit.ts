import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Agent, request } from 'undici';
import { createHospitalServer, type HospitalHandlers } from '../src/hospital/index.js';
import { validate } from '../src/spec/index.js';
import { measure, measureAsync, type Result } from './measure.js';
import org002Response from '../test/fixtures/org-examples/ORG_002-response.json' with { type: 'json' };
import org003Request from '../test/fixtures/org-examples/ORG_003-request.json' with { type: 'json' };
import org003Response from '../test/fixtures/org-examples/ORG_003-response.json' with { type: 'json' };

const CHILD_FLAG = '--hospital-server';
/** The servers compared, each in its own process. */
const KINDS = ['bare', 'toolkit', 'toolkit-unvalidated'] as const;
type Kind = (typeof KINDS)[number];

/** Handlers that answer ORG_003 with the spec's example (the others are never called). */
function org003Handlers(): HospitalHandlers {
  const { ret_code: _c, ret_msg: _m, ...settled } = org003Response;
  return {
    queryAccount: async () => { throw new Error('unused'); },
    queryUnsettleList: async () => { throw new Error('unused'); },
    rechargeSettle: async () => settled,
    querySettleResult: async () => ({ result: 'succ' }),
  } as unknown as HospitalHandlers;
}

export function isHospitalServerChild(argv: readonly string[]): boolean {
  return argv[2] === CHILD_FLAG;
}

/**
 * One server of the comparison, in a process of its own so that its CPU time is its own: the
 * bare node:http server that parses and answers the same JSON, or the toolkit answering
 * ORG_003 (validation of request and answer in 'warn' mode, or off; the call line formatted).
 * Tells the parent its port, then its CPU time since the last 'mark' whenever asked.
 */
export async function hospitalServerChild(kind: Kind): Promise<void> {
  const answer = JSON.stringify(org003Response);
  let server: Server;
  if (kind === 'bare') {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(answer);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  } else {
    const validation = kind === 'toolkit' ? 'warn' : 'off';
    server = (await createHospitalServer(org003Handlers(), { log: () => {}, validation })).server;
  }
  let mark = process.cpuUsage();
  let preempted = process.resourceUsage().involuntaryContextSwitches;
  process.on('message', (m) => {
    if (m === 'mark') {
      mark = process.cpuUsage();
      preempted = process.resourceUsage().involuntaryContextSwitches;
      process.send!({ marked: true });
    } else if (m === 'read') {
      const used = process.cpuUsage(mark);
      process.send!({ cpuUs: used.user + used.system, preempted: process.resourceUsage().involuntaryContextSwitches - preempted });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ port: (server.address() as AddressInfo).port });
}

function ask<T>(child: ChildProcess, message?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`hospital bench server exited (${code})`)));
    if (message !== undefined) child.send(message);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Requests/s with 8 requests in flight, and the server's CPU per request (what bounds its
 * requests/s once the machine is busy), for each server, in interleaved rounds; medians.
 */
async function throughput(rounds: number, perRound: number): Promise<string[]> {
  const self = process.argv[1]!;
  const body = JSON.stringify(org003Request);
  const rows = new Map<Kind, { rps: number[]; cpuUs: number[]; preempted: number[] }>(KINDS.map((k) => [k, { rps: [], cpuUs: [], preempted: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const kind of KINDS) {
      const child = fork(self, [CHILD_FLAG, kind], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const dispatcher = new Agent({ connections: 8 });
      try {
        const { port } = await ask<{ port: number }>(child);
        const url = `http://127.0.0.1:${port}/rechargeSettle`;
        const run = async (n: number) => {
          let next = 0;
          await Promise.all(Array.from({ length: 8 }, async () => {
            while (next++ < n) {
              const r = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
              const text = await r.body.text();
              if (r.statusCode !== 200 || !text.includes('"ret_code":"00"')) throw new Error(`${kind}: unexpected answer ${r.statusCode}`);
            }
          }));
        };
        await run(500);
        await ask(child, 'mark');
        const t0 = performance.now();
        await run(perRound);
        const seconds = (performance.now() - t0) / 1000;
        const { cpuUs, preempted } = await ask<{ cpuUs: number; preempted: number }>(child, 'read');
        rows.get(kind)!.rps.push(perRound / seconds);
        rows.get(kind)!.cpuUs.push(cpuUs / perRound);
        rows.get(kind)!.preempted.push(preempted / perRound);
      } finally {
        await dispatcher.close();
        child.disconnect();
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      }
    }
  }
  const bare = rows.get('bare')!;
  const bareRps = median(bare.rps);
  const bareCpu = median(bare.cpuUs);
  const out = [
    `ORG_003 answered with 8 requests in flight, ${rounds} interleaved rounds of ${perRound} (medians; server in its own process; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}):`,
    `  ${'server'.padEnd(44)} ${'req/s'.padStart(7)} ${'×bare'.padStart(6)} ${'server CPU µs/req'.padStart(18)} ${'×bare (capacity)'.padStart(16)} ${'preempted/req'.padStart(14)}`,
  ];
  const label: Record<Kind, string> = {
    bare: 'baseline: bare node:http parse + answer',
    toolkit: 'toolkit, validation warn (target ≥ 0.6×)',
    'toolkit-unvalidated': 'toolkit, validation off',
  };
  for (const kind of KINDS) {
    const r = rows.get(kind)!;
    const rps = median(r.rps);
    const cpu = median(r.cpuUs);
    out.push(`  ${label[kind].padEnd(44)} ${rps.toFixed(0).padStart(7)} ${(rps / bareRps).toFixed(2).padStart(6)} ${cpu.toFixed(0).padStart(18)} ${(bareCpu / cpu).toFixed(2).padStart(16)} ${median(r.preempted).toFixed(2).padStart(14)}`);
  }
  const warn = rows.get('toolkit')!;
  const capacity = bareCpu / median(warn.cpuUs);
  const rpsRatio = median(warn.rps) / bareRps;
  const met = (x: number) => (x >= 0.6 ? 'met' : 'NOT met');
  out.push(`  target ≥ 0.6× bare with validation on: capacity ${capacity.toFixed(2)}× (${met(capacity)}), req/s ${rpsRatio.toFixed(2)}× (${met(rpsRatio)})`);
  out.push('  (×bare (capacity) = bare CPU per request / this CPU per request: the requests/s ratio of a saturated server;');
  out.push('   the req/s column also carries the client, which runs in this process on the same cores.');
  out.push('   preempted/req: involuntary context switches of the server per request. A server that keeps up');
  out.push('   with the client waits for work (few); one that does not is always runnable and is preempted by');
  out.push('   the client and other processes, refilling its caches after each switch: its CPU per request');
  out.push('   then rises with the machine\'s load, so compare CPU figures of the same run only.)');
  return out;
}

/**
 * What the toolkit costs per call: validating the spec's ORG_002 example answer (nested lists,
 * ~5 KB), an ORG_003 round trip over loopback through the toolkit (parse, validate request,
 * handler, validate answer, log) beside a bare node:http server that only parses and answers,
 * and requests/s of each in a process of its own.
 */
export async function benchHospital(): Promise<{ results: Result[]; lines: string[] }> {
  const bytes = Buffer.byteLength(JSON.stringify(org002Response));
  const validation = measure(`validate ORG_002 example answer (${bytes} B, warn)`, 5_000, () => {
    validate('ORG_002', org002Response, 'warn', 'response');
  });

  const answer = JSON.stringify(org003Response);
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(answer);
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/rechargeSettle`;
  const his = await createHospitalServer(org003Handlers(), { log: () => {} });
  const dispatcher = new Agent({ connections: 1 });
  const body = JSON.stringify(org003Request);
  const post = (url: string) => async () => {
    const r = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
    await r.body.text();
  };
  let results: Result[];
  try {
    const baseline = await measureAsync('baseline: bare node:http parse + answer', 2_000, post(bareUrl), 200);
    const ours = await measureAsync('toolkit ORG_003 round trip (warn, logged)', 2_000, post(`${his.url}/rechargeSettle`), 200);
    results = [validation, baseline, { ...ours, note: `+${(ours.medianUs - baseline.medianUs).toFixed(0)} µs median over baseline` }];
  } finally {
    await dispatcher.close();
    await his.close();
    await new Promise((r) => bare.close(r));
  }
  const rounds = Number(process.env.ONETRANS_BENCH_ROUNDS ?? 3);
  return { results, lines: await throughput(rounds, 3_000) };
}
