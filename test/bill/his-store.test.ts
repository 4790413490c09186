// The compact HIS store behind reconcile(): what goes in comes back out, keys are found and
// duplicates told, and amounts stay exact beyond 32 bits.
import { describe, expect, it } from 'vitest';
import { FenColumn, HisStore, KeyIndex, StringColumn, hashString } from '../../src/bill/his-store.js';
import { reconcile } from '../../src/bill/index.js';
import { tradeFileCsv } from '../../src/portal/index.js';
import { PLATFORM_ROWS, writeScenario } from './scenario.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

describe('StringColumn and KeyIndex', () => {
  it('give back every string, ASCII or not, and find each by its value', () => {
    const col = new StringColumn();
    const values = ['A1', '', '门诊-结算-001', 'A1', 'x'.repeat(300), '\u00e9\u4e2d\u{1F600}', 'A10'];
    for (const v of values) col.push(v);
    expect(values.map((_, i) => col.get(i))).toEqual(values);
    const idx = new KeyIndex(col);
    expect(idx.find('A1')).toBe(0);
    expect(idx.find('门诊-结算-001')).toBe(2);
    expect(idx.find('\u00e9\u4e2d\u{1F600}')).toBe(5);
    expect(idx.find('A')).toBe(-1);
    expect(idx.find('')).toBe(-1);
    expect([...idx.dup]).toEqual([1, 0, 0, 1, 0, 0, 0]);
    expect(idx.dupGroups.get(0)).toEqual([0, 3]);
  });

  it('give back strings across its 1 MiB blocks: strings that fill a block, a string longer than a block, empty ones between', () => {
    for (const wide of ['中', 'w']) {
      const col = new StringColumn(); // ASCII only (a faster path) when wide is 'w'
      const values: string[] = [];
      let seed = 7;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
      for (let i = 0; i < 30_000; i++) {
        const r = rand(100);
        if (r < 10) values.push('');
        else if (r < 15) values.push(wide.repeat(rand(60)));
        else values.push(`k${i}-${'x'.repeat(rand(200))}`);
        if (i === 12_000) values.push('y'.repeat(400_000), '', 'z'.repeat(400_000), 'after');
      }
      for (const v of values) col.push(v);
      expect(col.length).toBe(values.length);
      values.forEach((v, i) => {
        if (col.get(i) !== v || col.isEmpty(i) !== (v === '') || !col.equals(i, v)) expect([i, col.get(i).length]).toEqual([i, v.length]);
      });
      const idx = new KeyIndex(col);
      for (let i = 0; i < values.length; i += 101) if (values[i]) expect(col.get(idx.find(values[i]!))).toBe(values[i]);
      expect(idx.find('z'.repeat(400_000))).toBe(values.indexOf('z'.repeat(400_000)));
    }
  });

  it('give back hex ids (held two digits a byte) exactly, told apart from near misses', () => {
    const col = new StringColumn();
    const values = ['080c2c3a0afb459b81bd7f34759a3efa', '0123456', '012345678', '0123456780', 'ABCDEF0123', '12345678901234567890', 'abcdefab', 'abcdefag', '00000000', '000000000', '中abcdef01'];
    for (const v of values) col.push(v);
    const idx = new KeyIndex(col);
    values.forEach((v, i) => {
      expect(col.get(i)).toBe(v);
      expect(col.hash(i)).toBe(hashString(v));
      expect(idx.find(v)).toBe(i);
      values.forEach((w, j) => expect(col.equals(i, w)).toBe(i === j));
    });
    // A non-digit is no digit pair: '0g' is not the byte of '10', 'g' alone not the last digit '0'.
    const k = col.length;
    col.push('0123456710');
    col.push('012345670');
    expect([col.equals(k, '012345670g'), col.equals(k + 1, '01234567g'), col.equals(k, '0123456710')]).toEqual([false, false, true]);
    expect(idx.find('080c2c3a0afb459b81bd7f34759a3efA')).toBe(-1);
    expect(idx.find('080c2c3a0afb459b81bd7f34759a3ef')).toBe(-1);
  });

  it('index 200,000 keys with no false hits', () => {
    const col = new StringColumn();
    for (let i = 0; i < 200_000; i++) col.push(`a59ffe7b5b1340cd${i.toString(16).padStart(8, '0')}`);
    const idx = new KeyIndex(col);
    for (let i = 0; i < 200_000; i += 997) expect(idx.find(`a59ffe7b5b1340cd${i.toString(16).padStart(8, '0')}`)).toBe(i);
    expect(idx.find('a59ffe7b5b1340cdffffffff')).toBe(-1);
    expect(idx.dupGroups.size).toBe(0);
  });
});

describe('FenColumn and HisStore', () => {
  it('keep amounts over 2^31 fen exact', () => {
    const f = new FenColumn(2);
    f.set(0, 12345);
    f.set(1, 9_999_999_999_999);
    f.set(5, -1);
    expect([f.get(0), f.get(1), f.get(5)]).toEqual([12345, 9_999_999_999_999, -1]);
    const s = new HisStore();
    const r = { line: 2, ampTraceId: 'A1', mchTraceNo: '', setlId: 'S1', status: 'cancelled' as const, feesumAmt: 30_000_000_000, acctPay: 0, psnCashPay: 30_000_000_000, fundPaySumamt: 0, refundAmt: -1, outRefundNo: '' };
    s.push(r);
    expect(s.record(0)).toEqual(r);
    expect(s.refunded(0)).toBe(true);
  });

  it('give back each record\'s line, with gaps (skipped records, quoted line breaks) anywhere', () => {
    const s = new HisStore();
    const lines = [2, 3, 4, 7, 8, 9, 20, 21, 22, 23, 100, 102, 104, 105];
    for (const line of lines) s.push({ line, ampTraceId: `A${line}`, mchTraceNo: '', setlId: '', status: 'settled', feesumAmt: 1, acctPay: 0, psnCashPay: 1, fundPaySumamt: 0, refundAmt: -1, outRefundNo: '' });
    expect(lines.map((_, i) => s.line(i))).toEqual(lines);
    expect(lines.map((_, i) => s.record(i).line)).toEqual(lines);
  });

  it('reconcile compares amounts beyond 32 bits exactly', async () => {
    const s = await writeScenario();
    const big = { ...PLATFORM_ROWS[0]!, feesumAmt: 30_000_000_001, acctPay: 0, psnCashPay: 30_000_000_001, fundPaySumamt: 0 };
    writeFileSync(join(s.dir, 'big.csv'), tradeFileCsv({ orgCode: 'H46040100001', billDate: '2024-04-24', billType: 'ALL', exportTime: '2024-04-25 00:00:00', rows: [big] }));
    const his = (fee: string) => [{ amp_trace_id: big.ampTraceId, feesum_amt: fee, psn_cash_pay: fee, status: 'settled' }];
    writeFileSync(join(s.dir, 'same.json'), JSON.stringify(his('300000000.01')));
    writeFileSync(join(s.dir, 'off.json'), JSON.stringify(his('300000000.02')));
    const same = await reconcile({ platform: join(s.dir, 'big.csv'), his: join(s.dir, 'same.json') });
    expect(same.totals.matched).toEqual({ count: 1, amount: '300000000.01', fen: 30000000001 });
    const off = await reconcile({ platform: join(s.dir, 'big.csv'), his: join(s.dir, 'off.json') });
    expect(off.differences[0]!.fields).toEqual([
      { field: '费用总额', platform: '300000000.01', his: '300000000.02' },
      { field: '现金', platform: '300000000.01', his: '300000000.02' },
    ]);
  });
});
