/**
 * Reads an AMP_HOS_004 trade file (a .zip or its .csv), streaming: the `#` header block, the
 * detail header matched by column name (with the spec's aliases), the detail rows with the leading
 * backtick stripped, and the `#` summary block, checked against the rows (src/bill/trade-header.ts).
 * The format is the table in src/spec/trade-file.ts, the one the simulator writes.
 *
 * Whatever the reader can cope with becomes a warning (the spec sample's missing comma and
 * missing 医保就诊ID column, a summary that disagrees, an empty required field); only a file that
 * is not a trade file at all is refused (BillError NOT_TRADE_FILE, or the zip/encoding refusals).
 */
import { createReadStream } from 'node:fs';
import {
  DETAIL_END,
  FIELD_PREFIX,
  TRADE_FILE_COLUMNS,
  type TradeFileColumn,
  type TradeFileRow,
  type TradeFileSummary,
} from '../spec/trade-file.js';
import { CsvError, CsvReader, field, utf8Text, utf8Units, type CsvRow } from './csv.js';
import { fileChunks } from './file-chunks.js';
import { toUtf8, type DecodeInfo, type TextEncodingName } from './decode.js';
import { BillError } from './errors.js';
import { TradeFileBlocks, mapHeader, type ColumnPlaces, type Slot, type SummaryCheck, type TradeFileHeader } from './trade-header.js';
import { openTradeCsv, type UnzipLimits } from './unzip.js';
import { fenAt } from '../core/money.js';
import { cstMillisAt, isCstTimeAt } from './values.js';
import { WarningList, type BillWarning } from './warnings.js';

export type { SummaryCheck, SummaryFigure, TradeFileHeader } from './trade-header.js';

type DatetimeKey = 'tradeTime' | 'finishTime' | 'setlTime';

/** One detail row, typed: amounts integer fen, times as instants (written in UTC+8). */
export type TradeFileRecord = Omit<TradeFileRow, DatetimeKey | 'tradeType' | 'tradeStatus'> & {
  [K in DatetimeKey]: Date | null;
} & {
  tradeType: 'TRADE' | 'REFUND';
  tradeStatus: string;
  /** 1-based line of the CSV. */
  line: number;
};

export interface TradeFileResult {
  /** The CSV's name inside the zip, or the file's own name. */
  csvName?: string;
  encoding: TextEncodingName;
  bom: boolean;
  header: TradeFileHeader;
  /** The spec's columns and where each was found (position -1: absent). */
  columns: ColumnPlaces;
  /** Detail rows read (records kept or handed to onRecord). */
  rowCount: number;
  /** Rows left out because a value they need could not be read (each has a warning). */
  skippedRows: number;
  records?: TradeFileRecord[];
  summary: SummaryCheck;
  warnings: BillWarning[];
}

export interface ParseOptions {
  /** Keep the records in the result (default true; false when onRecord consumes them). */
  collect?: boolean;
  /** Called for every record, in file order. */
  onRecord?: (r: TradeFileRecord) => void;
  /** Caps for a zip input. */
  limits?: UnzipLimits;
  /** Name to check the header against (defaults to the entry's or file's name). */
  name?: string;
  /** Warnings carry this source name (reconciliation: 'platform'). */
  source?: string;
  /**
   * Fill in only these fields of each record (the others keep their blank values: '', 0, null);
   * every field is still checked and warned about. Reconciliation reads ten of the 28 columns,
   * and making the other strings and dates was half of its time.
   */
  only?: readonly (keyof TradeFileRow)[];
  /**
   * onRecord gets one object, filled anew for each row: it is good only during the call (with
   * `collect: false`; reconciliation copies the little it keeps). A new record per row was a
   * million objects of 29 fields to allocate and collect.
   */
  reuseRecord?: boolean;
}

const PK = Buffer.from('PK\x03\x04', 'latin1');
const BACKTICK = 96;

