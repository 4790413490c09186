// The trade-file reader: the spec's own sample as printed, the simulator's files, encodings,
// header names in any order, and what is refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BillError, parseTradeFile } from '../../src/bill/index.js';
import { TRADE_FILE_COLUMNS, tradeFileCsv, tradeFileCsvText, type TradeFileRow } from '../../src/portal/index.js';
import { makeZip } from './helpers.js';
import { PLATFORM_ROWS } from './scenario.js';

const SAMPLE = readFileSync(join(__dirname, '../fixtures/spec-trade-sample.csv'));

function row(over: Partial<TradeFileRow>): TradeFileRow {
  const base = Object.fromEntries(TRADE_FILE_COLUMNS.map((c) => [c.key, c.kind === 'amount' ? 0 : ''])) as unknown as TradeFileRow;
  return {
    ...base, tradeTime: '2024-04-24 09:00:00', finishTime: '2024-04-24 09:01:00', orgCode: 'H46040100001', orgName: '某医院', ampTraceId: 'A1',
    payChnlTraceNo: 'C1', payOrdId: 'O1', mchTraceNo: 'M1', certNo: '460400199003151234', certType: '01', patientType: '01', depositType: 'WX',
    tradeType: 'TRADE', tradeStatus: 'SUCCESS', feesumAmt: 12850, acctPay: 3000, psnCashPay: 4850, fundPaySumamt: 5000, ...over,
  };
}
const FILE = {
  orgCode: 'H46040100001', billDate: '2024-04-24', billType: 'ALL' as const, exportTime: '2024-04-25 01:00:00',
  rows: [row({}), row({ ampTraceId: 'A2', mchTraceNo: 'M2', feesumAmt: 1, acctPay: 0, psnCashPay: 1, fundPaySumamt: 0, setlTime: '2024-04-24 10:00:00' }), row({ tradeType: 'REFUND', tradeStatus: 'REFUND', feesumAmt: 4850, acctPay: 0, psnCashPay: 4850, fundPaySumamt: 0 })],
};

describe('lengths and non-ASCII values', () => {
  it('checks 最大长度 in characters, not UTF-8 bytes, and keeps Chinese values whole', async () => {
    const name = '医'.repeat(100); // 机构名称's cap is 100: 300 bytes, 100 characters
    const p = await parseTradeFile(tradeFileCsv({ ...FILE, rows: [row({ orgName: name }), row({ ampTraceId: 'A2', orgName: `${name}院` })] }));
    expect(p.records!.map((r) => r.orgName)).toEqual([name, `${name}院`]);
    expect(p.warnings.filter((w) => w.code === 'TOO_LONG').map((w) => [w.line, w.column])).toEqual([[9, '机构名称']]);
  });
});

describe('the spec sample, as printed', () => {
  it('parses, with each defect a warning and the summary disagreement reported', async () => {
    const p = await parseTradeFile(SAMPLE);
    expect(p.header).toEqual({ title: '医保服务平台对账文件', billDate: '2022-04-24', orgCode: 'H3502003487226', subOrgCode: '', billType: 'ALL' });
    expect(p.rowCount).toBe(1);
    const r = p.records![0]!;
    // Columns matched by name: the missing comma split, 医保就诊ID absent, the rest in place.
    expect(r.finishTime!.toISOString()).toBe('2022-04-24T04:00:00.000Z'); // 12:00 in UTC+8
    expect(r.orgCode).toBe('H3502003487226');
    expect(r.ampTraceId).toBe('AMP3508201712143733500001');
    expect(r.mdtrtId).toBe('');
    expect(r.psnNo).toBe('3500003502051980070800000001');
    expect([r.feesumAmt, r.acctPay, r.psnCashPay, r.fundPaySumamt]).toEqual([1401, 1401, 0, 0]);
    expect(r.msgId).toBe('12312432423');
    const codes = p.warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['HEADER_MISSING_COMMA', 'COLUMN_MISSING', 'COLUMN_ALIAS', 'TITLE_DIFFERS', 'SUMMARY_MISMATCH', 'SUMMARY_EXTRA_TEXT']));
    expect(p.warnings.find((w) => w.code === 'COLUMN_MISSING')!.column).toBe('医保就诊ID');
    expect(p.summary.ok).toBe(false);
    expect(p.summary.mismatches).toEqual([
      { figure: 'tradeCount', label: '交易总笔数', expected: 1, actual: 0 },
      { figure: 'refundCount', label: '退款总笔数', expected: 0, actual: 1 },
      { figure: 'tradeAmount', label: '交易总金额（元）', expected: 14800, actual: 0 },
      { figure: 'refundAmount', label: '退款总金额（元）', expected: 228804, actual: 1401 },
    ]);
  });

  it('reads the same sample encoded as GBK, and as UTF-8 with a BOM', async () => {
    const gbk = await parseTradeFile(iconv.encode(SAMPLE.toString('utf8'), 'gbk'));
    expect(gbk.encoding).toBe('gbk');
    expect(gbk.records![0]!.orgName).toBe('福建***医院');
    expect(gbk.header.title).toBe('医保服务平台对账文件');
    const bom = await parseTradeFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), SAMPLE]));
    expect(bom).toMatchObject({ encoding: 'utf8', bom: true, rowCount: 1 });
  });
});

