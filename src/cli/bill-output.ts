/** How `onetrans bill parse` shows a trade file: JSON (yuan strings, CST times) or plain lines. */
import { parseTradeFile, type TradeFileRecord, type TradeFileResult } from '../bill/parse.js';
import { fenToYuan as formatYuan } from '../core/money.js';
import { cstTimestamp as formatCstTime } from '../core/time.js';
import { maskValue } from '../spec/index.js';

const AMOUNTS = new Set(['feesumAmt', 'acctPay', 'psnCashPay', 'fundPaySumamt']);
const TIMES = new Set(['tradeTime', 'finishTime', 'setlTime']);

/** A record as JSON: amounts as yuan strings, times as `yyyy-MM-dd HH:mm:ss` (UTC+8), 证件号 masked. */
export function recordJson(r: TradeFileRecord, mask = true): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (AMOUNTS.has(k)) out[k] = formatYuan(v as number);
    else if (TIMES.has(k)) out[k] = v ? formatCstTime(v as Date) : '';
    else if (k === 'certNo' && mask) out[k] = maskValue(v, 'id');
    else out[k] = v;
  }
  return out;
}

export function parseJson(p: TradeFileResult, mask = true): Record<string, unknown> {
  const { records, summary, ...rest } = p;
  const fig = (k: string, v: number) => (k.endsWith('Amount') ? formatYuan(v) : v);
  const figures = (o: Record<string, number | string | undefined>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? fig(k, v) : v]));
  return {
    ...rest,
    summary: {
      ok: summary.ok,
      declared: figures(summary.declared),
      computed: figures({ ...summary.computed }),
      mismatches: summary.mismatches.map((m) => ({ ...m, expected: fig(m.figure, m.expected), actual: fig(m.figure, m.actual) })),
    },
    records: (records ?? []).map((r) => recordJson(r, mask)),
  };
}

/**
 * `bill parse --json` for a file of any size: the records are written out as they are read, one
 * per line (a million rows never sit in memory as objects or as one JSON string), then the
 * header, summary and warnings, known only at the end. If the file is refused midway, what was
 * written is incomplete and the caller exits 2.
 */
export async function streamParseJson(file: string, mask: boolean, write: (s: string) => void): Promise<void> {
  const FLUSH = 1 << 20;
  let buf = '{\n  "records": [';
  let first = true;
  const p = await parseTradeFile(file, {
    collect: false,
    onRecord(r) {
      buf += (first ? '\n    ' : ',\n    ') + JSON.stringify(recordJson(r, mask));
      first = false;
      if (buf.length > FLUSH) {
        write(buf);
        buf = '';
      }
    },
  });
  buf += first ? '],' : '\n  ],';
  const rest = Object.entries(parseJson(p, mask)).filter(([k]) => k !== 'records');
  buf += rest.map(([k, v]) => `\n  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`).join(',');
  write(buf + '\n}\n');
}

export function parseText(p: TradeFileResult): string {
  const h = p.header;
  const lines = [
    `对账文件 / trade file: ${p.csvName ?? ''}  (${p.encoding}${p.bom ? ' BOM' : ''})`,
    `账单时间 ${h.billDate}  机构编号 ${h.orgCode}  分机构编号 ${h.subOrgCode || '无'}  账单类型 ${h.billType}`,
    `明细 ${p.rowCount} 行${p.skippedRows ? `（${p.skippedRows} 行未能读取）` : ''} / ${p.rowCount} detail rows`,
    `汇总核对 / summary check: ${p.summary.ok ? '一致 / agrees' : '不一致 / disagrees'}`,
    ...p.summary.mismatches.map((m) => `  ${m.label}: 汇总 ${m.figure.endsWith('Amount') ? formatYuan(m.expected) : m.expected}，明细 ${m.figure.endsWith('Amount') ? formatYuan(m.actual) : m.actual}`),
    '',
    ['交易类型', '交易状态', '交易完成时间', '区域医保支付门户单据跟踪号', '商户订单号', '费用总额', '个人账户', '现金', '统筹'].join('\t'),
    ...(p.records ?? []).map((r) =>
      [r.tradeType, r.tradeStatus, r.finishTime ? formatCstTime(r.finishTime) : '', r.ampTraceId, r.mchTraceNo, formatYuan(r.feesumAmt), formatYuan(r.acctPay), formatYuan(r.psnCashPay), formatYuan(r.fundPaySumamt)].join('\t'),
    ),
  ];
  if (p.warnings.length) {
    lines.push('', `提示 / warnings (${p.warnings.length}):`);
    for (const w of p.warnings) lines.push(`  [${w.code}]${w.line ? ` 第 ${w.line} 行 line ${w.line}:` : ''} ${w.message}`);
  }
  return lines.join('\n');
}