/** The record's fields in the spec's column order (TRADE_FILE_COLUMNS): recordOf builds them in one literal. */
const RECORD_KEYS = [
  'tradeTime', 'finishTime', 'orgCode', 'subOrgCode', 'orgName', 'setlTime', 'hisSetlSn', 'platformOrderNo',
  'ampTraceId', 'payChnlTraceNo', 'payOrdId', 'hiRegNo', 'setlId', 'medinsSetlId', 'mdtrtId', 'psnNo',
  'feesumAmt', 'acctPay', 'psnCashPay', 'fundPaySumamt', 'mchTraceNo', 'certNo', 'certType', 'patientType',
  'tradeType', 'tradeStatus', 'depositType', 'msgId',
] as const;
if (RECORD_KEYS.length !== TRADE_FILE_COLUMNS.length || TRADE_FILE_COLUMNS.some((c, i) => c.key !== RECORD_KEYS[i])) {
  throw new Error('parse.ts RECORD_KEYS must list TRADE_FILE_COLUMNS in order');
}
const at = (k: (typeof RECORD_KEYS)[number]) => RECORD_KEYS.indexOf(k);
const FEE = at('feesumAmt');
const ACCT = at('acctPay');
const CASH = at('psnCashPay');
const FUND = at('fundPaySumamt');
const TYPE = at('tradeType');
const STATUS = at('tradeStatus');

/** A field's blank value (what a record holds for a field that is empty or not asked for). */
const BLANK: readonly unknown[] = TRADE_FILE_COLUMNS.map((c) => (c.kind === 'datetime' ? null : c.kind === 'amount' ? 0 : c.key === 'tradeType' ? 'TRADE' : ''));

/**
 * One record from the values in column order, as one object literal: every record has the same
 * shape, and no store goes through a key chosen at run time (those made the row loop slow).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the values are checked where they are set
function recordOf(v: any[], line: number): TradeFileRecord {
  return {
    tradeTime: v[0], finishTime: v[1], orgCode: v[2], subOrgCode: v[3], orgName: v[4], setlTime: v[5], hisSetlSn: v[6], platformOrderNo: v[7],
    ampTraceId: v[8], payChnlTraceNo: v[9], payOrdId: v[10], hiRegNo: v[11], setlId: v[12], medinsSetlId: v[13], mdtrtId: v[14], psnNo: v[15],
    feesumAmt: v[16], acctPay: v[17], psnCashPay: v[18], fundPaySumamt: v[19], mchTraceNo: v[20], certNo: v[21], certType: v[22], patientType: v[23],
    tradeType: v[24], tradeStatus: v[25], depositType: v[26], msgId: v[27], line,
  };
}

/** recordOf into an existing record. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as recordOf
function fillRecord(r: TradeFileRecord, v: any[], line: number): TradeFileRecord {
  r.tradeTime = v[0]; r.finishTime = v[1]; r.orgCode = v[2]; r.subOrgCode = v[3]; r.orgName = v[4]; r.setlTime = v[5]; r.hisSetlSn = v[6]; r.platformOrderNo = v[7];
  r.ampTraceId = v[8]; r.payChnlTraceNo = v[9]; r.payOrdId = v[10]; r.hiRegNo = v[11]; r.setlId = v[12]; r.medinsSetlId = v[13]; r.mdtrtId = v[14]; r.psnNo = v[15];
  r.feesumAmt = v[16]; r.acctPay = v[17]; r.psnCashPay = v[18]; r.fundPaySumamt = v[19]; r.mchTraceNo = v[20]; r.certNo = v[21]; r.certType = v[22]; r.patientType = v[23];
  r.tradeType = v[24]; r.tradeStatus = v[25]; r.depositType = v[26]; r.msgId = v[27]; r.line = line;
  return r;
}

async function* zipOrPlain(input: string | Buffer, limits: UnzipLimits | undefined, named: (n: string) => void): AsyncGenerator<Buffer> {
  const z = await openTradeCsv(input, limits);
  named(z.csvName);
  try {
    for await (const c of z.stream) yield c as Buffer;
  } finally {
    z.close();
  }
}

async function* chunks(input: string | Buffer | AsyncIterable<Buffer>, limits: UnzipLimits | undefined, named: (n: string) => void): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(input)) {
    if (input.subarray(0, 4).equals(PK)) yield* zipOrPlain(input, limits, named);
    else yield input;
    return;
  }
  if (typeof input === 'string') {
    const head = await new Promise<Buffer>((res, rej) => {
      const s = createReadStream(input, { start: 0, end: 3 });
      const b: Buffer[] = [];
      s.on('data', (c) => b.push(c as Buffer));
      s.on('end', () => res(Buffer.concat(b)));
      s.on('error', (e) => rej(new BillError('BAD_INPUT', `无法读取文件 ${input}`, `cannot read file ${input}`, undefined, { cause: e })));
    });
    if (head.equals(PK)) yield* zipOrPlain(input, limits, named);
    else {
      named(input.split(/[\\/]/).pop()!);
      yield* fileChunks(input);
    }
    return;
  }
  for await (const c of input) yield c;
}

/** Which of `values` text[a, b) is (without cutting it out), or -1. */
function inList(values: readonly string[], text: string, a: number, b: number): number {
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (v.length === b - a && text.startsWith(v, a)) return j;
  }
  return -1;
}

