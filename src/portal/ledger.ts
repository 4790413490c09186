/**
 * The simulator's books: settled trades (what ORG_003 rechargeSettle confirmed) and the refunds
 * made against them through AMP_HOS_002. Money is integer fen throughout; yuan strings exist
 * only at the edges (wire objects in and out).
 *
 * Refund rules (AMP_HOS_002, spec lines 688-856), as this simulator applies them:
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
import { createHash } from 'node:crypto';
import { cstTimestamp, parseCstTimestamp } from '../core/index.js';
import { fenToYuan, yuanToFen } from '../core/money.js';
import type { TradeFileRow } from './trade-file.js';

export interface TradeRecord {
  orgCode: string;
  subOrgCode: string;
  orgName: string;
  /** 区域医保支付门户系统跟踪号 (ORG_003 amp_trace_id) */
  ampTraceId: string;
  /** 平台结算流水号 (ORG_003 trace_id) */
  traceId: string;
  /** 机构交易订单号 (ORG_002/003 org_trace_no) */
  orgTraceNo: string;
  /** 商户订单号 (ORG_003 mch_trace_no) */
  mchTraceNo: string;
  /** 支付渠道订单号 (ORG_003 pay_chnl_trace_no) */
  payChnlTraceNo: string;
  /** 省医保移动支付中心订单号 */
  payOrdId: string;
  /** 院内结算流水号 */
  hisSetlSn: string;
  /** 医保挂号登记号 */
  hiRegNo: string;
  setlId: string;
  medinsSetlId: string;
  mdtrtId: string;
  psnNo: string;
  /** fen: 费用总额 = acctPay + psnCashPay + fundPaySumamt */
  feesumAmt: number;
  acctPay: number;
  psnCashPay: number;
  fundPaySumamt: number;
  certNo: string;
  certType: string;
  /** 患者费别 (00 自费, 01 医保) */
  patientType: string;
  /** 充值方式 deposit_type (ALI / WX / BANK / UP) */
  depositType: string;
  /** 发送方报文ID */
  msgId: string;
  /** yyyy-MM-dd HH:mm:ss CST: 交易时间 (order created) */
  createTime: string;
  /** 交易完成时间 (paid); the trade file of that date holds the trade. */
  payTime: string;
  /** 医保结算时间 */
  setlTime: string;
}

/** A trade as JSON: amounts as yuan strings. What GET /__sim/trades lists and POST /__sim/trades takes. */
export type TradeWire = Omit<TradeRecord, 'feesumAmt' | 'acctPay' | 'psnCashPay' | 'fundPaySumamt'> & {
  feesumAmt: string;
  acctPay: string;
  psnCashPay: string;
  fundPaySumamt: string;
};

export type RefundStatus = 'ING' | 'SUCCESS' | 'FAIL';

export interface RefundRecord {
  orgCode: string;
  subOrgCode: string;
  outRefundNo: string;
  orgRefundSn: string;
  refundReason: string;
  refundType: '01' | '02';
  ampRefundId: string;
  refundTraceId: string;
  payChnlRefundSn: string;
  /** The trade refunded; undefined when none was found. */
  trade?: TradeRecord;
  /** The trade references as the request gave them. */
  ampTraceId: string;
  traceId: string;
  orgTraceNo: string;
  /** fen refunded in each part; all 0 for a refusal. */
  feesumAmt: number;
  acctPay: number;
  psnCashPay: number;
  fundPaySumamt: number;
  /** false for a business refusal (FAIL). */
  accepted: boolean;
  failDesc: string;
  createdAtMs: number;
  /** 发起退款时间, CST: the refund's 交易时间 in the trade file. */
  createTime: string;
}

/** The response parameters of AMP_HOS_002 / AMP_HOS_003. */
export interface RefundAnswer {
  refundTraceId?: string;
  ampRefundId?: string;
  payChnlRefundSn?: string;
  traceId?: string;
  payChnlOrdSn?: string;
  payOrdId?: string;
  tradeStatus: RefundStatus;
  tradeStatusDesc: string;
}

