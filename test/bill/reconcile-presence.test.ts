// A transaction absent from a source that should hold it is never matched: every combination of
// presence (platform / HIS / insurance, 7 non-empty subsets) for an insured and a self-paid trade;
// the planted day of 47 trades with trades 4 and 5 missing from the HIS, with and without the
// insurance records, through the CLI's text, --json, --csv and --html; cancelled settlements and
// over-refunds.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { reconcile, type ReconcileResult, type ResultClass } from '../../src/bill/index.js';
import { registerReconcileCommand } from '../../src/cli/reconcile.js';
import { TRADE_FILE_COLUMNS, tradeFileCsv, type TradeFileRow } from '../../src/portal/index.js';
import { tempDir } from './helpers.js';

const ORG = 'H46040100001';
const DAY = '2026-11-30';
const yuan = (fen: number) => (fen / 100).toFixed(2);

interface Trade {
  id: string;
  /** fee, acct, cash, fund in fen */
  fen: [number, number, number, number];
  in: string; // which sources hold it: P, H, I
  refunds?: { fen: number; status?: 'REFUND' | 'REVOKED' }[];
  hisStatus?: string;
  hisRefund?: number;
}

function platformRow(t: Trade, over: Partial<TradeFileRow> = {}): TradeFileRow {
  const base = Object.fromEntries(TRADE_FILE_COLUMNS.map((c) => [c.key, c.kind === 'amount' ? 0 : ''])) as unknown as TradeFileRow;
  return {
    ...base, tradeTime: `${DAY} 09:00:00`, finishTime: `${DAY} 09:01:00`, orgCode: ORG, orgName: '模拟医院', ampTraceId: t.id, platformOrderNo: `T-${t.id}`,
    payChnlTraceNo: `C-${t.id}`, payOrdId: `O-${t.id}`, mchTraceNo: `M-${t.id}`, setlId: `S-${t.id}`, certNo: '460400199003151234', certType: '01',
    patientType: '01', depositType: 'WX', tradeType: 'TRADE', tradeStatus: 'SUCCESS',
    feesumAmt: t.fen[0], acctPay: t.fen[1], psnCashPay: t.fen[2], fundPaySumamt: t.fen[3], ...over,
  };
}

/** Writes the day's three files; returns their paths. */
function writeDay(dir: string, trades: Trade[]): { platform: string; his: string; insurance: string } {
  const rows: TradeFileRow[] = [];
  const his: Record<string, string>[] = [];
  const ins: Record<string, string>[] = [];
  for (const t of trades) {
    if (t.in.includes('P')) {
      rows.push(platformRow(t));
      for (const r of t.refunds ?? []) {
        rows.push(platformRow(t, { tradeType: 'REFUND', tradeStatus: r.status ?? 'REFUND', feesumAmt: r.fen, acctPay: 0, psnCashPay: r.fen, fundPaySumamt: 0, finishTime: `${DAY} 15:00:00` }));
      }
    }
    if (t.in.includes('H')) {
      his.push({
        amp_trace_id: t.id, mch_trace_no: `M-${t.id}`, setl_id: `S-${t.id}`, feesum_amt: yuan(t.fen[0]), acct_pay: yuan(t.fen[1]), psn_cash_pay: yuan(t.fen[2]),
        fund_pay_sumamt: yuan(t.fen[3]), status: t.hisStatus ?? (t.refunds?.length ? 'refunded' : 'settled'),
        ...(t.hisRefund !== undefined ? { refund_amt: yuan(t.hisRefund) } : {}),
      });
    }
    if (t.in.includes('I')) {
      ins.push({ setl_id: `S-${t.id}`, medfee_sumamt: yuan(t.fen[0]), acct_pay: yuan(t.fen[1]), psn_cash_pay: yuan(t.fen[2]), fund_pay_sumamt: yuan(t.fen[3]), refd_setl_flag: t.refunds?.length ? '1' : '0' });
    }
  }
  const p = { platform: join(dir, `${ORG}__${DAY}_ALL.csv`), his: join(dir, 'his.json'), insurance: join(dir, 'insurance.json') };
  writeFileSync(p.platform, tradeFileCsv({ orgCode: ORG, billDate: DAY, billType: 'ALL', rows, exportTime: `${DAY} 23:59:59` }));
  writeFileSync(p.his, JSON.stringify(his));
  writeFileSync(p.insurance, JSON.stringify(ins));
  return p;
}

