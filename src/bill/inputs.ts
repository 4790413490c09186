/**
 * The hospital's and the insurance centre's records for reconciliation, as JSON (an array, or
 * `{ "records": [...] }`) or CSV with the field names as headers. The hospital's records use
 * ORG_003 rechargeSettle's names (what the portal delivered to it), the insurance centre's use
 * ORG_008's billdetail names. A map file renames other exports' columns to these names:
 *   { "his": { "交易流水号": "amp_trace_id", … }, "insurance": { … } }   (or one flat object for both)
 * Values may carry the trade file's leading backtick (exports that went through Excel).
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { CsvError, CsvReader, field, utf8Text, type CsvRow } from './csv.js';
import { fileChunks } from './file-chunks.js';
import { decodeWhole, toUtf8, type FileLabel } from './decode.js';
import { BillError } from './errors.js';
import { fenAt, yuanToFen } from '../core/money.js';
import type { WarningList } from './warnings.js';

/** ORG_003 names a HIS record may carry (the ones reconciliation reads). */
export const HIS_FIELDS = [
  'amp_trace_id', 'trace_id', 'org_trace_no', 'mch_trace_no', 'pay_chnl_trace_no', 'feesum_amt', 'acct_pay', 'psn_cash_pay',
  'fund_pay_sumamt', 'setl_id', 'setl_time', 'status', 'refund_amt', 'out_refund_no',
] as const;
/** ORG_008 billdetail names an insurance record may carry. */
export const INSURANCE_FIELDS = [
  'setl_id', 'mdtrt_id', 'psn_no', 'medfee_sumamt', 'fund_pay_sumamt', 'acct_pay', 'psn_cash_pay', 'refd_setl_flag', 'msgid', 'setl_optins', 'med_type',
] as const;

export type HisStatus = 'settled' | 'refunded' | 'cancelled';

/** A hospital record, reduced to what matching and the report need. Amounts in fen. */
export interface HisRecord {
  line: number;
  ampTraceId: string;
  mchTraceNo: string;
  setlId: string;
  status: HisStatus;
  feesumAmt: number;
  acctPay: number;
  psnCashPay: number;
  fundPaySumamt: number;
  /** Refunded amount in fen; -1 when the record gives none. */
  refundAmt: number;
  outRefundNo: string;
  /** ORG_003 org_trace_no and setl_time, shown beside a difference (not compared). */
  orgTraceNo?: string;
  setlTime?: string;
}

export interface InsuranceRecord {
  line: number;
  setlId: string;
  mdtrtId: string;
  refunded: boolean;
  medfeeSumamt: number;
  acctPay: number;
  psnCashPay: number;
  fundPaySumamt: number;
}

export type ColumnMap = Record<string, string>;
export interface MapFile {
  his?: ColumnMap;
  insurance?: ColumnMap;
}

const STATUS_WORDS: Record<string, HisStatus> = {
  settled: 'settled', succ: 'settled', success: 'settled', paid: 'settled', 已结算: 'settled', 结算成功: 'settled', 已支付: 'settled',
  refunded: 'refunded', refund: 'refunded', 已退款: 'refunded', 退款: 'refunded',
  cancelled: 'cancelled', canceled: 'cancelled', revoked: 'cancelled', 已撤销: 'cancelled', 撤销: 'cancelled',
};

