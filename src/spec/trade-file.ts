/**
 * The AMP_HOS_004 trade file (对账文件) as data: the spec's 下载说明 / 文件说明 sections and
 * protocol.md §10. The simulator's writer (src/portal/trade-file.ts), the simulator's trade input
 * check and the bill reader (src/bill) all use this one table, so a trade the simulator accepts
 * always fits the file it writes, and the reader expects exactly what the writer writes.
 *
 * Decisions where the spec contradicts itself (the spec's defect list):
 * - The header row has the 28 columns of the 明细数据 table, in the table's order, with the
 *   table's names. The sample's header misses a comma (交易时间,交易完成时间机构编码), leaves
 *   out 医保就诊ID and names some columns differently; those names are kept as `aliases`.
 * - The summary block writes the 汇总数据 table's five fields, one per line, `#名称：值`, with
 *   amounts as yuan with two decimals computed from the detail rows (the sample's summary lines
 *   match neither the table nor its own rows).
 * - The file is UTF-8 with a BOM, so that Excel on a Chinese Windows opens it without mojibake;
 *   lines end with CRLF. Readers also take UTF-8 without BOM and GBK (protocol.md §10).
 */
import type { BillType } from './request-types.js';

export type { BillType };
export const BILL_TYPES: readonly BillType[] = Object.freeze(['ALL', 'REFUND', 'CONSUME'] as BillType[]);

/** One detail row. Amounts are integer fen; everything else is text as written. */
export interface TradeFileRow {
  tradeTime: string;
  finishTime: string;
  orgCode: string;
  subOrgCode: string;
  orgName: string;
  setlTime: string;
  hisSetlSn: string;
  platformOrderNo: string;
  ampTraceId: string;
  payChnlTraceNo: string;
  payOrdId: string;
  hiRegNo: string;
  setlId: string;
  medinsSetlId: string;
  mdtrtId: string;
  psnNo: string;
  feesumAmt: number;
  acctPay: number;
  psnCashPay: number;
  fundPaySumamt: number;
  mchTraceNo: string;
  certNo: string;
  certType: string;
  patientType: string;
  /** 交易类型: TRADE 交易 / REFUND 退款 */
  tradeType: TradeType;
  /** 交易状态: SUCCESS 支付成功 / REFUND 转入退款 / REVOKED 已撤销 */
  tradeStatus: TradeFileStatus;
  depositType: string;
  msgId: string;
}

export type TradeType = 'TRADE' | 'REFUND';
export type TradeFileStatus = 'SUCCESS' | 'REFUND' | 'REVOKED';
export const TRADE_TYPES: readonly TradeType[] = Object.freeze(['TRADE', 'REFUND'] as TradeType[]);
export const TRADE_FILE_STATUSES: readonly TradeFileStatus[] = Object.freeze(['SUCCESS', 'REFUND', 'REVOKED'] as TradeFileStatus[]);

export interface TradeFileColumn {
  readonly key: keyof TradeFileRow;
  /** 字段名 as the 明细数据 table writes it. */
  readonly name: string;
  readonly required: boolean;
  readonly maxLength: number;
  readonly kind: 'text' | 'amount' | 'datetime' | 'enum';
  /** Other names the spec's sample (or its other sections) use for the same column. */
  readonly aliases: readonly string[];
  /** kind 'enum': the values the table lists. */
  readonly values?: readonly string[];
}

const col = (
  key: keyof TradeFileRow,
  name: string,
  required: boolean,
  maxLength: number,
  kind: TradeFileColumn['kind'] = 'text',
  aliases: readonly string[] = [],
  values?: readonly string[],
): TradeFileColumn => Object.freeze({ key, name, required, maxLength, kind, aliases: Object.freeze([...aliases]), ...(values ? { values } : {}) });

/** The 28 detail columns of the 明细数据 table, in order. */
export const TRADE_FILE_COLUMNS: readonly TradeFileColumn[] = Object.freeze([
  col('tradeTime', '交易时间', true, 20, 'datetime'),
  col('finishTime', '交易完成时间', true, 20, 'datetime'),
  col('orgCode', '机构编码', true, 40),
  col('subOrgCode', '分院编号', false, 20),
  col('orgName', '机构名称', true, 100),
  col('setlTime', '医保结算时间', false, 20, 'datetime'),
  col('hisSetlSn', '院内结算流水号', false, 40),
  col('platformOrderNo', '平台订单号', false, 40),
  // The sample's header says 区域医保服务平台系统跟踪号; ORG_003 says 区域医保支付门户系统跟踪号.
  col('ampTraceId', '区域医保支付门户单据跟踪号', true, 40, 'text', ['区域医保服务平台系统跟踪号', '区域医保支付门户系统跟踪号']),
  col('payChnlTraceNo', '支付渠道订单号', true, 40),
  col('payOrdId', '省医保移动支付中心订单号', true, 40),
  col('hiRegNo', '医保挂号登记号', false, 40),
  col('setlId', '医保结算ID', false, 40),
  col('medinsSetlId', '医药机构结算ID', false, 40),
  col('mdtrtId', '医保就诊ID', false, 40),
  col('psnNo', '医保人员编号', false, 40),
  col('feesumAmt', '费用总额', true, 20, 'amount'),
  col('acctPay', '个人账户支付额', true, 20, 'amount'),
  col('psnCashPay', '个人现金支付额', true, 20, 'amount'),
  col('fundPaySumamt', '医保统筹基金支付额', true, 20, 'amount'),
  col('mchTraceNo', '商户订单号', true, 40),
  col('certNo', '用户证件号', true, 30),
  col('certType', '用户证件类型', true, 10),
  col('patientType', '患者费别', true, 10, 'text', ['“患者费别”', '"患者费别"']),
  col('tradeType', '交易类型', true, 10, 'enum', [], TRADE_TYPES),
  col('tradeStatus', '交易状态', true, 10, 'enum', [], TRADE_FILE_STATUSES),
  col('depositType', '支付渠道类型', true, 10),
  col('msgId', '发送方报文ID', false, 40, 'text', ['医保发送方报文ID']),
]);

