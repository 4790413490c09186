// The one amount pattern (core/money.ts), used by the validators and the trade-file reader alike.
import { describe, expect, it } from 'vitest';
import { parseTradeFile } from '../../src/bill/index.js';
import { fenAt, fenToYuan, isYuan, yuanToFen } from '../../src/core/money.js';
import { TRADE_FILE_COLUMNS, tradeFileCsv, type TradeFileRow } from '../../src/portal/index.js';

describe('the one amount pattern', () => {
  it.each([
    ['14.01', 1401], ['0', 0], ['0.5', 50], ['12', 1200], ['9999999999999.99', 999999999999999], [' 3.10 ', 310],
  ])('%j is %d fen', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
    expect(fenAt(text.trim(), 0, text.trim().length)).toBe(fen);
    expect(isYuan(text.trim())).toBe(true);
  });

  it.each(['01.5', '+3', '00', '1.', '.5', '1.234', '1e3', '1,280.00', '-1.00', '', '10000000000000', '0x10', '１２'])('%j is refused everywhere', (text) => {
    expect(yuanToFen(text)).toBeNull();
    expect(fenAt(text, 0, text.length)).toBeNull();
    expect(isYuan(text)).toBe(false);
  });

  it('a minus only where asked (insurance exports write refunds negative)', () => {
    expect(yuanToFen('-3.50', true)).toBe(-350);
    expect(yuanToFen('-01.5', true)).toBeNull();
    expect(yuanToFen('+3', true)).toBeNull();
  });

  it('fenToYuan writes what yuanToFen reads', () => {
    for (const fen of [0, 5, 50, 1401, 123456789]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
    expect(fenToYuan(-5)).toBe('-0.05');
  });

  it('the trade-file reader accepts the same amounts: "01.5" and "+3" leave the row out with BAD_AMOUNT', async () => {
    const base = Object.fromEntries(TRADE_FILE_COLUMNS.map((c) => [c.key, c.kind === 'amount' ? 0 : ''])) as unknown as TradeFileRow;
    const row = (amp: string): TradeFileRow => ({ ...base, tradeTime: '2026-11-30 09:00:00', finishTime: '2026-11-30 09:00:00', orgCode: 'H1', ampTraceId: amp, tradeType: 'TRADE', tradeStatus: 'SUCCESS', feesumAmt: 150, psnCashPay: 150 });
    const text = tradeFileCsv({ orgCode: 'H1', billDate: '2026-11-30', billType: 'ALL', exportTime: '2026-11-30 23:59:59', rows: [row('A'), row('B'), row('C')] })
      .toString('utf8')
      .split('\r\n')
      .map((l) => (l.includes('`B,') ? l.replace(/,`?1\.50,/, ',`01.5,') : l.includes('`C,') ? l.replace(/,`?1\.50,/, ',+3,') : l))
      .join('\r\n');
    const p = await parseTradeFile(Buffer.from(text, 'utf8'));
    expect(p.records!.map((r) => r.ampTraceId)).toEqual(['A']);
    expect(p.warnings.filter((w) => w.code === 'BAD_AMOUNT').map((w) => w.line)).toEqual([9, 10]);
  });
});
