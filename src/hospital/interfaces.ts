// The nine ORG endpoints as the toolkit serves them: handler name, spec table, whether the
// spec makes it optional, and what a failure answer may claim about its outcome.
import { ORG_INTERFACES, type InterfaceSpec, type OrgInterfaceId } from '../spec/index.js';

export type HospitalMethod =
  | 'queryAccount'
  | 'queryUnsettleList'
  | 'rechargeSettle'
  | 'querySettleResult'
  | 'cancelRechargeSettle'
  | 'queryOrgTips'
  | 'orgPreorder'
  | 'orgHsTradeFile'
  | 'orgHsTradeRevoke';

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

const METHODS: Readonly<Record<OrgInterfaceId, HospitalMethod>> = {
  ORG_001: 'queryAccount',
  ORG_002: 'queryUnsettleList',
  ORG_003: 'rechargeSettle',
  ORG_004: 'querySettleResult',
  ORG_005: 'cancelRechargeSettle',
  ORG_006: 'queryOrgTips',
  ORG_007: 'orgPreorder',
  ORG_008: 'orgHsTradeFile',
  ORG_009: 'orgHsTradeRevoke',
};
const CHANGES_STATE: ReadonlySet<OrgInterfaceId> = new Set(['ORG_003', 'ORG_005', 'ORG_007', 'ORG_009']);

/** The endpoints in the spec's order. */
export const HOSPITAL_ENDPOINTS: readonly HospitalEndpoint[] = Object.freeze(
  (Object.keys(METHODS) as OrgInterfaceId[]).map((id) => {
    const spec = ORG_INTERFACES[id];
    return Object.freeze({
      method: METHODS[id],
      id,
      spec,
      changesState: CHANGES_STATE.has(id),
      hasResult: spec.response.some((f) => f.name === 'result'),
    });
  }),
);

/** The endpoint for a handler name or an interface id. */
export function endpointFor(key: string): HospitalEndpoint | undefined {
  return HOSPITAL_ENDPOINTS.find((e) => e.method === key || e.id === key);
}
