/**
 * `onetrans reconcile --platform <zip|csv> --his <file> [--insurance <file>] [--map <file>]
 *  [--json] [--csv out.csv] [--html report.html]`: three-way reconciliation. Exit code 0 when
 * everything matched, 1 when differences were found, 2 on bad input.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadMapFile } from '../bill/inputs.js';
import { reconcile, RESULT_CLASSES, type ReconcileResult } from '../bill/reconcile.js';
import { CLASS_LABELS, dayTotalsText, differencesCsv, presenceText, renderReport } from '../bill/report.js';
import { cstTimestamp } from '../core/time.js';
import { describeError } from './bill.js';
import { formatProblems, type Problem } from './credentials.js';

export interface ReconcileCommandIo {
  out?: (s: string) => void;
  err?: (s: string) => void;
  exit?: (code: number) => void;
}

/** What --json prints: exactly summary, totals, dayTotals, differences, warnings. */
export function reconcileJson(r: ReconcileResult): Record<string, unknown> {
  return { summary: r.summary, totals: r.totals, dayTotals: r.dayTotals, differences: r.differences, warnings: r.warnings };
}

function text(r: ReconcileResult): string {
  const lines = [`三方对账 / reconciliation ${r.meta.billDate}`, `门户 ${r.meta.platformRows} 行 · HIS ${r.meta.hisRecords} 条${r.meta.insuranceRecords !== undefined ? ` · 医保 ${r.meta.insuranceRecords} 条` : ''}`];
  for (const c of RESULT_CLASSES) lines.push(`  ${CLASS_LABELS[c].padEnd(6, '　')} ${c.padEnd(19)} ${String(r.summary[c]).padStart(8)} 笔  ${r.totals[c].amount.padStart(14)} 元`);
  lines.push(...dayTotalsText(r));
  lines.push(r.differences.length ? `发现 ${r.differences.length} 处差异 / ${r.differences.length} difference(s)` : '全部一致 / everything matched');
  for (const d of r.differences.slice(0, 50)) {
    const why = [presenceText(d), (d.fields ?? []).map((f) => f.field).concat(d.status ? ['状态'] : []).concat(d.overRefund ? ['退款超过交易金额'] : []).join('、')].filter(Boolean).join('；');
    lines.push(`  ${CLASS_LABELS[d.class]}\t${d.key.label} ${d.key.value}\t${d.amount}${why ? `\t${why}` : ''}`);
  }
  if (r.differences.length > 50) lines.push(`  … 其余 ${r.differences.length - 50} 处见 --csv / --html / --json`);
  if (r.warnings.length) lines.push(`提示 / warnings: ${r.warnings.length}（--json 查看 / see --json）`);
  return lines.join('\n');
}

export function registerReconcileCommand(program: Command, io: ReconcileCommandIo = {}): Command {
  const out = io.out ?? ((s) => process.stdout.write(s + '\n'));
  const err = io.err ?? ((s) => process.stderr.write(s + '\n'));
  const exit = io.exit ?? ((c) => process.exit(c));
  return program
    .command('reconcile')
    .description('门户对账文件、HIS记录与医保记录三方对账 / reconcile the trade file with the HIS and insurance records')
    .option('--platform <file>', '门户对账文件 .zip 或 .csv / the portal trade file (.zip | .csv)')
    .option('--his <file>', 'HIS记录 JSON 或 CSV（ORG_003 字段名） / HIS records, JSON or CSV (ORG_003 names)')
    .option('--insurance <file>', '医保记录 JSON 或 CSV（ORG_008 billdetail 字段名） / insurance records (ORG_008 billdetail names)')
    .option('--map <file>', '列名映射 JSON：{"his": {"原列名": "amp_trace_id"}, "insurance": {…}} / column renames')
    .option('--json', '以 JSON 输出 / print JSON')
    .option('--csv <file>', '差异明细写入 CSV / write the differences as CSV')
    .option('--html <file>', '生成 HTML 报告 / write the HTML report')
    .addHelpText('after', '\n退出码 / exit code: 0 全部一致 / all matched, 1 有差异 / differences found, 2 输入有误 / bad input')
    .action(async (o: { platform?: string; his?: string; insurance?: string; map?: string; json?: boolean; csv?: string; html?: string }) => {
      const problems: Problem[] = [];
      if (!o.platform) problems.push({ zh: '缺少 --platform：门户对账文件', en: 'missing --platform: the portal trade file' });
      if (!o.his) problems.push({ zh: '缺少 --his：HIS记录文件', en: 'missing --his: the HIS records file' });
      if (problems.length) {
        err(formatProblems('reconcile', problems));
        return exit(2);
      }
      let r: ReconcileResult;
      try {
        const map = o.map ? await loadMapFile(o.map) : undefined;
        r = await reconcile({ platform: o.platform!, his: o.his!, ...(o.insurance ? { insurance: o.insurance } : {}), ...(map ? { map } : {}) });
      } catch (e) {
        err(`onetrans reconcile: ${describeError(e)}`);
        return exit(2);
      }
      try {
        if (o.csv) await writeFile(o.csv, differencesCsv(r));
        if (o.html) await writeFile(o.html, renderReport(r, { generatedAt: cstTimestamp() }));
      } catch (e) {
        err(`onetrans reconcile: 无法写入输出文件 / cannot write the output: ${(e as Error).message}`);
        return exit(2);
      }
      out(o.json ? JSON.stringify(reconcileJson(r), null, 2) : text(r));
      exit(r.differences.length ? 1 : 0);
    });
}