const INSURED: Trade['fen'] = [10000, 2000, 3000, 5000];
const SELF_PAID: Trade['fen'] = [1000, 0, 1000, 0];

// The expected class of each combination: [sources, insured class, self-paid class].
const COMBOS: [string, ResultClass, ResultClass][] = [
  ['P', 'onlyPlatform', 'onlyPlatform'],
  ['H', 'onlyHis', 'onlyHis'],
  ['I', 'onlyInsurance', 'onlyInsurance'],
  ['PH', 'missingInsurance', 'matched'],
  ['PI', 'missingHis', 'missingHis'],
  ['HI', 'missingPlatform', 'missingPlatform'],
  ['PHI', 'matched', 'unexpectedInsurance'],
];

const classOf = (r: ReconcileResult, id: string): ResultClass => {
  const d = r.differences.find((x) => x.key.value === id || x.key.value === `S-${id}`);
  return d ? d.class : 'matched';
};

describe('presence: every combination of sources, insured and self-paid', () => {
  let r: ReconcileResult;
  let noIns: ReconcileResult;
  const trades: Trade[] = COMBOS.flatMap(([src]) => [
    { id: `INS-${src}`, fen: INSURED, in: src },
    { id: `SELF-${src}`, fen: SELF_PAID, in: src },
  ]);
  beforeAll(async () => {
    const p = writeDay(tempDir('onetrans-presence-'), trades);
    r = await reconcile({ platform: p.platform, his: p.his, insurance: p.insurance });
    noIns = await reconcile({ platform: p.platform, his: p.his });
  });

  it.each(COMBOS)('held by %s: insured is %s, self-paid is %s', (src, insuredCls, selfCls) => {
    expect(classOf(r, `INS-${src}`)).toBe(insuredCls);
    expect(classOf(r, `SELF-${src}`)).toBe(selfCls);
    const d = r.differences.find((x) => x.key.value.endsWith(`INS-${src}`));
    if (insuredCls === 'matched') expect(d).toBeUndefined();
    else expect(d!.insured).toBe(true);
  });

  it('names the source that lacks it, and the one that should not have it', () => {
    const find = (id: string) => r.differences.find((x) => x.key.value.endsWith(id))!;
    expect(find('INS-PI').missing).toEqual(['his']);
    expect(find('INS-HI').missing).toEqual(['platform']);
    expect(find('INS-PH').missing).toEqual(['insurance']);
    expect(find('INS-P').missing).toEqual(['his', 'insurance']);
    expect(find('SELF-P').missing).toEqual(['his']);
    expect(find('SELF-PHI')).toMatchObject({ insured: false, unexpected: ['insurance'] });
    expect(find('SELF-PHI').missing).toBeUndefined();
    expect(find('SELF-PI')).toMatchObject({ missing: ['his'], unexpected: ['insurance'] });
  });

  it('counts and totals every class exactly to the fen', () => {
    // Hand sums: insured 100.00, self-paid 10.00 per trade.
    const want: Partial<Record<ResultClass, [number, number]>> = {
      matched: [2, 11000], // INS-PHI + SELF-PH
      onlyPlatform: [2, 11000], onlyHis: [2, 11000], onlyInsurance: [2, 11000],
      missingHis: [2, 11000], missingPlatform: [2, 11000],
      missingInsurance: [1, 10000], unexpectedInsurance: [1, 1000],
    };
    for (const [cls, t] of Object.entries(r.totals)) {
      const [count, fen] = want[cls as ResultClass] ?? [0, 0];
      expect(t, cls).toEqual({ count, fen, amount: yuan(fen) });
    }
  });

  it('without insurance records, nothing is expected of the insurance centre', () => {
    for (const [src] of COMBOS) {
      const held = src.replace('I', '');
      const want = held === 'PH' ? 'matched' : held === 'P' ? 'onlyPlatform' : held === 'H' ? 'onlyHis' : undefined;
      if (!want) continue; // held by insurance alone: not in this reconciliation at all
      expect(classOf(noIns, `INS-${src}`), src).toBe(want);
      expect(classOf(noIns, `SELF-${src}`), src).toBe(want);
    }
    expect(noIns.summary.onlyInsurance + noIns.summary.missingInsurance + noIns.summary.unexpectedInsurance).toBe(0);
  });
});

