// Bad inputs a finance office meets: a trade file whose quote never closes or that has no line
// breaks (refused at the cap with its line number, without reading the rest into one string), a
// HIS export saved as GBK (read) or turning GBK midway (refused naming the file and the byte),
// duplicate columns and keys (warned).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BillError, parseTradeFile, reconcile } from '../../src/bill/index.js';
import { CsvReader, DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_LINE_CHARS } from '../../src/bill/csv.js';
import { firstInvalidUtf8 } from '../../src/bill/decode.js';
import { tradeFileCsv } from '../../src/portal/index.js';
import { DETAIL_END } from '../../src/spec/trade-file.js';
import { makeZip, tempDir } from './helpers.js';
import { PLATFORM_ROWS } from './scenario.js';

const trade = () => tradeFileCsv({ orgCode: 'H46040100001', billDate: '2024-04-24', billType: 'ALL', exportTime: '2024-04-25 00:00:00', rows: [PLATFORM_ROWS[0]!] }).toString('utf8');
/** The trade file with `bad` put in as a detail line after the first row (line 9). */
function withLine(bad: string): string {
  const t = trade();
  const at = t.indexOf(`\r\n#${DETAIL_END}`);
  expect(at).toBeGreaterThan(0);
  expect(t.slice(0, at).split('\r\n')).toHaveLength(8);
  return `${t.slice(0, at)}\r\n${bad}${t.slice(at)}`;
}

async function refusal(p: Promise<unknown>): Promise<BillError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(BillError);
  return e as BillError;
}

describe('the CSV reader refuses runaway lines and fields at a cap, with the line number', () => {
  it('an unterminated quote in a multi-MB trade file (zipped, streamed): TOO_LONG at line 9', async () => {
    const big = withLine(`\`X,"${'a'.repeat(6 * 1024 * 1024)}`);
    const zip = await makeZip([{ name: 'H46040100001__2024-04-24_ALL.csv', data: big, compress: false }]); // stored: 'aaa…' deflated would be refused as a zip bomb first
    const e = await refusal(parseTradeFile(zip));
    expect(e.reason).toBe('TOO_LONG');
    expect(e.code).toBe('000105');
    expect(e.details).toEqual({ line: 9 });
    expect(e.message).toContain('line 9');
    expect(e.message).not.toContain('aaaa');
  });

  it('a multi-MB line without a line break: TOO_LONG at its line', async () => {
    const e = await refusal(parseTradeFile(Buffer.from(withLine(`\`X,${'b,'.repeat(2 * 1024 * 1024)}`), 'utf8')));
    expect(e.reason).toBe('TOO_LONG');
    expect(e.details).toEqual({ line: 9 });
  });

  it('a closed quoted field over the field cap: TOO_LONG', async () => {
    const e = await refusal(parseTradeFile(Buffer.from(withLine(`\`X,"${'c'.repeat(DEFAULT_MAX_FIELD_CHARS + 1)}",1`), 'utf8')));
    expect(e.reason).toBe('TOO_LONG');
    expect(e.message).toMatch(/\(line 9\): a field is longer/);
  });

  it('the reader keeps at most one capped row between chunks: an open quote is refused once past the cap, before the input ends', () => {
    const rows: number[] = [];
    const r = new CsvReader((row) => rows.push(row.line));
    r.write('a,b\n"open');
    let fed = 0;
    let err: unknown;
    try {
      for (let i = 0; i < 64; i++) {
        r.write('x'.repeat(64 * 1024));
        fed += 64 * 1024;
      }
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ kind: expect.stringMatching(/^(LINE|FIELD)_TOO_LONG$/), line: 2 });
    expect(fed).toBeLessThanOrEqual(DEFAULT_MAX_LINE_CHARS + 64 * 1024);
    expect(rows).toEqual([1]);
  });

  it('a HIS CSV with a runaway line is BAD_INPUT naming the file and the line', async () => {
    const dir = tempDir();
    const his = join(dir, 'his.csv');
    writeFileSync(his, `amp_trace_id,feesum_amt\r\nA1,1.00\r\n"${'z'.repeat(3 * 1024 * 1024)}`);
    const e = await refusal(reconcile({ platform: Buffer.from(trade(), 'utf8'), his }));
    expect(e.reason).toBe('BAD_INPUT');
    expect(e.message).toContain(his);
    expect(e.message).toContain('line 3');
  });
});

