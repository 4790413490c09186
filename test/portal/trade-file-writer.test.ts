// The trade-file writer and money helpers on their own: what a bill reader relies on.
import { describe, expect, it } from 'vitest';
import {
  TRADE_FILE_COLUMNS,
  fenToYuan,
  summarise,
  tradeFileCsv,
  tradeFileCsvText,
  tradeFileName,
  yuanToFen,
  type TradeFileRow,
} from '../../src/portal/index.js';

function row(over: Partial<TradeFileRow>): TradeFileRow {
  const base = Object.fromEntries(TRADE_FILE_COLUMNS.map((c) => [c.key, c.kind === 'amount' ? 0 : ''])) as unknown as TradeFileRow;
  return { ...base, tradeType: 'TRADE', tradeStatus: 'SUCCESS', ...over };
}

describe('money', () => {
  it('converts yuan strings to fen and back without floats', () => {
    expect(yuanToFen('14.01')).toBe(1401);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('1487997.98')).toBe(148799798);
    expect(fenToYuan(148799798)).toBe('1487997.98');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(0)).toBe('0.00');
    for (const bad of ['1.005', '-1.00', '1e3', '01.00', '', ' ', '1,000.00', 'NaN']) expect(yuanToFen(bad)).toBeNull();
    expect(yuanToFen(12 as unknown)).toBeNull();
  });
});

describe('tradeFileCsv', () => {
  it('names files as the spec says, with or without a sub-org', () => {
    expect(tradeFileName('H3502003487226', '01', '2022-04-24', 'ALL')).toBe('H3502003487226_01_2022-04-24_ALL.csv');
    expect(tradeFileName('H3502003487226', '', '2022-04-24', 'REFUND')).toBe('H3502003487226__2022-04-24_REFUND.csv');
    expect(tradeFileName('H3502003487226', undefined, '2022-04-24', 'ALL', 'zip')).toBe('H3502003487226__2022-04-24_ALL.zip');
  });

  it('has the 28 documented columns, unique, including 医保就诊ID and 发送方报文ID', () => {
    const names = TRADE_FILE_COLUMNS.map((c) => c.name);
    expect(names).toHaveLength(28);
    expect(new Set(names).size).toBe(28);
    expect(names.indexOf('医保就诊ID')).toBe(names.indexOf('医药机构结算ID') + 1);
    expect(names.at(-1)).toBe('发送方报文ID');
  });

  it('starts with a UTF-8 BOM and quotes a field with a comma, keeping the backtick first inside the quotes', () => {
    const input = {
      orgCode: 'H1', billDate: '2022-04-24', billType: 'ALL' as const, exportTime: '2022-04-25 01:00:00',
      rows: [row({ orgName: '某医院,东院', feesumAmt: 1001, psnCashPay: 1001, ampTraceId: 'a"b' })],
    };
    const buf = tradeFileCsv(input);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = tradeFileCsvText(input);
    expect(text).toContain(',"`某医院,东院",');
    expect(text).toContain(',"`a""b",');
    expect(text).toContain(',`10.01,`0.00,`10.01,`0.00,');
  });

  it('summarises TRADE and REFUND rows separately by 费用总额', () => {
    const rows = [
      row({ feesumAmt: 1000 }),
      row({ feesumAmt: 2 }),
      row({ feesumAmt: 301, tradeType: 'REFUND', tradeStatus: 'REFUND' }),
    ];
    expect(summarise(rows)).toEqual({ tradeCount: 2, refundCount: 1, tradeAmount: 1002, refundAmount: 301 });
    const text = tradeFileCsvText({ orgCode: 'H1', subOrgCode: '02', billDate: '2022-04-24', billType: 'REFUND', rows, exportTime: '2022-04-25 01:00:00' });
    expect(text).toContain('#分机构编号：02\r\n');
    expect(text).toContain('#交易总笔数：0\r\n#退款总笔数：1\r\n#交易总金额（元）：0.00\r\n#退款总金额（元）：3.01\r\n#导出时间：2022-04-25 01:00:00\r\n');
  });
});
