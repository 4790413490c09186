/**
 * The AMP_HOS_004 trade file (对账文件), spec lines 1090-1415 and protocol.md §10, as data plus
 * one writer. The bill reader shares the column list, the block labels and the file naming.
 *
 * Decisions where the spec contradicts itself (see /work/shared/spec/README.md, defects):
 * - The header row has the 28 columns of the 明细数据 table, in the table's order, with the
 *   table's names. The sample's header misses a comma (交易时间,交易完成时间机构编码), leaves
 *   out 医保就诊ID and names two columns differently; those names are kept as `aliases`.
 * - The summary block writes the 汇总数据 table's five fields, one per line, `#名称：值`, with
 *   amounts as yuan with two decimals computed from the detail rows (the sample's summary lines
 *   match neither the table nor its own rows).
 * - The file is UTF-8 with a BOM, so that Excel on a Chinese Windows opens it without mojibake;
 *   lines end with CRLF. Readers must also take UTF-8 without BOM and GBK (protocol.md §10).
 */
import { ZipFile } from 'yazl';
import { fenToYuan } from '../core/money.js';

export type BillType = 'ALL' | 'REFUND' | 'CONSUME';
export const BILL_TYPES: readonly BillType[] = ['ALL', 'REFUND', 'CONSUME'];

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
  tradeType: 'TRADE' | 'REFUND';
  /** 交易状态: SUCCESS 支付成功 / REFUND 转入退款 / REVOKED 已撤销 */
  tradeStatus: 'SUCCESS' | 'REFUND' | 'REVOKED';
  depositType: string;
  msgId: string;
}

export interface TradeFileColumn {
  readonly key: keyof TradeFileRow;
  /** 字段名 as the 明细数据 table writes it. */
  readonly name: string;
  readonly required: boolean;
  readonly maxLength: number;
  readonly kind: 'text' | 'amount' | 'datetime';
  /** Other names the spec's sample uses for the same column. */
  readonly aliases: readonly string[];
}

const col = (
  key: keyof TradeFileRow,
  name: string,
  required: boolean,
  maxLength: number,
  kind: TradeFileColumn['kind'] = 'text',
  aliases: readonly string[] = [],
): TradeFileColumn => Object.freeze({ key, name, required, maxLength, kind, aliases });

/** The 28 detail columns of spec lines 1181-1375, in order. */
export const TRADE_FILE_COLUMNS: readonly TradeFileColumn[] = Object.freeze([
  col('tradeTime', '交易时间', true, 20, 'datetime'),
  col('finishTime', '交易完成时间', true, 20, 'datetime'),
  col('orgCode', '机构编码', true, 40),
  col('subOrgCode', '分院编号', false, 20),
  col('orgName', '机构名称', true, 100),
  col('setlTime', '医保结算时间', false, 20, 'datetime'),
  col('hisSetlSn', '院内结算流水号', false, 40),
  col('platformOrderNo', '平台订单号', false, 40),
  col('ampTraceId', '区域医保支付门户单据跟踪号', true, 40, 'text', ['区域医保服务平台系统跟踪号']),
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
  col('patientType', '患者费别', true, 10, 'text', ['“患者费别”']),
  col('tradeType', '交易类型', true, 10),
  col('tradeStatus', '交易状态', true, 10),
  col('depositType', '支付渠道类型', true, 10),
  col('msgId', '发送方报文ID', false, 40, 'text', ['医保发送方报文ID']),
]);

/** Every detail field starts with this character so Excel keeps long numbers as text. */
export const FIELD_PREFIX = '`';

