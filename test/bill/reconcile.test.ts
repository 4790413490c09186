// Three-way reconciliation on a day with one case of every class, exact to the fen.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapFile, reconcile, type ReconcileResult } from '../../src/bill/index.js';
import { tradeFileCsv } from '../../src/portal/index.js';
import { HIS, PLATFORM_ROWS, toCsv, writeScenario } from './scenario.js';

const byKey = (r: ReconcileResult) => Object.fromEntries(r.differences.map((d) => [`${d.class}:${d.key.value}`, d]));

describe('reconcile', () => {
  it('sorts every transaction into its class, with counts and totals exact to the fen', async () => {
    const s = await writeScenario();
    const r = await reconcile({ platform: s.zip, his: s.hisJson, insurance: s.insJson });
    expect(r.summary).toEqual({
      matched: 3, amountDiffers: 2, statusDiffers: 1, overRefunded: 0, missingHis: 0, missingPlatform: 0, missingInsurance: 1, unexpectedInsurance: 0,
      onlyPlatform: 1, onlyHis: 1, onlyInsurance: 1, duplicates: 2,
    });
    // matched: A1 128.50 + A8 8.00 + A10 10.00
    expect(r.totals.matched).toEqual({ count: 3, amount: '146.50', fen: 14650 });
    // amountDiffers: A2 36.80 + A11 10.00
    expect(r.totals.amountDiffers).toEqual({ count: 2, amount: '46.80', fen: 4680 });
    // A12 has an insurance part (统筹 50.00) and no insurance record
    expect(r.totals.missingInsurance).toEqual({ count: 1, amount: '60.00', fen: 6000 });
    expect(r.totals.onlyInsurance).toEqual({ count: 1, amount: '99.99', fen: 9999 });
    const d = byKey(r);
    expect(d['amountDiffers:A2']!.fields).toEqual([
      { field: '费用总额', platform: '36.80', his: '36.90' },
      { field: '现金', platform: '36.80', his: '36.90' },
    ]);
    expect(d['amountDiffers:A11']!.fields).toEqual([{ field: '退款金额', platform: '5.00', his: '4.00' }]);
    expect(d['missingInsurance:A12']).toMatchObject({ insured: true, missing: ['insurance'] });
    expect(d['missingInsurance:A12']!.fields).toBeUndefined();
    expect(d['statusDiffers:A3']!.status).toEqual({ platform: 'refunded', his: 'paid', insurance: 'refunded' });
    expect(d['onlyPlatform:A4']!.platform!.amounts.feesumAmt).toBe('10.00');
    expect(d['onlyHis:A5']!.his!.lines).toEqual([4]);
    expect(d['duplicates:A6']!.duplicateIn).toBe('platform');
    expect(d['duplicates:A7']!.duplicateIn).toBe('his');
    expect(d['duplicates:A7']!.his!.lines).toEqual([5, 6]);
    expect(d['onlyInsurance:S-A9']!.key).toEqual({ name: 'setlId', label: '医保结算ID', value: 'S-A9' });
    expect(r.meta).toMatchObject({ billDate: '2024-04-24', platformRows: 14, hisRecords: 10, insuranceRecords: 5, summaryOk: true });
  });

  it('falls back to 商户订单号 only where a side lacks ampTraceId', async () => {
    const s = await writeScenario();
    const r = await reconcile({ platform: s.zip, his: s.hisJson });
    expect(r.differences.some((x) => x.key.value === 'A8' || x.key.value === 'M8')).toBe(false);
    // A HIS record with another ampTraceId but the same mch_trace_no is not taken for A4.
    const his = [...HIS, { amp_trace_id: 'OTHER', mch_trace_no: 'M-A4', feesum_amt: '10.00', psn_cash_pay: '10.00', status: 'settled' }];
    writeFileSync(join(s.dir, 'his2.json'), JSON.stringify(his));
    const r2 = await reconcile({ platform: s.zip, his: join(s.dir, 'his2.json') });
    expect(byKey(r2)['onlyPlatform:A4']).toBeDefined();
    expect(byKey(r2)['onlyHis:OTHER']).toBeDefined();
  });

  it('reads CSV inputs the same as JSON, and a --map file renames another export\'s columns', async () => {
    const s = await writeScenario();
    const json = await reconcile({ platform: s.zip, his: s.hisJson, insurance: s.insJson });
    const csv = await reconcile({ platform: s.zip, his: s.hisCsv, insurance: s.insCsv });
    expect(csv.summary).toEqual(json.summary);
    expect(csv.totals).toEqual(json.totals);
    const rename = { amp_trace_id: '平台流水号', feesum_amt: '总金额', status: '状态' };
    writeFileSync(join(s.dir, 'his-export.csv'), toCsv(HIS, rename));
    writeFileSync(join(s.dir, 'map.json'), JSON.stringify({ his: { 平台流水号: 'amp_trace_id', 总金额: 'feesum_amt', 状态: 'status' } }));
    const mapped = await reconcile({ platform: s.zip, his: join(s.dir, 'his-export.csv'), insurance: s.insCsv, map: await loadMapFile(join(s.dir, 'map.json')) });
    expect(mapped.summary).toEqual(json.summary);
  });

  it('shows each differing HIS record\'s own references, read again from the file, and only theirs', async () => {
    const s = await writeScenario();
    for (const his of [s.hisCsv, s.hisJson]) {
      const r = await reconcile({ platform: s.zip, his, insurance: s.insCsv });
      const withHis = r.differences.filter((d) => d.his && d.class !== 'duplicates');
      expect(withHis.length).toBeGreaterThan(3);
      for (const d of withHis) {
        const h = HIS.find((x) => (x.amp_trace_id || '') === (d.his!.ampTraceId ?? '') && (x.mch_trace_no || '') === (d.his!.mchTraceNo ?? ''))!;
        const want = { ...(h.org_trace_no ? { orgTraceNo: h.org_trace_no } : {}), ...(h.mch_trace_no ? { mchTraceNo: h.mch_trace_no } : {}), ...(h.setl_time ? { setlTime: h.setl_time } : {}) };
        expect(d.his!.refs ?? {}, `${d.class} ${d.key.value}`).toEqual(want);
      }
    }
  });

  it('refuses HIS input without any key field, naming --map', async () => {
    const s = await writeScenario();
    writeFileSync(join(s.dir, 'bad.csv'), '流水号,金额\r\nX,1.00\r\n');
    await expect(reconcile({ platform: s.zip, his: join(s.dir, 'bad.csv') })).rejects.toMatchObject({ reason: 'BAD_INPUT', message: expect.stringContaining('--map') });
  });

  it('says why a HIS CSV cannot be read (an open quote), with the line, in both languages', async () => {
    const s = await writeScenario();
    writeFileSync(join(s.dir, 'open-quote.csv'), 'amp_trace_id,feesum_amt\r\nA1,1.00\r\n"A2,2.00\r\nA3,3.00\r\n');
    const err = await reconcile({ platform: s.zip, his: join(s.dir, 'open-quote.csv') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'BAD_INPUT', code: '000105' });
    expect((err as Error).message).toContain('第 3 行附近）：引号括起的字段没有结束');
    expect((err as Error).message).toContain('(near line 3): a quoted field is not closed');
  });

  it('is all matched when the books agree', async () => {
    const s = await writeScenario();
    const his = [{ amp_trace_id: 'A1', feesum_amt: '128.50', acct_pay: '30.00', psn_cash_pay: '48.50', fund_pay_sumamt: '50.00', status: 'settled' }];
    writeFileSync(join(s.dir, 'one.csv'), tradeFileCsv({ orgCode: 'H46040100001', billDate: '2024-04-24', billType: 'ALL', exportTime: '2024-04-25 00:00:00', rows: [PLATFORM_ROWS[0]!] }));
    writeFileSync(join(s.dir, 'one-his.json'), JSON.stringify(his));
    const r = await reconcile({ platform: join(s.dir, 'one.csv'), his: join(s.dir, 'one-his.json') });
    expect(r.differences).toEqual([]);
    expect(r.summary.matched).toBe(1);
  });
});
