/**
 * The reconciliation report a finance office reads: one self-contained HTML file (no network,
 * no external CSS or fonts), in Chinese — the day, the three sources, the summary figures, a bar
 * chart of the classes as inline SVG, and the differences table, filterable by class (buttons,
 * or a `#class=amountDiffers` hash in the address). The table is rendered as HTML, so it reads
 * without the script too; the script only filters. And the same differences as CSV for Excel.
 */
import { TOTAL_ROWS, figureText, type DayTotals } from './day-totals.js';
import { RESULT_CLASSES, type Difference, type ReconcileResult, type ResultClass, type SideView } from './reconcile.js';

export const CLASS_LABELS: Record<ResultClass, string> = {
  matched: '一致',
  amountDiffers: '金额不符',
  statusDiffers: '状态不符',
  overRefunded: '退款超额',
  missingHis: 'HIS缺失',
  missingPlatform: '门户缺失',
  missingInsurance: '医保缺失',
  unexpectedInsurance: '医保多出',
  onlyPlatform: '仅门户有',
  onlyHis: '仅HIS有',
  onlyInsurance: '仅医保有',
  duplicates: '重复',
};
const CLASS_COLORS: Record<ResultClass, string> = {
  matched: '#2e7d32',
  amountDiffers: '#c62828',
  statusDiffers: '#ef6c00',
  overRefunded: '#ad1457',
  missingHis: '#b71c1c',
  missingPlatform: '#4527a0',
  missingInsurance: '#00695c',
  unexpectedInsurance: '#827717',
  onlyPlatform: '#1565c0',
  onlyHis: '#6a1b9a',
  onlyInsurance: '#00838f',
  duplicates: '#5d4037',
};
const STATUS_LABELS = { paid: '已支付', refunded: '已退款', cancelled: '已撤销' } as const;
const SOURCE_LABELS = { platform: '门户', his: 'HIS', insurance: '医保' } as const;

/** Rows drawn in the HTML table at most; the CSV always has all. */
export const MAX_HTML_ROWS = 5000;

const baseName = (p: string) => p.split(/[\\/]/).pop() || p;

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SHORT = { feesumAmt: '总额', acctPay: '账户', psnCashPay: '现金', fundPaySumamt: '统筹', refundAmt: '退款' } as const;
const FIELD_KEYS: Record<string, keyof typeof SHORT> = { 费用总额: 'feesumAmt', 个人账户: 'acctPay', 现金: 'psnCashPay', 统筹: 'fundPaySumamt', 退款金额: 'refundAmt' };

/** One source's view of a difference: status, amounts (the differing ones highlighted), its references, lines. */
function side(v: SideView | undefined, d: Difference): string {
  if (!v) return '<span class="none">—</span>';
  const differing = new Set((d.fields ?? []).map((f) => FIELD_KEYS[f.field]));
  const amounts = Object.entries(v.amounts)
    .map(([k, a]) => {
      const text = `${SHORT[k as keyof typeof SHORT] ?? esc(k)} ${esc(a)}`;
      return differing.has(k as keyof typeof SHORT) ? `<mark class="differs">${text}</mark>` : text;
    })
    .join('<br>');
  const refs: string[] = [];
  if (v.refs) {
    if (v.refs.orgTraceNo) refs.push(`院内流水 ${esc(v.refs.orgTraceNo)}`);
    if (v.refs.mchTraceNo) refs.push(`商户订单 ${esc(v.refs.mchTraceNo)}`);
    if (v.refs.setlTime) refs.push(`结算时间 ${esc(v.refs.setlTime)}`);
  } else {
    if (v.ampTraceId) refs.push(`门户跟踪号 ${esc(v.ampTraceId)}`);
    if (v.mchTraceNo) refs.push(`商户订单 ${esc(v.mchTraceNo)}`);
    if (v.setlId) refs.push(`结算ID ${esc(v.setlId)}`);
  }
  const status = `<b class="status-${v.status}">${STATUS_LABELS[v.status]}</b>`;
  return `${status}<br>${amounts}${refs.length ? `<br><small class="refs">${refs.join('<br>')}</small>` : ''}<br><small>行 ${esc(v.lines.slice(0, 5).join(', '))}${v.lines.length > 5 ? ' …' : ''}</small>`;
}