/** Reads and checks a --map file. */
export async function loadMapFile(path: string): Promise<MapFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new BillError('BAD_INPUT', `--map 文件无法读取或不是JSON：${path}`, `the --map file cannot be read or is not JSON: ${path}`, undefined, { cause: err });
  }
  const isMap = (v: unknown): v is ColumnMap =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BillError('BAD_INPUT', '--map 文件须为JSON对象', 'the --map file must be a JSON object');
  }
  const o = parsed as Record<string, unknown>;
  if ('his' in o || 'insurance' in o) {
    for (const k of Object.keys(o)) {
      if (k !== 'his' && k !== 'insurance') throw new BillError('BAD_INPUT', `--map 文件有未知的键 ${k}（应为 his / insurance）`, `unknown key ${k} in the --map file (use his / insurance)`);
      if (!isMap(o[k])) throw new BillError('BAD_INPUT', `--map 文件的 ${k} 须为 {原列名: 规范字段名}`, `${k} in the --map file must be {column: field name}`);
    }
    return o as MapFile;
  }
  if (!isMap(o)) throw new BillError('BAD_INPUT', '--map 文件须为 {原列名: 规范字段名}', 'the --map file must be {column: field name}');
  return { his: o, insurance: o };
}

/** One record of an input file: its values by (renamed) field name, cleaned. */
interface RawRecord {
  get(field: string): string | undefined;
  has(field: string): boolean;
  line: number;
  /** A CSV file's current row and its columns by (renamed) name, for reading by column number (undefined for JSON). */
  csv?: CsvRow;
  columns?: ReadonlyMap<string, number>;
}

/** Strips the leading backtick (exports that went through Excel) and spaces. */
function clean(s: string): string {
  return s.charCodeAt(0) === 96 ? s.slice(1).trim() : s.trim();
}

const isAsciiSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * Where field k of a CSV row is, cleaned as `clean` cleans it, without cutting it out: sets
 * CELL.a and CELL.b to its range of row.text and returns true, or returns false when the value
 * must go through `clean` itself (a quoted field, or an end that is not ASCII: `trim` also strips
 * other spaces). A million-record HIS file read by name, value by value, was a quarter of a
 * reconciliation's time.
 */
const CELL = { a: 0, b: 0 };
function cellRange(row: CsvRow, k: number): boolean {
  if (row.quoted !== null && row.quoted[k] !== undefined) return false;
  const t = row.text;
  let a = row.start[k]!;
  let b = row.end[k]!;
  if (a < b && t.charCodeAt(a) === 96) a++;
  while (a < b && isAsciiSpace(t.charCodeAt(a))) a++;
  while (b > a && isAsciiSpace(t.charCodeAt(b - 1))) b--;
  if (a < b && (t.charCodeAt(a) > 0x7f || t.charCodeAt(b - 1) > 0x7f)) return false;
  CELL.a = a;
  CELL.b = b;
  return true;
}

/** Field k of a CSV row (k from the header; -1: no such column), cleaned; undefined when the row has no such field. */
function cellText(row: CsvRow, k: number): string | undefined {
  if (k < 0 || k >= row.length) return undefined;
  if (!cellRange(row, k)) return clean(field(row, k));
  const s = row.text.slice(CELL.a, CELL.b);
  return row.bytes ? utf8Text(s) : s;
}

/**
 * Field k of a CSV row as fen, read in place: `EMPTY_CELL` when absent or empty, null when it is
 * not an amount (what `yuanToFen(cellText(row, k), true)` gives, without the strings).
 */
const EMPTY_CELL = -0.5;
function cellFen(row: CsvRow, k: number): number | null {
  if (k < 0 || k >= row.length) return EMPTY_CELL;
  if (!cellRange(row, k)) {
    const v = clean(field(row, k));
    return v === '' ? EMPTY_CELL : yuanToFen(v, true);
  }
  return CELL.a === CELL.b ? EMPTY_CELL : fenAt(row.text, CELL.a, CELL.b, true);
}

/**
 * Calls `visit` for each record of a JSON or CSV file, with the map applied. CSV is read
 * streaming; JSON is read whole (it has to be, to be JSON).
 */