async function cli(args: string[]): Promise<{ out: string; err: string; code?: number }> {
  let out = '';
  let err = '';
  let code: number | undefined;
  const program = new Command().exitOverride();
  registerReconcileCommand(program, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n'), exit: (c) => void (code = c) });
  await program.parseAsync(['node', 'onetrans', 'reconcile', ...args]);
  return { out, err, code };
}

describe('the planted day: 47 trades, 4 and 5 missing from the HIS', () => {
  // Trade n: every third self-paid, the others insured; amounts differ per trade so a wrong sum shows.
  const trades: Trade[] = Array.from({ length: 47 }, (_, k) => {
    const n = k + 1;
    const insured = n % 3 !== 0;
    const fee = 1000 + n * 137;
    const fen: Trade['fen'] = insured ? [fee, 300, fee - 300 - 500, 500] : [fee, 0, fee, 0];
    return { id: `AMP2026113000${String(n).padStart(2, '0')}`, fen, in: n === 4 || n === 5 ? (insured ? 'PI' : 'P') : insured ? 'PHI' : 'PH' };
  });
  const fee = (n: number) => 1000 + n * 137;
  const allFen = Array.from({ length: 47 }, (_, k) => fee(k + 1)).reduce((a, b) => a + b, 0);
  const missingFen = fee(4) + fee(5);
  let p: ReturnType<typeof writeDay>;
  let dir: string;
  beforeAll(() => {
    dir = tempDir('onetrans-planted-');
    p = writeDay(dir, trades);
  });

  it('trades 4 and 5 are insured (the insurance centre has them)', () => {
    expect(trades[3]!.in).toBe('PI');
    expect(trades[4]!.in).toBe('PI');
  });

  it('without --insurance: 45 matched, 4 and 5 onlyPlatform, in every output', async () => {
    const j = JSON.parse((await cli(['--platform', p.platform, '--his', p.his, '--json'])).out) as ReconcileResult;
    expect(j.totals.matched).toEqual({ count: 45, fen: allFen - missingFen, amount: yuan(allFen - missingFen) });
    expect(j.totals.onlyPlatform).toEqual({ count: 2, fen: missingFen, amount: yuan(missingFen) });
    expect(j.differences.map((d) => [d.class, d.key.value])).toEqual([
      ['onlyPlatform', 'AMP202611300004'],
      ['onlyPlatform', 'AMP202611300005'],
    ]);
  });

  it('with --insurance: 45 matched, 4 and 5 missingHis — never matched — in text, --json, --csv and --html', async () => {
    const csv = join(dir, 'diff.csv');
    const html = join(dir, 'report.html');
    const base = ['--platform', p.platform, '--his', p.his, '--insurance', p.insurance];
    const json = await cli([...base, '--json', '--csv', csv, '--html', html]);
    expect(json.code).toBe(1);
    const j = JSON.parse(json.out) as ReconcileResult;
    expect(j.totals.matched).toEqual({ count: 45, fen: allFen - missingFen, amount: yuan(allFen - missingFen) });
    expect(j.totals.missingHis).toEqual({ count: 2, fen: missingFen, amount: yuan(missingFen) });
    expect(j.differences.map((d) => [d.class, d.key.value, d.missing])).toEqual([
      ['missingHis', 'AMP202611300004', ['his']],
      ['missingHis', 'AMP202611300005', ['his']],
    ]);
    // text
    const text = (await cli(base)).out;
    expect(text).toMatch(new RegExp(`HIS缺失\\s+missingHis\\s+2 笔\\s+${yuan(missingFen).replace('.', '\\.')} 元`));
    expect(text).toMatch(new RegExp(`一致\\s+matched\\s+45 笔\\s+${yuan(allFen - missingFen).replace('.', '\\.')} 元`));
    // CSV: one row per difference, then the totals per class
    const lines = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.filter((l) => l.startsWith('HIS缺失,missingHis,区域医保支付门户单据跟踪号,'))).toHaveLength(2);
    expect(lines.find((l) => l.includes('AMP202611300004'))).toContain(',HIS,');
    expect(lines).toContain(`HIS缺失,missingHis,2,${yuan(missingFen)}`);
    expect(lines).toContain(`一致,matched,45,${yuan(allFen - missingFen)}`);
    // HTML
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(new RegExp(`id="count-missingHis">2<`));
    expect(page).toContain(`id="amount-missingHis">¥ ${yuan(missingFen)}<`);
    expect(page).toContain('门户、医保有，HIS无');
  });
});

