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
import { CHECKS, runChecks } from './conformance-checks.js';
import { CheckContext, type ConformanceOptions, type ConformanceReport } from './conformance-context.js';

export type { CheckResult, CheckStatus, ConformanceOptions, ConformanceReport } from './conformance-context.js';

export async function runConformance(o: ConformanceOptions): Promise<ConformanceReport> {
  const ctx = new CheckContext(o);
  await runChecks(ctx);
  // Every selected check appears once, in the catalogue's order.
  const byId = new Map(ctx.results.map((r) => [r.id, r]));
  const checks = CHECKS.filter((c) => ctx.wanted(c.id)).map((c) => byId.get(c.id) ?? { id: c.id, interface: c.id.slice(0, 7), status: 'skip' as const, why: 'not reached' });
  return { checks, passed: checks.filter((c) => c.status === 'pass').length, failed: checks.filter((c) => c.status === 'fail').length };
}

/** The table `onetrans conformance` prints. */
export function formatReport(r: ConformanceReport): string[] {
  const w = Math.max(...r.checks.map((c) => c.id.length), 5);
  const lines = [`${'check'.padEnd(w)}  interface  status  why`];
  for (const c of r.checks) lines.push(`${c.id.padEnd(w)}  ${c.interface.padEnd(9)}  ${c.status.padEnd(6)}  ${c.why}`);
  const skipped = r.checks.length - r.passed - r.failed;
  lines.push('', `${r.passed} passed, ${r.failed} failed, ${skipped} skipped`);
  return lines;
}