describe("the simulator's writer and this reader", () => {
  it('agree: every column, no warnings, summary checked', async () => {
    const zip = await makeZip([{ name: 'H46040100001__2024-04-24_ALL.csv', data: tradeFileCsv(FILE) }]);
    const p = await parseTradeFile(zip);
    expect(p.warnings).toEqual([]);
    expect(p.csvName).toBe('H46040100001__2024-04-24_ALL.csv');
    expect(p.summary).toMatchObject({ ok: true, computed: { tradeCount: 2, refundCount: 1, tradeAmount: 12851, refundAmount: 4850 } });
    expect(p.records!.map((r) => [r.ampTraceId, r.tradeType, r.feesumAmt])).toEqual([['A1', 'TRADE', 12850], ['A2', 'TRADE', 1], ['A1', 'REFUND', 4850]]);
    expect(p.records![1]!.setlTime!.toISOString()).toBe('2024-04-24T02:00:00.000Z');
    expect(p.columns.every((c) => c.position >= 0)).toBe(true);
  });

  it('matches columns by name, not position', async () => {
    const lines = tradeFileCsvText(FILE).split('\r\n');
    const at = lines.findIndex((l) => l.startsWith('交易时间,'));
    const swap = (l: string) => {
      const f = l.split(',');
      [f[16], f[19]] = [f[19]!, f[16]!]; // 费用总额 <-> 医保统筹基金支付额
      return f.join(',');
    };
    for (let i = at; i < at + 4; i++) lines[i] = swap(lines[i]!);
    const p = await parseTradeFile(Buffer.from(lines.join('\r\n')));
    expect(p.records![0]!.feesumAmt).toBe(12850);
    expect(p.records![0]!.fundPaySumamt).toBe(5000);
    expect(p.warnings).toEqual([]);
  });

  it('reports a summary that disagrees with the rows: which figure, expected, actual', async () => {
    const text = tradeFileCsvText(FILE).replace('#交易总金额（元）：128.51', '#交易总金额（元）：128.50');
    const p = await parseTradeFile(Buffer.from(text));
    expect(p.summary.mismatches).toEqual([{ figure: 'tradeAmount', label: '交易总金额（元）', expected: 12850, actual: 12851 }]);
    expect(p.warnings.map((w) => w.code)).toEqual(['SUMMARY_MISMATCH']);
  });

  it('warns on a bad amount and leaves that row out of the sums', async () => {
    const text = tradeFileCsvText(FILE).replace(',`0.01,', ',`0.011,');
    const p = await parseTradeFile(Buffer.from(text));
    expect(p.skippedRows).toBe(1);
    expect(p.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['BAD_AMOUNT', 'SUMMARY_MISMATCH']));
  });
});

describe('refusals', () => {
  it('a CSV that is not a trade file', async () => {
    await expect(parseTradeFile(Buffer.from('name,age\r\nx,1\r\n'))).rejects.toMatchObject({ reason: 'NOT_TRADE_FILE', code: '000105' });
    await expect(parseTradeFile(Buffer.from('#only a title\r\n'))).rejects.toBeInstanceOf(BillError);
  });

  it('a file that changes encoding midway (UTF-8 header, GBK further down)', async () => {
    // Over 64 KiB of UTF-8 first, so the encoding is taken to be UTF-8.
    const head = Buffer.from(tradeFileCsvText({ ...FILE, rows: Array.from({ length: 400 }, (_, i) => row({ ampTraceId: `A${i}` })) }));
    expect(head.length).toBeGreaterThan(64 * 1024);
    const tail = iconv.encode('`账单'.repeat(30000), 'gbk');
    await expect(parseTradeFile(Buffer.concat([head, tail]))).rejects.toMatchObject({ reason: 'BAD_ENCODING' });
  });

  it('a zip with two CSVs', async () => {
    const zip = await makeZip([{ name: 'a.csv', data: 'x' }, { name: 'b.csv', data: 'y' }]);
    await expect(parseTradeFile(zip)).rejects.toMatchObject({ reason: 'NOT_ONE_CSV' });
  });
});

describe('parseTradeFile only', () => {
  it('fills in only the fields asked for, and still checks and warns about every column', async () => {
    const csv = tradeFileCsv({ orgCode: 'H46040100001', billDate: '2024-04-24', billType: 'ALL', exportTime: '2024-04-25 00:00:00', rows: [
      { ...PLATFORM_ROWS[0]!, tradeTime: '2024-04-24 25:00:00' },
    ] });
    const all = await parseTradeFile(Buffer.from(csv));
    const some = await parseTradeFile(Buffer.from(csv), { only: ['ampTraceId', 'feesumAmt'] });
    const [a, s] = [all.records![0]!, some.records![0]!];
    expect(s.ampTraceId).toBe(a.ampTraceId);
    expect(s.feesumAmt).toBe(a.feesumAmt);
    expect(a.orgName).not.toBe('');
    expect(s.orgName).toBe('');
    expect(s.finishTime).toBeNull();
    expect(a.finishTime).toBeInstanceOf(Date);
    expect(s.tradeStatus).toBe(a.tradeStatus);
    expect(some.warnings).toEqual(all.warnings);
    expect(some.warnings.map((w) => w.code)).toContain('BAD_TIME');
    expect(some.summary).toEqual(all.summary);
  });
});