async function eachRawRecord(path: string, map: ColumnMap | undefined, what: string, warn: WarningList, visit: (r: RawRecord) => void, only?: LineFilter): Promise<void> {
  const label: FileLabel = { zh: `${what}文件 ${path} `, en: `the ${what} file ${path}` };
  const rename = (k: string) => {
    const key = k.replace(/^\uFEFF/, '').trim();
    return map?.[key] ?? key;
  };
  const value = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    return clean(s);
  };
  let head: Buffer;
  try {
    const fd = createReadStream(path, { start: 0, end: 63 });
    const parts: Buffer[] = [];
    for await (const c of fd) parts.push(c as Buffer);
    head = Buffer.concat(parts);
  } catch (err) {
    throw new BillError('BAD_INPUT', `无法读取${what}文件 ${path}`, `cannot read the ${what} file ${path}`, undefined, { cause: err });
  }
  const first = head.toString('utf8').replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '[' || first === '{') {
    let data: unknown;
    let text: string;
    try {
      const decoded = decodeWhole(await readFile(path), label);
      text = decoded.text.replace(/^\uFEFF/, '');
    } catch (err) {
      if (err instanceof BillError) throw err;
      throw new BillError('BAD_INPUT', `无法读取${what}文件 ${path}`, `cannot read the ${what} file ${path}`, undefined, { cause: err });
    }
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new BillError('BAD_INPUT', `${what}文件不是合法的JSON：${path}`, `the ${what} file is not valid JSON: ${path}`, undefined, { cause: err });
    }
    // JSON.parse keeps the last of two equal keys silently: say so (the first value is lost).
    for (const d of duplicateJsonKeys(text)) {
      warn.add('DUPLICATE_KEY', `${what}文件第 ${d.record} 条记录有重复的键，只取最后一个值 / record ${d.record} repeats a key; the last value is used`, { line: d.record, column: d.key });
    }
    const list = Array.isArray(data) ? data : (data as { records?: unknown }).records;
    if (!Array.isArray(list)) throw new BillError('BAD_INPUT', `${what}文件须为数组或 {"records": [...]}`, `the ${what} file must be an array or {"records": [...]}`);
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (typeof r !== 'object' || r === null || Array.isArray(r)) {
        throw new BillError('BAD_INPUT', `${what}文件第 ${i + 1} 条记录不是对象`, `record ${i + 1} of the ${what} file is not an object`);
      }
      if (only && !only.has(i + 1)) continue;
      const row: Record<string, string> = {};
      for (const [k, v] of Object.entries(r)) row[rename(k)] = value(v);
      visit({ get: (f) => row[f], has: (f) => f in row, line: i + 1 });
    }
    return;
  }
  // CSV: the first row names the fields.
  let columns: Map<string, number> | undefined;
  let current: CsvRow | undefined;
  const rec: RawRecord = {
    get(f) {
      const k = columns!.get(f);
      return k === undefined || k >= current!.length ? undefined : clean(field(current!, k));
    },
    has: (f) => columns!.has(f),
    line: 0,
  };
  const reader = new CsvReader((row) => {
    if (row.length === 1 && field(row, 0).trim() === '') return;
    if (!columns) {
      columns = new Map();
      for (let k = 0; k < row.length; k++) {
        const name = rename(field(row, k));
        if (!columns.has(name)) columns.set(name, k);
        else if (name) warn.add('COLUMN_DUPLICATE', `${what}文件第 ${k + 1} 列与前面的列同名（或改名后同名），只读取第一列 / column ${k + 1} has the name of an earlier column (after --map); only the first is read`, { line: row.line, column: name });
      }
      return;
    }
    if (only && !only.has(row.line)) return;
    current = row;
    rec.line = row.line;
    rec.csv = row;
    rec.columns = columns;
    visit(rec);
  }, { bytes: true });
  let line = 1;
  try {
    // UTF-8 bytes read as latin-1 text (csv.ts writeBytes): no decoding of the whole file, only
    // of the values taken that have a byte above 0x7f.
    for await (const c of toUtf8(fileChunks(path), {}, label)) reader.writeBytes(c);
    reader.end();
  } catch (err) {
    if (err instanceof BillError) throw err;
    if (err instanceof CsvError) {
      throw new BillError('BAD_INPUT', `${what}文件 ${path} 无法按CSV读取（第 ${err.line} 行附近）：${err.messageZh}`, `the ${what} file ${path} cannot be read as CSV (near line ${err.line}): ${err.messageEn}`, { line: err.line }, { cause: err });
    }
    line = rec.line;
    throw new BillError('BAD_INPUT', `${what}文件 ${path} 无法按CSV读取（第 ${line} 行附近）`, `the ${what} file ${path} cannot be read as CSV (near line ${line})`, undefined, { cause: err });
  }
}

