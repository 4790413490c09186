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
  addToSummary,
  type TradeFileColumn,
  type TradeFileRow,
  type TradeFileSummary,
} from '../spec/trade-file.js';
import { CsvError, CsvReader, field, type CsvRow } from './csv.js';
import { toUtf8, type DecodeInfo, type TextEncodingName } from './decode.js';
import { BillError } from './errors.js';
import { TradeFileBlocks, mapHeader, type ColumnPlaces, type Slot, type SummaryCheck, type TradeFileHeader } from './trade-header.js';
import { openTradeCsv, type UnzipLimits } from './unzip.js';
import { fenAt } from '../core/money.js';
import { cstMillisAt } from './values.js';
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
}

const PK = Buffer.from('PK\x03\x04', 'latin1');
const BACKTICK = 96;

/** A blank record with every field, so that all records share one shape. */
function blankRecord(line: number): TradeFileRecord {
  return {
    tradeTime: null, finishTime: null, orgCode: '', subOrgCode: '', orgName: '', setlTime: null, hisSetlSn: '', platformOrderNo: '',
    ampTraceId: '', payChnlTraceNo: '', payOrdId: '', hiRegNo: '', setlId: '', medinsSetlId: '', mdtrtId: '', psnNo: '',
    feesumAmt: 0, acctPay: 0, psnCashPay: 0, fundPaySumamt: 0, mchTraceNo: '', certNo: '', certType: '', patientType: '',
    tradeType: 'TRADE', tradeStatus: '', depositType: '', msgId: '', line,
  };
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
      for await (const c of createReadStream(input, { highWaterMark: 256 * 1024 })) yield c as Buffer;
    }
    return;
  }
  for await (const c of input) yield c;
}

/** text[a, b) is one of `values` (without cutting it out). */
function inList(values: readonly string[], text: string, a: number, b: number): boolean {
  for (const v of values) if (v.length === b - a && text.startsWith(v, a)) return true;
  return false;
}

const fieldsOf = (row: CsvRow): string[] => Array.from({ length: row.length }, (_, k) => field(row, k));

/** Reads the detail rows into records; the slots say which field holds which column. */
class DetailReader {
  readonly computed: TradeFileSummary = { tradeCount: 0, refundCount: 0, tradeAmount: 0, refundAmount: 0 };
  rowCount = 0;
  skipped = 0;
  noBacktick = 0;
  private readonly cols: TradeFileColumn[];
  private readonly idx: Int32Array;
  private readonly keep: Uint8Array;

  constructor(
    slots: Slot[],
    private readonly width: number,
    private readonly warn: WarningList,
    private readonly emit: (r: TradeFileRecord) => void,
    only: readonly string[] | undefined,
  ) {
    this.cols = slots.map((s) => s.col);
    this.idx = Int32Array.from(slots.map((s) => s.idx));
    // tradeType and tradeStatus are always read: the summary and the checks below need them.
    const always = (k: string) => k === 'tradeType' || k === 'tradeStatus';
    this.keep = Uint8Array.from(slots.map((s) => (!only || only.includes(s.col.key) || always(s.col.key) ? 1 : 0)));
  }

  row(row: CsvRow): void {
    const { warn, cols, idx, keep } = this;
    const line = row.line;
    this.rowCount += 1;
    if (row.length !== this.width) {
      warn.add('FIELD_COUNT', `明细行有 ${row.length} 个字段，表头有 ${this.width} 列 / a detail row has ${row.length} fields, the header ${this.width}`, { line });
    }
    const r = blankRecord(line) as unknown as Record<string, unknown>;
    let ok = true;
    for (let s = 0; s < cols.length; s++) {
      const col = cols[s]!;
      const k = idx[s]!;
      // The field as text[a, b): a range of the row's text, or its unquoted value.
      let text = row.text;
      let a = 0;
      let b = 0;
      if (k < row.length) {
        const q = row.quoted?.[k];
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
      if (a === b) {
        if (col.required) warn.add('REQUIRED_EMPTY', `必填列「${col.name}」为空 / required column ${col.name} is empty`, { line, column: col.name });
        continue;
      }
      if (b - a > col.maxLength) warn.add('TOO_LONG', `「${col.name}」超过最大长度 ${col.maxLength} / ${col.name} is longer than ${col.maxLength}`, { line, column: col.name });
      switch (col.kind) {
        case 'amount': {
          const fen = fenAt(text, a, b);
          if (fen === null) {
            warn.add('BAD_AMOUNT', `「${col.name}」不是以元为单位、最多两位小数的金额，该行未计入 / ${col.name} is not a yuan amount with at most two decimals; row left out`, { line, column: col.name });
            ok = false;
          } else r[col.key] = fen;
          break;
        }
        case 'datetime': {
          const ms = cstMillisAt(text, a, b);
          if (ms === null) warn.add('BAD_TIME', `「${col.name}」不是 yyyy-MM-dd HH:mm:ss / ${col.name} is not yyyy-MM-dd HH:mm:ss`, { line, column: col.name });
          else if (keep[s]) r[col.key] = new Date(ms);
          break;
        }
        case 'enum': {
          if (!inList(col.values!, text, a, b)) {
            warn.add('BAD_VALUE', `「${col.name}」的值不在规范取值内 / ${col.name} has a value outside the spec's list`, { line, column: col.name });
            if (col.key === 'tradeType') ok = false;
          }
          if (keep[s]) r[col.key] = text.slice(a, b);
          break;
        }
        default:
          if (keep[s]) r[col.key] = text.slice(a, b);
      }
    }
    if (!ok) {
      this.skipped += 1;
      return;
    }
    const rec = r as unknown as TradeFileRecord;
    if (rec.acctPay + rec.psnCashPay + rec.fundPaySumamt !== rec.feesumAmt) {
      warn.add('PARTS_DO_NOT_ADD_UP', '费用总额不等于个人账户+个人现金+统筹之和 / 费用总额 is not the sum of the three parts', { line, column: '费用总额' });
    }
    if ((rec.tradeType === 'TRADE') !== (rec.tradeStatus === 'SUCCESS')) {
      warn.add('TYPE_STATUS_MISMATCH', `交易类型与交易状态不一致（退款行应为 REFUND/REVOKED，交易行应为 SUCCESS） / 交易类型 and 交易状态 disagree`, { line, column: '交易状态' });
    }
    addToSummary(this.computed, rec);
    this.emit(rec);
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
  const emit = (r: TradeFileRecord) => {
    if (collect) records.push(r);
    opts.onRecord?.(r);
  };

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
      details = new DetailReader(mapped.slots, mapped.width, warn, emit, opts.only);
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

  const reader = new CsvReader(onRow);
  try {
    for await (const c of toUtf8(chunks(input, opts.limits, (n) => (csvName = n)), info)) reader.write(c.toString('utf8'));
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
