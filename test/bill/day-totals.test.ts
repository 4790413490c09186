// The day's totals finance signs off on, against a hand sum: per source trades / refunds / net,
// the 统筹 / 个人账户 / 现金 split, the platform's 支付渠道类型 split, and the differences — in
// --json, the text output, --csv and the HTML report.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { DayTotals } from '../../src/bill/day-totals.js';
import { registerReconcileCommand } from '../../src/cli/reconcile.js';
import { TRADE_FILE_COLUMNS, tradeFileCsv, type TradeFileRow } from '../../src/portal/index.js';
import { tempDir } from './helpers.js';

const base = Object.fromEntries(TRADE_FILE_COLUMNS.map((c) => [c.key, c.kind === 'amount' ? 0 : ''])) as unknown as TradeFileRow;
const row = (amp: string, channel: string, fen: [number, number, number, number], refund = false): TradeFileRow => ({
  ...base, tradeTime: '2026-11-30 09:00:00', finishTime: '2026-11-30 09:00:00', orgCode: 'H46040100001', orgName: '儋州市模拟人民医院', ampTraceId: amp,
  mchTraceNo: `M-${amp}`, setlId: `S-${amp}`, depositType: channel, tradeType: refund ? 'REFUND' : 'TRADE', tradeStatus: refund ? 'REFUND' : 'SUCCESS',
  feesumAmt: fen[0], fundPaySumamt: fen[1], acctPay: fen[2], psnCashPay: fen[3],
});

async function run(dir: string, args: string[]): Promise<string> {
  let out = '';
  const program = new Command().exitOverride();
  registerReconcileCommand(program, { out: (s) => (out += s + '\n'), err: () => {}, exit: () => {} });
  await program.parseAsync(['node', 'onetrans', 'reconcile', ...args]);
  return out;
}

describe('day totals', () => {
  it('agree with a hand sum in every output', async () => {
    const dir = tempDir();
    const platform = join(dir, 'p.csv');
    writeFileSync(platform, tradeFileCsv({
      orgCode: 'H46040100001', billDate: '2026-11-30', billType: 'ALL', exportTime: '2026-11-30 23:59:59',
      rows: [
        row('T1', 'WX', [10000, 5000, 2000, 3000]),
        row('T2', 'ALI', [1000, 0, 0, 1000]),
        row('T3', 'WX', [2000, 0, 0, 2000]), row('T3', 'WX', [2000, 0, 0, 2000], true),
        row('T4', 'ALI', [555, 0, 0, 555]),
      ],
    }));
    const his = join(dir, 'his.json');
    writeFileSync(his, JSON.stringify([
      { amp_trace_id: 'T1', setl_id: 'S-T1', feesum_amt: '100.00', fund_pay_sumamt: '50.00', acct_pay: '20.00', psn_cash_pay: '30.00', status: 'settled', org_trace_no: 'MZ-1', setl_time: '2026-11-30 09:00:05' },
      { amp_trace_id: 'T2', feesum_amt: '10.00', psn_cash_pay: '10.00', status: 'settled' },
      { amp_trace_id: 'T3', feesum_amt: '20.00', psn_cash_pay: '20.00', status: 'refunded', refund_amt: '20.00' },
      { amp_trace_id: 'T5', feesum_amt: '7.00', psn_cash_pay: '7.00', status: 'cancelled', org_trace_no: 'MZ-5', mch_trace_no: 'M-T5', setl_time: '2026-11-30 10:00:00' },
    ]));
    const ins = join(dir, 'ins.json');
    writeFileSync(ins, JSON.stringify([{ setl_id: 'S-T1', medfee_sumamt: '100.00', fund_pay_sumamt: '50.00', acct_pay: '20.00', psn_cash_pay: '30.00' }]));
    const csv = join(dir, 'd.csv');
    const html = join(dir, 'r.html');
    const j = JSON.parse(await run(dir, ['--platform', platform, '--his', his, '--insurance', ins, '--json', '--csv', csv, '--html', html])) as { dayTotals: DayTotals };
    const fig = (count: number, fen: number) => ({ count, fen, amount: (fen / 100).toFixed(2) });
    const money = (fen: number) => ({ fen, amount: (fen / 100).toFixed(2) });
    // Platform: trades T1 100.00 + T2 10.00 + T3 20.00 + T4 5.55; one refund of T3 20.00.
    expect(j.dayTotals.platform).toEqual({
      trades: fig(4, 13555), refunds: fig(1, 2000), net: fig(3, 11555),
      parts: { fund: money(5000), acct: money(2000), cash: money(6555) },
      byChannel: {
        ALI: { trades: fig(2, 1555), refunds: fig(0, 0), net: fig(2, 1555) },
        WX: { trades: fig(2, 12000), refunds: fig(1, 2000), net: fig(1, 10000) },
      },
    });
    // HIS: T1 100.00, T2 10.00, T3 20.00 (refunded 20.00), T5 7.00 (cancelled: refunds its whole 7.00).
    expect(j.dayTotals.his).toEqual({ trades: fig(4, 13700), refunds: fig(2, 2700), net: fig(2, 11000), parts: { fund: money(5000), acct: money(2000), cash: money(6700) } });
    expect(j.dayTotals.insurance).toEqual({ trades: fig(1, 10000), refunds: fig(0, 0), net: fig(1, 10000), parts: { fund: money(5000), acct: money(2000), cash: money(3000) } });
    expect(j.dayTotals.differences.platformMinusHis).toEqual({
      trades: { count: 0, fen: -145, amount: '-1.45' }, refunds: { count: -1, fen: -700, amount: '-7.00' }, net: { count: 1, fen: 555, amount: '5.55' },
      fund: money(0), acct: money(0), cash: { fen: -145, amount: '-1.45' },
    });
    expect(j.dayTotals.differences.platformMinusInsurance!.net).toEqual({ count: 2, fen: 1555, amount: '15.55' });

    const text = await run(dir, ['--platform', platform, '--his', his, '--insurance', ins]);
    expect(text).toMatch(/净额\s+3 笔 \/ 115\.55\s+2 笔 \/ 110\.00\s+1 笔 \/ 100\.00\s+1 笔 \/ 5\.55\s+2 笔 \/ 15\.55/);
    expect(text).toContain('门户 支付渠道 WX：交易 2 笔 / 120.00，退款 1 笔 / 20.00，净额 1 笔 / 100.00');

    const lines = readFileSync(csv, 'utf8').split('\r\n');
    expect(lines).toContain('当日合计,项目,门户笔数,门户金额,HIS笔数,HIS金额,医保笔数,医保金额,门户−HIS笔数,门户−HIS金额,门户−医保笔数,门户−医保金额');
    // A negative difference is written with a leading ' (a cell starting with - would be a formula).
    expect(lines).toContain(",交易,4,135.55,4,137.00,1,100.00,0,'-1.45,3,35.55");

    const page = readFileSync(html, 'utf8');
    expect(page).toContain('儋州市模拟人民医院');
    expect(page).toMatch(/<tr data-figure="net"><th>净额<\/th><td class="num">3 笔 \/ 115\.55<\/td>/);
    expect(page).toContain('<td class="num off">1 笔 / 5.55</td>');
    expect(page).toContain('院内流水 MZ-5'); // the HIS's own references beside the difference
    expect(page).toContain('结算时间 2026-11-30 10:00:00');
  });
});
