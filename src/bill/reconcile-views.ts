/** What each source shows of one transaction, as the report and --json carry it (yuan strings). */
import { platformStatus } from './classify.js';
import type { HisRecord, InsuranceRecord } from './inputs.js';
import type { PlatformGroup } from './platform-groups.js';
import type { SideStatus, SideView } from './reconcile-types.js';
import { fenToYuan as formatYuan } from '../core/money.js';

const HIS_STATUS: Record<HisRecord['status'], SideStatus> = { settled: 'paid', refunded: 'refunded', cancelled: 'cancelled' };

export const hisStatus = (h: HisRecord): SideStatus => HIS_STATUS[h.status];
export const groupStatus = (g: PlatformGroup): SideStatus => platformStatus(g.refundRows, g.revokedRows);
export const insuranceStatus = (i: InsuranceRecord): SideStatus => (i.refunded ? 'refunded' : 'paid');

export function platformView(g: PlatformGroup): SideView {
  const a: SideView['amounts'] = {};
  if (g.trade) {
    a.feesumAmt = formatYuan(g.trade.feesumAmt);
    a.acctPay = formatYuan(g.trade.acctPay);
    a.psnCashPay = formatYuan(g.trade.psnCashPay);
    a.fundPaySumamt = formatYuan(g.trade.fundPaySumamt);
  }
  if (g.refundRows) a.refundAmt = formatYuan(g.refundFen);
  return { lines: g.lines, status: groupStatus(g), amounts: a, ampTraceId: g.ampTraceId, mchTraceNo: g.mchTraceNo, ...(g.setlId ? { setlId: g.setlId } : {}) };
}

export function hisView(h: HisRecord): SideView {
  return {
    lines: [h.line],
    status: hisStatus(h),
    amounts: {
      feesumAmt: formatYuan(h.feesumAmt),
      acctPay: formatYuan(h.acctPay),
      psnCashPay: formatYuan(h.psnCashPay),
      fundPaySumamt: formatYuan(h.fundPaySumamt),
      ...(h.refundAmt >= 0 ? { refundAmt: formatYuan(h.refundAmt) } : {}),
    },
    ...(h.ampTraceId ? { ampTraceId: h.ampTraceId } : {}),
    ...(h.mchTraceNo ? { mchTraceNo: h.mchTraceNo } : {}),
    ...(h.setlId ? { setlId: h.setlId } : {}),
  };
}

export function insuranceView(i: InsuranceRecord): SideView {
  return {
    lines: [i.line],
    status: insuranceStatus(i),
    amounts: { feesumAmt: formatYuan(i.medfeeSumamt), acctPay: formatYuan(i.acctPay), psnCashPay: formatYuan(i.psnCashPay), fundPaySumamt: formatYuan(i.fundPaySumamt) },
    setlId: i.setlId,
  };
}