const fieldsOf = (row: CsvRow): string[] => Array.from({ length: row.length }, (_, k) => field(row, k));

const TEXT = 0;
const AMOUNT = 1;
const DATETIME = 2;
const ENUM = 3;
const KIND: Record<TradeFileColumn['kind'], number> = { text: TEXT, amount: AMOUNT, datetime: DATETIME, enum: ENUM };

/**
 * Reads the detail rows into records; the slots say which field holds which column. The rows come
 * as UTF-8 bytes read as latin-1 (csv.ts writeBytes): amounts, times and enum values are ASCII and
 * read as they are; a kept text value is decoded when it has a byte above 0x7f. Without `emit`
 * (nobody takes the records) every field is still checked, and no record is made.
 */
class DetailReader {
  readonly computed: TradeFileSummary = { tradeCount: 0, refundCount: 0, tradeAmount: 0, refundAmount: 0 };
  rowCount = 0;
  skipped = 0;
  noBacktick = 0;
  private readonly cols: TradeFileColumn[];
  private readonly idx: Int32Array;
  private readonly spec: Int32Array;
  private readonly kind: Uint8Array;
  private readonly keep: Uint8Array;
  private readonly vals: unknown[] = [...BLANK];
  /** The last non-ASCII value of each slot, as bytes and decoded (机构名称 is the same on every row). */
  private readonly lastRaw: string[];
  private readonly lastText: string[];

  constructor(
    slots: Slot[],
    private readonly width: number,
    private readonly warn: WarningList,
    private readonly emit: ((r: TradeFileRecord) => void) | undefined,
    only: readonly string[] | undefined,
    /** The one record handed to every emit (ParseOptions.reuseRecord), or undefined: a new one each row. */
    private readonly reused: TradeFileRecord | undefined,
  ) {
    this.cols = slots.map((s) => s.col);
    this.idx = Int32Array.from(slots.map((s) => s.idx));
    this.spec = Int32Array.from(slots.map((s) => TRADE_FILE_COLUMNS.indexOf(s.col)));
    this.kind = Uint8Array.from(slots.map((s) => KIND[s.col.kind]));
    // tradeType and tradeStatus are always read: the summary and the checks below need them.
    const always = (k: string) => k === 'tradeType' || k === 'tradeStatus';
    const wanted = emit ? only : [];
    this.keep = Uint8Array.from(slots.map((s) => (!wanted || wanted.includes(s.col.key) || always(s.col.key) ? 1 : 0)));
    this.lastRaw = slots.map(() => '');
    this.lastText = slots.map(() => '');
  }

  /** text[a, b) (UTF-8 bytes as latin-1) as the text it encodes. */
  private text(s: number, text: string, a: number, b: number): string {
    const raw = text.slice(a, b);
    for (let i = 0; i < raw.length; i++) {
      if (raw.charCodeAt(i) > 0x7f) {
        if (raw !== this.lastRaw[s]) {
          this.lastRaw[s] = raw;
          this.lastText[s] = utf8Text(raw);
        }
        return this.lastText[s]!;
      }
    }
    return raw;
  }

