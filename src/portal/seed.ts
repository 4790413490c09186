/**
 * Demo trades the simulator starts with, so that refund and trade-file calls have something to
 * work on out of the box. They are dated yesterday and today (CST) on the portal's clock, so
 * "yesterday's trade file" — what a hospital fetches each morning — is never empty.
 * Identifiers are derived from the date, so two runs on the same day list the same trades.
 * People in them are fictitious.
 */
import { cstDate, cstTimestamp, parseCstTimestamp } from '../core/index.js';
import { hexId } from './ids.js';
import type { Ledger } from './ledger.js';
import type { TradeRecord } from './records.js';

interface DemoTrade {
  orgCode: string;
  subOrgCode: string;
  orgName: string;
  /** 0 = yesterday, 1 = today */
  day: 0 | 1;
  time: string;
  feesumAmt: string;
  acctPay: string;
  psnCashPay: string;
  fundPaySumamt: string;
  depositType: string;
  certNo: string;
  psnNo: string;
}

const DAN_ZHOU = '儋州市模拟人民医院';
const FU_ZHOU = '福州市鼓楼区模拟中医院';

export const DEMO_TRADES: readonly DemoTrade[] = Object.freeze([
  // Outpatient bill paid partly by the personal account, partly cash, partly the pooled fund.
  { orgCode: 'H46040100001', subOrgCode: '', orgName: DAN_ZHOU, day: 0, time: '09:15:32', feesumAmt: '128.50', acctPay: '30.00', psnCashPay: '48.50', fundPaySumamt: '50.00', depositType: 'WX', certNo: '460400199003151234', psnNo: '4600000460400199003151234001' },
  // Entirely self-paid.
  { orgCode: 'H46040100001', subOrgCode: '', orgName: DAN_ZHOU, day: 0, time: '10:42:07', feesumAmt: '36.80', acctPay: '0.00', psnCashPay: '36.80', fundPaySumamt: '0.00', depositType: 'ALI', certNo: '46040019851120002X', psnNo: '4600000460400198511200020001' },
  // Personal account only (like the spec's sample row): nothing to refund with refundType 01.
  { orgCode: 'H46040100001', subOrgCode: '', orgName: DAN_ZHOU, day: 1, time: '08:05:11', feesumAmt: '14.01', acctPay: '14.01', psnCashPay: '0.00', fundPaySumamt: '0.00', depositType: 'WX', certNo: '460400197708080015', psnNo: '4600000460400197708080015001' },
  { orgCode: 'H35010200227', subOrgCode: '', orgName: FU_ZHOU, day: 0, time: '14:20:45', feesumAmt: '256.00', acctPay: '56.00', psnCashPay: '100.00', fundPaySumamt: '100.00', depositType: 'WX', certNo: '350102198808081234', psnNo: '3500000350102198808081234001' },
  // A branch (分院 01).
  { orgCode: 'H35010200227', subOrgCode: '01', orgName: FU_ZHOU, day: 0, time: '16:03:29', feesumAmt: '88.88', acctPay: '20.00', psnCashPay: '28.88', fundPaySumamt: '40.00', depositType: 'UP', certNo: '350102199212120021', psnNo: '3500000350102199212120021001' },
  { orgCode: 'H35010200227', subOrgCode: '', orgName: FU_ZHOU, day: 1, time: '07:58:03', feesumAmt: '45.60', acctPay: '0.00', psnCashPay: '45.60', fundPaySumamt: '0.00', depositType: 'ALI', certNo: '350102196501011111', psnNo: '3500000350102196501011111001' },
]);

/** Adds the demo trades to `ledger`, dated relative to `now`. */
export function seedDemoTrades(ledger: Ledger, now: Date): TradeRecord[] {
  const days = [cstDate(new Date(now.getTime() - 86_400_000)), cstDate(now)];
  return DEMO_TRADES.map((d, i) => {
    const date = days[d.day]!;
    const stamp = `${date.replace(/-/g, '')}${d.time.replace(/:/g, '')}`;
    const seed = `${d.orgCode}/${date}/${i}`;
    const n = String(i + 1).padStart(4, '0');
    const payTime = `${date} ${d.time}`;
    // The order is created a minute before payment completes.
    const created = cstTimestamp(new Date(parseCstTimestamp(payTime)!.getTime() - 60_000));
    return ledger.addTrade({
      orgCode: d.orgCode,
      subOrgCode: d.subOrgCode,
      orgName: d.orgName,
      ampTraceId: hexId(`${seed}/amp`),
      traceId: hexId(`${seed}/trace`),
      orgTraceNo: `MZ${stamp}${n}`,
      mchTraceNo: `${d.orgCode}${stamp}${n}`,
      hisSetlSn: `HIS${stamp}${n}`,
      hiRegNo: `${d.orgCode.slice(1, 7)}${stamp.slice(2)}${n}`,
      setlId: hexId(`${seed}/setl`),
      medinsSetlId: `${d.orgCode}${stamp}${n}`,
      mdtrtId: hexId(`${seed}/mdtrt`),
      psnNo: d.psnNo,
      feesumAmt: d.feesumAmt,
      acctPay: d.acctPay,
      psnCashPay: d.psnCashPay,
      fundPaySumamt: d.fundPaySumamt,
      certNo: d.certNo,
      certType: '01',
      depositType: d.depositType,
      msgId: `${d.orgCode}${stamp}${n}`,
      createTime: created,
      payTime,
      setlTime: payTime,
    });
  });
}
