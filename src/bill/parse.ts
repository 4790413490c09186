/**
 * Reads an AMP_HOS_004 trade file (a .zip or its .csv) with csv-parse, streaming: the `#` header
 * block, the detail header matched by column name (with the spec's aliases, never by position),
 * the detail rows with the leading backtick stripped, and the `#` summary block, checked against
 * the rows. The format is the table in src/spec/trade-file.ts, the one the simulator writes.
 *
 * Whatever the reader can cope with becomes a warning (the spec sample's missing comma and
 * missing 医保就诊ID column, a summary that disagrees, an empty required field); only a file that
 * is not a trade file at all is refused (BillError NOT_TRADE_FILE, or the zip/encoding refusals).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse as csvParse } from 'csv-parse';
import {
  BILL_TYPES,
  DETAIL_BEGIN,
  DETAIL_END,
  FIELD_PREFIX,
  HEADER_LABELS,
  NO_SUB_ORG,
  SUMMARY_LABELS,
  SUMMARY_LABEL_ALIASES,
  TRADE_FILE_COLUMNS,
  TRADE_FILE_TITLE,
  TRADE_FILE_TITLE_ALIASES,
  addToSummary,
  parseTradeFileName,
  type TradeFileColumn,
  type TradeFileRow,
  type TradeFileSummary,
} from '../spec/trade-file.js';
import { toUtf8, type DecodeInfo, type TextEncodingName } from './decode.js';
import { BillError } from './errors.js';
import { openTradeCsv, type UnzipLimits } from './unzip.js';
import { formatYuan, parseCstTime, parseFen } from './values.js';
import { WarningList, type BillWarning } from './warnings.js';

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

export interface TradeFileHeader {
  title: string;
  billDate: string;
  orgCode: string;
  /** '' for the main hospital (the file writes 无). */
  subOrgCode: string;
  billType: string;
}

export type SummaryFigure = keyof TradeFileSummary;

export interface SummaryCheck {
  /** What the summary lines say (fen for amounts); a figure the file does not give is absent. */
  declared: Partial<TradeFileSummary> & { exportTime?: string };
  /** What the detail rows add up to. */
  computed: TradeFileSummary;
  /** Each figure that disagrees: expected = the summary line, actual = the rows. */
  mismatches: { figure: SummaryFigure; label: string; expected: number; actual: number }[];
  ok: boolean;
}

export interface TradeFileResult {
  /** The CSV's name inside the zip, or the file's own name. */
  csvName?: string;
  encoding: TextEncodingName;
  bom: boolean;
  header: TradeFileHeader;
  /** The spec's columns and where each was found (position -1: absent). */
  columns: { name: string; key: keyof TradeFileRow; position: number; headerName?: string }[];
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
}

const PK = Buffer.from('PK\x03\x04', 'latin1');

function byName(): Map<string, TradeFileColumn> {
  const m = new Map<string, TradeFileColumn>();
  for (const c of TRADE_FILE_COLUMNS) {
    m.set(c.name, c);
    for (const a of c.aliases) m.set(a, c);
  }
  return m;
}
const COLUMN_BY_NAME = byName();

