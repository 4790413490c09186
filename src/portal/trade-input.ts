/**
 * What POST /__sim/trades (and Ledger.addTrade) accepts as a trade. Lengths, required fields and
 * value kinds come from the trade file's column table (src/spec/trade-file.ts), so the simulator
 * never accepts a trade its own trade file could not hold (a 40-character subOrgCode, say, where
 * the file's 分院编号 allows 20).
 */
import { AmpError } from '../core/errors.js';
import { cstTimestamp, parseCstTimestamp } from '../core/index.js';
import { fenToYuan, yuanToFen } from '../core/money.js';
import { tradeFileColumn, type TradeFileColumn, type TradeFileRow } from '../spec/trade-file.js';
import { compactTime, digitsId } from './ids.js';
import { AMOUNT_FIELDS, type TradeRecord } from './records.js';

/** A trade that POST /__sim/trades (or Ledger.addTrade) refused, with every reason (000105). */
export class TradeInputError extends AmpError {
  readonly issues: { field: string; message: string }[];
  constructor(issues: { field: string; message: string }[]) {
    super('000105', '交易数据不合法', 'invalid trade', issues, { detail: issues.map((i) => `${i.field}: ${i.message}`).join('; ') });
    this.name = 'TradeInputError';
    this.issues = issues;
  }
}

type InputKey = Exclude<keyof TradeRecord, never>;

/** Which trade-file column each input field becomes (names differ where the ledger uses ORG_003's). */
const FILE_COLUMN: Readonly<Partial<Record<InputKey, keyof TradeFileRow>>> = Object.freeze({
  orgCode: 'orgCode',
  subOrgCode: 'subOrgCode',
  orgName: 'orgName',
  ampTraceId: 'ampTraceId',
  traceId: 'platformOrderNo',
  mchTraceNo: 'mchTraceNo',
  payChnlTraceNo: 'payChnlTraceNo',
  payOrdId: 'payOrdId',
  hisSetlSn: 'hisSetlSn',
  hiRegNo: 'hiRegNo',
  setlId: 'setlId',
  medinsSetlId: 'medinsSetlId',
  mdtrtId: 'mdtrtId',
  psnNo: 'psnNo',
  feesumAmt: 'feesumAmt',
  acctPay: 'acctPay',
  psnCashPay: 'psnCashPay',
  fundPaySumamt: 'fundPaySumamt',
  certNo: 'certNo',
  certType: 'certType',
  patientType: 'patientType',
  depositType: 'depositType',
  msgId: 'msgId',
  createTime: 'tradeTime',
  payTime: 'finishTime',
  setlTime: 'setlTime',
});

/** The one input that is not in the trade file: the hospital's own order number (ORG_002's limit). */
const ORG_TRACE_NO_MAX = 100;

/**
 * Required on input: what identifies the trade for a refund, and the total. The file's other
 * required columns get defaults (generated channel numbers, 01 证件类型, the order times).
 */
const REQUIRED_INPUT = ['orgCode', 'ampTraceId', 'traceId', 'orgTraceNo', 'feesumAmt'] as const;

export const TRADE_INPUT_COLUMNS: readonly { field: InputKey; column: TradeFileColumn }[] = Object.freeze(
  (Object.entries(FILE_COLUMN) as [InputKey, keyof TradeFileRow][]).map(([field, key]) => ({ field, column: tradeFileColumn(key) })),
);

