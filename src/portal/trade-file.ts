/**
 * The simulator's trade-file writer. The format (columns, labels, naming, summary) is data in
 * src/spec/trade-file.ts, shared with the bill reader; this file only turns the ledger's rows
 * into the CSV and the zip that getTradeFile's downloadUrl serves.
 */
import { ZipFile } from 'yazl';
import { fenToYuan } from '../core/money.js';
import {
  DETAIL_BEGIN,
  DETAIL_END,
  FIELD_PREFIX,
  HEADER_LABELS,
  LABEL_SEPARATOR,
  LINE_END,
  NO_SUB_ORG,
  SUMMARY_LABELS,
  TRADE_FILE_COLUMNS,
  TRADE_FILE_TITLE,
  UTF8_BOM,
  rowsForBillType,
  summarise,
  tradeFileName,
  type BillType,
  type TradeFileColumn,
  type TradeFileRow,
} from '../spec/trade-file.js';

// The format used to live here; old imports of it from the portal keep working.
export * from '../spec/trade-file.js';

export interface TradeFileInput {
  orgCode: string;
  subOrgCode?: string;
  billDate: string;
  billType: BillType;
  rows: readonly TradeFileRow[];
  /** yyyy-MM-dd HH:mm:ss (CST) */
  exportTime: string;
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
