// The simulator's trade input is checked against the trade file's own column table, so it never
// accepts a trade its file could not hold.
import { describe, expect, it } from 'vitest';
import { Ledger, TRADE_INPUT_COLUMNS, TradeInputError, tradeFileCsvText } from '../../src/portal/index.js';
import { TRADE_FILE_COLUMNS } from '../../src/spec/trade-file.js';
import { API_STEPS } from '../../src/portal/api-steps.js';

const base = { orgCode: 'H46040100001', ampTraceId: 'amp-1', traceId: 'trace-1', orgTraceNo: 'MZ1', feesumAmt: '10.00', psnCashPay: '10.00', payTime: '2022-04-24 09:00:00' };

function refused(input: Record<string, unknown>): { field: string; message: string }[] {
  try {
    new Ledger().addTrade(input);
  } catch (e) {
    expect(e).toBeInstanceOf(TradeInputError);
    return (e as TradeInputError).issues;
  }
  throw new Error('accepted');
}

describe('trade input', () => {
  it('takes every limit from the trade-file column it becomes', () => {
    for (const { column } of TRADE_INPUT_COLUMNS) expect(TRADE_FILE_COLUMNS).toContain(column);
    expect(TRADE_INPUT_COLUMNS.find((c) => c.field === 'traceId')!.column.name).toBe('平台订单号');
  });

  it('refuses a subOrgCode longer than the file\'s 分院编号 (20), and accepts 20 characters that the file then holds', () => {
    const issues = refused({ ...base, subOrgCode: 'S'.repeat(21) });
    expect(issues).toEqual([{ field: 'subOrgCode', message: expect.stringContaining('分院编号') }]);
    const ledger = new Ledger();
    const t = ledger.addTrade({ ...base, subOrgCode: 'S'.repeat(20) });
    const text = tradeFileCsvText({ orgCode: t.orgCode, subOrgCode: t.subOrgCode, billDate: '2022-04-24', billType: 'ALL', exportTime: '2022-04-25 00:00:00', rows: ledger.tradeFileRows(t.orgCode, t.subOrgCode, '2022-04-24') });
    expect(text).toContain(`,\`${'S'.repeat(20)},`);
  });

  it('refuses a certNo longer than 用户证件号 (30) and a line break in a text field', () => {
    expect(refused({ ...base, certNo: '1'.repeat(31) }).map((i) => i.field)).toEqual(['certNo']);
    expect(refused({ ...base, orgName: '某\n医院' }).map((i) => i.field)).toEqual(['orgName']);
  });
});

describe('the API checks', () => {
  it('run in the documented order', () => {
    expect(API_STEPS.map((s) => s.name)).toEqual(['method', 'body', 'interface', 'fault', 'json', 'app', 'timestamp', 'signType', 'envelope', 'replay', 'parameters', 'business']);
  });
});