const cleanName = (s: string) => s.replace(/^\uFEFF/, '').replace(/^`/, '').trim();

interface Slot {
  col: TradeFileColumn;
  idx: number;
}

/** Maps header cells to spec columns; a cell that is two names run together counts as two. */
function mapHeader(cells: string[], warn: WarningList, line: number): { slots: Slot[]; width: number; columns: TradeFileResult['columns'] } {
  const found = new Map<TradeFileColumn, { idx: number; headerName: string }>();
  let idx = 0;
  const take = (c: TradeFileColumn, headerName: string) => {
    if (found.has(c)) warn.add('COLUMN_DUPLICATE', `表头「${c.name}」列出现多次，只取第一次 / column ${c.name} appears more than once; the first is used`, { line, column: c.name });
    else found.set(c, { idx, headerName });
    if (headerName !== c.name) {
      warn.add('COLUMN_ALIAS', `表头列名「${headerName}」按规范列「${c.name}」读取 / header name ${headerName} read as the spec's column ${c.name}`, { line, column: c.name });
    }
    idx += 1;
  };
  for (const raw of cells) {
    const name = cleanName(raw);
    const c = COLUMN_BY_NAME.get(name);
    if (c) {
      take(c, name);
      continue;
    }
    // The spec sample's 交易完成时间机构编码: a missing comma between two names.
    let split: [TradeFileColumn, TradeFileColumn, string, string] | undefined;
    for (let k = 1; k < name.length && !split; k++) {
      const a = COLUMN_BY_NAME.get(name.slice(0, k));
      const b = COLUMN_BY_NAME.get(name.slice(k));
      if (a && b) split = [a, b, name.slice(0, k), name.slice(k)];
    }
    if (split) {
      warn.add(
        'HEADER_MISSING_COMMA',
        `表头「${split[0].name}」与「${split[1].name}」之间缺少逗号，按两列读取 / the header misses a comma between ${split[0].name} and ${split[1].name}; read as two columns`,
        { line, column: split[0].name },
      );
      take(split[0], split[2]);
      take(split[1], split[3]);
      continue;
    }
    warn.add('COLUMN_UNKNOWN', `表头第 ${idx + 1} 列不是规范中的列，忽略 / header column ${idx + 1} is not a spec column; ignored`, { line });
    idx += 1;
  }
  const slots: Slot[] = [];
  const columns: TradeFileResult['columns'] = [];
  for (const c of TRADE_FILE_COLUMNS) {
    const f = found.get(c);
    columns.push({ name: c.name, key: c.key, position: f ? f.idx : -1, ...(f ? { headerName: f.headerName } : {}) });
    if (f) slots.push({ col: c, idx: f.idx });
    else warn.add('COLUMN_MISSING', `缺少规范列「${c.name}」${c.required ? '（必填）' : ''} / the spec's column ${c.name} is missing${c.required ? ' (required)' : ''}`, { line, column: c.name });
  }
  return { slots, width: idx, columns };
}

/** A blank record with every field, so that all records share one shape. */
function blankRecord(line: number): TradeFileRecord {
  return {
    tradeTime: null, finishTime: null, orgCode: '', subOrgCode: '', orgName: '', setlTime: null, hisSetlSn: '', platformOrderNo: '',
    ampTraceId: '', payChnlTraceNo: '', payOrdId: '', hiRegNo: '', setlId: '', medinsSetlId: '', mdtrtId: '', psnNo: '',
    feesumAmt: 0, acctPay: 0, psnCashPay: 0, fundPaySumamt: 0, mchTraceNo: '', certNo: '', certType: '', patientType: '',
    tradeType: 'TRADE', tradeStatus: '', depositType: '', msgId: '', line,
  };
}

const SUMMARY_BY_LABEL = (() => {
  const m = new Map<string, keyof typeof SUMMARY_LABELS>();
  for (const [k, v] of Object.entries(SUMMARY_LABELS) as [keyof typeof SUMMARY_LABELS, string][]) {
    m.set(v, k);
    for (const a of SUMMARY_LABEL_ALIASES[k]) m.set(a, k);
  }
  return m;
})();

/** `#label：value` → [label, value]; value undefined when the line has no separator. */
function labelled(text: string): [string, string | undefined] {
  const body = text.replace(/^#+/, '');
  const m = /[：:]/.exec(body);
  if (!m) return [body.trim(), undefined];
  return [body.slice(0, m.index).trim(), body.slice(m.index + 1).trim()];
}

async function* chunks(input: string | Buffer | AsyncIterable<Buffer>, limits: UnzipLimits | undefined, named: (n: string) => void): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(input)) {
    if (input.subarray(0, 4).equals(PK)) {
      const z = await openTradeCsv(input, limits);
      named(z.csvName);
      try {
        for await (const c of z.stream) yield c as Buffer;
      } finally {
        z.close();
      }
    } else yield input;
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
    if (head.equals(PK)) {
      const z = await openTradeCsv(input, limits);
      named(z.csvName);
      try {
        for await (const c of z.stream) yield c as Buffer;
      } finally {
        z.close();
      }
    } else {
      named(input.split(/[\\/]/).pop()!);
      for await (const c of createReadStream(input, { highWaterMark: 256 * 1024 })) yield c as Buffer;
    }
    return;
  }
  for await (const c of input) yield c;
}