function amount(row: RawRecord, name: string, warn: WarningList, what: string): number | null {
  const v = row.get(name);
  if (v === undefined || v === '') return 0;
  const fen = yuanToFen(v, true);
  if (fen === null) warn.add('INPUT_RECORD_SKIPPED', `${what}记录的 ${name} 不是金额（元，最多两位小数），该条未参与对账 / ${name} is not a yuan amount; record left out`, { line: row.line, column: name });
  return fen;
}

function checkFields(first: RawRecord, need: readonly string[], what: string): void {
  if (!need.some((k) => first.has(k))) {
    throw new BillError(
      'BAD_INPUT',
      `${what}文件没有可对账的字段（需要 ${need.join(' / ')} 之一；其他导出格式请用 --map 改名）`,
      `the ${what} file has none of the key fields ${need.join(' / ')} (use --map to rename another export's columns)`,
    );
  }
}

/** Lines (CSV) or record numbers (JSON) to read; the other records are passed over unread. */
export interface LineFilter {
  has(line: number): boolean;
}

/**
 * A CSV record's key values (amp_trace_id, mch_trace_no, setl_id: j = 0, 1, 2) where they are,
 * for a reader that stores them without making strings: text[start[j], end[j]) is ASCII, cleaned;
 * a value that is not such a range (quoted, not ASCII) is value[j] instead.
 */
export interface KeyCells {
  text: string;
  start: Int32Array;
  end: Int32Array;
  value: (string | undefined)[];
}

export interface HisReadOptions {
  /** Just the records at these lines (reconciliation reads the file again for the references of the few records that differ). */
  only?: LineFilter;
  /** Read org_trace_no, setl_time and out_refund_no (default true; matching does not need them). */
  refs?: boolean;
  /**
   * From a CSV file, hand the keys to `each` as KeyCells (its second argument, good only during
   * the call) and leave the record's ampTraceId, mchTraceNo and setlId empty.
   */
  keyCells?: boolean;
}

