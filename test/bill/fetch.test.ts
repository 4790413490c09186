// getTradeFile against the simulator over real HTTP: the file on disk is what the ledger holds;
// a digest mismatch, an over-size download, an expired link and a refused zip keep nothing.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmpClient } from '../../src/client/index.js';
import { cstTimestamp } from '../../src/core/index.js';
import { BillError, downloadTradeFile, fetchTradeFile, getTradeFile, parseTradeFile } from '../../src/bill/index.js';
import { DEMO_ORG_SECRET, startPortal, type PortalHandle } from '../../src/portal/index.js';
import { listAll, makeZip, patchName, tempDir } from './helpers.js';

const APP = { appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' };
const ORG = 'H46040100001';
const now = Date.parse('2024-04-24T06:00:00Z'); // 14:00 CST
let portal: PortalHandle;
let client: AmpClient;
let seq = 0;

beforeAll(async () => {
  // The portal's clock stays on the bill day; the client signs with real time, so the window is wide.
  portal = await startPortal({ clock: () => new Date(now), seedTrades: false, refundDelayMs: 0, replayWindowSec: 400_000_000 });
  client = new AmpClient({ url: portal.url, ...APP, orgId: ORG });
  const add = async (t: Record<string, string>) => {
    const r = await fetch(`${portal.url}/__sim/trades`, { method: 'POST', body: JSON.stringify(t) });
    expect(r.status).toBe(201);
    return ((await r.json()) as { trade: Record<string, string> }).trade;
  };
  const a = await add({ orgCode: ORG, ampTraceId: 'amp-a', traceId: 'tr-a', orgTraceNo: 'MZ-A', feesumAmt: '100.00', acctPay: '20.00', psnCashPay: '30.00', fundPaySumamt: '50.00', payTime: '2024-04-24 09:30:00', certNo: '460400199003151234' });
  await add({ orgCode: ORG, ampTraceId: 'amp-b', traceId: 'tr-b', orgTraceNo: 'MZ-B', feesumAmt: '8.88', psnCashPay: '8.88', payTime: '2024-04-24 10:00:00', certNo: '46040019851120002X' });
  await add({ orgCode: ORG, ampTraceId: 'amp-c', traceId: 'tr-c', orgTraceNo: 'MZ-C', feesumAmt: '5.00', psnCashPay: '5.00', payTime: '2024-04-23 10:00:00' });
  const refund = await client.refund({ ampTraceId: a.ampTraceId!, traceId: a.traceId!, orgTraceNo: a.orgTraceNo!, orgCode: ORG, refundReason: '退费', refundAmount: '10.00', outRefundNo: `R-${seq++}`, orgRefundSn: 'HR1' } as never);
  expect(refund.tradeStatus).not.toBe('FAIL');
});
afterAll(async () => {
  await client.close();
  await portal.close();
});

const params = (billType: 'ALL' | 'REFUND' | 'CONSUME' = 'ALL') => ({ orgCode: ORG, orgSecret: DEMO_ORG_SECRET, billDate: '2024-04-24', billType });

describe('getTradeFile', () => {
  it('downloads, verifies and unpacks the day: trades paid and refunds made through the simulator', async () => {
    const dir = tempDir();
    let progress = 0;
    const r = await getTradeFile(client, params(), { outDir: dir, onProgress: (p) => (progress = p.received) });
    expect(listAll(dir).sort()).toEqual([`${ORG}__2024-04-24_ALL.csv`, `${ORG}__2024-04-24_ALL.zip`]);
    expect(r.sha1).toBe(r.response.digest.toLowerCase());
    expect(progress).toBe(r.zipBytes);
    const p = await parseTradeFile(r.csvPath);
    expect(p.warnings).toEqual([]);
    expect(p.summary.ok).toBe(true);
    expect(p.records!.map((x) => [x.ampTraceId, x.tradeType, x.feesumAmt])).toEqual([
      ['amp-a', 'TRADE', 10000],
      ['amp-b', 'TRADE', 888],
      ['amp-a', 'REFUND', 1000],
    ]);
    const zipOnly = await parseTradeFile(r.zipPath!);
    expect(zipOnly.rowCount).toBe(3);
  });

  it('serves REFUND and CONSUME files with their own rows and summary', async () => {
    const refund = await parseTradeFile((await getTradeFile(client, params('REFUND'), { outDir: tempDir(), keepZip: false })).csvPath);
    expect(refund.records!.map((x) => x.tradeType)).toEqual(['REFUND']);
    expect(refund.summary).toMatchObject({ ok: true, computed: { refundCount: 1, refundAmount: 1000, tradeCount: 0 } });
    const consume = await parseTradeFile((await getTradeFile(client, params('CONSUME'), { outDir: tempDir() })).csvPath);
    expect(consume.summary).toMatchObject({ ok: true, computed: { tradeCount: 2, tradeAmount: 10888, refundCount: 0 } });
  });

  it('refuses a digest mismatch naming both digests, and keeps nothing', async () => {
    const dir = tempDir();
    const answer = await client.getTradeFile(params());
    const liar = fakeAnswer(answer.downloadUrl!, 'ab'.repeat(20));
    const err = (await getTradeFile(liar, params(), { outDir: dir }).catch((e: unknown) => e)) as BillError;
    expect(err).toBeInstanceOf(BillError);
    expect(err.reason).toBe('DIGEST_MISMATCH');
    expect(err.code).toBe('000102');
    expect(err.message).toContain('ab'.repeat(20));
    expect(err.message).toMatch(/[0-9a-f]{40}.*[0-9a-f]{40}/);
    expect(listAll(dir)).toEqual([]);
  });

  it('stops at the size cap and keeps nothing', async () => {
    const dir = tempDir();
    await expect(getTradeFile(client, params(), { outDir: dir, maxDownloadBytes: 100 })).rejects.toMatchObject({ reason: 'DOWNLOAD_TOO_LARGE' });
    expect(listAll(dir)).toEqual([]);
  });

  it('gives up when the link expires mid-download, keeping nothing', async () => {
    const slow = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/zip' });
      res.write(Buffer.alloc(10)); // then never ends
    });
    try {
      const dir = tempDir();
      const c = fakeAnswer(`${slow.url}/x.zip`, '00'.repeat(20));
      await expect(getTradeFile(c, params(), { outDir: dir, validityMs: 300 })).rejects.toMatchObject({ reason: 'LINK_EXPIRED', code: '000100' });
      expect(listAll(dir)).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('refuses a zip-slip zip after its digest matched, and keeps nothing', async () => {
    const zip = patchName(await makeZip([{ name: 'aa/evil.csv', data: '#x' }]), 'aa/', '../');
    const srv = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
      res.end(zip);
    });
    try {
      const dir = tempDir();
      const sha1 = (await import('node:crypto')).createHash('sha1').update(zip).digest('hex');
      await expect(getTradeFile(fakeAnswer(`${srv.url}/z.zip`, sha1.toUpperCase()), params(), { outDir: dir })).rejects.toMatchObject({ reason: 'ZIP_SLIP' });
      expect(listAll(dir)).toEqual([]);
    } finally {
      await srv.close();
    }
  });

  it('calls a deployment that serves the interface as /getCheckFile', async () => {
    const seen: string[] = [];
    const front = await serve((res, req) => {
      seen.push(req.url ?? '');
      const path = (req.url ?? '').replace('/getCheckFile', '/getTradeFile');
      const up = httpRequest(`${portal.url}${path}`, { method: req.method, headers: req.headers }, (u) => {
        res.writeHead(u.statusCode ?? 502, u.headers);
        u.pipe(res);
      });
      req.pipe(up);
    });
    try {
      // Another app than the other tests': a second client signing the same request in the same second would be a replay.
      const c = new AmpClient({ url: front.url, appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', orgId: ORG });
      const r = await getTradeFile(c, params(), { outDir: tempDir(), suffix: '/getCheckFile' });
      expect(seen).toEqual(['/api/amp/hos/getCheckFile']);
      expect((await parseTradeFile(r.csvPath)).rowCount).toBe(3);
      await c.close();
    } finally {
      await front.close();
    }
  });

  it('keeps fetchTradeFile (in memory) working, on the one download path: the same BillErrors with reasons', async () => {
    const f = await fetchTradeFile(client, params());
    expect(f.csvName).toBe(`${ORG}__2024-04-24_ALL.csv`);
    expect(f.csvText.startsWith('#区域医保支付门户对账文件')).toBe(true);
    expect(f.zip.subarray(0, 2).toString('latin1')).toBe('PK');
    void cstTimestamp;
    const answer = await client.getTradeFile(params());
    const err = (await fetchTradeFile(fakeAnswer(answer.downloadUrl!, 'cd'.repeat(20)), params()).catch((e: unknown) => e)) as BillError;
    expect(err).toBeInstanceOf(BillError);
    expect(err).toMatchObject({ reason: 'DIGEST_MISMATCH', code: '000102' });
    await expect(fetchTradeFile(client, params(), { maxDownloadBytes: 100 })).rejects.toMatchObject({ reason: 'DOWNLOAD_TOO_LARGE' });
  });

  it('downloadTradeFile is the one download path; getTradeFile is the same function under its old name', async () => {
    const dir = tempDir();
    const r = await downloadTradeFile(client, params('CONSUME'), { outDir: dir });
    expect(listAll(dir).sort()).toEqual([r.csvName, r.zipPath!.split(/[\\/]/).pop()!].sort());
    expect(getTradeFile.length).toBe(downloadTradeFile.length);
  });
});

/** An AmpClient whose getTradeFile answers the given URL and digest; downloads are real. */
function fakeAnswer(downloadUrl: string, digest: string): AmpClient {
  return {
    getTradeFile: async () => ({ digest, digestType: 'SHA1', downloadUrl, billType: 'ALL' }),
    downloadStream: (url: string, signal?: AbortSignal) => client.downloadStream(url, signal),
  } as unknown as AmpClient;
}

async function serve(handler: (res: import('node:http').ServerResponse, req: import('node:http').IncomingMessage) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => handler(res, req));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
