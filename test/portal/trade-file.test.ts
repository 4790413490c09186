// AMP_HOS_004 end to end: getTradeFile over HTTP, the download, its SHA1, the zip (read with
// yauzl) and the CSV inside, checked field by field against what the ledger holds.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { cstTimestamp } from '../../src/core/index.js';
import { DEMO_ORG_SECRET, TRADE_FILE_COLUMNS, startPortal, type PortalHandle } from '../../src/portal/index.js';
import { call, type Json } from './helpers.js';

// The portal's clock: 2022-04-24 12:00:00 CST, moved by the tests.
let now = Date.parse('2022-04-24T04:00:00Z');
const clock = () => new Date(now);
let seq = 0;
const ts = () => cstTimestamp(new Date(now - seq++ * 1000)); // a fresh signature for every call

const OWN_APP = { appId: 'HOSPTESTAPP00000000000000000001', appSecret: 'hosp-test-secret', orgSecret: 'own-org-secret' };
let portal: PortalHandle;

beforeAll(async () => {
  portal = await startPortal({ clock, refundDelayMs: 0, apps: [OWN_APP] });
});
afterAll(async () => {
  await portal.close();
});

function unzip(zip: Buffer): Promise<{ name: string; data: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return reject(err);
      const out: { name: string; data: Buffer }[] = [];
      zf.on('entry', (entry: yauzl.Entry) => {
        zf.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zf.readEntry();
          });
        });
      });
      zf.on('end', () => resolve(out));
      zf.on('error', reject);
      zf.readEntry();
    });
  });
}

/** "14.01" → 1401 by string operations only. */
function fen(yuan: string): number {
  const m = /^(\d+)\.(\d{2})$/.exec(yuan);
  if (!m) throw new Error(`not a 2-decimal yuan amount: ${yuan}`);
  return Number(m[1]) * 100 + Number(m[2]);
}

interface ParsedCsv {
  bom: boolean;
  header: string[];
  columns: string[];
  rows: string[][];
  summary: string[];
}

function parseCsv(buf: Buffer): ParsedCsv {
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const lines = buf.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
  expect(lines.pop()).toBe('');
  const begin = lines.indexOf('#-------业务明细列表-------');
  const end = lines.indexOf('#-------业务明细列表结束-------');
  expect(begin).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(begin);
  return {
    bom,
    header: lines.slice(0, begin),
    columns: lines[begin + 1]!.split(','),
    rows: lines.slice(begin + 2, end).map((l) => l.split(',')),
    summary: lines.slice(end + 1),
  };
}

async function fetchFile(params: Json, app?: { appId: string; appSecret: string }) {
  const res = await call(portal, '/getTradeFile', params, { timestamp: ts(), ...(app ?? {}) });
  expect(res.body.code).toBe('000000');
  const data = res.data!;
  const dl = await fetch(data.downloadUrl);
  expect(dl.status).toBe(200);
  expect(dl.headers.get('content-type')).toBe('application/zip');
  const zip = Buffer.from(await dl.arrayBuffer());
  const entries = await unzip(zip);
  return { data, zip, entries };
}

async function addTrade(body: Json): Promise<Json> {
  const r = await fetch(`${portal.url}/__sim/trades`, { method: 'POST', body: JSON.stringify(body) });
  expect(r.status).toBe(201);
  return ((await r.json()) as Json).trade;
}

async function refund(t: Json, over: Json): Promise<Json> {
  const res = await call(portal, '/refund', {
    ampTraceId: t.ampTraceId, traceId: t.traceId, orgTraceNo: t.orgTraceNo, orgCode: t.orgCode,
    refundReason: '退费', outRefundNo: `TF-${seq}`, orgRefundSn: `HIS-${seq}`, ...over,
  }, { timestamp: ts() });
  expect(res.data!.tradeStatus).toBe('SUCCESS');
  return res.data!;
}