describe('cancelled settlements and over-refunds', () => {
  it('a cancelled HIS settlement is shown as cancelled, and compared with REVOKED rows, not REFUND rows', async () => {
    const trades: Trade[] = [
      { id: 'C1', fen: SELF_PAID, in: 'PH', refunds: [{ fen: 1000, status: 'REVOKED' }], hisStatus: 'cancelled' }, // agree
      { id: 'C2', fen: SELF_PAID, in: 'PH', refunds: [{ fen: 1000, status: 'REFUND' }], hisStatus: 'cancelled' }, // refunded vs cancelled
      { id: 'C3', fen: SELF_PAID, in: 'PH', refunds: [{ fen: 1000, status: 'REVOKED' }], hisStatus: 'refunded' }, // cancelled vs refunded
      { id: 'C4', fen: INSURED, in: 'PHI', refunds: [{ fen: 10000, status: 'REVOKED' }], hisStatus: 'cancelled' }, // insurance's refund flag agrees
    ];
    const p = writeDay(tempDir('onetrans-cancel-'), trades);
    for (const withIns of [false, true]) {
      const r = await reconcile({ platform: p.platform, his: p.his, ...(withIns ? { insurance: p.insurance } : {}) });
      expect(classOf(r, 'C1')).toBe('matched');
      expect(classOf(r, 'C4')).toBe('matched');
      const c2 = r.differences.find((d) => d.key.value === 'C2')!;
      expect(c2.class).toBe('statusDiffers');
      expect(c2.status).toEqual({ platform: 'refunded', his: 'cancelled' });
      expect(c2.his!.status).toBe('cancelled');
      expect(r.differences.find((d) => d.key.value === 'C3')!.status).toEqual({ platform: 'cancelled', his: 'refunded' });
    }
  });

  it('refunds above the trade are overRefunded, even when the HIS agrees', async () => {
    const trades: Trade[] = [
      { id: 'R1', fen: SELF_PAID, in: 'PH', refunds: [{ fen: 5000 }], hisRefund: 5000 }, // 10.00 trade, 50.00 refund
      { id: 'R2', fen: SELF_PAID, in: 'PH', refunds: [{ fen: 800 }, { fen: 800 }], hisRefund: 1600 }, // two 8.00 refunds of 10.00
      { id: 'R3', fen: SELF_PAID, in: 'PH', refunds: [{ fen: 400 }, { fen: 600 }], hisRefund: 1000 }, // refunded exactly in full: fine
    ];
    const p = writeDay(tempDir('onetrans-over-'), trades);
    const r = await reconcile({ platform: p.platform, his: p.his });
    expect(r.totals.overRefunded).toEqual({ count: 2, fen: 2000, amount: '20.00' });
    expect(r.differences.find((d) => d.key.value === 'R1')!.overRefund).toEqual([
      { source: 'platform', trade: '10.00', refunded: '50.00' },
      { source: 'his', trade: '10.00', refunded: '50.00' },
    ]);
    expect(r.differences.find((d) => d.key.value === 'R2')!.overRefund).toEqual([
      { source: 'platform', trade: '10.00', refunded: '16.00' },
      { source: 'his', trade: '10.00', refunded: '16.00' },
    ]);
    expect(classOf(r, 'R3')).toBe('matched');
  });
});
