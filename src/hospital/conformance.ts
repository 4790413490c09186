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
import { maskText } from '../core/mask.js';
import { postOrg, orgUrl, type OrgCallOutcome } from '../portal/cashier-http.js';
import type { OrgMethod } from '../portal/cashier.js';
import { validate, type ValidationMode } from '../spec/index.js';
import { CHECKS, runChecks } from './conformance-checks.js';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  interface: string;
  status: CheckStatus;
  why: string;
}

/** Exactly what `--json` prints. */
export interface ConformanceReport {
  checks: CheckResult[];
  passed: number;
  failed: number;
}

export interface ConformanceOptions {
  /** The hospital's base URL. */
  his: string;
  certNo: string;
  mdtrtCertType?: string;
  mdtrtCertNo?: string;
  orgCode?: string;
  /** Check ids ('ORG_003.idempotent') or interface ids ('ORG_003') to report; default all. */
  only?: readonly string[];
  /** Deadline of each call (ms, default 10000). */
  timeoutMs?: number;
  /** ORG_004 polling after the abandoned ORG_003: tries (default 20) and interval (default 250 ms). */
  queryTries?: number;
  queryIntervalMs?: number;
  /** 'warn' (default: the spec's own leniencies are warnings) or 'strict' (every deviation fails). */
  mode?: Exclude<ValidationMode, 'off'>;
  /** Suffix overrides, as deployments differ. */
  paths?: Partial<Record<OrgMethod, string>>;
}

type Json = Record<string, unknown>;

/** What each check body gets: calls, validation, and the results it records. */
export class CheckContext {
  readonly results: CheckResult[] = [];
  readonly org_code: string;
  readonly who: { mdtrt_cert_type: string; mdtrt_cert_no: string; cert_no: string };
  readonly offered = new Map<OrgMethod, boolean>();

  constructor(readonly o: ConformanceOptions) {
    this.org_code = o.orgCode ?? 'H323498799997';
    this.who = { mdtrt_cert_type: o.mdtrtCertType ?? '02', mdtrt_cert_no: o.mdtrtCertNo ?? o.certNo, cert_no: o.certNo };
  }

  get base(): Json {
    return { operator_id: 'amp', operator_name: 'amp', term_no: 'amp', org_code: this.org_code, sub_org_code: '' };
  }

  wanted(id: string): boolean {
    const only = this.o.only;
    if (!only?.length) return true;
    return only.some((x) => x === id || x.toUpperCase() === id.slice(0, 7));
  }

  post(method: OrgMethod, body: unknown, opts: { giveUpAfterSentMs?: number } = {}): Promise<OrgCallOutcome> {
    return postOrg(orgUrl(this.o.his, this.o.paths?.[method] ?? `/${method}`), body, this.o.timeoutMs ?? 10_000, opts);
  }

  /** Records a result (only for selected checks); `why` is masked. */
  record(id: string, status: CheckStatus, why: string): void {
    if (!this.wanted(id)) return;
    this.results.push({ id, interface: id.slice(0, 7), status, why: maskText(why) });
  }

  /**
   * An answer checked against the response table: '' when it conforms (warnings are named
   * but do not fail in warn mode), else why not.
   */
  conforms(interfaceId: string, r: OrgCallOutcome, request: Json): { ok: boolean; why: string; body?: Json } {
    const seen = describe(r);
    if (r.kind !== 'answer') return { ok: false, why: seen };
    const v = validate(interfaceId, r.body, this.o.mode ?? 'warn', 'response', { request });
    const errors = v.issues.filter((i) => i.severity === 'error');
    const warnings = v.issues.filter((i) => i.severity === 'warning');
    if (errors.length) return { ok: false, why: errors.slice(0, 3).map((i) => i.message).join('; ') + (errors.length > 3 ? ` (+${errors.length - 3} more)` : ''), body: r.body };
    return { ok: true, why: warnings.length ? `${warnings.length} warning(s): ${warnings[0]!.message}` : '', body: r.body };
  }
}

/** One line for what came back: status, ret_code, result. */
export function describe(r: OrgCallOutcome): string {
  switch (r.kind) {
    case 'answer':
      return `HTTP 200 ret_code=${JSON.stringify(r.body.ret_code)}${r.body.result !== undefined ? ` result=${JSON.stringify(r.body.result)}` : ''}`;
    case 'http':
      return `HTTP ${r.status}, not a JSON object answer`;
    case 'timeout':
      return `no answer within ${r.ms} ms`;
    case 'network':
      return `network error (${r.message})`;
  }
}

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