export interface RefundRequest {
  ampTraceId: string;
  traceId: string;
  orgTraceNo: string;
  orgCode: string;
  subOrgCode?: string;
  refundReason: string;
  refundAmount?: string;
  refundType?: string;
  outRefundNo: string;
  orgRefundSn: string;
}

export interface RefundQuery {
  orgCode: string;
  subOrgCode?: string;
  outRefundNo: string;
  ampRefundId?: string;
  refundTraceId?: string;
}

/** A trade that POST /__sim/trades (or Ledger.addTrade) refused, with every reason. */
export class TradeInputError extends Error {
  readonly code = '000105';
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`交易数据不合法 / invalid trade: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'TradeInputError';
  }
}

export interface LedgerOptions {
  clock?: () => Date;
  /** ING → SUCCESS after this many ms of the clock. */
  refundDelayMs?: number;
}

const AMOUNT_FIELDS = ['feesumAmt', 'acctPay', 'psnCashPay', 'fundPaySumamt'] as const;
const TEXT_LIMITS: Record<string, number> = {
  orgCode: 40, subOrgCode: 40, orgName: 100, ampTraceId: 40, traceId: 40, orgTraceNo: 100, mchTraceNo: 40,
  payChnlTraceNo: 40, payOrdId: 40, hisSetlSn: 40, hiRegNo: 40, setlId: 40, medinsSetlId: 40, mdtrtId: 40,
  psnNo: 40, certNo: 30, certType: 10, patientType: 10, depositType: 10, msgId: 40,
};
const REQUIRED_TEXT = ['orgCode', 'ampTraceId', 'traceId', 'orgTraceNo'] as const;
const TIME_FIELDS = ['createTime', 'payTime', 'setlTime'] as const;

/** A short deterministic hex id: ids look like the spec's (32 hex) and stay stable for a given seed. */
export function hexId(seed: string, length = 32): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function digitsId(seed: string, length: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  let out = '';
  for (let i = 0; out.length < length; i++) out += (parseInt(hex[i % hex.length]!, 16) % 10).toString();
  return out;
}

const compact = (ts: string) => ts.replace(/\D/g, '');

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
    const issues: { field: string; message: string }[] = [];
    const str = (k: string): string => {
      const v = (input as Record<string, unknown>)[k];
      if (v === undefined || v === null) return '';
      if (typeof v !== 'string') {
        issues.push({ field: k, message: '必须是字符串 / must be a string' });
        return '';
      }
      return v;
    };
    for (const k of REQUIRED_TEXT) if (!str(k)) issues.push({ field: k, message: '必填 / required' });
    for (const [k, max] of Object.entries(TEXT_LIMITS)) {
      const v = str(k);
      if ([...v].length > max) issues.push({ field: k, message: `长度超过 ${max} / longer than ${max}` });
    }
    const fen: Record<string, number> = {};
    for (const k of AMOUNT_FIELDS) {
      const raw = (input as Record<string, unknown>)[k];
      if (raw === undefined || raw === null || raw === '') {
        // Only the total is mandatory; the parts default to 0.
        if (k === 'feesumAmt') issues.push({ field: k, message: '必填 / required' });
        fen[k] = 0;
        continue;
      }
      const f = yuanToFen(raw);
      if (f === null) issues.push({ field: k, message: `金额须为元，最多两位小数 / must be yuan with ≤ 2 decimals, got ${JSON.stringify(raw)}` });
      fen[k] = f ?? 0;
    }
    if (issues.length === 0 && fen.acctPay! + fen.psnCashPay! + fen.fundPaySumamt! !== fen.feesumAmt!) {
      issues.push({
        field: 'feesumAmt',
        message: `费用总额须等于 acctPay + psnCashPay + fundPaySumamt / must equal the sum of the parts (${fenToYuan(
          fen.acctPay! + fen.psnCashPay! + fen.fundPaySumamt!,
        )})`,
      });
    }
    const now = cstTimestamp(this.clock());
    const times: Record<string, string> = {};
    for (const k of TIME_FIELDS) {
      const v = str(k);
      if (v && !parseCstTimestamp(v)) issues.push({ field: k, message: `须为 yyyy-MM-dd HH:mm:ss / must be yyyy-MM-dd HH:mm:ss, got ${JSON.stringify(v)}` });
      times[k] = v;
    }
    const orgCode = str('orgCode');
    const ampTraceId = str('ampTraceId');
    if (orgCode && ampTraceId && this.trades.some((t) => t.orgCode === orgCode && t.ampTraceId === ampTraceId)) {
      issues.push({ field: 'ampTraceId', message: `该机构已有此交易 / this orgCode already has ampTraceId ${ampTraceId}` });
    }
    if (issues.length) throw new TradeInputError(issues);

    const payTime = times.payTime || times.createTime || now;
    const seed = `${orgCode}/${ampTraceId}`;
    const trade: TradeRecord = {
      orgCode,
      subOrgCode: str('subOrgCode'),
      orgName: str('orgName') || `${orgCode} 模拟医疗机构`,
      ampTraceId,
      traceId: str('traceId'),
      orgTraceNo: str('orgTraceNo'),
      mchTraceNo: str('mchTraceNo') || str('orgTraceNo'),
      payChnlTraceNo: str('payChnlTraceNo') || `42000${digitsId(`${seed}/chnl`, 23)}`,
      payOrdId: str('payOrdId') || `ORD${orgCode.slice(1, 7)}${compact(payTime)}${digitsId(`${seed}/ord`, 7)}`,
      hisSetlSn: str('hisSetlSn'),
      hiRegNo: str('hiRegNo'),
      setlId: str('setlId'),
      medinsSetlId: str('medinsSetlId'),
      mdtrtId: str('mdtrtId'),
      psnNo: str('psnNo'),
      feesumAmt: fen.feesumAmt!,
      acctPay: fen.acctPay!,
      psnCashPay: fen.psnCashPay!,
      fundPaySumamt: fen.fundPaySumamt!,
      certNo: str('certNo'),
      certType: str('certType') || '01',
      patientType: str('patientType') || (fen.acctPay! + fen.fundPaySumamt! > 0 ? '01' : '00'),
      depositType: str('depositType') || 'WX',
      msgId: str('msgId'),
      createTime: times.createTime || payTime,
      payTime,
      setlTime: times.setlTime || payTime,
    };
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
  tradeToWire(t: TradeRecord): TradeWire & { refundedAmt: string; refundableCash: string } {
    const refunded = this.refundedParts(t);
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

  refundToWire(r: RefundRecord): Record<string, unknown> {
    const { trade, ...rest } = r;
    return {
      ...rest,
      feesumAmt: fenToYuan(r.feesumAmt),
      acctPay: fenToYuan(r.acctPay),
      psnCashPay: fenToYuan(r.psnCashPay),
      fundPaySumamt: fenToYuan(r.fundPaySumamt),
      tradeStatus: this.statusOf(r),
      tradeFound: trade !== undefined,
    };
  }

  statusOf(r: RefundRecord): RefundStatus {
    if (!r.accepted) return 'FAIL';
    return this.clock().getTime() - r.createdAtMs >= this.refundDelayMs ? 'SUCCESS' : 'ING';
  }

  /** The accepted refunds' parts summed. */
  private refundedParts(t: TradeRecord) {
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
  refund(req: RefundRequest): { answer: RefundAnswer; repeated: boolean; record: RefundRecord } {
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
      ampRefundId: `AMPR${compact(createTime)}${String(this.seq).padStart(6, '0')}`,
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
    const rows: TradeFileRow[] = [];
    const base = (t: TradeRecord) => ({
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
    });
    const mine = (t: TradeRecord) => t.orgCode === orgCode && t.subOrgCode === subOrgCode;
    for (const t of this.trades) {
      if (!mine(t) || t.payTime.slice(0, 10) !== billDate) continue;
      rows.push({
        ...base(t),
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
    for (const r of this.refunds) {
      if (!r.accepted || !r.trade || !mine(r.trade) || r.createTime.slice(0, 10) !== billDate) continue;
      rows.push({
        ...base(r.trade),
        // 交易时间 / 交易完成时间 of a refund row: when the refund was initiated (spec 1186, 1193).
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
}
