// Exports opened by finance staff: hostile values in every input (HIS, insurance, platform file)
// come out of --csv as text a spreadsheet will not run, and out of the HTML escaped.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, differencesCsv, reconcile, renderReport } from '../../src/bill/index.js';
import { TRADE_FILE_COLUMNS, tradeFileCsv, type TradeFileRow } from '../../src/portal/index.js';
import { tempDir } from './helpers.js';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+SUM(A1)', '-2+3', '@cmd', '\tTAB', '\rCR', '<script>alert(1)</script>', '"quoted",comma'];

function platformRow(amp: string): TradeFileRow {
  const base = Object.fromEntries(TRADE_FILE_COLUMNS.map((c) => [c.key, c.kind === 'amount' ? 0 : ''])) as unknown as TradeFileRow;
  return { ...base, tradeTime: '2026-11-30 09:00:00', finishTime: '2026-11-30 09:01:00', orgCode: 'H46040100001', ampTraceId: amp, mchTraceNo: `M${amp}`, setlId: '', tradeType: 'TRADE', tradeStatus: 'SUCCESS', feesumAmt: 100, psnCashPay: 100 };
}

describe('hostile values', () => {
  it('csvCell neutralises a leading = + - @ tab CR and quotes what needs it', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('12.50')).toBe('12.50');
  });

  it('no cell of --csv starts with a formula character, and the HTML carries every value escaped', async () => {
    const dir = tempDir('onetrans-hostile-');
    const platform = join(dir, 'p.csv');
    // Platform: hostile ampTraceIds (a trade file cell cannot hold a newline or a comma unquoted; the writer quotes).
    writeFileSync(platform, tradeFileCsv({ orgCode: 'H46040100001', billDate: '2026-11-30', billType: 'ALL', exportTime: '2026-11-30 23:59:59', rows: HOSTILE.map((h) => platformRow(`P${h}`.slice(1))) }));
    const his = join(dir, 'his.json');
    writeFileSync(his, JSON.stringify(HOSTILE.map((h, i) => ({ amp_trace_id: `H${i}`, mch_trace_no: h, setl_id: `S${i}${h}`, feesum_amt: '1.00', psn_cash_pay: '0.50', fund_pay_sumamt: '0.50', status: 'settled' }))));
    const ins = join(dir, 'ins.json');
    writeFileSync(ins, JSON.stringify(HOSTILE.map((h) => ({ setl_id: h, medfee_sumamt: '2.00', fund_pay_sumamt: '2.00' }))));
    const r = await reconcile({ platform, his, insurance: ins });
    expect(r.differences.length).toBeGreaterThanOrEqual(HOSTILE.length * 2);
    const csv = differencesCsv(r).replace(/^\uFEFF/, '');
    const cells = (parse(csv, { relax_column_count: true, skip_empty_lines: true }) as string[][]).flat();
    const bad = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
    expect(bad).toEqual([]);
    // the hostile values are there, neutralised
    expect(cells).toContain(`'=HYPERLINK("http://x","y")`);
    expect(cells).toContain(`'@cmd`);
    const html = renderReport(r, { generatedAt: '<b>x</b>' });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<b>x</b>');
    expect(html.match(/<script>/g)).toHaveLength(1); // the report's own filter script only
  });
});