/** Parses a trade file: a path (.zip or .csv), its bytes, or a stream of its bytes. */
export async function parseTradeFile(input: string | Buffer | AsyncIterable<Buffer>, opts: ParseOptions = {}): Promise<TradeFileResult> {
  const warn = new WarningList(opts.source);
  const collect = opts.collect ?? true;
  const records: TradeFileRecord[] = [];
  const header: TradeFileHeader = { title: '', billDate: '', orgCode: '', subOrgCode: '', billType: '' };
  const seenHeader = new Set<string>();
  const computed: TradeFileSummary = { tradeCount: 0, refundCount: 0, tradeAmount: 0, refundAmount: 0 };
  const declared: SummaryCheck['declared'] = {};
  let csvName: string | undefined;
  const info: Partial<DecodeInfo> = {};
  let state: 'head' | 'details' | 'summary' = 'head';
  let slots: Slot[] = [];
  let width = 0;
  let columns: TradeFileResult['columns'] = [];
  let line = 0;
  let rowCount = 0;
  let skipped = 0;
  let noBacktick = 0;

  const headLine = (text: string) => {
    const [label, value] = labelled(text);
    if (text.includes('业务明细列表') && !text.includes('结束')) return;
    if (value === undefined) {
      if (!header.title) {
        header.title = label;
        if (label !== TRADE_FILE_TITLE) {
          const known = TRADE_FILE_TITLE_ALIASES.includes(label);
          warn.add('TITLE_DIFFERS', `标题${known ? '为规范示例中的写法' : '与规范不同'}，规范为「${TRADE_FILE_TITLE}」 / the title ${known ? 'is the spec sample\'s' : 'differs from the spec\'s'} (${TRADE_FILE_TITLE})`, { line });
        }
      } else warn.add('HEADER_UNKNOWN_LINE', `表头块中有无法识别的行 / an unrecognised line in the header block`, { line });
      return;
    }
    const key = (Object.keys(HEADER_LABELS) as (keyof typeof HEADER_LABELS)[]).find((k) => HEADER_LABELS[k] === label);
    if (!key) return warn.add('HEADER_UNKNOWN_LINE', `表头块中有无法识别的项 / an unrecognised item in the header block`, { line });
    seenHeader.add(key);
    header[key] = key === 'subOrgCode' && value === NO_SUB_ORG ? '' : value;
  };

  const summaryLine = (text: string) => {
    const [label, value] = labelled(text);
    if (text.replace(/^#+/, '').trim() === DETAIL_END) return;
    const key = SUMMARY_BY_LABEL.get(label);
    if (!key || value === undefined) return warn.add('SUMMARY_UNKNOWN_LINE', `汇总块中有无法识别的行 / an unrecognised line in the summary block`, { line });
    if (key === 'exportTime') {
      declared.exportTime = value;
      if (!parseCstTime(value)) warn.add('HEADER_VALUE_INVALID', `导出时间不是 yyyy-MM-dd HH:mm:ss / 导出时间 is not yyyy-MM-dd HH:mm:ss`, { line, column: label });
      return;
    }
    const isCount = key === 'tradeCount' || key === 'refundCount';
    const m = isCount ? /^(\d+)/.exec(value) : /^(\d+(?:\.\d{1,2})?)/.exec(value);
    if (!m) return warn.add('SUMMARY_UNKNOWN_LINE', `汇总项「${label}」的值无法读取 / the value of summary item ${label} cannot be read`, { line, column: label });
    declared[key] = isCount ? Number(m[1]) : parseFen(m[1]!)!;
    const rest = value.slice(m[1]!.length);
    if (rest && !(isCount ? /^笔$/ : /^元$/).test(rest)) {
      warn.add('SUMMARY_EXTRA_TEXT', `汇总项「${label}」的值后有规范之外的内容，已忽略 / summary item ${label} has text beyond the documented value; ignored`, { line, column: label });
    }
  };

  const detail = (f: string[]) => {
    rowCount += 1;
    if (f.length !== width) {
      warn.add('FIELD_COUNT', `明细行有 ${f.length} 个字段，表头有 ${width} 列 / a detail row has ${f.length} fields, the header ${width}`, { line });
    }
    const r = blankRecord(line);
    let ok = true;
    for (let s = 0; s < slots.length; s++) {
      const { col, idx } = slots[s]!;
      let v = idx < f.length ? f[idx]! : '';
      if (v.charCodeAt(0) === 96) v = v.slice(1);
      else if (v.length) noBacktick += 1;
      if (v === '') {
        if (col.required) warn.add('REQUIRED_EMPTY', `必填列「${col.name}」为空 / required column ${col.name} is empty`, { line, column: col.name });
        continue;
      }
      if (v.length > col.maxLength) warn.add('TOO_LONG', `「${col.name}」超过最大长度 ${col.maxLength} / ${col.name} is longer than ${col.maxLength}`, { line, column: col.name });
      switch (col.kind) {
        case 'amount': {
          const fen = parseFen(v);
          if (fen === null) {
            warn.add('BAD_AMOUNT', `「${col.name}」不是以元为单位、最多两位小数的金额，该行未计入 / ${col.name} is not a yuan amount with at most two decimals; row left out`, { line, column: col.name });
            ok = false;
          } else (r as unknown as Record<string, number>)[col.key] = fen;
          break;
        }
        case 'datetime': {
          const d = parseCstTime(v);
          if (!d) warn.add('BAD_TIME', `「${col.name}」不是 yyyy-MM-dd HH:mm:ss / ${col.name} is not yyyy-MM-dd HH:mm:ss`, { line, column: col.name });
          (r as unknown as Record<string, Date | null>)[col.key] = d;
          break;
        }
        case 'enum':
          if (!col.values!.includes(v)) {
            warn.add('BAD_VALUE', `「${col.name}」的值不在规范取值内 / ${col.name} has a value outside the spec's list`, { line, column: col.name });
            if (col.key === 'tradeType') ok = false;
          }
          (r as unknown as Record<string, string>)[col.key] = v;
          break;
        default:
          (r as unknown as Record<string, string>)[col.key] = v;
      }
    }
    if (!ok) {
      skipped += 1;
      return;
    }
    if (r.acctPay + r.psnCashPay + r.fundPaySumamt !== r.feesumAmt) {
      warn.add('PARTS_DO_NOT_ADD_UP', '费用总额不等于个人账户+个人现金+统筹之和 / 费用总额 is not the sum of the three parts', { line, column: '费用总额' });
    }
    if ((r.tradeType === 'TRADE') !== (r.tradeStatus === 'SUCCESS')) {
      warn.add('TYPE_STATUS_MISMATCH', `交易类型与交易状态不一致（退款行应为 REFUND/REVOKED，交易行应为 SUCCESS） / 交易类型 and 交易状态 disagree`, { line, column: '交易状态' });
    }
    addToSummary(computed, r);
    if (collect) records.push(r);
    opts.onRecord?.(r);
  };

  const onRecord = (f: string[]) => {
    line += 1;
    const first = f[0] ?? '';
    if (f.length === 1 && first.trim() === '') return;
    if (first.charCodeAt(0) === 35 /* # */) {
      const text = f.length === 1 ? first : f.join(',');
      if (state === 'head') headLine(text);
      else {
        if (state === 'details' && !text.includes(DETAIL_END)) {
          warn.add('NO_DETAIL_END', `明细块没有结束行「${DETAIL_END}」 / the detail block has no end line`, { line });
        }
        state = 'summary';
        summaryLine(text);
      }
      return;
    }
    if (state === 'head') {
      const mapped = mapHeader(f, warn, line);
      const need = ['ampTraceId', 'feesumAmt', 'tradeType'] as const;
      if (need.some((k) => !mapped.slots.some((s) => s.col.key === k))) {
        throw new BillError('NOT_TRADE_FILE', '不是对账文件：明细表头缺少 区域医保支付门户单据跟踪号、费用总额 或 交易类型 列', 'not a trade file: the detail header lacks the ampTraceId, 费用总额 or 交易类型 column');
      }
      ({ slots, width, columns } = mapped);
      state = 'details';
      return;
    }
    if (state === 'summary') {
      warn.add('ROW_SKIPPED', '汇总块之后出现明细行，未计入 / a detail row after the summary block; left out', { line });
      skipped += 1;
      return;
    }
    detail(f);
  };

  const parser = csvParse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: false });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('readable', () => {
      let rec: string[] | null;
      try {
        while ((rec = parser.read() as string[] | null) !== null) onRecord(rec);
      } catch (err) {
        parser.destroy(err as Error);
      }
    });
    parser.on('error', reject);
    parser.on('end', resolve);
  });
  const source = Readable.from(toUtf8(chunks(input, opts.limits, (n) => (csvName = n)), info));
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  try {
    await done;
  } catch (err) {
    if (err instanceof BillError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new BillError('NOT_TRADE_FILE', `对账文件无法按CSV读取（第 ${line + 1} 行附近）`, `the trade file cannot be read as CSV (near line ${line + 1}): ${msg.split(':')[0]}`, undefined, { cause: err });
  } finally {
    source.destroy();
  }

  if (state === 'head') throw new BillError('NOT_TRADE_FILE', '不是对账文件：没有明细表头', 'not a trade file: no detail header');
  if (state === 'details') warn.add('NO_DETAIL_END', `明细块没有结束行「${DETAIL_END}」，也没有汇总 / the detail block has no end line and no summary`);
  if (noBacktick) warn.add('NO_BACKTICK', `${noBacktick} 个明细字段没有前导 \` / ${noBacktick} detail field(s) lack the leading ${FIELD_PREFIX}`);
  for (const k of Object.keys(HEADER_LABELS) as (keyof typeof HEADER_LABELS)[]) {
    if (!seenHeader.has(k) && k !== 'subOrgCode') warn.add('HEADER_FIELD_MISSING', `表头块缺少「${HEADER_LABELS[k]}」 / the header block lacks ${HEADER_LABELS[k]}`);
  }
  if (header.billDate && !/^\d{4}-\d{2}-\d{2}$/.test(header.billDate)) warn.add('HEADER_VALUE_INVALID', '账单时间不是 yyyy-MM-dd / 账单时间 is not yyyy-MM-dd', { column: HEADER_LABELS.billDate });
  if (header.billType && !(BILL_TYPES as readonly string[]).includes(header.billType)) warn.add('HEADER_VALUE_INVALID', '账单类型不是 ALL/REFUND/CONSUME / 账单类型 is not ALL, REFUND or CONSUME', { column: HEADER_LABELS.billType });
  const fromName = parseTradeFileName(opts.name ?? csvName ?? '');
  if (fromName) {
    for (const k of ['orgCode', 'subOrgCode', 'billDate', 'billType'] as const) {
      if (seenHeader.has(k) && fromName[k] !== header[k]) {
        warn.add('FILE_NAME_DIFFERS', `文件名中的${HEADER_LABELS[k]}与表头不一致 / the file name's ${k} differs from the header`, { column: HEADER_LABELS[k] });
      }
    }
  }

  const mismatches: SummaryCheck['mismatches'] = [];
  for (const k of ['tradeCount', 'refundCount', 'tradeAmount', 'refundAmount'] as const) {
    const d = declared[k];
    if (d === undefined) {
      warn.add('SUMMARY_MISSING', `汇总块缺少「${SUMMARY_LABELS[k]}」 / the summary lacks ${SUMMARY_LABELS[k]}`, { column: SUMMARY_LABELS[k] });
      continue;
    }
    if (d !== computed[k]) {
      mismatches.push({ figure: k, label: SUMMARY_LABELS[k], expected: d, actual: computed[k] });
      const amount = k.endsWith('Amount');
      const show = (n: number) => (amount ? `${formatYuan(n)} 元` : `${n} 笔`);
      warn.add('SUMMARY_MISMATCH', `汇总「${SUMMARY_LABELS[k]}」为 ${show(d)}，明细合计为 ${show(computed[k])} / summary ${k} says ${show(d)}, the rows add up to ${show(computed[k])}`, { column: SUMMARY_LABELS[k] });
    }
  }

  return {
    ...(csvName ? { csvName } : {}),
    encoding: info.encoding ?? 'utf8',
    bom: info.bom ?? false,
    header,
    columns,
    rowCount,
    skippedRows: skipped,
    ...(collect ? { records } : {}),
    summary: { declared, computed, mismatches, ok: mismatches.length === 0 && declared.tradeCount !== undefined },
    warnings: warn.list(),
  };
}
