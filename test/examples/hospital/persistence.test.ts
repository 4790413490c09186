// The reference HIS's books in a --data file: a restart keeps them, a write never leaves half a
// file, a settlement interrupted by a crash is known not to have committed.
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHospitalCommand } from '../../../src/cli/hospital.js';
import { DemoDataError, DemoStore, startDemoHospital, type DemoHospital } from '../../../examples/hospital/index.js';
import { CERT, firstBill, post, settleRequest, who } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onetrans-his-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('--data file', () => {
  it('survives a restart: settled stays settled, balance and new bills persist', async () => {
    const file = join(dir, 'books.json');
    let his = await startDemoHospital({ dataFile: file });
    const bill = await firstBill(his, '00');
    const req = settleRequest(bill, { deposit_amount: '0.00', hosp_balc_pay_amt: bill.medfee_sumamt });
    const first = await post(his, '/rechargeSettle', req);
    const balance = (await post(his, '/queryAccount', { ...who(), account_type: '01' })).json.balance;
    await his.close();
    // Only the file remains: no temporary file left beside it.
    expect(await readdir(dir)).toEqual(['books.json']);

    his = await startDemoHospital({ dataFile: file });
    try {
      expect((await post(his, '/rechargeSettle', req)).json).toEqual(first.json);
      expect((await post(his, '/querySettleResult', { ...who(), org_trace_no: bill.org_trace_no })).json.result).toBe('succ');
      expect((await post(his, '/queryAccount', { ...who(), account_type: '01' })).json.balance).toBe(balance);
      const list = (await post(his, '/queryUnsettleList', { ...who(), account_type: '01' })).json.unsettlelist;
      expect(list.some((b: { org_trace_no: string }) => b.org_trace_no === bill.org_trace_no)).toBe(false);
    } finally {
      await his.close();
    }
  });

  it('a settlement in progress when the process died is reported as fail and its bill is payable again', async () => {
    const file = join(dir, 'crash.json');
    const his: DemoHospital = await startDemoHospital({ dataFile: file, settleDelayMs: 60_000 });
    const bill = await firstBill(his, '00');
    void post(his, '/rechargeSettle', settleRequest(bill)).catch(() => {});
    // Wait until the "accepted, in progress" state is on disk, then "crash" (close without committing).
    for (let i = 0; i < 100 && !(await readFile(file, 'utf8')).includes('"settling"'); i++) await new Promise((r) => setTimeout(r, 20));
    await his.close();
    const store = DemoStore.open(file);
    expect(store.data.settlements.find((s) => s.org_trace_no === bill.org_trace_no)?.result).toBe('fail');
    expect(store.data.bills.find((b) => b.org_trace_no === bill.org_trace_no)?.state).toBe('unsettled');
  });

  it('removes the temporaries a killed process left (they hold names and ID numbers), and only those', async () => {
    const sub = await mkdtemp(join(dir, 'stale-'));
    const file = join(sub, 'books.json');
    // What a process killed between writing and renaming leaves: the whole books, with names and IDs.
    const leftover = JSON.stringify(DemoStore.memory().data);
    expect(leftover).toContain(CERT);
    const planted = ['books.json.4242.tmp', 'books.json.1.tmp'];
    const others = ['books.json.abc.tmp', 'books.json.4242.tmp.bak', 'other.json.4242.tmp', 'books.json.bak', 'notes.txt'];
    for (const name of [...planted, ...others]) await writeFile(join(sub, name), leftover);
    const his = await startDemoHospital({ dataFile: file });
    await his.close();
    expect((await readdir(sub)).sort()).toEqual(['books.json', ...others].sort());
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it('refuses a damaged file with a clear error and leaves it untouched', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"version":1, "org_code": "H1", "patients": [');
    expect(() => DemoStore.open(file)).toThrow(DemoDataError);
    expect(() => DemoStore.open(file)).toThrow(/not valid JSON/);
    expect(await readFile(file, 'utf8')).toBe('{"version":1, "org_code": "H1", "patients": [');
    await writeFile(file, JSON.stringify({ version: 1, org_code: 'H1', patients: [{ cert_no: CERT }] }));
    expect(() => DemoStore.open(file)).toThrow(/patients\[0\]/);
  });
});

describe('onetrans hospital demo', () => {
  it('prints the base URL and serves until stopped', async () => {
    const lines: string[] = [];
    const abort = new AbortController();
    let started!: (h: DemoHospital) => void;
    const ready = new Promise<DemoHospital>((r) => (started = r));
    const program = new Command().exitOverride();
    registerHospitalCommand(program, { out: (l) => lines.push(l), onStarted: started, signal: abort.signal });
    const done = program.parseAsync(['hospital', 'demo', '--port', '0', '--data', join(dir, 'cli.json')], { from: 'user' });
    const his = await ready;
    const m = /^Reference HIS \(参考HIS\) listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0]!);
    expect(m?.[1]).toBe(his.url);
    expect((await post({ url: m![1]! }, '/queryAccount', { ...who(), account_type: '01' })).json.ret_code).toBe('00');
    // The log masks the ID number.
    expect(lines.join('\n')).not.toContain(CERT);
    abort.abort();
    await done;
    expect(lines.at(-1)).toBe('Reference HIS stopped');
  });
});
