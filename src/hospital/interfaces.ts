// The nine ORG endpoints as the toolkit serves them: handler name, spec table, whether the
// spec makes it optional, and what a failure answer may claim about its outcome.
import { ORG_INTERFACE_LIST, type InterfaceSpec, type OrgInterfaceId, type OrgMethod } from '../spec/index.js';

/** A handler's name: the spec table's method name (src/spec/org-registry.ts). */
export type HospitalMethod = OrgMethod;

export interface HospitalEndpoint {
  readonly method: HospitalMethod;
  readonly id: OrgInterfaceId;
  readonly spec: InterfaceSpec;
  /**
   * The call changes the hospital's books (settle, cancel, preorder, revoke). When such a call
   * fails in a way whose effect is unknown, its answer is ret_code 99, never 01: a portal that
   * reads 01 may take the payment as not booked and act on it.
   */
  readonly changesState: boolean;
  /** The response has `result` (交易状态): an unknown outcome is answered with result "exp". */
  readonly hasResult: boolean;
}

const CHANGES_STATE: ReadonlySet<OrgInterfaceId> = new Set(['ORG_003', 'ORG_005', 'ORG_007', 'ORG_009']);

/** The endpoints in the spec's order. */
export const HOSPITAL_ENDPOINTS: readonly HospitalEndpoint[] = Object.freeze(
  ORG_INTERFACE_LIST.map((spec) =>
    Object.freeze({
      method: spec.method,
      id: spec.id as OrgInterfaceId,
      spec,
      changesState: CHANGES_STATE.has(spec.id as OrgInterfaceId),
      hasResult: spec.response.some((f) => f.name === 'result'),
    }),
  ),
);

/** The endpoint for a handler name or an interface id. */
export function endpointFor(key: string): HospitalEndpoint | undefined {
  return HOSPITAL_ENDPOINTS.find((e) => e.method === key || e.id === key);
}