/** Calls `each` for every usable hospital record, in file order; bad ones are left out with a warning. */
export async function eachHisRecord(path: string, warn: WarningList, map: ColumnMap | undefined, each: (r: HisRecord, keys?: KeyCells) => void, opts: HisReadOptions = {}): Promise<void> {
  const refs = opts.refs ?? true;
  let checked = false;
  // A CSV file's columns by number, resolved from its header once (-1: no such column): a load
  // by a field name chosen at run time, per value, was a tenth of the HIS read.
  let cAmp = -1, cMch = -1, cSetl = -1, cStatus = -1, cFee = -1, cAcct = -1, cCash = -1, cFund = -1, cRefund = -1, cOut = -1, cOrg = -1, cTime = -1;
  let resolved = false;
  const keyCols = new Int32Array(3);
  const cells: KeyCells = { text: '', start: new Int32Array(3), end: new Int32Array(3), value: [undefined, undefined, undefined] };
  /** Fills `cells` from a CSV row; false when the row has no key at all. */
  const keyCells = (row: CsvRow): boolean => {
    cells.text = row.text;
    let any = false;
    for (let j = 0; j < 3; j++) {
      const k = keyCols[j]!;
      let v: string | undefined;
      let a = 0;
      let b = 0;
      if (k >= 0 && k < row.length) {
        if (!cellRange(row, k)) v = clean(field(row, k));
        else {
          a = CELL.a;
          b = CELL.b;
          if (row.bytes) for (let i = a; i < b; i++) if (row.text.charCodeAt(i) > 0x7f) { v = utf8Text(row.text.slice(a, b)); break; }
        }
      }
      cells.start[j] = a;
      cells.end[j] = b;
      cells.value[j] = v;
      if (v === undefined ? a < b : v !== '') any = true;
    }
    return any;
  };
  const text = (row: RawRecord, name: (typeof HIS_FIELDS)[number], k: number): string | undefined => (row.csv ? cellText(row.csv, k) : row.get(name));
  /** `name` (column k of a CSV file) in fen: 0 (or `empty`) when absent or empty, null (warned) when it is not an amount. */
  const fen = (row: RawRecord, name: (typeof HIS_FIELDS)[number], k: number, empty = 0): number | null => {
    if (!row.csv) {
      const v = row.get(name);
      return v === undefined || v === '' ? empty : amount(row, name, warn, 'HIS');
    }
    const f = cellFen(row.csv, k);
    if (f === EMPTY_CELL) return empty;
    if (f === null) warn.add('INPUT_RECORD_SKIPPED', `HIS记录的 ${name} 不是金额（元，最多两位小数），该条未参与对账 / ${name} is not a yuan amount; record left out`, { line: row.line, column: name });
    return f;
  };
  await eachRawRecord(path, map, 'HIS', warn, (row) => {
    const line = row.line;
    if (!checked) {
      checkFields(row, ['amp_trace_id', 'mch_trace_no', 'setl_id'], 'HIS');
      checked = true;
    }
    if (row.csv && !resolved) {
      const c = (f: (typeof HIS_FIELDS)[number]) => row.columns!.get(f) ?? -1;
      [cAmp, cMch, cSetl, cStatus, cFee, cAcct, cCash, cFund, cRefund, cOut, cOrg, cTime] = [
        c('amp_trace_id'), c('mch_trace_no'), c('setl_id'), c('status'), c('feesum_amt'), c('acct_pay'),
        c('psn_cash_pay'), c('fund_pay_sumamt'), c('refund_amt'), c('out_refund_no'), c('org_trace_no'), c('setl_time'),
      ];
      keyCols.set([cAmp, cMch, cSetl]);
      resolved = true;
    }
    const word = (text(row, 'status', cStatus) ?? '').toLowerCase();
    const status = word === '' ? 'settled' : STATUS_WORDS[word];
    if (!status) {
      warn.add('INPUT_UNKNOWN_STATUS', 'HIS记录的 status 不是 settled / refunded / cancelled，该条未参与对账 / status is not settled, refunded or cancelled; record left out', { line, column: 'status' });
      return;
    }
    const fee = fen(row, 'feesum_amt', cFee);
    const acct = fen(row, 'acct_pay', cAcct);
    const cash = fen(row, 'psn_cash_pay', cCash);
    const fund = fen(row, 'fund_pay_sumamt', cFund);
    const refund = fen(row, 'refund_amt', cRefund, -1);
    if (fee === null || acct === null || cash === null || fund === null || refund === null) return;
    const inPlace = opts.keyCells === true && row.csv !== undefined;
    const rec: HisRecord = {
      line,
      ampTraceId: inPlace ? '' : text(row, 'amp_trace_id', cAmp) ?? '',
      mchTraceNo: inPlace ? '' : text(row, 'mch_trace_no', cMch) ?? '',
      setlId: inPlace ? '' : text(row, 'setl_id', cSetl) ?? '',
      status,
      feesumAmt: fee,
      acctPay: acct,
      psnCashPay: cash,
      fundPaySumamt: fund,
      refundAmt: refund,
      outRefundNo: refs ? text(row, 'out_refund_no', cOut) ?? '' : '',
      orgTraceNo: refs ? text(row, 'org_trace_no', cOrg) ?? '' : '',
      setlTime: refs ? text(row, 'setl_time', cTime) ?? '' : '',
    };
    if (inPlace ? !keyCells(row.csv!) : !rec.ampTraceId && !rec.mchTraceNo && !rec.setlId) {
      warn.add('INPUT_RECORD_SKIPPED', 'HIS记录没有 amp_trace_id、mch_trace_no 或 setl_id，无法对账 / the record has no key field; left out', { line });
      return;
    }
    if (inPlace) each(rec, cells);
    else each(rec);
  }, opts.only);
}

