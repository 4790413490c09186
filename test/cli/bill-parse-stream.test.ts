// `onetrans bill parse --json` writes the records out while it reads them (a 195 MB file took
// 4.9 GB when the whole JSON was built first): the output arrives in pieces, the first before
// the last row is read, and the pieces together are the same JSON document.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerBillCommand } from '../../src/cli/bill.js';
import { PLATFORM_ROWS } from '../bill/scenario.js';
import { tempDir } from '../bill/helpers.js';
import { tradeFileCsv } from '../../src/portal/index.js';

describe('onetrans bill parse --json', () => {
  it('streams: several writes, the first before the file is read to its end; together one JSON with every record', async () => {
    const N = 6000;
    const rows = Array.from({ length: N }, (_, i) => ({ ...PLATFORM_ROWS[0]!, ampTraceId: `AMP${String(i).padStart(8, '0')}`, mchTraceNo: `M${i}` }));
    const file = join(tempDir(), 'big.csv');
    writeFileSync(file, tradeFileCsv({ orgCode: 'H46040100001', billDate: '2024-04-24', billType: 'ALL', exportTime: '2024-04-25 00:00:00', rows }));
    const pieces: string[] = [];
    let code: number | undefined;
    const program = new Command().exitOverride();
    registerBillCommand(program, { write: (s) => pieces.push(s), out: (s) => pieces.push(s), err: () => {}, exit: (c) => void (code = c) });
    await program.parseAsync(['node', 'onetrans', 'bill', 'parse', file, '--json']);
    expect(code).toBe(0);
    expect(pieces.length).toBeGreaterThan(1);
    // The first piece holds records only: the summary was not known yet when it was written.
    expect(pieces[0]).toMatch(/^\{\n {2}"records": \[/);
    expect(pieces[0]).not.toContain('"summary"');
    const j = JSON.parse(pieces.join(''));
    expect(j.records).toHaveLength(N);
    expect(j.records[N - 1]).toMatchObject({ ampTraceId: `AMP${String(N - 1).padStart(8, '0')}`, feesumAmt: '128.50' });
    expect(j.records[0].certNo).not.toBe(PLATFORM_ROWS[0]!.certNo);
    expect(j).toMatchObject({ rowCount: N, summary: { ok: true }, header: { billDate: '2024-04-24' } });
  });
});
