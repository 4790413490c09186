/**
 * Which of the simulator's records one day's trade file holds, as trade-file rows: trades paid
 * that day and refunds initiated that day (a FAIL refund is not a refund). An empty subOrgCode
 * means the main hospital (本院).
 */
import type { TradeFileRow } from '../spec/trade-file.js';
import type { RefundRecord, TradeRecord } from './records.js';

type Common = Omit<TradeFileRow, 'tradeTime' | 'finishTime' | 'feesumAmt' | 'acctPay' | 'psnCashPay' | 'fundPaySumamt' | 'tradeType' | 'tradeStatus'>;

/** The columns a trade and the refunds against it share. */
function common(t: TradeRecord): Common {
  return {
    orgCode: t.orgCode,
    subOrgCode: t.subOrgCode,
    orgName: t.orgName,
    setlTime: t.setlTime,
    hisSetlSn: t.hisSetlSn,
    platformOrderNo: t.traceId,
    ampTraceId: t.ampTraceId,
    payChnlTraceNo: t.payChnlTraceNo,
    payOrdId: t.payOrdId,
    hiRegNo: t.hiRegNo,
    setlId: t.setlId,
    medinsSetlId: t.medinsSetlId,
    mdtrtId: t.mdtrtId,
    psnNo: t.psnNo,
    mchTraceNo: t.mchTraceNo,
    certNo: t.certNo,
    certType: t.certType,
    patientType: t.patientType,
    depositType: t.depositType,
    msgId: t.msgId,
  };
}

export function ledgerTradeFileRows(
  trades: readonly TradeRecord[],
  refunds: readonly RefundRecord[],
  orgCode: string,
  subOrgCode: string,
  billDate: string,
): TradeFileRow[] {
  const rows: TradeFileRow[] = [];
  const mine = (t: TradeRecord) => t.orgCode === orgCode && t.subOrgCode === subOrgCode;
  for (const t of trades) {
    if (!mine(t) || t.payTime.slice(0, 10) !== billDate) continue;
    rows.push({
      ...common(t),
      tradeTime: t.createTime,
      finishTime: t.payTime,
      feesumAmt: t.feesumAmt,
      acctPay: t.acctPay,
      psnCashPay: t.psnCashPay,
      fundPaySumamt: t.fundPaySumamt,
      tradeType: 'TRADE',
      tradeStatus: 'SUCCESS',
    });
  }
  for (const r of refunds) {
    if (!r.accepted || !r.trade || !mine(r.trade) || r.createTime.slice(0, 10) !== billDate) continue;
    rows.push({
      ...common(r.trade),
      // 交易时间 / 交易完成时间 of a refund row: when the refund was initiated (the table's notes).
      tradeTime: r.createTime,
      finishTime: r.createTime,
      feesumAmt: r.feesumAmt,
      acctPay: r.acctPay,
      psnCashPay: r.psnCashPay,
      fundPaySumamt: r.fundPaySumamt,
      tradeType: 'REFUND',
      tradeStatus: 'REFUND',
    });
  }
  rows.sort((a, b) => (a.finishTime < b.finishTime ? -1 : a.finishTime > b.finishTime ? 1 : 0));
  return rows;
}