/** The column of a key (typed lookups for code that needs one column's limits). */
export function tradeFileColumn(key: keyof TradeFileRow): TradeFileColumn {
  const c = TRADE_FILE_COLUMNS.find((x) => x.key === key);
  if (!c) throw new RangeError(`no trade-file column ${String(key)}`);
  return c;
}

/** Every detail field starts with this character so Excel keeps long numbers as text. */
export const FIELD_PREFIX = '`';

/** The `#` lines around the detail block (明细表头). */
export const TRADE_FILE_TITLE = '区域医保支付门户对账文件';
/** Titles seen in the spec's sample and elsewhere: a reader accepts any of them. */
export const TRADE_FILE_TITLE_ALIASES: readonly string[] = Object.freeze(['医保服务平台对账文件']);
export const HEADER_LABELS = Object.freeze({
  billDate: '账单时间',
  orgCode: '机构编号',
  subOrgCode: '分机构编号',
  billType: '账单类型',
});
export const DETAIL_BEGIN = '-------业务明细列表-------';
export const DETAIL_END = '-------业务明细列表结束-------';
/** The 汇总数据 table's fields. */
export const SUMMARY_LABELS = Object.freeze({
  tradeCount: '交易总笔数',
  refundCount: '退款总笔数',
  tradeAmount: '交易总金额（元）',
  refundAmount: '退款总金额（元）',
  exportTime: '导出时间',
});
/** Label variants a reader accepts for the same summary field (the sample drops "（元）"). */
export const SUMMARY_LABEL_ALIASES: Readonly<Record<keyof typeof SUMMARY_LABELS, readonly string[]>> = Object.freeze({
  tradeCount: [],
  refundCount: [],
  tradeAmount: ['交易总金额', '交易总金额(元)'],
  refundAmount: ['退款总金额', '退款总金额(元)'],
  exportTime: [],
});
/** Written where the sample writes 分机构编号：无. */
export const NO_SUB_ORG = '无';
/** Full-width colon between a `#` label and its value, as in the sample. */
export const LABEL_SEPARATOR = '：';
export const LINE_END = '\r\n';
export const UTF8_BOM = '\uFEFF';

export interface TradeFileSummary {
  tradeCount: number;
  refundCount: number;
  /** fen */
  tradeAmount: number;
  /** fen */
  refundAmount: number;
}

/** `{orgCode}_{subOrgCode}_{billDate}_{billType}.csv`, `{orgCode}__{billDate}_…` without a sub-org. */
export function tradeFileName(orgCode: string, subOrgCode: string | undefined, billDate: string, billType: BillType, ext = 'csv'): string {
  return `${orgCode}_${subOrgCode ?? ''}_${billDate}_${billType}.${ext}`;
}

const NAME_RE = /^([^_/\\]+)_([^_/\\]*)_(\d{4}-\d{2}-\d{2})_(ALL|REFUND|CONSUME)\.(csv|zip)$/i;

/** The inverse of tradeFileName; undefined for a name that does not follow the pattern. */
export function parseTradeFileName(name: string): { orgCode: string; subOrgCode: string; billDate: string; billType: BillType } | undefined {
  const m = NAME_RE.exec(name);
  if (!m) return undefined;
  return { orgCode: m[1]!, subOrgCode: m[2]!, billDate: m[3]!, billType: m[4]!.toUpperCase() as BillType };
}

/** Which rows a bill type holds: CONSUME the payments, REFUND the refunds, ALL both. */
export function rowsForBillType<R extends Pick<TradeFileRow, 'tradeType'>>(rows: readonly R[], billType: BillType): R[] {
  if (billType === 'ALL') return [...rows];
  const want = billType === 'CONSUME' ? 'TRADE' : 'REFUND';
  return rows.filter((r) => r.tradeType === want);
}

/** Adds one row to a running summary (streaming readers sum as they go). */
export function addToSummary(s: TradeFileSummary, r: Pick<TradeFileRow, 'tradeType' | 'feesumAmt'>): void {
  if (r.tradeType === 'TRADE') {
    s.tradeCount += 1;
    s.tradeAmount += r.feesumAmt;
  } else {
    s.refundCount += 1;
    s.refundAmount += r.feesumAmt;
  }
}

/** 交易总金额 / 退款总金额 are the sums of 费用总额 over the TRADE / REFUND rows. */
export function summarise(rows: readonly Pick<TradeFileRow, 'tradeType' | 'feesumAmt'>[]): TradeFileSummary {
  const s: TradeFileSummary = { tradeCount: 0, refundCount: 0, tradeAmount: 0, refundAmount: 0 };
  for (const r of rows) addToSummary(s, r);
  return s;
}
