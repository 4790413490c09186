/**
 * What happens when a call fails: retried, reported as outcome unknown, or passed on. The
 * rules are data on the interface spec (`policy`, src/spec/types.ts); this is the one reader.
 * POST is never retried when that could repeat something (undici's rule): only a request that
 * provably never left, or an idempotent read whose answer was lost.
 */
import { AmpConnectionError, AmpOutcomeUnknownError, type AmpError } from '../core/errors.js';
import type { InterfaceSpec } from '../spec/index.js';

/** True when `err`, on attempt `attempt` of `attempts`, may be retried with a fresh envelope. */
export function shouldRetry(spec: InterfaceSpec | undefined, err: unknown, attempt: number, attempts: number): boolean {
  if (attempt >= attempts || !(err instanceof AmpConnectionError)) return false;
  if (!err.requestSent) return true;
  // A deadline or a lost answer: only a read may go again. 000003 (maintenance) is not retried.
  return spec?.policy?.idempotent === true && err.code === '000100';
}

/**
 * The error to report for a failure that will not be retried: for an interface whose lost answer
 * leaves the outcome unknown (a refund), an AmpOutcomeUnknownError once the request may have left.
 */
export function finalError(spec: InterfaceSpec | undefined, err: AmpError, params: Record<string, unknown>): AmpError {
  const unknown = spec?.policy?.outcomeUnknown;
  if (unknown && err instanceof AmpConnectionError && err.requestSent) {
    return new AmpOutcomeUnknownError(String(params[unknown.key] ?? ''), err);
  }
  return err;
}