/** Reads the hospital's records; bad records are left out with a warning. */
export async function readHisRecords(path: string, warn: WarningList, map?: ColumnMap): Promise<HisRecord[]> {
  const out: HisRecord[] = [];
  await eachHisRecord(path, warn, map, (r) => out.push(r));
  return out;
}

/** Reads the insurance centre's billdetail records. */
export async function readInsuranceRecords(path: string, warn: WarningList, map?: ColumnMap): Promise<InsuranceRecord[]> {
  const out: InsuranceRecord[] = [];
  let checked = false;
  await eachRawRecord(path, map, '医保', warn, (row) => {
    const line = row.line;
    if (!checked) {
      checkFields(row, ['setl_id'], '医保');
      checked = true;
    }
    const fee = amount(row, 'medfee_sumamt', warn, '医保');
    const acct = amount(row, 'acct_pay', warn, '医保');
    const cash = amount(row, 'psn_cash_pay', warn, '医保');
    const fund = amount(row, 'fund_pay_sumamt', warn, '医保');
    if (fee === null || acct === null || cash === null || fund === null) return;
    const setlId = row.get('setl_id') ?? '';
    if (!setlId) {
      warn.add('INPUT_RECORD_SKIPPED', '医保记录没有 setl_id，无法对账 / the insurance record has no setl_id; left out', { line, column: 'setl_id' });
      return;
    }
    const flag = (row.get('refd_setl_flag') ?? '').toLowerCase();
    // 退费结算标志: 1 / Y / true mark a refunded settlement; 0 / N / empty a normal one.
    const refunded = flag === '1' || flag === 'y' || flag === 'true' || flag === '是';
    out.push({ line, setlId, mdtrtId: row.get('mdtrt_id') ?? '', refunded, medfeeSumamt: Math.abs(fee), acctPay: Math.abs(acct), psnCashPay: Math.abs(cash), fundPaySumamt: Math.abs(fund) });
  });
  return out;
}

/**
 * Keys written twice in one object of a JSON text (already known to be valid JSON), with the
 * 1-based number of the record (the object at depth 1 of an array, or of `records`) they are in.
 * One pass over the text; only objects' key sets are kept.
 */
export function duplicateJsonKeys(text: string): { record: number; key: string }[] {
  const out: { record: number; key: string }[] = [];
  const stack: ({ keys: Set<string> } | null)[] = []; // null: an array
  let record = 0;
  let recordDepth = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92 /* \\ */) j += 2;
        else if (d === 34) break;
        else j++;
      }
      const top = stack[stack.length - 1];
      if (top) {
        let k = j + 1;
        while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13)) k++;
        if (text.charCodeAt(k) === 58 /* : */) {
          const key = JSON.parse(text.slice(i, j + 1)) as string;
          if (top.keys.has(key)) {
            if (out.length < 1000) out.push({ record, key });
          } else top.keys.add(key);
        }
      }
      i = j;
    } else if (c === 123 /* { */) {
      stack.push({ keys: new Set() });
      // A record: an object directly inside the top array, or inside {"records": [...]}.
      if (recordDepth < 0 ? stack.length === 2 && stack[0] === null : stack.length === recordDepth) record++;
    } else if (c === 91 /* [ */) {
      stack.push(null);
      if (stack.length === 2 && stack[0] !== null && recordDepth < 0) recordDepth = 3;
    } else if (c === 125 || c === 93) stack.pop();
  }
  return out;
}
