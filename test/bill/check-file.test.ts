// A deployment that serves AMP_HOS_004 as /getCheckFile (issue 11), played by the simulator with
// the profile {suffixes: {getTradeFile: '/getCheckFile'}}: getTradeFile() and `onetrans bill
// download` reach the file there (by --suffix or by --profile), and /getTradeFile answers 404404.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmpClient } from '../../src/client/index.js';
import { getTradeFile, parseTradeFile } from '../../src/bill/index.js';
import { registerBillCommand } from '../../src/cli/bill.js';
import { DEMO_ORG_SECRET, startPortal, type PortalHandle } from '../../src/portal/index.js';
import { listAll, tempDir } from './helpers.js';

// One demo app per accepted call: two calls signing the same request within one second would be
// a replay (010010), and the tests of this file may run within the same second.
const APPS = [
  { appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' },
  { appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' },
  { appId: '1FM99V9JP0009A23A8C00000D445BA03', appSecret: '1FM99V9JM00N9A23A8C000003F4B7C32' },
] as const;
const ORG = 'H35010200227';
const DAY = '2025-06-30';
const PROFILE = { suffixes: { getTradeFile: '/getCheckFile' } };
let portal: PortalHandle;

beforeAll(async () => {
  portal = await startPortal({ profile: PROFILE, seedTrades: false, refundDelayMs: 0 });
  for (const [n, fee] of [['1', '128.50'], ['2', '36.80']] as const) {
    const r = await fetch(`${portal.url}/__sim/trades`, {
      method: 'POST',
      body: JSON.stringify({ orgCode: ORG, ampTraceId: `AMP-${n}`, traceId: `TR-${n}`, orgTraceNo: `MZ-${n}`, feesumAmt: fee, psnCashPay: fee, payTime: `${DAY} 09:0${n}:00`, certNo: '350205198708190150' }),
    });
    expect(r.status).toBe(201);
  }
});
afterAll(() => portal?.close());

const params = (billType: 'ALL' | 'CONSUME' = 'ALL') => ({ orgCode: ORG, orgSecret: DEMO_ORG_SECRET, billDate: DAY, billType });

describe('getTradeFile against a portal serving /getCheckFile', () => {
  it('downloads and parses the file with suffix /getCheckFile; /getTradeFile answers 404404 and leaves nothing', async () => {
    const client = new AmpClient({ url: portal.url, ...APPS[0], orgId: ORG });
    try {
      const dir = tempDir();
      const r = await getTradeFile(client, params(), { outDir: dir, suffix: '/getCheckFile' });
      expect(r.sha1).toBe(r.response.digest.toLowerCase());
      const p = await parseTradeFile(r.csvPath);
      expect(p.warnings).toEqual([]);
      expect(p.records!.map((x) => [x.ampTraceId, x.feesumAmt])).toEqual([['AMP-1', 12850], ['AMP-2', 3680]]);

      const other = tempDir();
      await expect(getTradeFile(client, params('CONSUME'), { outDir: other })).rejects.toMatchObject({ code: '404404' });
      expect(listAll(other)).toEqual([]);
      expect((await client.common('/getTradeFile', params('CONSUME'))).respCode).toBe('404404');
    } finally {
      await client.close();
    }
  });
});

async function cli(args: string[], app: (typeof APPS)[number]): Promise<{ out: string; err: string; code?: number }> {
  let out = '';
  let err = '';
  let code: number | undefined;
  const env = { ONETRANS_URL: portal.url, ONETRANS_APP_ID: app.appId, ONETRANS_APP_SECRET: app.appSecret, ONETRANS_ORG_ID: ORG, ONETRANS_ORG_SECRET: DEMO_ORG_SECRET };
  const io = { out: (s: string) => (out += s + '\n'), err: (s: string) => (err += s + '\n'), exit: (c: number) => void (code = c), env, progress: { isTTY: false, write: () => true } };
  const program = new Command().exitOverride();
  registerBillCommand(program, io);
  await program.parseAsync(['node', 'onetrans', 'bill', 'download', ...args]);
  return { out, err, code };
}

describe('onetrans bill download against a portal serving /getCheckFile', () => {
  it('--suffix /getCheckFile downloads the file (exit 0); without it the portal answers 404404 (exit 1)', async () => {
    const dir = tempDir();
    const plain = await cli(['--date', DAY, '--out', dir], APPS[1]);
    expect(plain.code).toBe(1);
    expect(plain.err).toContain('404404');
    expect(listAll(dir)).toEqual([]);

    const ok = await cli(['--date', DAY, '--out', dir, '--suffix', '/getCheckFile'], APPS[1]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.out) as { csvPath: string; csvName: string };
    expect(j.csvName).toBe(`${ORG}__${DAY}_ALL.csv`);
    expect((await parseTradeFile(j.csvPath)).rowCount).toBe(2);
  });

  it('--profile with suffixes.getTradeFile reaches /getCheckFile without --suffix', async () => {
    const dir = tempDir();
    const profile = join(dir, 'profile.json');
    writeFileSync(profile, JSON.stringify({ profile: PROFILE }));
    const r = await cli(['--date', DAY, '--type', 'CONSUME', '--out', join(dir, 'out'), '--profile', profile], APPS[2]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const p = await parseTradeFile((JSON.parse(r.out) as { csvPath: string }).csvPath);
    expect(p.header.billType).toBe('CONSUME');
    expect(p.rowCount).toBe(2);
  });

  it('refuses a malformed --suffix before sending anything (exit 2)', async () => {
    const r = await cli(['--date', DAY, '--suffix', 'getCheckFile'], APPS[2]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--suffix');
  });
});
