// The handler and option types of the hospital toolkit. One async function per ORG interface;
// request and answer shapes come from the spec tables (src/spec/org-types.ts).
import type { IncomingMessage } from 'node:http';
import type {
  InterfaceSpec,
  OrgAnswer,
  OrgInterfaceId,
  OrgRequests,
  OrgResponses,
  ValidationIssue,
  ValidationMode,
} from '../spec/index.js';
import type { HospitalMethod } from './interfaces.js';
import type { KeyedLock } from './keyed-lock.js';

/** What a handler gets besides the request. */
export interface HospitalCallContext {
  readonly interfaceId: OrgInterfaceId;
  readonly spec: InterfaceSpec;
  /** The path the call came in on. */
  readonly path: string;
  /** Deviations of the request that warn mode let through (already logged). */
  readonly issues: readonly ValidationIssue[];
  /** The raw HTTP request (headers, remote address); its body is already read. */
  readonly httpRequest: IncomingMessage;
  /**
   * Runs `fn` after every earlier call with the same key (an account, a patient) has finished,
   * across all interfaces of this handler: check a balance and debit it inside one call, never
   * check here and debit after an await outside it. One lock per createHospitalHandler; code
   * outside the handlers that moves the same balance shares a createKeyedLock() instead.
   */
  readonly withAccountLock: KeyedLock;
}

type Handler<Id extends OrgInterfaceId> = (
  request: OrgRequests[Id],
  context: HospitalCallContext,
) => Promise<OrgAnswer<OrgResponses[Id]>> | OrgAnswer<OrgResponses[Id]>;

/**
 * The nine endpoints. ORG_001..004 are required by the spec; ORG_005..009 are "[可选]": leave
 * one out and its path answers HTTP 404 with ret_code 01 "本机构未提供该接口", which is what the
 * portal sees from a hospital that does not offer it.
 *
 * A handler returns the business answer (ret_code/ret_msg may be left out: "00"/"成功" are
 * filled in) or throws: OrgFailureAnswer for a stated failure, OrgOutcomeUnknownAnswer when it
 * does not know whether its work happened, anything else for "01 请求失败".
 */
export interface HospitalHandlers {
  /** ORG_001 查询账户信息 `/queryAccount`. */
  queryAccount: Handler<'ORG_001'>;
  /** ORG_002 查询费用列表 `/queryUnsettleList`: never list a bill already settled. */
  queryUnsettleList: Handler<'ORG_002'>;
  /** ORG_003 机构结算确认 `/rechargeSettle`: idempotent per org_trace_no; `fail` only when certainly not settled. */
  rechargeSettle: Handler<'ORG_003'>;
  /** ORG_004 查询结算结果 `/querySettleResult`: the truth, `exp` while in progress or unknown. */
  querySettleResult: Handler<'ORG_004'>;
  /** ORG_005 线上结算撤销 `/cancelRechargeSettle` (optional): reverses one settlement once. */
  cancelRechargeSettle?: Handler<'ORG_005'>;
  /** ORG_006 查询机构提醒 `/queryOrgTips` (optional). */
  queryOrgTips?: Handler<'ORG_006'>;
  /** ORG_007 机构预下订单 `/orgPreorder` (optional): records the pre-settlement ORG_003 must match. */
  orgPreorder?: Handler<'ORG_007'>;
  /** ORG_008 医保对账获取 `/orgHsTradeFile` (optional). */
  orgHsTradeFile?: Handler<'ORG_008'>;
  /** ORG_009 医保异账撤销, default `/orgHsTradeRevoke` (optional; the spec repeats ORG_008's path). */
  orgHsTradeRevoke?: Handler<'ORG_009'>;
}

/** One line of the call log, as data. Values are masked; no request body is kept. */
export interface HospitalCallRecord {
  /** yyyy-MM-dd HH:mm:ss in China Standard Time. */
  readonly time: string;
  /** 'ORG_003', or '' when the path is none of the nine. */
  readonly interfaceId: OrgInterfaceId | '';
  readonly path: string;
  readonly orgTraceNo?: string;
  readonly durationMs: number;
  readonly httpStatus: number;
  readonly retCode: string;
  readonly result?: string;
  /** The answer's ret_msg for a failure (masked). */
  readonly retMsg?: string;
  /** Request deviations as field:rule (no values). */
  readonly requestIssues: readonly string[];
  /** Answer deviations as field:rule (no values). */
  readonly responseIssues: readonly string[];
  /** Why the toolkit answered instead of the handler: 'handlerError' | 'badAnswer' | 'timeout' … */
  readonly outcome: 'ok' | 'badRequest' | 'notProvided' | 'notFound' | 'methodNotAllowed' | 'handlerError' | 'badAnswer' | 'timeout';
  /** For a handler that threw: its message (masked). */
  readonly error?: string;
}

export interface HospitalHandlerOptions {
  /** Prefix of every path, e.g. '/his/amp' ('' by default: the spec's suffixes at the root). */
  readonly basePath?: string;
  /**
   * Per-interface suffix, by handler name or interface id: `{ orgHsTradeRevoke: '/hsRevoke' }`.
   * Defaults are the spec's (ORG_009: '/orgHsTradeRevoke').
   */
  readonly paths?: Readonly<Partial<Record<HospitalMethod | OrgInterfaceId, string>>>;
  /** Checks of requests and answers against the spec tables: 'warn' (default), 'strict' or 'off'. */
  readonly validation?: ValidationMode;
  /** Overrides `validation` for the portal's requests. */
  readonly requestValidation?: ValidationMode;
  /** Overrides `validation` for the handlers' answers ('strict' holds back a non-conforming answer). */
  readonly responseValidation?: ValidationMode;
  /** Largest request body read, in bytes (default 1 MiB). A larger one is answered ret_code 02. */
  readonly maxBodyBytes?: number;
  /**
   * Gives up waiting for a handler after this many ms (default: wait as long as it takes). An
   * interface that changes the books is then answered 99 / exp, the others 01; the handler keeps
   * running and its eventual result is what ORG_004 should report.
   */
  readonly handlerTimeoutMs?: number;
  /**
   * Runs ORG_003/005/007 calls with the same org_trace_no one after another (default true), so
   * that a portal retry arriving while the first call still runs sees its outcome.
   */
  readonly serializeByTrace?: boolean;
  /**
   * Receives one record and its formatted line per call. Default: the line goes to stderr.
   * `false` turns the log off.
   */
  readonly log?: false | ((line: string, record: HospitalCallRecord) => void);
}
