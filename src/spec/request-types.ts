// Hand-written TypeScript shapes of the AMP_HOS_001..004 tables. test/spec/request-types.test.ts
// checks at compile time that the keys equal the table rows and that the required keys are
// exactly the Y rows minus those that leniency.ts lets the spec's own examples omit.
import type {
  APP_TYPE,
  BILL_TYPE,
  DictValue,
  ORDER_STATUS,
  PUSH_RESPONSE,
  PUSH_TYPE,
  REFUND_TYPE,
  TRADE_STATUS,
} from './dictionaries.js';

export type AppType = DictValue<typeof APP_TYPE>;
export type OrderStatus = DictValue<typeof ORDER_STATUS>;
export type PushType = DictValue<typeof PUSH_TYPE>;
export type PushResult = DictValue<typeof PUSH_RESPONSE>;
export type RefundType = DictValue<typeof REFUND_TYPE>;
export type TradeStatus = DictValue<typeof TRADE_STATUS>;
export type BillType = DictValue<typeof BILL_TYPE>;

/** AMP_HOS_001 医疗消息推送 `/pushMsg` request. */
export interface PushMsgRequest {
  /** 院内证件类型 (spec: Y; the Java example omits it, the DLL example sends "") */
  hisCustType?: string;
  /** 院内证件号 (spec: Y; the Java example omits it) */
  hisCustId?: string;
  /** 用户手机号 (spec: Y; both examples omit it) */
  phone?: string;
  /** 应用类型 */
  appType: AppType;
  /** 医疗机构订单号 */
  medOrgOrd: string;
  /** 分院编号 */
  subOrgCode?: string;
  /** 退款原因: for 支付单 in status refunded / partly refunded */
  refundReason?: string;
  /** 省医保移动支付中心下单Id */
  payOrdId?: string;
  /** 订单状态: required when pushType is HOSPITAL_PAYMENT */
  orderStatus?: OrderStatus;
  /** 机构代码 */
  orgCode: string;
  /** 用户名 */
  patientName: string;
  /** 证件类型 */
  idType: string;
  /** 证件号 */
  idNo: string;
  /** 取药地址: for 医药单 when paid */
  takeMedicineLoc?: string;
  /** 推送类型 */
  pushType: PushType;
  /** 预约时间 yyyy-MM-dd HH:mm:ss */
  scheduledTime?: string;
  /** 重定向地址 */
  redirectUrl?: string;
  /** 金额（单位元）: required for HOSPITAL_PAYMENT (both spec examples omit it) */
  amount?: string;
  /** 科室名称 */
  deptName?: string;
  /** 科室编码 */
  deptCode?: string;
  /** 科室地址 */
  deptLoc?: string;
  /** 医生姓名 */
  drName?: string;
  /** 医生职级 */
  drLvName?: string;
  /** 医生编码 */
  drNo?: string;
  /** 候诊号 */
  waitingNum?: string;
  /** 检查项目 */
  checkItem?: string;
  /** 订单创建时间 yyyy-MM-dd HH:mm:ss */
  createTime?: string;
  /** 订单修改时间 yyyy-MM-dd HH:mm:ss */
  updateTime?: string;
  /** 扩展参数 (the DLL example sends null) */
  extData?: string | null;
}

/** AMP_HOS_001 response. */
export interface PushMsgResponse {
  /** 推送结果 */
  response: PushResult;
}

/** AMP_HOS_002 平台退款申请 `/refund` request. */
export interface RefundRequest {
  /** 区域医保结算单据跟踪号 (from ORG_003) */
  ampTraceId: string;
  /** 区域医保支付门户结算跟踪号 (from ORG_003) */
  traceId: string;
  /** 机构交易订单号 (ORG_002 org_trace_no) */
  orgTraceNo: string;
  /** 机构编号(国标医院编码) */
  orgCode: string;
  /** 分院编号 */
  subOrgCode?: string;
  /** 退款原因 */
  refundReason: string;
  /** 退款金额 in yuan: only with refundType 01 or absent; absent means a full refund */
  refundAmount?: string;
  /** 退款类型: absent means 01 */
  refundType?: RefundType;
  /** 外部退款流水号, unique per institution */
  outRefundNo: string;
  /** 机构退款流水号 */
  orgRefundSn: string;
}

/** AMP_HOS_002 response. */
export interface RefundResponse {
  /** 区域医保支付门户退款流水号 */
  refundTraceId: string;
  /** 区域医保支付门户(退款ID) */
  ampRefundId: string;
  /** 支付渠道退款流水号 */
  payChnlRefundSn?: string;
  /** 区域医保支付门户结算跟踪号 */
  traceId: string;
  /** 支付渠道流水号 */
  payChnlOrdSn?: string;
  /** 省医保平台订单号 */
  payOrdId?: string;
  /** 交易状态 */
  tradeStatus?: TradeStatus;
  /** 交易状态描述 */
  tradeStatusDesc?: string;
}

/** AMP_HOS_003 查询退款结果 `/queryRefundResult` request. */
export interface QueryRefundResultRequest {
  /** AMP_HOS_002接口返回的ampRefundId (recommended) */
  ampRefundId?: string;
  /** AMP_HOS_002接口返回的refundTraceId (recommended) */
  refundTraceId?: string;
  /** 机构编号(国标医院编码) */
  orgCode: string;
  /** 分院编号 */
  subOrgCode?: string;
  /** 外部退款流水号 */
  outRefundNo: string;
}

/** AMP_HOS_003 response. */
export interface QueryRefundResultResponse {
  /** 平台退款流水号 */
  refundTraceId: string;
  /** 区域平台退款流水号 */
  ampRefundId: string;
  /** 支付渠道退款流水号 */
  payChnlRefundSn?: string;
  /** 平台缴费单流水号 */
  traceId: string;
  /** 支付渠道流水号 */
  payChnlOrdSn?: string;
  /** 省医保平台订单号 */
  payOrdId?: string;
  /** 交易状态 (required here, unlike AMP_HOS_002) */
  tradeStatus: TradeStatus;
  /** 交易状态描述 */
  tradeStatusDesc?: string;
}

/** AMP_HOS_004 对账文件获取 `/getTradeFile` request. */
export interface GetTradeFileRequest {
  /** 机构编号(国标医院编码) */
  orgCode: string;
  /** 分院编号 */
  subOrgCode?: string;
  /** 机构获取对账文件秘钥 (a secret: never log it) */
  orgSecret: string;
  /** 账单日期 yyyy-MM-dd */
  billDate: string;
  /** 账单类型 */
  billType: BillType;
}

/** AMP_HOS_004 response. */
export interface GetTradeFileResponse {
  /** 文件摘要 (SHA1 hex of the downloaded zip) */
  digest: string;
  /** 下载地址, valid for one minute, fetched with GET */
  downloadUrl?: string;
  /** 文件摘要类型, SHA1 (an open string: other values are warnings, see leniency.ts) */
  digestType: string;
  /** 账单类型回显 */
  billType?: BillType;
}
