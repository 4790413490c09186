// TypeScript shapes of ORG_001..009, computed from the tables themselves (org-00N.ts are
// `as const`), so that a shape cannot drift from its table: a handler that answers with a
// misspelt field, a value outside a dictionary or a String where a list belongs does not
// compile. test/spec/org-types.test.ts pins a few shapes field by field.
//
// - String → string, or the union of its dictionary values; Integer → number; JSONString →
//   string; List<JSONObject> → an array of the nested table's shape.
// - Requests (what the portal sends): a Y row is required, except the rows the portal's own
//   examples leave out (org-leniency.ts), which a handler must expect to be missing.
// - Responses (what a handler answers): every Y row is required, nested lists included.
//   ret_code and ret_msg may be left to the toolkit, which fills in "00" / "成功".
import type { ORG_WARN_MODE_EXCEPTIONS } from './org-leniency.js';
import type { QUERY_ACCOUNT_REQUEST, QUERY_ACCOUNT_RESPONSE } from './org-001.js';
import type { QUERY_UNSETTLE_LIST_REQUEST, QUERY_UNSETTLE_LIST_RESPONSE } from './org-002.js';
import type { RECHARGE_SETTLE_REQUEST, RECHARGE_SETTLE_RESPONSE } from './org-003.js';
import type { QUERY_SETTLE_RESULT_REQUEST, QUERY_SETTLE_RESULT_RESPONSE } from './org-004.js';
import type { CANCEL_RECHARGE_SETTLE_REQUEST, CANCEL_RECHARGE_SETTLE_RESPONSE } from './org-005.js';
import type { QUERY_ORG_TIPS_REQUEST, QUERY_ORG_TIPS_RESPONSE } from './org-006.js';
import type { ORG_PREORDER_REQUEST, ORG_PREORDER_RESPONSE } from './org-007.js';
import type { ORG_HS_TRADE_FILE_REQUEST, ORG_HS_TRADE_FILE_RESPONSE } from './org-008.js';
import type { ORG_HS_TRADE_REVOKE_REQUEST, ORG_HS_TRADE_REVOKE_RESPONSE } from './org-009.js';
import type { EnumValue } from './types.js';

/** A table row as the type system sees it. */
interface Row {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly enum?: readonly EnumValue[];
  readonly items?: readonly Row[];
}

/** Flattens an intersection so editors show one plain object. */
type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ValueOf<R extends Row, Lenient extends string, Path extends string> = R['type'] extends 'List<JSONObject>'
  ? R['items'] extends readonly Row[]
    ? Shape<R['items'], Lenient, `${Path}${R['name']}.`>[]
    : Record<string, unknown>[]
  : R['type'] extends 'Integer'
    ? number
    : R['enum'] extends readonly EnumValue[]
      ? R['enum'][number]['value']
      : string;

type RequiredNames<T extends readonly Row[], Lenient extends string, Path extends string> = {
  [I in keyof T]: T[I] extends Row
    ? T[I]['required'] extends true
      ? `${Path}${T[I]['name']}` extends Lenient
        ? never
        : T[I]['name']
      : never
    : never;
}[number];

/** The object shape of a table. `Lenient`: dotted paths of Y rows that may be missing. */
export type Shape<T extends readonly Row[], Lenient extends string = never, Path extends string = ''> = Simplify<
  { [R in T[number] as R['name'] extends RequiredNames<T, Lenient, Path> ? R['name'] : never]: ValueOf<R, Lenient, Path> } & {
    [R in T[number] as R['name'] extends RequiredNames<T, Lenient, Path> ? never : R['name']]?: ValueOf<R, Lenient, Path>;
  }
>;

/** Y rows of a request that leniency.ts lets the portal leave out. */
type LenientRequest<Id extends string> = Extract<
  (typeof ORG_WARN_MODE_EXCEPTIONS)[number],
  { interfaceId: Id; direction: 'request'; check: 'required' }
>['field'];

type Request<T extends readonly Row[], Id extends string> = Shape<T, LenientRequest<Id>>;

