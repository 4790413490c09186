/**
 * Which class a transaction falls in, from what each source holds — the rules finance relies on,
 * kept apart from the reading and matching so they can be read (and tested) on their own.
 *
 * Presence comes first: the HIS and the platform should hold every transaction, the insurance
 * centre (when its records are given) every transaction with an insurance part (个人账户 or 统筹
 * above 0) and no others. A transaction absent from a source that should hold it is never
 * `matched`, whatever the other sources say:
 * - held by one source only: onlyPlatform / onlyHis / onlyInsurance;
 * - held by two, the third should hold it too: missingHis / missingPlatform / missingInsurance;
 * - held by all three although self-paid (the insurance centre should not have it): unexpectedInsurance.
 *   A self-paid transaction held by the insurance centre and only one of HIS / platform is
 *   classed by the missing source (missingHis / missingPlatform) and lists insurance as unexpected.
 * Where every source that should hold it does: overRefunded (refunds above the trade), then
 * statusDiffers, then amountDiffers, else matched.
 */
import type { ResultClass, SideStatus, Source } from './reconcile-types.js';

export interface Presence {
  platform: boolean;
  his: boolean;
  insurance: boolean;
}

export interface PresenceVerdict {
  /** The class decided by presence alone; undefined: every expected source holds it, compare. */
  cls?: ResultClass;
  /** Sources that should hold the transaction and do not. */
  missing: Source[];
  /** Sources that hold it and should not (only the insurance centre, for a self-paid trade). */
  unexpected: Source[];
}

const ONLY: Record<Source, ResultClass> = { platform: 'onlyPlatform', his: 'onlyHis', insurance: 'onlyInsurance' };
const MISSING: Record<Source, ResultClass> = { platform: 'missingPlatform', his: 'missingHis', insurance: 'missingInsurance' };

/**
 * @param insured the transaction has an insurance part in any source that holds it
 * @param insuranceGiven the insurance centre's records were given (without them nothing is expected of it)
 */
export function presenceVerdict(present: Presence, insured: boolean, insuranceGiven: boolean): PresenceVerdict {
  const expected: Source[] = insuranceGiven && insured ? ['platform', 'his', 'insurance'] : ['platform', 'his'];
  const held = (['platform', 'his', 'insurance'] as const).filter((s) => present[s]);
  const missing = expected.filter((s) => !present[s]);
  const unexpected = held.filter((s) => !expected.includes(s));
  if (held.length === 1) return { cls: ONLY[held[0]!], missing, unexpected };
  if (missing.length === 1) return { cls: MISSING[missing[0]!], missing, unexpected };
  if (unexpected.length) return { cls: 'unexpectedInsurance', missing, unexpected };
  return { missing, unexpected };
}

/**
 * Statuses agree when the platform and the HIS say the same (a cancelled settlement, 已撤销, is
 * not a refund, 已退款: REVOKED rows against HIS `cancelled`, REFUND rows against `refunded`), and
 * the insurance centre's refund flag agrees with whether the money went back (its records do not
 * tell a cancellation from a refund).
 */
export function statusesAgree(st: Partial<Record<Source, SideStatus>>): boolean {
  if (st.platform && st.his && st.platform !== st.his) return false;
  if (st.insurance) {
    const back = st.insurance !== 'paid';
    for (const s of [st.platform, st.his]) if (s && (s !== 'paid') !== back) return false;
  }
  return true;
}

/** The platform's status of a transaction from its refund rows: none paid, all REVOKED cancelled, else refunded. */
export function platformStatus(refundRows: number, revokedRows: number): SideStatus {
  if (refundRows === 0) return 'paid';
  return revokedRows === refundRows ? 'cancelled' : 'refunded';
}
