/**
 * What the conformance checks share: the options, the results, and the context each check body
 * gets (calls through the one ORG client, validation against the spec tables, recording).
 */
import { maskText } from '../core/mask.js';
import { OrgClient, describeOutcome, type OrgCallOutcome } from '../org/index.js';
import { validate, type OrgMethod, type ValidationMode } from '../spec/index.js';

/**
 * How bad a finding of a check is. `fail`: the spec states the rule (required response fields
 * and types, the ret_code and result dictionaries, ORG_003 idempotency, ORG_004 telling the
 * truth …). `warn`: robustness advice the spec does not require (refusing a value outside a
 * dictionary it calls "for reference", lengths over the documented maximum …).
 */
export type CheckLevel = 'fail' | 'warn';

/** pass; warn (advice, or a deviation the spec's own examples make); fail; skip (not run). */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  interface: string;
  /** The worst this check can report: 'fail' only where the spec states the rule. */
  level: CheckLevel;
  status: CheckStatus;
  /** What was seen, ending with the spec section the check rests on. */
  why: string;
  /** That spec section ("§3.2.3 机构结算确认（ORG_003）…"). */
  source: string;
}

/** Exactly what `--json` prints. Exit code 1 when failed > 0; warnings alone exit 0. */
export interface ConformanceReport {
  checks: CheckResult[];
  passed: number;
  warned: number;
  failed: number;
}

/** What a check body records; the level and the source come from the catalogue. */
export interface RecordedResult {
  id: string;
  status: CheckStatus;
  why: string;
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
  /** Sent on every call (e.g. a tenant code the HIS's gateway needs). */
  headers?: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

/** What each check body gets: calls, validation, and the results it records. */
export class CheckContext {
  readonly results: RecordedResult[] = [];
  readonly org_code: string;
  readonly who: { mdtrt_cert_type: string; mdtrt_cert_no: string; cert_no: string };
  readonly offered = new Map<OrgMethod, boolean>();
  private readonly client: OrgClient;

  constructor(readonly o: ConformanceOptions) {
    this.client = new OrgClient({ his: o.his, headers: o.headers, paths: o.paths, timeoutMs: o.timeoutMs ?? 10_000 });
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
    return this.client.call(method, body, opts);
  }

  /** Records a result (only for selected checks); `why` is masked. */
  record(id: string, status: CheckStatus, why: string): void {
    if (!this.wanted(id)) return;
    this.results.push({ id, status, why: maskText(why) });
  }

  /**
   * An answer checked against the response table: '' when it conforms (warnings — the spec's
   * own examples' deviations, lengths over the maximum — are named but do not fail in warn
   * mode), else why not.
   */
  conforms(interfaceId: string, r: OrgCallOutcome, request: Json): { ok: boolean; why: string; warnings?: number; body?: Json } {
    const seen = describeOutcome(r);
    // No ret_code at all (a framework's own error envelope …): say so in words, not field by field.
    if (r.kind !== 'answer' || r.body.ret_code === undefined) return { ok: false, why: seen };
    const v = validate(interfaceId, r.body, this.o.mode ?? 'warn', 'response', { request });
    // The types of an answer are the spec's rule: a JSON number where the table says String is
    // lenient when the portal sends it (the Java SDK does), a failure when the HIS answers it.
    const errors = v.issues.filter((i) => i.severity === 'error' || i.rule === 'type');
    const warnings = v.issues.filter((i) => i.severity === 'warning' && i.rule !== 'type');
    if (errors.length) return { ok: false, why: errors.slice(0, 3).map((i) => i.message).join('; ') + (errors.length > 3 ? ` (+${errors.length - 3} more)` : ''), body: r.body };
    return { ok: true, why: warnings.length ? `${warnings.length} warning(s): ${warnings[0]!.message}` : '', warnings: warnings.length, body: r.body };
  }
}
