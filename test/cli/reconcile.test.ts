// onetrans reconcile / bill parse: the --json shape, exit codes, --csv and --html files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerBillCommand } from '../../src/cli/bill.js';
import { registerReconcileCommand } from '../../src/cli/reconcile.js';
import { makeZip, patchName } from '../bill/helpers.js';
import { writeScenario } from '../bill/scenario.js';

async function run(args: string[]): Promise<{ out: string; err: string; code?: number }> {
  let out = '';
  let err = '';
  let code: number | undefined;
  const io = { out: (s: string) => (out += s + '\n'), err: (s: string) => (err += s + '\n'), exit: (c: number) => void (code = c) };
  const program = new Command().exitOverride();
  registerReconcileCommand(program, io);
  registerBillCommand(program, io);
  await program.parseAsync(['node', 'onetrans', ...args]);
  return { out, err, code };
}

describe('onetrans reconcile', () => {
  it('--json prints exactly summary, totals, dayTotals, differences, warnings; exit 1 on differences; --csv and --html written', async () => {
    const s = await writeScenario();
    const csv = join(s.dir, 'diff.csv');
    const html = join(s.dir, 'report.html');
    const r = await run(['reconcile', '--platform', s.zip, '--his', s.hisJson, '--insurance', s.insJson, '--json', '--csv', csv, '--html', html]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['summary', 'totals', 'dayTotals', 'differences', 'warnings']);
    expect(Object.keys(j.summary)).toEqual([
      'matched', 'amountDiffers', 'statusDiffers', 'overRefunded', 'missingHis', 'missingPlatform', 'missingInsurance', 'unexpectedInsurance',
      'onlyPlatform', 'onlyHis', 'onlyInsurance', 'duplicates',
    ]);
    expect(j.summary).toMatchObject({ matched: 3, amountDiffers: 2, missingInsurance: 1, onlyInsurance: 1 });
    expect(j.totals.matched).toEqual({ count: 3, amount: '146.50', fen: 14650 });
    const lines = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('类别,class,单号类型,单号,费用总额,门户状态,HIS状态,医保状态,缺少方,差异说明,门户行号,HIS行号,医保行号');
    expect(lines.indexOf('')).toBe(1 + j.differences.length);
    expect(lines.slice(lines.indexOf('') + 1, lines.lastIndexOf(''))).toEqual(['分类合计,class,笔数,金额（元）', ...Object.entries(j.totals).map(([c, t]) => expect.stringMatching(new RegExp(`^[^,]+,${c},${(t as { count: number }).count},${(t as { amount: string }).amount}$`)))]);
    expect(lines.find((l) => l.includes(',A2,'))).toContain('金额不符,amountDiffers');
    expect(lines.find((l) => l.includes(',A12,'))).toContain('医保缺失,missingInsurance,区域医保支付门户单据跟踪号,A12,60.00,已支付,已支付,,医保,');
    expect(readFileSync(html, 'utf8')).toContain('三方对账报告');
  });

  it('exits 0 when everything matched and 2 on bad input', async () => {
    const s = await writeScenario();
    writeFileSync(join(s.dir, 'h.json'), JSON.stringify([]));
    const bad = await run(['reconcile', '--platform', s.zip, '--his', join(s.dir, 'missing.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('HIS');
    expect((await run(['reconcile', '--his', s.hisJson])).code).toBe(2);
    const notTrade = join(s.dir, 'x.csv');
    writeFileSync(notTrade, 'a,b\r\n1,2\r\n');
    expect((await run(['reconcile', '--platform', notTrade, '--his', s.hisJson])).code).toBe(2);
    // A one-row day that agrees.
    const { tradeFileCsv } = await import('../../src/portal/index.js');
    const { PLATFORM_ROWS } = await import('../bill/scenario.js');
    writeFileSync(join(s.dir, 'one.csv'), tradeFileCsv({ orgCode: 'H46040100001', billDate: '2024-04-24', billType: 'ALL', exportTime: '2024-04-25 00:00:00', rows: [PLATFORM_ROWS[0]!] }));
    writeFileSync(join(s.dir, 'one.json'), JSON.stringify([{ amp_trace_id: 'A1', feesum_amt: '128.50', acct_pay: '30.00', psn_cash_pay: '48.50', fund_pay_sumamt: '50.00', status: 'settled' }]));
    const ok = await run(['reconcile', '--platform', join(s.dir, 'one.csv'), '--his', join(s.dir, 'one.json')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('全部一致');
  });
});

describe('onetrans bill parse', () => {
  it('prints the spec sample with its warnings and exits 0; --json carries yuan strings and masked ID numbers', async () => {
    const sample = join(__dirname, '../fixtures/spec-trade-sample.csv');
    const text = await run(['bill', 'parse', sample]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('HEADER_MISSING_COMMA');
    expect(text.out).toContain('汇总核对 / summary check: 不一致');
    const j = JSON.parse((await run(['bill', 'parse', sample, '--json'])).out);
    expect(j.records[0]).toMatchObject({ feesumAmt: '14.01', finishTime: '2022-04-24 12:00:00', ampTraceId: 'AMP3508201712143733500001' });
    expect(j.records[0].certNo).not.toBe('35020519870808105X');
    expect(j.summary.mismatches[2]).toEqual({ figure: 'tradeAmount', label: '交易总金额（元）', expected: '148.00', actual: '0.00' });
  });

  it('exits 2 for a zip-slip zip and a file that is not a trade file', async () => {
    const s = await writeScenario();
    const evil = join(s.dir, 'evil.zip');
    writeFileSync(evil, patchName(await makeZip([{ name: 'aa/x.csv', data: '#x' }]), 'aa/', '../'));
    const r = await run(['bill', 'parse', evil]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('ZIP_SLIP');
    expect(existsSync(join(s.dir, '..', 'x.csv'))).toBe(false);
    const notTrade = join(s.dir, 'n.csv');
    writeFileSync(notTrade, 'a,b\r\n');
    expect((await run(['bill', 'parse', notTrade])).code).toBe(2);
  });
});
