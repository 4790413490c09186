/**
 * The parts of a trade file around its detail rows: the `#` header block (账单时间, 机构编号,
 * 分机构编号, 账单类型), the detail header (columns matched by name with the spec's aliases, never
 * by position) and the `#` summary block, and the checks made once the file is read.
 */
import {
  BILL_TYPES,
  DETAIL_END,
  HEADER_LABELS,
  NO_SUB_ORG,
  SUMMARY_LABELS,
  SUMMARY_LABEL_ALIASES,
  TRADE_FILE_COLUMNS,
  TRADE_FILE_TITLE,
  TRADE_FILE_TITLE_ALIASES,
  parseTradeFileName,
  type TradeFileColumn,
  type TradeFileRow,
  type TradeFileSummary,
} from '../spec/trade-file.js';
import { fenToYuan as formatYuan, yuanToFen } from '../core/money.js';
import { parseCstTime } from './values.js';
import type { WarningList } from './warnings.js';

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

/** The spec's columns and where each was found (position -1: absent). */
export type ColumnPlaces = { name: string; key: keyof TradeFileRow; position: number; headerName?: string }[];

export interface Slot {
  col: TradeFileColumn;
  idx: number;
}

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

/** Maps header cells to spec columns; a cell that is two names run together counts as two. */
export function mapHeader(cells: string[], warn: WarningList, line: number): { slots: Slot[]; width: number; columns: ColumnPlaces } {
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
  const columns: ColumnPlaces = [];
  for (const c of TRADE_FILE_COLUMNS) {
    const f = found.get(c);
    columns.push({ name: c.name, key: c.key, position: f ? f.idx : -1, ...(f ? { headerName: f.headerName } : {}) });
    if (f) slots.push({ col: c, idx: f.idx });
    else warn.add('COLUMN_MISSING', `缺少规范列「${c.name}」${c.required ? '（必填）' : ''} / the spec's column ${c.name} is missing${c.required ? ' (required)' : ''}`, { line, column: c.name });
  }
  return { slots, width: idx, columns };
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

/** The `#` blocks of one file: fed line by line, checked at the end. */
export class TradeFileBlocks {
  readonly header: TradeFileHeader = { title: '', billDate: '', orgCode: '', subOrgCode: '', billType: '' };
  readonly declared: SummaryCheck['declared'] = {};
  private readonly seenHeader = new Set<string>();

  constructor(private readonly warn: WarningList) {}

  headLine(text: string, line: number): void {
    const { header, warn } = this;
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
    this.seenHeader.add(key);
    header[key] = key === 'subOrgCode' && value === NO_SUB_ORG ? '' : value;
  }

  summaryLine(text: string, line: number): void {
    const { declared, warn } = this;
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
    const m = isCount ? /^(\d+)/.exec(value) : /^((?:0|[1-9]\d*)(?:\.\d{1,2})?)/.exec(value);
    if (!m || (!isCount && yuanToFen(m[1]!) === null)) return warn.add('SUMMARY_UNKNOWN_LINE', `汇总项「${label}」的值无法读取 / the value of summary item ${label} cannot be read`, { line, column: label });
    declared[key] = isCount ? Number(m[1]) : yuanToFen(m[1]!)!;
    const rest = value.slice(m[1]!.length);
    if (rest && !(isCount ? /^笔$/ : /^元$/).test(rest)) {
      warn.add('SUMMARY_EXTRA_TEXT', `汇总项「${label}」的值后有规范之外的内容，已忽略 / summary item ${label} has text beyond the documented value; ignored`, { line, column: label });
    }
  }

  /** Header checks once the file is read; `name` is the file's or the zip entry's name. */
  checkHeader(name: string): void {
    const { header, warn, seenHeader } = this;
    for (const k of Object.keys(HEADER_LABELS) as (keyof typeof HEADER_LABELS)[]) {
      if (!seenHeader.has(k) && k !== 'subOrgCode') warn.add('HEADER_FIELD_MISSING', `表头块缺少「${HEADER_LABELS[k]}」 / the header block lacks ${HEADER_LABELS[k]}`);
    }
    if (header.billDate && !/^\d{4}-\d{2}-\d{2}$/.test(header.billDate)) warn.add('HEADER_VALUE_INVALID', '账单时间不是 yyyy-MM-dd / 账单时间 is not yyyy-MM-dd', { column: HEADER_LABELS.billDate });
    if (header.billType && !(BILL_TYPES as readonly string[]).includes(header.billType)) warn.add('HEADER_VALUE_INVALID', '账单类型不是 ALL/REFUND/CONSUME / 账单类型 is not ALL, REFUND or CONSUME', { column: HEADER_LABELS.billType });
    const fromName = parseTradeFileName(name);
    if (fromName) {
      for (const k of ['orgCode', 'subOrgCode', 'billDate', 'billType'] as const) {
        if (seenHeader.has(k) && fromName[k] !== header[k]) {
          warn.add('FILE_NAME_DIFFERS', `文件名中的${HEADER_LABELS[k]}与表头不一致 / the file name's ${k} differs from the header`, { column: HEADER_LABELS[k] });
        }
      }
    }
  }

  /** The summary lines against what the rows add up to; every disagreement is a warning. */
  checkSummary(computed: TradeFileSummary): SummaryCheck {
    const { declared, warn } = this;
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
    return { declared, computed, mismatches, ok: mismatches.length === 0 && declared.tradeCount !== undefined };
  }
}