/** The `#` lines around the detail block. */
export const TRADE_FILE_TITLE = '区域医保支付门户对账文件';
export const HEADER_LABELS = Object.freeze({
  billDate: '账单时间',
  orgCode: '机构编号',
  subOrgCode: '分机构编号',
  billType: '账单类型',
});
export const DETAIL_BEGIN = '-------业务明细列表-------';
export const DETAIL_END = '-------业务明细列表结束-------';
/** The 汇总数据 table's fields (spec lines 1377-1399). */
export const SUMMARY_LABELS = Object.freeze({
  tradeCount: '交易总笔数',
  refundCount: '退款总笔数',
  tradeAmount: '交易总金额（元）',
  refundAmount: '退款总金额（元）',
  exportTime: '导出时间',
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

export interface TradeFileInput {
  orgCode: string;
  subOrgCode?: string;
  billDate: string;
  billType: BillType;
  rows: readonly TradeFileRow[];
  /** yyyy-MM-dd HH:mm:ss (CST) */
  exportTime: string;
}

/** `{orgCode}_{subOrgCode}_{billDate}_{billType}.csv`, `{orgCode}__{billDate}_…` without a sub-org. */
export function tradeFileName(orgCode: string, subOrgCode: string | undefined, billDate: string, billType: BillType, ext = 'csv'): string {
  return `${orgCode}_${subOrgCode ?? ''}_${billDate}_${billType}.${ext}`;
}

/** Which rows a bill type holds: CONSUME the payments, REFUND the refunds, ALL both. */
export function rowsForBillType(rows: readonly TradeFileRow[], billType: BillType): TradeFileRow[] {
  if (billType === 'ALL') return [...rows];
  const want = billType === 'CONSUME' ? 'TRADE' : 'REFUND';
  return rows.filter((r) => r.tradeType === want);
}

/** 交易总金额 / 退款总金额 are the sums of 费用总额 over the TRADE / REFUND rows. */
export function summarise(rows: readonly TradeFileRow[]): TradeFileSummary {
  const s: TradeFileSummary = { tradeCount: 0, refundCount: 0, tradeAmount: 0, refundAmount: 0 };
  for (const r of rows) {
    if (r.tradeType === 'TRADE') {
      s.tradeCount += 1;
      s.tradeAmount += r.feesumAmt;
    } else {
      s.refundCount += 1;
      s.refundAmount += r.feesumAmt;
    }
  }
  return s;
}

/** RFC 4180 quoting, applied after the backtick so the backtick stays the first character of the value. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cell(row: TradeFileRow, c: TradeFileColumn): string {
  const v = row[c.key];
  const text = c.kind === 'amount' ? fenToYuan(v as number) : String(v ?? '');
  return csvField(FIELD_PREFIX + text);
}

/** The CSV text (without BOM). */
export function tradeFileCsvText(input: TradeFileInput): string {
  const rows = rowsForBillType(input.rows, input.billType);
  const sum = summarise(rows);
  const hash = (label: string, value: string) => `#${label}${LABEL_SEPARATOR}${value}`;
  const lines = [
    `#${TRADE_FILE_TITLE}`,
    hash(HEADER_LABELS.billDate, input.billDate),
    hash(HEADER_LABELS.orgCode, input.orgCode),
    hash(HEADER_LABELS.subOrgCode, input.subOrgCode ? input.subOrgCode : NO_SUB_ORG),
    hash(HEADER_LABELS.billType, input.billType),
    `#${DETAIL_BEGIN}`,
    TRADE_FILE_COLUMNS.map((c) => c.name).join(','),
    ...rows.map((r) => TRADE_FILE_COLUMNS.map((c) => cell(r, c)).join(',')),
    `#${DETAIL_END}`,
    hash(SUMMARY_LABELS.tradeCount, String(sum.tradeCount)),
    hash(SUMMARY_LABELS.refundCount, String(sum.refundCount)),
    hash(SUMMARY_LABELS.tradeAmount, fenToYuan(sum.tradeAmount)),
    hash(SUMMARY_LABELS.refundAmount, fenToYuan(sum.refundAmount)),
    hash(SUMMARY_LABELS.exportTime, input.exportTime),
  ];
  return lines.join(LINE_END) + LINE_END;
}

/** The CSV file as bytes: UTF-8 with BOM. */
export function tradeFileCsv(input: TradeFileInput): Buffer {
  return Buffer.from(UTF8_BOM + tradeFileCsvText(input), 'utf8');
}

/** The zip the download serves: one CSV entry named by tradeFileName(). */
export async function tradeFileZip(input: TradeFileInput, mtime: Date = new Date()): Promise<{ zip: Buffer; csvName: string }> {
  const csvName = tradeFileName(input.orgCode, input.subOrgCode, input.billDate, input.billType);
  const zipfile = new ZipFile();
  zipfile.addBuffer(tradeFileCsv(input), csvName, { mtime, compress: true });
  zipfile.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zipfile.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return { zip: Buffer.concat(chunks), csvName };
}