describe('encodings of the HIS and insurance exports', () => {
  const HIS = [
    { amp_trace_id: 'A1', feesum_amt: '128.50', acct_pay: '30.00', psn_cash_pay: '48.50', fund_pay_sumamt: '50.00', status: '已结算' },
  ];

  it('a HIS JSON export saved as GBK is read (its Chinese statuses understood), not dropped', async () => {
    const dir = tempDir();
    const his = join(dir, 'his-gbk.json');
    writeFileSync(his, iconv.encode(JSON.stringify(HIS), 'gbk'));
    const r = await reconcile({ platform: Buffer.from(trade(), 'utf8'), his });
    expect(r.warnings.filter((w) => w.code === 'INPUT_UNKNOWN_STATUS')).toEqual([]);
    expect(r.summary.matched).toBe(1);
    expect(r.differences).toEqual([]);
  });

  it('a JSON export that is neither UTF-8 nor GBK is refused with BAD_ENCODING naming the file', async () => {
    const dir = tempDir();
    const his = join(dir, 'his-bad.json');
    writeFileSync(his, Buffer.concat([Buffer.from('[{"amp_trace_id":"A1","status":"'), Buffer.from([0x81, 0x20, 0xff]), Buffer.from('"}]')]));
    const e = await refusal(reconcile({ platform: Buffer.from(trade(), 'utf8'), his }));
    expect(e.reason).toBe('BAD_ENCODING');
    expect(e.message).toContain(his);
  });

  it('a HIS CSV that turns GBK after 87 KB is refused naming the HIS file and the byte where it turns', async () => {
    const dir = tempDir();
    const his = join(dir, 'his-mixed.csv');
    const head = Buffer.from('amp_trace_id,feesum_amt,status\r\n', 'utf8');
    const lines: Buffer[] = [head];
    let size = head.length;
    let k = 0;
    while (size < 87 * 1024) {
      const l = Buffer.from(`A${k++},1.00,已结算\r\n`, 'utf8');
      lines.push(l);
      size += l.length;
    }
    const gbkAt = size;
    lines.push(iconv.encode(`B1,1.00,已结算\r\n`, 'gbk'));
    writeFileSync(his, Buffer.concat(lines));
    const e = await refusal(reconcile({ platform: Buffer.from(trade(), 'utf8'), his }));
    expect(e.reason).toBe('BAD_ENCODING');
    expect(e.message).toContain(his);
    expect(e.message).not.toContain('trade file');
    // The first byte of 已 in GBK, after "B1,1.00," (8 bytes).
    expect(e.details).toEqual({ offset: gbkAt + 8 });
    expect(e.message).toContain(`byte ${gbkAt + 8}`);
  });

  it('firstInvalidUtf8 finds the first bad byte', () => {
    expect(firstInvalidUtf8(Buffer.from('abc中文', 'utf8'))).toBe(9);
    expect(firstInvalidUtf8(Buffer.concat([Buffer.from('ab'), iconv.encode('中', 'gbk')]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe4, 0xb8]))).toBe(1); // cut short
  });
});

describe('duplicate columns and keys are warned about', () => {
  it('a HIS CSV with two columns of one name (after --map too), and a JSON record with a repeated key', async () => {
    const dir = tempDir();
    const csv = join(dir, 'his.csv');
    writeFileSync(csv, 'amp_trace_id,feesum_amt,金额,psn_cash_pay,acct_pay,fund_pay_sumamt\r\nA1,128.50,999.00,48.50,30.00,50.00\r\n');
    const r = await reconcile({ platform: Buffer.from(trade(), 'utf8'), his: csv, map: { his: { 金额: 'feesum_amt' } } });
    expect(r.warnings.filter((w) => w.code === 'COLUMN_DUPLICATE')).toEqual([expect.objectContaining({ source: 'his', line: 1, column: 'feesum_amt' })]);
    expect(r.summary.matched).toBe(1); // the first feesum_amt column is read
    const json = join(dir, 'his.json');
    writeFileSync(json, '{"records": [{"amp_trace_id": "A1", "feesum_amt": "1.00", "feesum_amt": "128.50", "acct_pay": "30.00", "psn_cash_pay": "48.50", "fund_pay_sumamt": "50.00"}]}');
    const j = await reconcile({ platform: Buffer.from(trade(), 'utf8'), his: json });
    expect(j.warnings.filter((w) => w.code === 'DUPLICATE_KEY')).toEqual([expect.objectContaining({ source: 'his', line: 1, column: 'feesum_amt' })]);
  });
});