/** Which source lacks the transaction (or should not have it), in words. */
export function presenceText(d: Difference): string {
  const names = (l: readonly string[] | undefined) => (l ?? []).map((s) => SOURCE_LABELS[s as keyof typeof SOURCE_LABELS]).join('、');
  const held = (['platform', 'his', 'insurance'] as const).filter((s) => d[s]).map((s) => SOURCE_LABELS[s]).join('、');
  const out: string[] = [];
  if (d.missing?.length) out.push(`${held}有，${names(d.missing)}无${d.insured ? '（含医保支付）' : ''}`);
  if (d.unexpected?.length) out.push(`自费交易，${names(d.unexpected)}不应有记录`);
  return out.join('；');
}

function explain(d: Difference): string {
  const parts: string[] = [];
  if (d.status) {
    parts.push(
      '状态：' +
        (Object.entries(d.status) as [keyof typeof SOURCE_LABELS, keyof typeof STATUS_LABELS][]).map(([s, v]) => `${SOURCE_LABELS[s]}${STATUS_LABELS[v]}`).join('，'),
    );
  }
  for (const f of d.fields ?? []) {
    const vals = (['platform', 'his', 'insurance'] as const)
      .filter((s) => s in f)
      .map((s) => `${SOURCE_LABELS[s]} ${f[s] === null ? '无记录' : esc(f[s])}`);
    parts.push(`${esc(f.field)}：${vals.join(' / ')}`);
  }
  if (d.duplicateIn) parts.push(`${SOURCE_LABELS[d.duplicateIn]}中该单号出现多次`);
  for (const o of d.overRefund ?? []) parts.push(`${SOURCE_LABELS[o.source]}退款 ${esc(o.refunded)} 超过交易金额 ${esc(o.trade)}`);
  const why = presenceText(d);
  if (why) parts.push(why);
  return parts.join('<br>');
}

/** Bars of each class's amount (费用总额 total), labelled with amount and count: counts alone draw equal bars for unequal money. */
function chart(r: ReconcileResult): string {
  const classes = RESULT_CLASSES;
  const max = Math.max(1, ...classes.map((c) => r.totals[c].fen));
  const rowH = 26;
  const width = 720;
  const labelW = 90;
  const barW = width - labelW - 170;
  const bars = classes
    .map((c, i) => {
      const t = r.totals[c];
      const w = t.fen === 0 ? 0 : Math.max(2, Math.round((t.fen / max) * barW));
      const y = i * rowH + 4;
      return (
        `<g class="bar" data-class="${c}"><text x="${labelW - 8}" y="${y + 14}" text-anchor="end">${CLASS_LABELS[c]}</text>` +
        `<rect x="${labelW}" y="${y}" width="${w}" height="18" fill="${CLASS_COLORS[c]}"><title>${CLASS_LABELS[c]} ¥${t.amount}，${t.count} 笔</title></rect>` +
        `<text x="${labelW + w + 6}" y="${y + 14}">¥${t.amount}（${t.count} 笔）</text></g>`
      );
    })
    .join('');
  const h = classes.length * rowH + 8;
  return `<svg id="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="各类结果金额" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}">${bars}</svg>`;
}