/** Validates a trade as JSON; throws TradeInputError listing every bad field. */
export function parseTradeInput(input: Record<string, unknown>, now: Date): TradeRecord {
  const issues: { field: string; message: string }[] = [];
  const str = (k: string): string => {
    const v = input[k];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') {
      issues.push({ field: k, message: '必须是字符串 / must be a string' });
      return '';
    }
    return v;
  };
  for (const k of REQUIRED_INPUT) {
    if (k === 'feesumAmt') continue; // checked with the amounts
    if (!str(k)) issues.push({ field: k, message: '必填 / required' });
  }
  const text: Record<string, string> = {};
  const fen: Record<string, number> = {};
  for (const { field, column } of TRADE_INPUT_COLUMNS) {
    if (column.kind === 'amount') {
      const raw = input[field];
      if (raw === undefined || raw === null || raw === '') {
        // Only the total is mandatory; the parts default to 0.
        if (field === 'feesumAmt') issues.push({ field, message: '必填 / required' });
        fen[field] = 0;
        continue;
      }
      const f = yuanToFen(raw);
      if (f === null) issues.push({ field, message: `金额须为元，最多两位小数 / must be yuan with ≤ 2 decimals, got ${JSON.stringify(raw)}` });
      else if (fenToYuan(f).length > column.maxLength) issues.push({ field, message: `长度超过 ${column.maxLength} / longer than ${column.maxLength}` });
      fen[field] = f ?? 0;
      continue;
    }
    const v = str(field);
    text[field] = v;
    if ([...v].length > column.maxLength) {
      issues.push({ field, message: `长度超过 ${column.maxLength}（对账文件「${column.name}」列）/ longer than ${column.maxLength} (trade-file column ${column.name})` });
    } else if (column.kind === 'datetime' && v && !parseCstTimestamp(v)) {
      issues.push({ field, message: `须为 yyyy-MM-dd HH:mm:ss / must be yyyy-MM-dd HH:mm:ss, got ${JSON.stringify(v)}` });
    } else if (/[\r\n]/.test(v)) {
      issues.push({ field, message: '不能含换行 / must not contain a line break' });
    }
  }
  const orgTraceNo = str('orgTraceNo');
  if ([...orgTraceNo].length > ORG_TRACE_NO_MAX) issues.push({ field: 'orgTraceNo', message: `长度超过 ${ORG_TRACE_NO_MAX} / longer than ${ORG_TRACE_NO_MAX}` });
  if (issues.length === 0 && fen.acctPay! + fen.psnCashPay! + fen.fundPaySumamt! !== fen.feesumAmt!) {
    issues.push({
      field: 'feesumAmt',
      message: `费用总额须等于 acctPay + psnCashPay + fundPaySumamt / must equal the sum of the parts (${fenToYuan(
        fen.acctPay! + fen.psnCashPay! + fen.fundPaySumamt!,
      )})`,
    });
  }
  if (issues.length) throw new TradeInputError(issues);

  const t = (k: string) => text[k] ?? '';
  const orgCode = t('orgCode');
  const ampTraceId = t('ampTraceId');
  const payTime = t('payTime') || t('createTime') || cstTimestamp(now);
  const seed = `${orgCode}/${ampTraceId}`;
  const record: TradeRecord = {
    orgCode,
    subOrgCode: t('subOrgCode'),
    orgName: t('orgName') || `${orgCode} 模拟医疗机构`,
    ampTraceId,
    traceId: t('traceId'),
    orgTraceNo,
    mchTraceNo: t('mchTraceNo') || orgTraceNo,
    payChnlTraceNo: t('payChnlTraceNo') || `42000${digitsId(`${seed}/chnl`, 23)}`,
    payOrdId: t('payOrdId') || `ORD${orgCode.slice(1, 7)}${compactTime(payTime)}${digitsId(`${seed}/ord`, 7)}`,
    hisSetlSn: t('hisSetlSn'),
    hiRegNo: t('hiRegNo'),
    setlId: t('setlId'),
    medinsSetlId: t('medinsSetlId'),
    mdtrtId: t('mdtrtId'),
    psnNo: t('psnNo'),
    feesumAmt: fen.feesumAmt!,
    acctPay: fen.acctPay!,
    psnCashPay: fen.psnCashPay!,
    fundPaySumamt: fen.fundPaySumamt!,
    certNo: t('certNo'),
    certType: t('certType') || '01',
    patientType: t('patientType') || (fen.acctPay! + fen.fundPaySumamt! > 0 ? '01' : '00'),
    depositType: t('depositType') || 'WX',
    msgId: t('msgId'),
    createTime: t('createTime') || payTime,
    payTime,
    setlTime: t('setlTime') || payTime,
  };
  for (const k of AMOUNT_FIELDS) record[k] = fen[k]!;
  return record;
}
