/**
 * The conformance checker (`onetrans conformance`): drives a hospital's ORG endpoints the way the
 * portal would and reports, check by check, where they break the spec. Runs offline in a minute,
 * before joint testing instead of in it.
 *
 *   const report = await runConformance({ his: 'http://127.0.0.1:8090', certNo: '…' });
 *   report.failed === 0
 *
 * It pays real bills of the given patient (one 自费 settlement, cancelled again when ORG_005 is
 * offered, and one more for the timeout check): point it at a test HIS, never production.
 */
import { CHECKS } from './conformance-catalogue.js';
import { runChecks } from './conformance-checks.js';
import { CheckContext, type CheckResult, type ConformanceOptions, type ConformanceReport } from './conformance-context.js';

export type { CheckLevel, CheckResult, CheckStatus, ConformanceOptions, ConformanceReport } from './conformance-context.js';
export { CHECKS, type CheckInfo } from './conformance-catalogue.js';

export async function runConformance(o: ConformanceOptions): Promise<ConformanceReport> {
  const ctx = new CheckContext(o);
  await runChecks(ctx);
  // Every selected check appears once, in the catalogue's order, with its level and its source.
  const byId = new Map(ctx.results.map((r) => [r.id, r]));
  const checks: CheckResult[] = CHECKS.filter((c) => ctx.wanted(c.id)).map((c) => {
    const r = byId.get(c.id) ?? { id: c.id, status: 'skip' as const, why: 'not reached' };
    // A finding of an advice-level check is a warning, never a failure.
    const status = r.status === 'fail' && c.level === 'warn' ? 'warn' : r.status;
    return { id: c.id, interface: c.id.slice(0, 7), level: c.level, status, why: `${r.why} — spec ${c.source}`, source: c.source };
  });
  const count = (s: string) => checks.filter((c) => c.status === s).length;
  return { checks, passed: count('pass'), warned: count('warn'), failed: count('fail') };
}

/** The table `onetrans conformance` prints. */
export function formatReport(r: ConformanceReport): string[] {
  const w = Math.max(...r.checks.map((c) => c.id.length), 5);
  const lines = [`${'check'.padEnd(w)}  interface  level  status  why`];
  for (const c of r.checks) lines.push(`${c.id.padEnd(w)}  ${c.interface.padEnd(9)}  ${c.level.padEnd(5)}  ${c.status.padEnd(6)}  ${c.why}`);
  const skipped = r.checks.length - r.passed - r.warned - r.failed;
  lines.push('', `${r.passed} passed, ${r.warned} warned, ${r.failed} failed, ${skipped} skipped`);
  return lines;
}
