/**
 * The simulator's records: a settled trade (what ORG_003 rechargeSettle confirmed) and a refund
 * made against it through AMP_HOS_002. Money is integer fen; yuan strings exist only on the wire
 * (wire.ts).
 */

export interface TradeRecord {
  orgCode: string;
  subOrgCode: string;
  orgName: string;
  /** 区域医保支付门户系统跟踪号 (ORG_003 amp_trace_id) */
  ampTraceId: string;
  /** 平台结算流水号 (ORG_003 trace_id); the trade file's 平台订单号 */
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

/**
 * What the ledger needs of an AMP_HOS_002 request (already validated). Not the spec's typed
 * `RefundRequest` (src/spec), which a client sends: this one is the simulator's view of it.
 */
export interface LedgerRefundRequest {
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

/** The four amount parts, in the trade file's order. */
export const AMOUNT_FIELDS = ['feesumAmt', 'acctPay', 'psnCashPay', 'fundPaySumamt'] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];
