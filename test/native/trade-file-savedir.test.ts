// getTradeFile through the DLL from a C program, with and without the opt-in `saveDir` field:
// with it the runtime downloads, checks the SHA1, unzips and answers the CSV's full path and the
// file's figures; without it the answer is exactly the vendor's (link and digest, nothing saved).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstTimestamp } from '../../src/core/time.js';
import { DEMO_ORG_SECRET, startPortal, type PortalHandle } from '../../src/portal/index.js';
import { ensureNativeBuild, LIB_PATH, RELEASE_DIR, ROOT } from './helpers.js';

let portal: PortalHandle;
let dir: string;
let exe: string;
const DAY = '2026-11-30';
const ORG = 'H46040100001';

beforeAll(async () => {
  await ensureNativeBuild({ realBridge: true });
  dir = mkdtempSync(path.join(tmpdir(), 'onetrans-savedir-'));
  exe = path.join(dir, 'call-json');
  execFileSync('cc', ['-std=c99', '-Wall', '-Werror', '-o', exe, path.join(ROOT, 'test/native/fixtures/call-json.c'), '-ldl']);
  portal = await startPortal({ host: '127.0.0.1', port: 0, seedTrades: false });
  for (const [amp, fee] of [['SD-1', '12.34'], ['SD-2', '100.00']] as const) {
    const r = await fetch(`${portal.url}/__sim/trades`, { method: 'POST', body: JSON.stringify({ orgCode: ORG, ampTraceId: amp, traceId: `T-${amp}`, orgTraceNo: `MZ-${amp}`, feesumAmt: fee, psnCashPay: fee, payTime: `${DAY} 10:00:00` }) });
    expect(r.status).toBe(201);
  }
}, 240_000);

afterAll(async () => {
  await portal?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let calls = 0;
async function call(extra: Record<string, unknown>): Promise<{ ret: string; out: Record<string, unknown> }> {
  // One call a second: the portal refuses a second request of one app in the same second as a replay.
  if (calls++) await new Promise((r) => setTimeout(r, 1100));
  const pIn = JSON.stringify({
    data: {
      serverAddr: `${portal.url}/api/amp/hos/getTradeFile`, appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appKey: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM',
      encryptType: 'SM4', signType: 'SM3', timestamp: cstTimestamp(), version: '1.0.0',
      orgSecret: DEMO_ORG_SECRET, orgCode: ORG, billDate: DAY, billType: 'ALL', ...extra,
    },
    orgId: ORG,
  });
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(exe, [pIn], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ONETRANS_LIBRARY: LIB_PATH, LD_LIBRARY_PATH: RELEASE_DIR } }, (err, out, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(out),
    ),
  );
  const [ret, ...rest] = stdout.trimEnd().split('\n');
  return { ret: ret!, out: JSON.parse(rest.join('\n')) as Record<string, unknown> };
}

describe('getTradeFile through the DLL (C caller)', () => {
  it('without saveDir: exactly the vendor\'s answer — the link and the digest, nothing saved', async () => {
    const { ret, out } = await call({});
    expect(ret).toBe('000000');
    const data = out.data as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(['billType', 'digest', 'digestType', 'downloadUrl'].sort());
    expect(readdirSync(dir).sort()).toEqual(['call-json']);
  }, 60_000);

  it('with saveDir: downloaded, SHA1-checked, unzipped; the CSV\'s full path and the figures in data', async () => {
    const save = path.join(dir, '对账');
    const { ret, out } = await call({ saveDir: save });
    expect(ret).toBe('000000');
    const data = out.data as Record<string, unknown>;
    expect(data.csvPath).toBe(path.join(save, `${ORG}__${DAY}_ALL.csv`));
    expect(existsSync(data.csvPath as string)).toBe(true);
    expect(readFileSync(data.csvPath as string, 'utf8')).toContain('SD-2');
    expect(data).toMatchObject({ billDate: DAY, orgCode: ORG, rowCount: 2, tradeCount: 2, refundCount: 0, tradeAmount: '112.34', refundAmount: '0.00', summaryOk: true });
    expect(data.sha1).toBe(String(data.digest).toLowerCase());
    expect(data.downloadUrl).toBeDefined(); // the vendor's fields are still there
  }, 60_000);

  it('a saveDir that is not an absolute path is refused with 000105, nothing saved', async () => {
    const { ret, out } = await call({ saveDir: 'relative/folder' });
    expect(ret).toBe('000105');
    expect(String(out.message)).toContain('saveDir');
    expect(existsSync(path.join(dir, 'relative'))).toBe(false);
  }, 60_000);
});
