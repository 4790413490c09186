/**
 * The simulator's records as JSON: amounts as yuan strings (money.ts), as GET/POST /__sim/trades
 * and GET /__sim/refunds show them, and the AMP_HOS_002/003 answer without empty fields.
 */
import { fenToYuan } from '../core/money.js';
import type { RefundAnswer, RefundRecord, RefundStatus, TradeRecord } from './records.js';

/** A trade as JSON: amounts as yuan strings. What GET /__sim/trades lists and POST /__sim/trades takes. */
export type TradeWire = Omit<TradeRecord, 'feesumAmt' | 'acctPay' | 'psnCashPay' | 'fundPaySumamt'> & {
  feesumAmt: string;
  acctPay: string;
  psnCashPay: string;
  fundPaySumamt: string;
};

/** The trade as JSON, with what has been refunded so far (fen in, yuan out). */
export function tradeToWire(t: TradeRecord, refunded: { feesumAmt: number; psnCashPay: number }): TradeWire & { refundedAmt: string; refundableCash: string } {
  return {
    ...t,
    feesumAmt: fenToYuan(t.feesumAmt),
    acctPay: fenToYuan(t.acctPay),
    psnCashPay: fenToYuan(t.psnCashPay),
    fundPaySumamt: fenToYuan(t.fundPaySumamt),
    refundedAmt: fenToYuan(refunded.feesumAmt),
    refundableCash: fenToYuan(t.psnCashPay - refunded.psnCashPay),
  };
}

/** A refund as JSON with its current status; the trade it refers to is reduced to tradeFound. */
export function refundToWire(r: RefundRecord, status: RefundStatus): Record<string, unknown> {
  const { trade, ...rest } = r;
  return {
    ...rest,
    feesumAmt: fenToYuan(r.feesumAmt),
    acctPay: fenToYuan(r.acctPay),
    psnCashPay: fenToYuan(r.psnCashPay),
    fundPaySumamt: fenToYuan(r.fundPaySumamt),
    tradeStatus: status,
    tradeFound: trade !== undefined,
  };
}

/** The response parameters as sent: fields that are absent or empty are left out. */
export function answerToWire(a: RefundAnswer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
