// HIS amounts read from a CSV row in place give what the same values give from JSON (where every
// value is a string first): the backtick, spaces of any kind, signs and the one amount pattern.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHisRecords } from '../../src/bill/inputs.js';
import { WarningList } from '../../src/bill/warnings.js';
import { tempDir } from './helpers.js';

const VALUES = [' 1.50 ', '`2.00', '\t3\t', '-4.5', '01.5', '+3', '', '`', ' ` 7', '1.5\u00a0', '\u30006.00', '1e3', '12.345', '0.1', '8.', '.5', '9,00'];

describe('HIS amounts', () => {
  it('read from CSV exactly as from JSON, refusals and warnings included', async () => {
    const dir = tempDir();
    const rows = VALUES.map((v, i) => ({ amp_trace_id: `A${i}`, feesum_amt: v, psn_cash_pay: v, refund_amt: v, status: 'refunded' }));
    writeFileSync(join(dir, 'his.json'), JSON.stringify(rows));
    // Quoted where CSV needs it, and 费用总额 of every other row quoted anyway (the string path).
    const quote = (v: string, always = false) => (always || /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    writeFileSync(join(dir, 'his.csv'), ['amp_trace_id,feesum_amt,psn_cash_pay,refund_amt,status', ...rows.map((r, i) => [r.amp_trace_id, quote(r.feesum_amt, i % 2 === 1), quote(r.psn_cash_pay), quote(r.refund_amt), r.status].join(','))].join('\r\n'));
    const read = async (file: string) => {
      const warn = new WarningList('his');
      const recs = await readHisRecords(join(dir, file), warn);
      return { recs: recs.map((r) => [r.ampTraceId, r.feesumAmt, r.psnCashPay, r.refundAmt]), warnings: warn.list().map((w) => [w.code, w.column]) };
    };
    const json = await read('his.json');
    const csv = await read('his.csv');
    expect(csv.recs).toEqual(json.recs);
    expect(csv.warnings).toEqual(json.warnings);
    // What the pattern says, spelled out for a few.
    const byId = Object.fromEntries(json.recs.map((r) => [r[0], r.slice(1)]));
    expect(byId.A0).toEqual([150, 150, 150]);
    expect(byId.A1).toEqual([200, 200, 200]);
    expect(byId.A3).toEqual([-450, -450, -450]);
    expect(byId.A6).toEqual([0, 0, -1]);
    expect(byId.A10).toEqual([600, 600, 600]);
    expect(byId.A4).toBeUndefined(); // 01.5 refused
    expect(byId.A5).toBeUndefined(); // +3 refused
  });
});
