// Trade files (AMP_HOS_004): fetch and verify, unpack, parse, and reconcile three ways.
export { fetchTradeFile, type TradeFile } from './download.js';
export { downloadTradeFile, getTradeFile, DEFAULT_MAX_DOWNLOAD_BYTES, type GetTradeFileOptions, type DownloadedTradeFile } from './fetch.js';
export { extractTradeCsv, readTradeCsv, openTradeCsv, unsafeEntryName, DEFAULT_UNZIP_LIMITS, type UnzipLimits, type ExtractedCsv } from './unzip.js';
export { toUtf8, type TextEncodingName, type DecodeInfo } from './decode.js';
export { parseTradeFile, type TradeFileRecord, type TradeFileHeader, type TradeFileResult, type SummaryCheck, type ParseOptions } from './parse.js';
export { readHisRecords, readInsuranceRecords, loadMapFile, HIS_FIELDS, INSURANCE_FIELDS, type HisRecord, type InsuranceRecord, type MapFile, type ColumnMap } from './inputs.js';
export {
  reconcile,
  hasDifferences,
  RESULT_CLASSES,
  AMOUNT_NAMES,
  KEY_NAMES,
  type ReconcileInput,
  type ReconcileResult,
  type ReconcileSummary,
  type Difference,
  type ResultClass,
} from './reconcile.js';
export { renderReport, differencesCsv, csvCell, presenceText, dayTotalsText, CLASS_LABELS, MAX_HTML_ROWS } from './report.js';
export { dayTotals, SourceTally, type DayTotals, type SourceTotals, type Figure, type TotalsDiff } from './day-totals.js';
export { BillError, type BillErrorReason } from './errors.js';
export { WarningList, type BillWarning, type WarningCode } from './warnings.js';
export { parseFen, formatYuan, parseCstTime, formatCstTime } from './values.js';