/** ORG_001 查询账户信息 `/queryAccount`. */
export type QueryAccountRequest = Request<typeof QUERY_ACCOUNT_REQUEST, 'ORG_001'>;
export type QueryAccountResponse = Shape<typeof QUERY_ACCOUNT_RESPONSE>;
/** ORG_002 查询费用列表 `/queryUnsettleList`. */
export type QueryUnsettleListRequest = Request<typeof QUERY_UNSETTLE_LIST_REQUEST, 'ORG_002'>;
export type QueryUnsettleListResponse = Shape<typeof QUERY_UNSETTLE_LIST_RESPONSE>;
/** One bill of ORG_002's unsettlelist. */
export type UnsettleBill = NonNullable<QueryUnsettleListResponse['unsettlelist']>[number];
/** One diagnosis (diaglist) and one prescription line (rxlist) of a bill. */
export type UnsettleDiagnosis = NonNullable<UnsettleBill['diaglist']>[number];
export type UnsettleRxItem = UnsettleBill['rxlist'][number];
/** ORG_003 机构结算确认 `/rechargeSettle`. */
export type RechargeSettleRequest = Request<typeof RECHARGE_SETTLE_REQUEST, 'ORG_003'>;
export type RechargeSettleResponse = Shape<typeof RECHARGE_SETTLE_RESPONSE>;
/** ORG_004 查询结算结果 `/querySettleResult`. */
export type QuerySettleResultRequest = Request<typeof QUERY_SETTLE_RESULT_REQUEST, 'ORG_004'>;
export type QuerySettleResultResponse = Shape<typeof QUERY_SETTLE_RESULT_RESPONSE>;
/** ORG_005 线上结算撤销 `/cancelRechargeSettle` (optional). */
export type CancelRechargeSettleRequest = Request<typeof CANCEL_RECHARGE_SETTLE_REQUEST, 'ORG_005'>;
export type CancelRechargeSettleResponse = Shape<typeof CANCEL_RECHARGE_SETTLE_RESPONSE>;
/** ORG_006 查询机构提醒 `/queryOrgTips` (optional). */
export type QueryOrgTipsRequest = Request<typeof QUERY_ORG_TIPS_REQUEST, 'ORG_006'>;
export type QueryOrgTipsResponse = Shape<typeof QUERY_ORG_TIPS_RESPONSE>;
/** ORG_007 机构预下订单 `/orgPreorder` (optional). */
export type OrgPreorderRequest = Request<typeof ORG_PREORDER_REQUEST, 'ORG_007'>;
export type OrgPreorderResponse = Shape<typeof ORG_PREORDER_RESPONSE>;
/** ORG_008 医保对账获取 `/orgHsTradeFile` (optional). */
export type OrgHsTradeFileRequest = Request<typeof ORG_HS_TRADE_FILE_REQUEST, 'ORG_008'>;
export type OrgHsTradeFileResponse = Shape<typeof ORG_HS_TRADE_FILE_RESPONSE>;
/** ORG_009 医保异账撤销 (default `/orgHsTradeRevoke`; optional). */
export type OrgHsTradeRevokeRequest = Request<typeof ORG_HS_TRADE_REVOKE_REQUEST, 'ORG_009'>;
export type OrgHsTradeRevokeResponse = Shape<typeof ORG_HS_TRADE_REVOKE_RESPONSE>;

/** Requests and responses by interface id. */
export interface OrgRequests {
  ORG_001: QueryAccountRequest;
  ORG_002: QueryUnsettleListRequest;
  ORG_003: RechargeSettleRequest;
  ORG_004: QuerySettleResultRequest;
  ORG_005: CancelRechargeSettleRequest;
  ORG_006: QueryOrgTipsRequest;
  ORG_007: OrgPreorderRequest;
  ORG_008: OrgHsTradeFileRequest;
  ORG_009: OrgHsTradeRevokeRequest;
}
export interface OrgResponses {
  ORG_001: QueryAccountResponse;
  ORG_002: QueryUnsettleListResponse;
  ORG_003: RechargeSettleResponse;
  ORG_004: QuerySettleResultResponse;
  ORG_005: CancelRechargeSettleResponse;
  ORG_006: QueryOrgTipsResponse;
  ORG_007: OrgPreorderResponse;
  ORG_008: OrgHsTradeFileResponse;
  ORG_009: OrgHsTradeRevokeResponse;
}

/**
 * What a handler returns: the response, with ret_code and ret_msg optional (the toolkit
 * answers "00" / "成功" when they are left out). A handler reports a failure by throwing.
 */
export type OrgAnswer<T> = Simplify<Omit<T, 'ret_code' | 'ret_msg'> & Partial<Pick<T, Extract<keyof T, 'ret_code' | 'ret_msg'>>>>;
