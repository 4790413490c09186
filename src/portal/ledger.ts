/**
 * The simulator's books: settled trades (what ORG_003 rechargeSettle confirmed) and the refunds
 * made against them through AMP_HOS_002. Money is integer fen throughout; yuan strings exist
 * only at the edges (wire.ts). Input checks live in trade-input.ts, the trade file's rows in
 * trade-file-rows.ts.
 *
 * Refund rules (AMP_HOS_002), as this simulator applies them:
 * - A trade is found by orgCode + ampTraceId + traceId + orgTraceNo (all must match; a given
 *   subOrgCode must equal the trade's, an absent one matches any).
 * - refundType 01 (the default) refunds only the self-paid cash part (个人现金支付额);
 *   refundAmount ≤ the cash not yet refunded, default all of it.
 * - refundType 02 refunds everything (账户 + 现金 + 统筹) once, only while nothing has been
 *   refunded; a refundAmount sent with it must equal the trade's 费用总额.
 * - outRefundNo is unique per orgCode: a repeat never refunds again, it gets the first refund's
 *   record (its current status), whatever the repeat's other fields say.
 * - A business refusal (trade not found, amount too large, already refunded) is still a
 *   protocol success: the answer carries tradeStatus FAIL and a Chinese tradeStatusDesc
 *   (先判别协议码，后判别业务状态码). It also consumes the outRefundNo.
 * - An accepted refund is ING until refundDelayMs have passed on the portal's clock, then
 *   SUCCESS. It reserves its amount at once, so two quick refunds cannot overdraw.
 */
import { cstTimestamp } from '../core/index.js';
import { fenToYuan, yuanToFen } from '../core/money.js';
import type { TradeFileRow } from '../spec/trade-file.js';
import { compactTime, digitsId, hexId } from './ids.js';
import {
  AMOUNT_FIELDS,
  type LedgerRefundRequest,
  type RefundAnswer,
  type RefundQuery,
  type RefundRecord,
  type RefundStatus,
  type TradeRecord,
} from './records.js';
import { ledgerTradeFileRows } from './trade-file-rows.js';
import { TradeInputError, parseTradeInput } from './trade-input.js';
import { refundToWire, tradeToWire, type TradeWire } from './wire.js';

export { hexId } from './ids.js';
export { TradeInputError } from './trade-input.js';
export type { TradeWire } from './wire.js';
export type * from './records.js';

export interface LedgerOptions {
  clock?: () => Date;
  /** ING → SUCCESS after this many ms of the clock. */
  refundDelayMs?: number;
}

export class Ledger {
  private readonly trades: TradeRecord[] = [];
  private readonly refunds: RefundRecord[] = [];
  private readonly refundsByOutNo = new Map<string, RefundRecord>();
  private readonly clock: () => Date;
  readonly refundDelayMs: number;
  private seq = 0;

  constructor(opts: LedgerOptions = {}) {
    this.clock = opts.clock ?? (() => new Date());
    this.refundDelayMs = opts.refundDelayMs ?? 2000;
  }

  /** Validates and stores a trade; throws TradeInputError listing every bad field. */
  addTrade(input: Partial<Record<keyof TradeWire, unknown>>): TradeRecord {
    const trade = parseTradeInput(input as Record<string, unknown>, this.clock());
    if (this.trades.some((t) => t.orgCode === trade.orgCode && t.ampTraceId === trade.ampTraceId)) {
      throw new TradeInputError([{ field: 'ampTraceId', message: `该机构已有此交易 / this orgCode already has ampTraceId ${trade.ampTraceId}` }]);
    }
    this.trades.push(trade);
    return trade;
  }

  listTrades(): TradeRecord[] {
    return [...this.trades];
  }

  listRefunds(): RefundRecord[] {
    return [...this.refunds];
  }

  /** The trade as JSON, with what has been refunded so far. */
  tradeToWire(t: TradeRecord): ReturnType<typeof tradeToWire> {
    return tradeToWire(t, this.refundedParts(t));
  }

  refundToWire(r: RefundRecord): Record<string, unknown> {
    return refundToWire(r, this.statusOf(r));
  }

  statusOf(r: RefundRecord): RefundStatus {
    if (!r.accepted) return 'FAIL';
    return this.clock().getTime() - r.createdAtMs >= this.refundDelayMs ? 'SUCCESS' : 'ING';
  }

  /** The accepted refunds' parts summed. */
  refundedParts(t: TradeRecord): Record<(typeof AMOUNT_FIELDS)[number] | 'count', number> {
    const sum = { feesumAmt: 0, acctPay: 0, psnCashPay: 0, fundPaySumamt: 0, count: 0 };
    for (const r of this.refunds) {
      if (r.trade !== t || !r.accepted) continue;
      sum.count += 1;
      for (const k of AMOUNT_FIELDS) sum[k] += r[k];
    }
    return sum;
  }

  findTrade(q: { orgCode: string; ampTraceId: string; traceId: string; orgTraceNo: string; subOrgCode?: string }): TradeRecord | undefined {
    return this.trades.find(
      (t) =>
        t.orgCode === q.orgCode &&
        t.ampTraceId === q.ampTraceId &&
        t.traceId === q.traceId &&
        t.orgTraceNo === q.orgTraceNo &&
        (!q.subOrgCode || q.subOrgCode === t.subOrgCode),
    );
  }

