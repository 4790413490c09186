/**
 * Fault injection for tests of clients: the next `count` calls of an interface misbehave.
 * - stall: the request is read and never answered (until the simulator closes);
 * - http503 / http500: that HTTP status with a plain-text body, nothing processed;
 * - notJson: HTTP 200 with an HTML body, nothing processed;
 * - badSignature / badEncData: the call is processed (a refund does happen) and the success
 *   answer is damaged — the case where a client cannot know the outcome and must query.
 */
import { AmpConfigError } from '../core/errors.js';
import { AMP_SUFFIXES, resolveCall } from '../spec/registry.js';
import { FAULT_MODES, type FaultMode } from './config.js';

export interface Fault {
  id: number;
  /** '/refund' …, or '*' for every interface. */
  suffix: string;
  mode: FaultMode;
  /** Calls still to be hit. */
  remaining: number;
}

/** The interfaces a fault may name (the spec registry's one list). */
export const SUFFIXES = AMP_SUFFIXES;

/** '/refund', 'refund', '/api/amp/hos/refund' → '/refund'; '*' / absent → '*'. */
export function normaliseSuffix(s: unknown): string | undefined {
  if (s === undefined || s === null || s === '' || s === '*') return '*';
  if (typeof s !== 'string') return undefined;
  return resolveCall(s).spec?.suffix;
}

export class FaultTable {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Throws an AmpConfigError (000105) naming what is wrong. */
  add(spec: { suffix?: unknown; mode?: unknown; count?: unknown }): Fault {
    const suffix = normaliseSuffix(spec.suffix);
    const problems: string[] = [];
    if (!suffix) problems.push(`suffix 须为 ${SUFFIXES.join('/')} 或 * / suffix must be one of ${SUFFIXES.join(', ')} or *`);
    if (!FAULT_MODES.includes(spec.mode as FaultMode)) problems.push(`mode 须为 ${FAULT_MODES.join('/')} / mode must be one of ${FAULT_MODES.join(', ')}`);
    const count = spec.count === undefined ? 1 : spec.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) problems.push('count 须为正整数 / count must be a positive integer');
    if (problems.length) throw new AmpConfigError('故障注入参数无效', 'invalid fault', problems);
    const fault: Fault = { id: this.nextId++, suffix: suffix!, mode: spec.mode as FaultMode, remaining: count as number };
    this.faults.push(fault);
    return fault;
  }

  /** The fault that applies to this call, if any (oldest first), counted down. */
  take(suffix: string): FaultMode | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (x.suffix === '*' || x.suffix === suffix));
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining === 0) this.faults = this.faults.filter((x) => x !== f);
    return f.mode;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
