// `onetrans reconcile --date … --config …` end to end against the simulator and the reference HIS:
// payments made through the portal at the reference HIS, the HIS's books exported for the day
// (`onetrans hospital export`), the day's file downloaded and reconciled into a dated folder;
// a re-run replaces the files and gives the same result; a day whose file does not exist yet is
// said plainly and writes nothing.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHospital, type DemoHospital } from '../../examples/hospital/index.js';
import { registerHospitalCommand } from '../../src/cli/hospital.js';
import { registerPayCommand } from '../../src/cli/pay.js';
import { registerReconcileCommand } from '../../src/cli/reconcile.js';
import { cstDate } from '../../src/core/time.js';
import { DEMO_ORG_SECRET, startPortal, type PortalHandle } from '../../src/portal/index.js';
import { tempDir } from '../bill/helpers.js';

const CERT = '35020519870808105X';
let portal: PortalHandle;
let his: DemoHospital;
let dir: string;
const today = cstDate();

async function run(register: (p: Command, io: { out: (s: string) => void; err: (s: string) => void; exit: (c: number) => void; env: NodeJS.ProcessEnv }) => void, args: string[]) {
  let out = '';
  let err = '';
  let code: number | undefined;
  const program = new Command().exitOverride().configureOutput({ writeErr: (s) => (err += s), writeOut: (s) => (out += s) });
  const env = { ONETRANS_URL: portal.url, ONETRANS_APP_ID: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', ONETRANS_APP_SECRET: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', ONETRANS_ORG_ID: 'H323498799997', ONETRANS_ORG_SECRET: DEMO_ORG_SECRET };
  register(program, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n'), exit: (c) => void (code = c), env });
  try {
    await program.parseAsync(['node', 'onetrans', ...args]);
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode ?? 99;
  }
  return { out, err, code };
}

beforeAll(async () => {
  dir = tempDir('onetrans-day-');
  portal = await startPortal({ refundDelayMs: 0 });
  his = await startDemoHospital({ port: 0, dataFile: join(dir, 'books.json') });
  const pay = await run((p, io) => registerPayCommand(p.command('portal'), { out: io.out, exit: io.exit }), ['portal', 'pay', '--his', his.url, '--cert-no', CERT, '--all', '--portal', portal.url, '--query-interval', '50']);
  expect(pay.code).toBe(0);
  writeFileSync(join(dir, 'reconcile.json'), JSON.stringify({ his: 'exports/his-{date}.json', out: 'reports' }));
}, 60_000);
afterAll(async () => {
  await his?.close();
  await portal?.close();
});

describe('onetrans reconcile --date', () => {
  it('exports the reference HIS books, downloads the day and writes the dated folder; all matched', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'exports'));
    const exp = await run((p, io) => registerHospitalCommand(p, { out: io.out }), ['hospital', 'export', '--data', join(dir, 'books.json'), '--date', today, '--out', join(dir, 'exports', `his-${today}.json`)]);
    expect(exp.code).toBeUndefined();
    const records = JSON.parse(readFileSync(join(dir, 'exports', `his-${today}.json`), 'utf8')) as { amp_trace_id: string; status: string }[];
    expect(records.length).toBeGreaterThan(1);
    expect(records.every((r) => r.amp_trace_id && r.status === 'settled')).toBe(true);

    const r = await run((p, io) => registerReconcileCommand(p, io), ['reconcile', '--date', today, '--config', join(dir, 'reconcile.json')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('全部一致');
    const folder = join(dir, 'reports', today);
    const files = readdirSync(folder).sort();
    expect(files).toEqual(['H323498799997__' + today + '_ALL.csv', 'H323498799997__' + today + '_ALL.zip', 'differences.csv', 'report.html', 'result.json'].sort());
    const j = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8'));
    expect(j.summary.matched).toBe(records.length);
    expect(j.dayTotals.differences.platformMinusHis.net.fen).toBe(0);
    expect(readdirSync(join(dir, 'reports'))).toEqual([today]); // no staging folder left

    // Re-run: the same result, the files replaced (no second copy, no leftovers). In the next
    // second: the portal refuses a second request signed in the same second as a replay (010010).
    await new Promise((res) => setTimeout(res, 1100));
    const again = await run((p, io) => registerReconcileCommand(p, io), ['reconcile', '--date', today, '--config', join(dir, 'reconcile.json')]);
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(files);
    expect(JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')).summary).toEqual(j.summary);
  }, 60_000);

  it('says plainly when the day\'s file is not available yet, exit 1, writing nothing', async () => {
    await new Promise((res) => setTimeout(res, 1100)); // not in the second of the previous test's request (replay)
    const tomorrow = cstDate(new Date(Date.now() + 86_400_000));
    writeFileSync(join(dir, 'exports', `his-${tomorrow}.json`), '[]');
    const r = await run((p, io) => registerReconcileCommand(p, io), ['reconcile', '--date', tomorrow, '--config', join(dir, 'reconcile.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('尚不可用');
    expect(r.err).toContain('not available yet');
    expect(readdirSync(join(dir, 'reports'))).toEqual([today]);
  });

  it('refuses bad usage with exit 2: no config, a bad date, a missing export', async () => {
    expect((await run((p, io) => registerReconcileCommand(p, io), ['reconcile', '--date', today])).code).toBe(2);
    expect((await run((p, io) => registerReconcileCommand(p, io), ['reconcile', '--date', '2026-02-30', '--config', join(dir, 'reconcile.json')])).code).toBe(2);
    const missing = await run((p, io) => registerReconcileCommand(p, io), ['reconcile', '--date', '2020-01-01', '--config', join(dir, 'reconcile.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('his-2020-01-01.json');
  });
});