  row(row: CsvRow): void {
    const { warn, cols, idx, keep, spec, kind, vals } = this;
    const line = row.line;
    this.rowCount += 1;
    if (row.length !== this.width) {
      warn.add('FIELD_COUNT', `明细行有 ${row.length} 个字段，表头有 ${this.width} 列 / a detail row has ${row.length} fields, the header ${this.width}`, { line });
    }
    for (let i = 0; i < vals.length; i++) vals[i] = BLANK[i];
    let ok = true;
    for (let s = 0; s < cols.length; s++) {
      const k = idx[s]!;
      // The field as text[a, b): a range of the row's text, or its unquoted value.
      let text = row.text;
      let a = 0;
      let b = 0;
      if (k < row.length) {
        const q = row.quoted === null ? undefined : row.quoted[k];
        if (q !== undefined) {
          text = q;
          b = q.length;
        } else {
          a = row.start[k]!;
          b = row.end[k]!;
        }
      }
      if (a < b && text.charCodeAt(a) === BACKTICK) a++;
      else if (a < b) this.noBacktick += 1;
      const col = cols[s]!;
      if (a === b) {
        if (col.required) warn.add('REQUIRED_EMPTY', `必填列「${col.name}」为空 / required column ${col.name} is empty`, { line, column: col.name });
        continue;
      }
      // The cap counts characters: the bytes are counted again only when there are more than it.
      if (b - a > col.maxLength && (!row.bytes || utf8Units(text, a, b) > col.maxLength)) {
        warn.add('TOO_LONG', `「${col.name}」超过最大长度 ${col.maxLength} / ${col.name} is longer than ${col.maxLength}`, { line, column: col.name });
      }
      switch (kind[s]) {
        case AMOUNT: {
          const fen = fenAt(text, a, b);
          if (fen === null) {
            warn.add('BAD_AMOUNT', `「${col.name}」不是以元为单位、最多两位小数的金额，该行未计入 / ${col.name} is not a yuan amount with at most two decimals; row left out`, { line, column: col.name });
            ok = false;
          } else vals[spec[s]!] = fen;
          break;
        }
        case DATETIME: {
          if (keep[s]) {
            const ms = cstMillisAt(text, a, b);
            if (ms !== null) vals[spec[s]!] = new Date(ms);
            else warn.add('BAD_TIME', `「${col.name}」不是 yyyy-MM-dd HH:mm:ss / ${col.name} is not yyyy-MM-dd HH:mm:ss`, { line, column: col.name });
          } else if (!isCstTimeAt(text, a, b)) warn.add('BAD_TIME', `「${col.name}」不是 yyyy-MM-dd HH:mm:ss / ${col.name} is not yyyy-MM-dd HH:mm:ss`, { line, column: col.name });
          break;
        }
        case ENUM: {
          const j = inList(col.values!, text, a, b);
          if (j < 0) {
            warn.add('BAD_VALUE', `「${col.name}」的值不在规范取值内 / ${col.name} has a value outside the spec's list`, { line, column: col.name });
            if (col.key === 'tradeType') ok = false;
            if (keep[s]) vals[spec[s]!] = row.bytes ? this.text(s, text, a, b) : text.slice(a, b);
          } else if (keep[s]) vals[spec[s]!] = col.values![j]; // the spec's own string: nothing cut out
          break;
        }
        default:
          if (keep[s]) vals[spec[s]!] = row.bytes ? this.text(s, text, a, b) : text.slice(a, b);
      }
    }
    if (!ok) {
      this.skipped += 1;
      return;
    }
    const fee = vals[FEE] as number;
    if ((vals[ACCT] as number) + (vals[CASH] as number) + (vals[FUND] as number) !== fee) {
      warn.add('PARTS_DO_NOT_ADD_UP', '费用总额不等于个人账户+个人现金+统筹之和 / 费用总额 is not the sum of the three parts', { line, column: '费用总额' });
    }
    const trade = vals[TYPE] === 'TRADE';
    if (trade !== (vals[STATUS] === 'SUCCESS')) {
      warn.add('TYPE_STATUS_MISMATCH', `交易类型与交易状态不一致（退款行应为 REFUND/REVOKED，交易行应为 SUCCESS） / 交易类型 and 交易状态 disagree`, { line, column: '交易状态' });
    }
    const sum = this.computed;
    if (trade) {
      sum.tradeCount += 1;
      sum.tradeAmount += fee;
    } else {
      sum.refundCount += 1;
      sum.refundAmount += fee;
    }
    if (this.emit) this.emit(this.reused ? fillRecord(this.reused, vals, line) : recordOf(vals, line));
  }
}

