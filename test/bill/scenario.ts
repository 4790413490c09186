// One day's books for the reconciliation tests: a platform trade file (written by the simulator's
// writer), the hospital's records (ORG_003 names) and the insurance centre's (ORG_008 names),
// with one case of every result class.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRADE_FILE_COLUMNS, tradeFileCsv, type TradeFileRow } from '../../src/portal/index.js';
import { makeZip, tempDir } from './helpers.js';

export const ORG = 'H46040100001';
export const DAY = '2024-04-24';

let n = 0;
function row(amp: string, fen: [number, number, number, number], over: Partial<TradeFileRow> = {}): TradeFileRow {
  n += 1;
  const base = Object.fromEntries(TRADE_FILE_COLUMNS.map((c) => [c.key, c.kind === 'amount' ? 0 : ''])) as unknown as TradeFileRow;
  return {
    ...base, tradeTime: `${DAY} 09:00:00`, finishTime: `${DAY} 09:${String(n).padStart(2, '0')}:00`, orgCode: ORG, orgName: '儋州市模拟人民医院',
    ampTraceId: amp, platformOrderNo: `T-${amp}`, payChnlTraceNo: `C-${amp}`, payOrdId: `O-${amp}`, mchTraceNo: `M-${amp}`, setlId: `S-${amp}`,
    certNo: '460400199003151234', certType: '01', patientType: '01', depositType: 'WX', tradeType: 'TRADE', tradeStatus: 'SUCCESS',
    feesumAmt: fen[0], acctPay: fen[1], psnCashPay: fen[2], fundPaySumamt: fen[3], ...over,
  };
}
const refund = (r: TradeFileRow, cash: number): TradeFileRow => ({ ...r, tradeType: 'REFUND', tradeStatus: 'REFUND', feesumAmt: cash, acctPay: 0, psnCashPay: cash, fundPaySumamt: 0, finishTime: `${DAY} 15:00:00` });

const A1 = row('A1', [12850, 3000, 4850, 5000]);
const A3 = row('A3', [2000, 500, 1500, 0]);
const A10 = row('A10', [1000, 0, 500, 500]);
const A11 = row('A11', [1000, 0, 500, 500]);
export const PLATFORM_ROWS: TradeFileRow[] = [
  A1, // matched three ways
  row('A2', [3680, 0, 3680, 0], { setlId: '' }), // HIS says 36.90: amountDiffers (费用总额, 现金)
  A3, refund(A3, 2000), // refunded on the portal, settled in the HIS: statusDiffers
  row('A4', [1000, 0, 1000, 0], { setlId: '' }), // onlyPlatform
  row('A6', [500, 0, 500, 0], { setlId: '' }), row('A6', [500, 0, 500, 0], { setlId: '' }), // duplicates (platform)
  row('A7', [700, 0, 700, 0], { setlId: '' }), // HIS has A7 twice: duplicates (his)
  row('A8', [800, 0, 800, 0], { mchTraceNo: 'M8', setlId: '' }), // HIS has no amp_trace_id, matched by mch_trace_no
  A10, refund(A10, 500), // partial refund, HIS agrees: matched
  A11, refund(A11, 500), // HIS says refund_amt 4.00: amountDiffers (退款金额)
  row('A12', [6000, 0, 1000, 5000]), // insurance part, no insurance record: missingInsurance
];

