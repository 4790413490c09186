/**
 * `onetrans conformance`: the checker against a hospital's ORG endpoints (a thin wrapper over
 * runConformance in src/hospital/conformance.ts). Exit 0 when no check failed (warnings allowed), 1 when
 * one did; 2 for bad options.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { collectHeader, hisUrl } from './org-options.js';
import { formatReport, runConformance } from '../hospital/conformance.js';
import { CHECKS } from '../hospital/conformance-catalogue.js';

export interface ConformanceCommandIo {
  out?: (line: string) => void;
  exit?: (code: number) => void;
}

const positive = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) === 0) throw new InvalidArgumentError(`${name} 须为正整数 / ${name} must be a positive integer`);
  return Number(v);
};

function parseOnly(v: string): string[] {
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  items.forEach((it, i) => {
    const known = /^ORG_00[1-9]$/i.test(it) || CHECKS.some((c) => c.id === it);
    // Named by its place in the list, not quoted (messages never quote input text).
    if (!known) throw new InvalidArgumentError(`第 ${i + 1} 项不是已知的检查项（可用接口编号 ORG_001…ORG_009 或检查编号） / item ${i + 1} is not a known check: use ORG_001…ORG_009 or a check id`);
  });
  return items;
}

export function registerConformanceCommand(program: Command, io: ConformanceCommandIo = {}): Command {
  const out = io.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const exit = io.exit ?? ((c: number) => process.exit(c));
  return program
    .command('conformance')
    .description('Check a hospital’s ORG_001..009 endpoints against the spec, the way the portal calls them (联调前自测)')
    .requiredOption('--his <url>', 'the hospital’s base URL (a TEST system: the checker settles and cancels real bills)', hisUrl)
    .option('--header <name:value>', 'an HTTP header sent on every ORG call (repeatable), e.g. X-Tenant:H3201', collectHeader)
    .requiredOption('--cert-no <id>', 'a test patient’s ID number with at least two unsettled bills')
    .option('--mdtrt-cert-type <type>', '就诊凭证类型', '02')
    .option('--mdtrt-cert-no <no>', '就诊凭证编号 (default: --cert-no)')
    .option('--org-code <code>', 'the hospital’s org_code', 'H323498799997')
    .option('--only <ids>', 'comma-separated interface or check ids, e.g. ORG_003,ORG_004.agrees', parseOnly)
    .addOption(new Option('--mode <mode>', 'warn: the spec’s own leniencies pass; strict: every deviation fails').choices(['warn', 'strict']).default('warn'))
    .option('--timeout <ms>', 'deadline of each call', positive('--timeout'), 10_000)
    .option('--json', 'print {"checks":[{id,interface,level,status,why,source}],"passed":N,"warned":N,"failed":N}')
    .addHelpText('after', `\nChecks (level fail: the spec states the rule; warn: advice):\n${CHECKS.map((c) => `  ${c.id.padEnd(28)} ${c.level.padEnd(4)} ${c.what}`).join('\n')}\n\nExit code: 0 when nothing failed (warnings allowed), 1 when a check failed, 2 for bad options.`)
    .action(async (o: Record<string, any>) => {
      const report = await runConformance({
        his: o.his, headers: o.header, certNo: o.certNo, mdtrtCertType: o.mdtrtCertType, mdtrtCertNo: o.mdtrtCertNo, orgCode: o.orgCode,
        only: o.only, mode: o.mode, timeoutMs: o.timeout,
      });
      if (o.json) out(JSON.stringify(report, null, 2));
      else formatReport(report).forEach((l) => out(l));
      exit(report.failed === 0 ? 0 : 1);
    });
}