/** Parses a trade file: a path (.zip or .csv), its bytes, or a stream of its bytes. */
export async function parseTradeFile(input: string | Buffer | AsyncIterable<Buffer>, opts: ParseOptions = {}): Promise<TradeFileResult> {
  const warn = new WarningList(opts.source);
  const collect = opts.collect ?? true;
  const records: TradeFileRecord[] = [];
  const blocks = new TradeFileBlocks(warn);
  let csvName: string | undefined;
  const info: Partial<DecodeInfo> = {};
  let state: 'head' | 'details' | 'summary' = 'head';
  let details: DetailReader | undefined;
  let columns: ColumnPlaces = [];
  let line = 0;
  let skippedAfter = 0;
  const onRecord = opts.onRecord;
  const emit = collect || onRecord
    ? (r: TradeFileRecord) => {
        if (collect) records.push(r);
        onRecord?.(r);
      }
    : undefined;

  const onRow = (row: CsvRow) => {
    line = row.line;
    if (row.length === 1 && field(row, 0).trim() === '') return;
    const starts = row.quoted?.[0] !== undefined ? row.quoted[0].charCodeAt(0) : row.text.charCodeAt(row.start[0]!);
    if (starts === 35 /* # */) {
      const text = fieldsOf(row).join(',');
      if (state === 'head') blocks.headLine(text, line);
      else {
        if (state === 'details' && !text.includes(DETAIL_END)) {
          warn.add('NO_DETAIL_END', `明细块没有结束行「${DETAIL_END}」 / the detail block has no end line`, { line });
        }
        state = 'summary';
        blocks.summaryLine(text, line);
      }
      return;
    }
    if (state === 'head') {
      const mapped = mapHeader(fieldsOf(row), warn, line);
      const need = ['ampTraceId', 'feesumAmt', 'tradeType'] as const;
      if (need.some((k) => !mapped.slots.some((s) => s.col.key === k))) {
        throw new BillError('NOT_TRADE_FILE', '不是对账文件：明细表头缺少 区域医保支付门户单据跟踪号、费用总额 或 交易类型 列', 'not a trade file: the detail header lacks the ampTraceId, 费用总额 or 交易类型 column');
      }
      columns = mapped.columns;
      details = new DetailReader(mapped.slots, mapped.width, warn, emit, opts.only, opts.reuseRecord && !collect ? recordOf([...BLANK], 0) : undefined);
      state = 'details';
      return;
    }
    if (state === 'summary') {
      warn.add('ROW_SKIPPED', '汇总块之后出现明细行，未计入 / a detail row after the summary block; left out', { line });
      skippedAfter += 1;
      return;
    }
    details!.row(row);
  };

  const reader = new CsvReader(onRow, { bytes: true });
  try {
    for await (const c of toUtf8(chunks(input, opts.limits, (n) => (csvName = n)), info)) reader.writeBytes(c);
    reader.end();
  } catch (err) {
    if (err instanceof BillError) throw err;
    if (err instanceof CsvError) {
      const reason = err.kind === 'UNCLOSED_QUOTE' ? 'NOT_TRADE_FILE' : 'TOO_LONG';
      throw new BillError(reason, `对账文件无法按CSV读取（第 ${err.line} 行）：${err.messageZh}`, `the trade file cannot be read as CSV (line ${err.line}): ${err.messageEn}`, { line: err.line }, { cause: err });
    }
    const near = line + 1;
    throw new BillError('NOT_TRADE_FILE', `对账文件无法按CSV读取（第 ${near} 行附近）`, `the trade file cannot be read as CSV (near line ${near})`, undefined, { cause: err });
  }

  if (state === 'head') throw new BillError('NOT_TRADE_FILE', '不是对账文件：没有明细表头', 'not a trade file: no detail header');
  if (state === 'details') warn.add('NO_DETAIL_END', `明细块没有结束行「${DETAIL_END}」，也没有汇总 / the detail block has no end line and no summary`);
  const d = details!;
  if (d.noBacktick) warn.add('NO_BACKTICK', `${d.noBacktick} 个明细字段没有前导 \` / ${d.noBacktick} detail field(s) lack the leading ${FIELD_PREFIX}`);
  blocks.checkHeader(opts.name ?? csvName ?? '');
  const summary = blocks.checkSummary(d.computed);

  return {
    ...(csvName ? { csvName } : {}),
    encoding: info.encoding ?? 'utf8',
    bom: info.bom ?? false,
    header: blocks.header,
    columns,
    rowCount: d.rowCount,
    skippedRows: d.skipped + skippedAfter,
    ...(collect ? { records } : {}),
    summary,
    warnings: warn.list(),
  };
}