export const HIS = [
  { amp_trace_id: 'A1', trace_id: 'T-A1', org_trace_no: 'MZ1', mch_trace_no: 'M-A1', feesum_amt: '128.50', acct_pay: '30.00', psn_cash_pay: '48.50', fund_pay_sumamt: '50.00', setl_id: 'S-A1', setl_time: `${DAY} 09:01:00`, status: 'settled' },
  { amp_trace_id: 'A2', mch_trace_no: 'M-A2', feesum_amt: '36.90', acct_pay: '0.00', psn_cash_pay: '36.90', fund_pay_sumamt: '0.00', status: 'settled' },
  { amp_trace_id: 'A3', mch_trace_no: 'M-A3', feesum_amt: '20.00', acct_pay: '5.00', psn_cash_pay: '15.00', fund_pay_sumamt: '0', setl_id: 'S-A3', status: 'settled' },
  { amp_trace_id: 'A5', mch_trace_no: 'M-A5', feesum_amt: '15.00', psn_cash_pay: '15.00', status: 'settled' }, // onlyHis
  { amp_trace_id: 'A7', feesum_amt: '7.00', psn_cash_pay: '7.00', status: 'settled' },
  { amp_trace_id: 'A7', feesum_amt: '7.00', psn_cash_pay: '7.00', status: 'settled' },
  { mch_trace_no: 'M8', feesum_amt: '8.00', psn_cash_pay: '8.00', status: 'settled' },
  { amp_trace_id: 'A10', feesum_amt: '10.00', psn_cash_pay: '5.00', fund_pay_sumamt: '5.00', setl_id: 'S-A10', status: 'refunded', refund_amt: '5.00', out_refund_no: 'R10' },
  { amp_trace_id: 'A11', feesum_amt: '10.00', psn_cash_pay: '5.00', fund_pay_sumamt: '5.00', setl_id: 'S-A11', status: 'refunded', refund_amt: '4.00', out_refund_no: 'R11' },
  { amp_trace_id: 'A12', feesum_amt: '60.00', psn_cash_pay: '10.00', fund_pay_sumamt: '50.00', setl_id: 'S-A12', status: 'settled' },
];

export const INSURANCE = [
  { setl_id: 'S-A1', mdtrt_id: 'MD1', psn_no: 'P1', medfee_sumamt: '128.50', fund_pay_sumamt: '50.00', acct_pay: '30.00', psn_cash_pay: '48.50', refd_setl_flag: '0' },
  { setl_id: 'S-A3', mdtrt_id: 'MD3', psn_no: 'P3', medfee_sumamt: '20.00', fund_pay_sumamt: '0.00', acct_pay: '5.00', psn_cash_pay: '15.00', refd_setl_flag: '1' },
  { setl_id: 'S-A10', medfee_sumamt: '10.00', fund_pay_sumamt: '5.00', acct_pay: '0', psn_cash_pay: '5.00', refd_setl_flag: '1' },
  { setl_id: 'S-A11', medfee_sumamt: '10.00', fund_pay_sumamt: '5.00', acct_pay: '0', psn_cash_pay: '5.00', refd_setl_flag: '1' },
  { setl_id: 'S-A9', mdtrt_id: 'MD9', psn_no: 'P9', medfee_sumamt: '99.99', fund_pay_sumamt: '99.99', acct_pay: '0', psn_cash_pay: '0', refd_setl_flag: '0' }, // onlyInsurance
];

export function toCsv(records: readonly Record<string, string | undefined>[], rename: Record<string, string> = {}): string {
  const cols = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const lines = [cols.map((c) => rename[c] ?? c).join(',')];
  for (const r of records) lines.push(cols.map((c) => r[c] ?? '').join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Writes the day to a folder: platform zip, his.json, his.csv, insurance.json; returns the paths. */
export async function writeScenario(): Promise<{ dir: string; zip: string; hisJson: string; hisCsv: string; insJson: string; insCsv: string }> {
  const dir = tempDir('onetrans-recon-');
  const name = `${ORG}__${DAY}_ALL.csv`;
  const zip = join(dir, `${ORG}__${DAY}_ALL.zip`);
  writeFileSync(zip, await makeZip([{ name, data: tradeFileCsv({ orgCode: ORG, billDate: DAY, billType: 'ALL', rows: PLATFORM_ROWS, exportTime: `${DAY} 23:59:59` }) }]));
  const p = (f: string) => join(dir, f);
  writeFileSync(p('his.json'), JSON.stringify({ records: HIS }));
  writeFileSync(p('his.csv'), toCsv(HIS));
  writeFileSync(p('insurance.json'), JSON.stringify(INSURANCE));
  writeFileSync(p('insurance.csv'), toCsv(INSURANCE));
  return { dir, zip, hisJson: p('his.json'), hisCsv: p('his.csv'), insJson: p('insurance.json'), insCsv: p('insurance.csv') };
}