  /**
   * AMP_HOS_002. `req` has passed parameter validation (refundAmount, when present, is a yuan
   * string > 0; refundType is 01/02 or absent).
   */
  refund(req: LedgerRefundRequest): { answer: RefundAnswer; repeated: boolean; record: RefundRecord } {
    const key = `${req.orgCode}\n${req.outRefundNo}`;
    const existing = this.refundsByOutNo.get(key);
    if (existing) return { answer: this.answer(existing), repeated: true, record: existing };

    const nowDate = this.clock();
    const createTime = cstTimestamp(nowDate);
    this.seq += 1;
    const idSeed = `${req.orgCode}/${req.outRefundNo}/${this.seq}/${createTime}`;
    const record: RefundRecord = {
      orgCode: req.orgCode,
      subOrgCode: req.subOrgCode ?? '',
      outRefundNo: req.outRefundNo,
      orgRefundSn: req.orgRefundSn,
      refundReason: req.refundReason,
      refundType: req.refundType === '02' ? '02' : '01',
      ampRefundId: `AMPR${compactTime(createTime)}${String(this.seq).padStart(6, '0')}`,
      refundTraceId: hexId(`${idSeed}/refundTrace`),
      payChnlRefundSn: `50${digitsId(`${idSeed}/chnl`, 26)}`,
      ampTraceId: req.ampTraceId,
      traceId: req.traceId,
      orgTraceNo: req.orgTraceNo,
      feesumAmt: 0,
      acctPay: 0,
      psnCashPay: 0,
      fundPaySumamt: 0,
      accepted: false,
      failDesc: '',
      createdAtMs: nowDate.getTime(),
      createTime,
    };
    const trade = this.findTrade(req);
    if (!trade) {
      record.failDesc = `原交易不存在：orgCode=${req.orgCode}, ampTraceId=${req.ampTraceId}, traceId=${req.traceId}, orgTraceNo=${req.orgTraceNo}${
        req.subOrgCode ? `, subOrgCode=${req.subOrgCode}` : ''
      }`;
    } else {
      record.trade = trade;
      record.subOrgCode = trade.subOrgCode;
      const done = this.refundedParts(trade);
      const requested = req.refundAmount ? yuanToFen(req.refundAmount) : null;
      if (record.refundType === '02') {
        if (done.count > 0) {
          record.failDesc = `该订单已退款 ${fenToYuan(done.feesumAmt)} 元，不能再全额退款（refundType=02 仅限未发生过退款的订单）`;
        } else if (requested !== null && requested !== trade.feesumAmt) {
          record.failDesc = `refundType=02 为医保和自费全额退款，refundAmount 须为空或等于费用总额 ${fenToYuan(trade.feesumAmt)} 元`;
        } else {
          record.accepted = true;
          for (const k of AMOUNT_FIELDS) record[k] = trade[k];
        }
      } else {
        const cashLeft = trade.psnCashPay - done.psnCashPay;
        const amount = requested ?? cashLeft;
        if (trade.psnCashPay === 0) {
          record.failDesc = '该订单无个人现金支付部分，无可退自费金额（仅退自费 refundType=01）';
        } else if (cashLeft <= 0) {
          record.failDesc = `该订单自费部分 ${fenToYuan(trade.psnCashPay)} 元已全部退款，无可退金额`;
        } else if (amount > cashLeft) {
          record.failDesc = `退款金额 ${fenToYuan(amount)} 元超过可退自费金额 ${fenToYuan(cashLeft)} 元`;
        } else {
          record.accepted = true;
          record.psnCashPay = amount;
          record.feesumAmt = amount;
        }
      }
    }
    this.refunds.push(record);
    this.refundsByOutNo.set(key, record);
    return { answer: this.answer(record), repeated: false, record };
  }

  /** AMP_HOS_003. Undefined when no refund matches (the server answers FAIL with a reason). */
  findRefund(q: RefundQuery): RefundRecord | undefined {
    const r = this.refundsByOutNo.get(`${q.orgCode}\n${q.outRefundNo}`);
    if (!r) return undefined;
    if (q.ampRefundId && q.ampRefundId !== r.ampRefundId) return undefined;
    if (q.refundTraceId && q.refundTraceId !== r.refundTraceId) return undefined;
    if (q.subOrgCode && q.subOrgCode !== r.subOrgCode) return undefined;
    return r;
  }

  answer(r: RefundRecord): RefundAnswer {
    const status = this.statusOf(r);
    const a: RefundAnswer = {
      refundTraceId: r.refundTraceId,
      ampRefundId: r.ampRefundId,
      traceId: r.trade?.traceId ?? r.traceId,
      tradeStatus: status,
      tradeStatusDesc: '',
    };
    if (r.trade) {
      a.payChnlOrdSn = r.trade.payChnlTraceNo;
      a.payOrdId = r.trade.payOrdId;
    }
    if (status === 'FAIL') {
      a.tradeStatusDesc = `退款失败：${r.failDesc}`;
    } else {
      const what = r.refundType === '02' ? '医保和自费全额退款' : '自费退款';
      if (status === 'SUCCESS') {
        a.payChnlRefundSn = r.payChnlRefundSn;
        a.tradeStatusDesc = `${what}成功，金额 ${fenToYuan(r.feesumAmt)} 元`;
      } else {
        a.tradeStatusDesc = `${what}处理中，金额 ${fenToYuan(r.feesumAmt)} 元`;
      }
    }
    return a;
  }

  /**
   * The detail rows of one day's trade file: trades paid that day and refunds initiated that
   * day (FAIL refunds are not refunds). An empty subOrgCode means the main hospital (本院).
   */
  tradeFileRows(orgCode: string, subOrgCode: string, billDate: string): TradeFileRow[] {
    return ledgerTradeFileRows(this.trades, this.refunds, orgCode, subOrgCode, billDate);
  }
}