export function renderReport(r: ReconcileResult, opts: { generatedAt?: string } = {}): string {
  const day = r.meta.billDate || '（未知日期）';
  const diffCount = r.differences.length;
  const cards = RESULT_CLASSES.map(
    (c) =>
      `<div class="card" data-class="${c}" style="border-color:${CLASS_COLORS[c]}"><div class="label">${CLASS_LABELS[c]}</div>` +
      `<div class="count" id="count-${c}">${r.summary[c]}</div><div class="amount" id="amount-${c}">¥ ${esc(r.totals[c].amount)}</div></div>`,
  ).join('');
  const shown = r.differences.slice(0, MAX_HTML_ROWS);
  const rows = shown
    .map(
      (d) =>
        `<tr data-class="${d.class}"><td><span class="tag" style="background:${CLASS_COLORS[d.class]}">${CLASS_LABELS[d.class]}</span></td>` +
        `<td>${esc(d.key.label)}<br><code>${esc(d.key.value)}</code></td><td class="num">${esc(d.amount)}</td>` +
        `<td>${side(d.platform, d)}</td><td>${side(d.his, d)}</td><td>${side(d.insurance, d)}</td><td>${explain(d)}</td></tr>`,
    )
    .join('\n');
  const buttons = [`<button type="button" data-filter="all" class="active">全部差异（${diffCount}）</button>`]
    .concat(RESULT_CLASSES.filter((c) => c !== 'matched').map((c) => `<button type="button" data-filter="${c}">${CLASS_LABELS[c]}（${r.summary[c]}）</button>`))
    .join('');
  const warnings = r.warnings.length
    ? `<details><summary>读取提示 ${r.warnings.length} 条</summary><ul>${r.warnings.map((w) => `<li>${esc(w.source ? SOURCE_LABELS[w.source as keyof typeof SOURCE_LABELS] ?? w.source : '')} ${w.line ? `第 ${w.line} 行 ` : ''}${esc(w.message.split(' / ')[0])}</li>`).join('')}</ul></details>`
    : '';
  const src = r.meta.sources;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>三方对账报告 ${esc(day)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222}
table.totals{border-collapse:collapse;margin:6px 0 12px;font-size:13px} .totals th,.totals td{border:1px solid #ccc;padding:3px 8px} .totals thead th{background:#eee}
.totals td.off{background:#ffebee;color:#b71c1c;font-weight:bold} mark.differs{background:#ffcdd2;color:#b71c1c;font-weight:bold;padding:0 2px}
.refs{color:#555} .status-cancelled{color:#6a1b9a} .sign{margin-top:24px;display:none}

h1{font-size:22px;margin:0 0 8px} .meta{color:#555;margin-bottom:16px} .meta td{padding:2px 12px 2px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0} .card{border-left:6px solid;padding:8px 12px;background:#f7f7f7;min-width:110px}
.card .label{font-size:13px;color:#555} .card .count{font-size:24px;font-weight:bold} .card .amount{font-size:13px}
.filters button{margin:2px;padding:4px 10px;border:1px solid #999;background:#fff;cursor:pointer} .filters button.active{background:#333;color:#fff}
table.diffs{border-collapse:collapse;width:100%;margin-top:8px;font-size:13px} .diffs th,.diffs td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}
.diffs th{background:#eee} .num{text-align:right} .tag{color:#fff;padding:1px 6px;border-radius:3px;white-space:nowrap} .none{color:#aaa}
.ok{color:#2e7d32;font-weight:bold} .bad{color:#c62828;font-weight:bold} code{font-size:12px}
@page{size:A4 landscape;margin:10mm}
@media print{
  body{margin:0;font-size:10px} .filters,#shown,details{display:none} .meta{margin-bottom:4px} .meta td{padding:0 10px 0 0}
  .cards{gap:3px;margin:4px 0;flex-wrap:nowrap} .cards .card{min-width:0;flex:1;padding:2px 4px;border-left-width:4px} .card .label{font-size:9px} .card .count{font-size:13px} .card .amount{font-size:9px}
  table.totals{font-size:10px;margin:2px 0 4px} .totals th,.totals td{padding:1px 6px} h3{font-size:11px;margin:4px 0 2px}
  table.diffs{font-size:9px} .diffs th,.diffs td{padding:2px 4px} .diffs tr,.totals tr{break-inside:avoid} thead{display:table-header-group} #chart{height:150px;width:auto}
  .sign{display:block} h1{font-size:16px;margin:0 0 4px} h2{font-size:12px;margin:6px 0 3px}
}
</style>
</head>
<body>
<h1>三方对账报告 · ${esc(day)}</h1>
<table class="meta">
<tr><td>账单日期</td><td id="bill-date">${esc(day)}</td></tr>
<tr><td>机构</td><td id="org">${r.meta.orgName ? `${esc(r.meta.orgName)} ` : ''}（机构编号 ${esc(r.meta.header.orgCode)}${r.meta.header.subOrgCode ? `，分院 ${esc(r.meta.header.subOrgCode)}` : ''}）</td></tr>
<tr><td>门户对账文件</td><td id="source-platform">${esc(baseName(src.platform))}（明细 ${r.meta.platformRows} 行，汇总核对${r.meta.summaryOk ? '<span class="ok">一致</span>' : '<span class="bad">不一致</span>'}）</td></tr>
<tr><td>HIS 记录</td><td id="source-his">${esc(baseName(src.his))}（${r.meta.hisRecords} 条）</td></tr>
<tr><td>医保记录</td><td id="source-insurance">${src.insurance ? `${esc(baseName(src.insurance))}（${r.meta.insuranceRecords ?? 0} 条）` : '未提供'}</td></tr>
<tr><td>结论</td><td id="verdict">${diffCount === 0 ? '<span class="ok">全部一致</span>' : `<span class="bad">发现 ${diffCount} 处差异</span>`}</td></tr>
</table>
${dayTotalsHtml(r)}
<h2>分类结果</h2>
<div class="cards">${cards}</div>
${chart(r)}
<h2>差异明细</h2>
<div class="filters">${buttons}</div>
<p id="shown">显示 <span id="shown-count">${shown.length}</span> 条${r.differences.length > shown.length ? `（共 ${r.differences.length} 条，此处仅列前 ${MAX_HTML_ROWS} 条，完整列表请用 --csv 导出）` : ''}</p>
<table class="diffs"><thead><tr><th>类别</th><th>单号</th><th>费用总额</th><th>门户</th><th>HIS</th><th>医保</th><th>差异说明</th></tr></thead>
<tbody id="rows">
${rows}
</tbody></table>
${warnings}
<p class="meta">生成时间 ${esc(opts.generatedAt ?? '')} · onetrans</p>
<p class="sign">对账人：＿＿＿＿＿＿　　复核人：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿</p>
<script>
(function () {
  var rows = document.querySelectorAll('#rows tr');
  var buttons = document.querySelectorAll('.filters button');
  function apply() {
    var m = /class=([A-Za-z]+)/.exec(location.hash);
    var want = m ? m[1] : 'all';
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var on = want === 'all' || rows[i].getAttribute('data-class') === want;
      rows[i].style.display = on ? '' : 'none';
      if (on) n++;
    }
    for (var j = 0; j < buttons.length; j++) buttons[j].className = buttons[j].getAttribute('data-filter') === want ? 'active' : '';
    document.getElementById('shown-count').textContent = String(n);
    document.body.setAttribute('data-filter', want);
  }
  for (var k = 0; k < buttons.length; k++) {
    buttons[k].addEventListener('click', function (e) {
      var f = e.currentTarget.getAttribute('data-filter');
      location.hash = f === 'all' ? '' : 'class=' + f;
      apply();
    });
  }
  window.addEventListener('hashchange', apply);
  apply();
})();
</script>
</body>
</html>
`;
}

/**
 * One CSV cell, safe to open in a spreadsheet: a value starting with = + - @ tab or CR would be
 * read as a formula, so it gets a leading ' (shown, not evaluated); then quoted where needed.
 */
export function csvCell(v: string): string {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The differences as CSV (UTF-8 with BOM for Excel), one row each, Chinese headers. */
export function differencesCsv(r: ReconcileResult): string {
  const head = ['类别', 'class', '单号类型', '单号', '费用总额', '门户状态', 'HIS状态', '医保状态', '缺少方', '差异说明', '门户行号', 'HIS行号', '医保行号'];
  const lines = [head.join(',')];
  for (const d of r.differences) {
    const why = (d.fields ?? [])
      .map((f) => `${f.field}: ${(['platform', 'his', 'insurance'] as const).filter((s) => s in f).map((s) => `${SOURCE_LABELS[s]} ${f[s] ?? '无记录'}`).join(' / ')}`)
      .concat(d.duplicateIn ? [`${SOURCE_LABELS[d.duplicateIn]}重复`] : [])
      .concat((d.overRefund ?? []).map((o) => `${SOURCE_LABELS[o.source]}退款 ${o.refunded} 超过交易金额 ${o.trade}`))
      .concat(presenceText(d) ? [presenceText(d)] : [])
      .join('; ');
    const missing = (d.missing ?? []).map((s) => SOURCE_LABELS[s]).join(' ');
    const st = (v?: SideView) => (v ? STATUS_LABELS[v.status] : '');
    lines.push(
      [CLASS_LABELS[d.class], d.class, d.key.label, d.key.value, d.amount, st(d.platform), st(d.his), st(d.insurance), missing, why, d.platform?.lines.join(' ') ?? '', d.his?.lines.join(' ') ?? '', d.insurance?.lines.join(' ') ?? '']
        .map(csvCell)
        .join(','),
    );
  }
  // After a blank line: each class's count and total, so the sheet carries the figures too.
  lines.push('', ['分类合计', 'class', '笔数', '金额（元）'].join(','));
  for (const c of RESULT_CLASSES) lines.push([CLASS_LABELS[c], c, String(r.totals[c].count), r.totals[c].amount].map(csvCell).join(','));
  lines.push('', ...dayTotalsCsv(r));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** The day's totals as the columns every output shows: each source, then the differences. */
function totalsColumns(t: DayTotals): { head: string; cell: (row: (typeof TOTAL_ROWS)[number]) => string; diff: boolean }[] {
  const cols: { head: string; cell: (row: (typeof TOTAL_ROWS)[number]) => string; diff: boolean }[] = [
    { head: '门户', cell: (row) => figureText(row.get(t.platform)), diff: false },
    { head: 'HIS', cell: (row) => figureText(row.get(t.his)), diff: false },
  ];
  if (t.insurance) cols.push({ head: '医保', cell: (row) => figureText(row.get(t.insurance!)), diff: false });
  cols.push({ head: '门户−HIS', cell: (row) => figureText(row.diff(t.differences.platformMinusHis)), diff: true });
  if (t.differences.platformMinusInsurance) cols.push({ head: '门户−医保', cell: (row) => figureText(row.diff(t.differences.platformMinusInsurance!)), diff: true });
  return cols;
}

/** The day's totals for the text output: a small table, then the platform's channels. */
export function dayTotalsText(r: ReconcileResult): string[] {
  const t = r.dayTotals;
  const cols = totalsColumns(t);
  const out = ['当日合计 / day totals（笔数 / 金额，元）', `  ${''.padEnd(8, '　')}${cols.map((c) => c.head.padStart(20)).join('')}`];
  for (const row of TOTAL_ROWS) out.push(`  ${row.label.padEnd(8, '　')}${cols.map((c) => c.cell(row).padStart(20)).join('')}`);
  for (const [ch, f] of Object.entries(t.platform.byChannel ?? {})) {
    out.push(`  门户 支付渠道 ${ch || '（空）'}：交易 ${figureText(f.trades)}，退款 ${figureText(f.refunds)}，净额 ${figureText(f.net)}`);
  }
  return out;
}

/** The day's totals as CSV rows (after the class totals in --csv). */
function dayTotalsCsv(r: ReconcileResult): string[] {
  const t = r.dayTotals;
  const srcs: [string, NonNullable<DayTotals['insurance']>][] = [['门户', t.platform], ['HIS', t.his], ...(t.insurance ? [['医保', t.insurance] as [string, NonNullable<DayTotals['insurance']>]] : [])];
  const diffs: [string, DayTotals['differences']['platformMinusHis']][] = [['门户−HIS', t.differences.platformMinusHis], ...(t.differences.platformMinusInsurance ? [['门户−医保', t.differences.platformMinusInsurance] as [string, DayTotals['differences']['platformMinusHis']]] : [])];
  const lines = [['当日合计', '项目', ...srcs.flatMap(([n]) => [`${n}笔数`, `${n}金额`]), ...diffs.flatMap(([n]) => [`${n}笔数`, `${n}金额`])].map(csvCell).join(',')];
  for (const row of TOTAL_ROWS) {
    const cells = ['', row.label];
    for (const [, s] of srcs) {
      const f = row.get(s);
      cells.push('count' in f ? String(f.count) : '', f.amount);
    }
    for (const [, d] of diffs) {
      const f = row.diff(d);
      cells.push(f.count !== undefined ? String(f.count) : '', f.amount);
    }
    lines.push(cells.map(csvCell).join(','));
  }
  for (const [ch, f] of Object.entries(t.platform.byChannel ?? {})) {
    lines.push(['', `门户支付渠道 ${ch}`, String(f.net.count), f.net.amount].map(csvCell).join(','));
  }
  return lines;
}

/** The day's totals as an HTML table: differences that are not zero are highlighted. */
function dayTotalsHtml(r: ReconcileResult): string {
  const t = r.dayTotals;
  const cols = totalsColumns(t);
  const head = `<tr><th>项目</th>${cols.map((c) => `<th>${esc(c.head)}</th>`).join('')}</tr>`;
  const rows = TOTAL_ROWS.map((row) => {
    const cells = cols.map((c) => {
      const text = c.cell(row);
      const off = c.diff && /[1-9]/.test(text);
      return `<td class="num${off ? ' off' : ''}">${esc(text)}</td>`;
    });
    return `<tr data-figure="${row.en}"><th>${esc(row.label)}</th>${cells.join('')}</tr>`;
  }).join('');
  const channels = Object.entries(t.platform.byChannel ?? {})
    .map(([ch, f]) => `<tr><th>${esc(ch || '（空）')}</th><td class="num">${esc(figureText(f.trades))}</td><td class="num">${esc(figureText(f.refunds))}</td><td class="num">${esc(figureText(f.net))}</td></tr>`)
    .join('');
  return (
    `<h2>当日合计（笔数 / 金额，元）</h2><table class="totals" id="day-totals"><thead>${head}</thead><tbody>${rows}</tbody></table>` +
    (channels ? `<h3>门户按支付渠道类型</h3><table class="totals" id="channels"><thead><tr><th>支付渠道类型</th><th>交易</th><th>退款</th><th>净额</th></tr></thead><tbody>${channels}</tbody></table>` : '')
  );
}
