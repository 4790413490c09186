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
import { describeError, exitCodeFor } from './bill.js';
import { addClientOptions, clientOptionsFrom, flagOrEnv, formatProblems, type ClientFlagValues, type Problem } from './credentials.js';
import { loadDayConfig, resolveDay, runDay } from './reconcile-day.js';

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

async function runDayCommand(
  o: { platform?: string; his?: string; date?: string; config?: string; orgSecret?: unknown; orgCode?: unknown } & ClientFlagValues,
  io: { out: (s: string) => void; err: (s: string) => void; exit: (c: number) => void; env: NodeJS.ProcessEnv },
): Promise<void> {
  const problems: Problem[] = [];
  const orgSecret = flagOrEnv(o.orgSecret, io.env, 'ONETRANS_ORG_SECRET');
  const options = clientOptionsFrom(o, {
    env: io.env,
    problems,
    alsoRequired: [
      { flag: '--date', present: typeof o.date === 'string', zh: '账单日期 yyyy-MM-dd 或 yesterday', en: 'the day, yyyy-MM-dd or yesterday' },
      { flag: '--config', present: typeof o.config === 'string', zh: '对账配置文件', en: 'the reconcile config file' },
      { flag: '--org-secret（或 ONETRANS_ORG_SECRET）', present: orgSecret !== undefined, zh: '机构获取对账文件秘钥', en: 'the orgSecret for trade files' },
    ],
  });
  const date = typeof o.date === 'string' ? resolveDay(o.date) : undefined;
  if (typeof o.date === 'string' && !date) problems.push({ zh: '--date 须为 yyyy-MM-dd 的真实日期或 yesterday', en: '--date must be a real yyyy-MM-dd or yesterday' });
  if (o.platform || o.his) problems.push({ zh: '--date 与 --platform/--his 不能同用（HIS 导出在配置文件中给出）', en: '--date does not take --platform/--his (the config names the exports)' });
  if (problems.length) {
    io.err(formatProblems('reconcile', problems));
    return io.exit(2);
  }
  let cfg;
  try {
    cfg = await loadDayConfig(o.config!);
  } catch (e) {
    io.err(`onetrans reconcile: ${describeError(e)}`);
    return io.exit(2);
  }
  try {
    const r = await runDay(date!, cfg, options, { orgSecret: orgSecret!, orgCode: flagOrEnv(o.orgCode, io.env, 'ONETRANS_ORG_CODE') ?? options.orgId });
    io.out(text(r.result));
    io.out(`已写入 / written: ${r.folder}（${r.files.join('、')}）`);
    io.exit(r.result.differences.length ? 1 : 0);
  } catch (e) {
    io.err(`onetrans reconcile: ${describeError(e)}`);
    io.exit(exitCodeFor(e));
  }
}

export function registerReconcileCommand(program: Command, io: ReconcileCommandIo & { env?: NodeJS.ProcessEnv } = {}): Command {
  const out = io.out ?? ((s) => process.stdout.write(s + '\n'));
  const err = io.err ?? ((s) => process.stderr.write(s + '\n'));
  const exit = io.exit ?? ((c) => process.exit(c));
  const cmd = program.command('reconcile');
  addClientOptions(cmd);
  return cmd
    .description('门户对账文件、HIS记录与医保记录三方对账 / reconcile the trade file with the HIS and insurance records')
    .option('--platform <file>', '门户对账文件 .zip 或 .csv / the portal trade file (.zip | .csv)')
    .option('--his <file>', 'HIS记录 JSON 或 CSV（ORG_003 字段名） / HIS records, JSON or CSV (ORG_003 names)')
    .option('--insurance <file>', '医保记录 JSON 或 CSV（ORG_008 billdetail 字段名） / insurance records (ORG_008 billdetail names)')
    .option('--map <file>', '列名映射 JSON：{"his": {"原列名": "amp_trace_id"}, "insurance": {…}} / column renames')
    .option('--json', '以 JSON 输出 / print JSON')
    .option('--csv <file>', '差异明细写入 CSV / write the differences as CSV')
    .option('--html <file>', '生成 HTML 报告 / write the HTML report')
    .option('--date <day>', '一天一条命令：yyyy-MM-dd 或 yesterday，下载该日对账文件并按 --config 对账 / the day in one command: yyyy-MM-dd or yesterday')
    .option('--config <file.json>', '--date 用的配置：HIS/医保导出路径（可含 {date}）、输出目录 / config for --date: exports (may hold {date}), output folder')
    .option('--org-code <code>', '--date：机构编号（环境变量 ONETRANS_ORG_CODE，默认同 orgId） / --date: orgCode')
    .option('--org-secret <secret>', '--date：机构获取对账文件秘钥，建议用环境变量 ONETRANS_ORG_SECRET / --date: orgSecret; prefer env ONETRANS_ORG_SECRET')
    .addHelpText('after', '\n退出码 / exit code: 0 全部一致 / all matched, 1 有差异或门户失败、当日文件尚不可用 / differences, portal failure, file not available yet, 2 输入有误 / bad input')
    .action(async (o: { platform?: string; his?: string; insurance?: string; map?: string; json?: boolean; csv?: string; html?: string; date?: string; config?: string } & ClientFlagValues & Record<string, unknown>) => {
      if (o.date !== undefined || o.config !== undefined) return runDayCommand(o, { out, err, exit, env: io.env ?? process.env });
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