describe('getTradeFile', () => {
  let tradeA: Json;
  let tradeB: Json;

  beforeAll(async () => {
    tradeA = await addTrade({
      orgCode: 'H46040100001', ampTraceId: 'a59ffe7b5b1340cd9de01f7bfd929b01', traceId: '1a31b6914799414e8698445758264c3f',
      orgTraceNo: 'MZ-A', feesumAmt: '100.00', acctPay: '20.00', psnCashPay: '30.00', fundPaySumamt: '50.00',
      payTime: '2022-04-24 09:30:00', certNo: '35020519870808105X',
    });
    tradeB = await addTrade({
      orgCode: 'H46040100001', ampTraceId: 'b59ffe7b5b1340cd9de01f7bfd929b02', traceId: '2a31b6914799414e8698445758264c3f',
      orgTraceNo: 'MZ-B', feesumAmt: '60.55', acctPay: '0.55', psnCashPay: '40.00', fundPaySumamt: '20.00',
      payTime: '2022-04-24 10:45:00',
    });
    await refund(tradeA, { refundAmount: '10.00' });
    await refund(tradeB, { refundType: '02' });
  });

  it('returns a SHA1 digest of the zip it serves, and the zip holds one correctly named CSV', async () => {
    const { data, zip, entries } = await fetchFile({ orgCode: 'H46040100001', orgSecret: DEMO_ORG_SECRET, billDate: '2022-04-24', billType: 'ALL' });
    expect(data.digestType).toBe('SHA1');
    expect(data.billType).toBe('ALL');
    expect(data.downloadUrl.startsWith(`${portal.url}/__sim/download/`)).toBe(true);
    expect(createHash('sha1').update(zip).digest('hex')).toBe(data.digest.toLowerCase());
    expect(entries.map((e) => e.name)).toEqual(['H46040100001__2022-04-24_ALL.csv']);
  });

  it('writes the header block, 28 columns, backticked fields and a summary that matches the rows', async () => {
    const { entries } = await fetchFile({ orgCode: 'H46040100001', orgSecret: DEMO_ORG_SECRET, billDate: '2022-04-24', billType: 'ALL' });
    const csv = parseCsv(entries[0]!.data);
    expect(csv.bom).toBe(true);
    expect(csv.header).toEqual(['#区域医保支付门户对账文件', '#账单时间：2022-04-24', '#机构编号：H46040100001', '#分机构编号：无', '#账单类型：ALL']);
    expect(csv.columns).toHaveLength(28);
    expect(csv.columns).toContain('医保就诊ID');
    expect(csv.columns.slice(0, 3)).toEqual(['交易时间', '交易完成时间', '机构编码']);
    expect(csv.columns).toEqual(TRADE_FILE_COLUMNS.map((c) => c.name));

    const col = (name: string) => csv.columns.indexOf(name);
    for (const row of csv.rows) {
      expect(row).toHaveLength(28);
      for (const field of row) expect(field.startsWith('`')).toBe(true);
    }
    const v = (row: string[], name: string) => row[col(name)]!.slice(1);
    const trades = csv.rows.filter((r) => v(r, '交易类型') === 'TRADE');
    const refunds = csv.rows.filter((r) => v(r, '交易类型') === 'REFUND');
    // Seeded: one trade of H46040100001 on the clock's day (14.01); added: A and B; refunds of A and B.
    expect(trades.map((r) => v(r, '费用总额')).sort()).toEqual(['100.00', '14.01', '60.55']);
    expect(trades.every((r) => v(r, '交易状态') === 'SUCCESS')).toBe(true);
    expect(refunds.every((r) => v(r, '交易状态') === 'REFUND')).toBe(true);
    const refundA = refunds.find((r) => v(r, '区域医保支付门户单据跟踪号') === tradeA.ampTraceId)!;
    expect([v(refundA, '费用总额'), v(refundA, '个人账户支付额'), v(refundA, '个人现金支付额'), v(refundA, '医保统筹基金支付额')]).toEqual([
      '10.00', '0.00', '10.00', '0.00',
    ]);
    const refundB = refunds.find((r) => v(r, '区域医保支付门户单据跟踪号') === tradeB.ampTraceId)!;
    expect([v(refundB, '费用总额'), v(refundB, '个人账户支付额'), v(refundB, '个人现金支付额'), v(refundB, '医保统筹基金支付额')]).toEqual([
      '60.55', '0.55', '40.00', '20.00',
    ]);
    expect(v(refundB, '商户订单号')).toBe('MZ-B');
    expect(v(trades.find((r) => v(r, '费用总额') === '100.00')!, '用户证件号')).toBe('35020519870808105X');
    for (const r of csv.rows) {
      expect(fen(v(r, '个人账户支付额')) + fen(v(r, '个人现金支付额')) + fen(v(r, '医保统筹基金支付额'))).toBe(fen(v(r, '费用总额')));
    }

    const sum = (rows: string[][]) => rows.reduce((s, r) => s + fen(v(r, '费用总额')), 0);
    const yuan = (f: number) => `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`;
    expect(csv.summary).toEqual([
      `#交易总笔数：${trades.length}`,
      `#退款总笔数：${refunds.length}`,
      `#交易总金额（元）：${yuan(sum(trades))}`,
      `#退款总金额（元）：${yuan(sum(refunds))}`,
      `#导出时间：${cstTimestamp(clock())}`,
    ]);
    expect(yuan(sum(trades))).toBe('174.56');
    expect(yuan(sum(refunds))).toBe('70.55');
  });

  it('CONSUME holds only payments and REFUND only refunds, each in its own file name', async () => {
    const consume = await fetchFile({ orgCode: 'H46040100001', orgSecret: DEMO_ORG_SECRET, billDate: '2022-04-24', billType: 'CONSUME' });
    expect(consume.data.billType).toBe('CONSUME');
    expect(consume.entries[0]!.name).toBe('H46040100001__2022-04-24_CONSUME.csv');
    const c = parseCsv(consume.entries[0]!.data);
    expect(c.rows).toHaveLength(3);
    expect(c.rows.every((r) => r[24] === '`TRADE')).toBe(true);
    expect(c.summary[1]).toBe('#退款总笔数：0');

    const refunds = await fetchFile({ orgCode: 'H46040100001', orgSecret: DEMO_ORG_SECRET, billDate: '2022-04-24', billType: 'REFUND' });
    expect(refunds.entries[0]!.name).toBe('H46040100001__2022-04-24_REFUND.csv');
    const r = parseCsv(refunds.entries[0]!.data);
    expect(r.rows).toHaveLength(2);
    expect(r.summary[0]).toBe('#交易总笔数：0');
    expect(r.summary[3]).toBe('#退款总金额（元）：70.55');
  });

  it('names a branch file {orgCode}_{subOrgCode}_… and holds only that branch', async () => {
    const { entries } = await fetchFile({ orgCode: 'H35010200227', subOrgCode: '01', orgSecret: DEMO_ORG_SECRET, billDate: '2022-04-23', billType: 'ALL' });
    expect(entries[0]!.name).toBe('H35010200227_01_2022-04-23_ALL.csv');
    const csv = parseCsv(entries[0]!.data);
    expect(csv.header[3]).toBe('#分机构编号：01');
    expect(csv.rows).toHaveLength(1);
    expect(csv.rows[0]![3]).toBe('`01');
    expect(csv.rows[0]![16]).toBe('`88.88');
  });

  it('serves an empty (but complete) file for a day without trades', async () => {
    const { entries } = await fetchFile({ orgCode: 'H46040100001', orgSecret: DEMO_ORG_SECRET, billDate: '2021-01-01', billType: 'ALL' });
    const csv = parseCsv(entries[0]!.data);
    expect(csv.rows).toHaveLength(0);
    expect(csv.summary.slice(0, 4)).toEqual(['#交易总笔数：0', '#退款总笔数：0', '#交易总金额（元）：0.00', '#退款总金额（元）：0.00']);
  });

  it('checks orgSecret: the demo one for demo apps, the configured one for an app that has its own', async () => {
    const wrong = await call(portal, '/getTradeFile', { orgCode: 'H46040100001', orgSecret: 'guess', billDate: '2022-04-24', billType: 'ALL' }, { timestamp: ts() });
    expect(wrong.body.code).toBe('-4');
    expect(wrong.body.message).toContain('权限校验异常');
    expect(wrong.body.message).toContain('orgSecret');
    expect(wrong.body).not.toHaveProperty('encData');

    const demoForOwn = await call(portal, '/getTradeFile', { orgCode: 'H46040100001', orgSecret: DEMO_ORG_SECRET, billDate: '2022-04-24', billType: 'ALL' }, { timestamp: ts(), ...OWN_APP });
    expect(demoForOwn.body.code).toBe('-4');
    const own = await fetchFile({ orgCode: 'H46040100001', orgSecret: OWN_APP.orgSecret, billDate: '2022-04-24', billType: 'ALL' }, OWN_APP);
    expect(own.entries).toHaveLength(1);
  });

  it('the download URL expires after downloadTtlMs on the portal clock; unknown tokens are 404 too', async () => {
    const res = await call(portal, '/getTradeFile', { orgCode: 'H46040100001', orgSecret: DEMO_ORG_SECRET, billDate: '2022-04-24', billType: 'ALL' }, { timestamp: ts() });
    const url = res.data!.downloadUrl as string;
    now += 59_000;
    expect((await fetch(url)).status).toBe(200);
    now += 1_001;
    const expired = await fetch(url);
    expect(expired.status).toBe(404);
    const body = (await expired.json()) as Json;
    expect(body.message).toContain('过期');
    expect((await fetch(`${portal.url}/__sim/download/0123456789abcdef`)).status).toBe(404);
  });
});
