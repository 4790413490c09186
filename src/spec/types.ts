// The shape of the specification as data. Every interface table of the spec
// (indexed in docs/spec-notes.md) is written as FieldSpec rows, so that
// validators, TypeScript types, docs and the portal simulator all read one source.
// AMP_HOS_001..004 (hospital → portal) use only String fields; ORG_001..009 (portal →
// hospital) add Integer, List<JSONObject> with a nested table, and JSONString.

/** One value of a dictionary (枚举值) with its Chinese label as the spec writes it. */
export interface EnumValue {
  readonly value: string;
  readonly zh: string;
}

/**
 * How a value may be shown in logs and validation issues. The house rules forbid logging
 * secrets and require masking ID numbers, phones and patient names.
 */
import type { Sensitivity } from '../core/mask.js';

/** How a field's value is masked (defined with the masking, src/core/mask.ts). */
export type { Sensitivity };

/** One row of a 请求参数 / 响应参数 table. */
export interface FieldSpec {
  /** 参数代码, exactly as the spec writes it. */
  readonly name: string;
  /** 参数名称. */
  readonly zh: string;
  /** 参数类型 as the spec writes it. */
  readonly type: FieldType;
  /** 最大长度; null where the spec writes "--". Counted in characters (code points). */
  readonly maxLength: number | null;
  /** 必填 column: Y → true, N → false (conditional requirements are ConditionalRules). */
  readonly required: boolean;
  /** Allowed values where the 说明 column lists them. */
  readonly enum?: readonly EnumValue[];
  /** 说明 column, close to verbatim. */
  readonly note: string;
  /** Only where the spec states a format (field name, 说明 or the global rules, lines 29-36). */
  readonly format?: 'datetime' | 'date' | 'amount';
  /** Masking class for logs and issues; absent means the value may be shown. */
  readonly sensitive?: Sensitivity;
  /** For List<JSONObject>: the table every element follows (the spec's "…说明 开始/结束" block). */
  readonly items?: readonly FieldSpec[];
}

/**
 * 参数类型 of the spec. String: text (numbers are accepted as their text); Integer: a JSON
 * integer (ORG_008's paging fields); List<JSONObject>: an array of objects, each checked
 * against `items`; JSONString: a string that itself holds JSON (ORG_007 hs_ext_data).
 */
export type FieldType = 'String' | 'Integer' | 'List<JSONObject>' | 'JSONString';

/**
 * A condition on one field. An absent value (undefined, null, "") never matches. `of:
 * 'request'` reads the field from the request that a response answers (e.g. ORG_002's
 * inpatient fields depend on the request's account_type); without that request the rule is
 * not evaluated.
 */
export type RuleCondition =
  | { readonly field: string; readonly equals: string; readonly of?: 'request' }
  | { readonly field: string; readonly in: readonly string[]; readonly of?: 'request' }
  | { readonly field: string; readonly notIn: readonly string[]; readonly of?: 'request' };

export type RuleConsequence =
  | { readonly field: string; readonly required: true }
  | { readonly field: string; readonly forbidden: true };

/** A requirement written in the 说明 column, e.g. "pushType类型为HOSPITAL_PAYMENT时必填". */
export interface ConditionalRule {
  /** Stable identifier, used by the leniency policy and in issues. */
  readonly id: string;
  readonly direction: 'request' | 'response';
  /**
   * Dotted path of the List<JSONObject> whose every element the rule applies to
   * ('unsettlelist', 'unsettlelist.rxlist'); absent: the top-level object.
   */
  readonly scope?: string;
  readonly when: RuleCondition;
  readonly then: RuleConsequence;
  /** The spec text the rule comes from, with its line number. */
  readonly note: string;
}

export interface InterfaceSpec {
  /** 'AMP_HOS_001' */
  readonly id: string;
  /** 医疗消息推送 */
  readonly name: string;
  /** '/pushMsg' — what the Java SDK's common() takes. */
  readonly suffix: string;
  /** '/api/amp/hos/pushMsg' — the spec's 接口后缀. */
  readonly path: string;
  /** 功能说明 */
  readonly description: string;
  /** The spec marks AMP_HOS_004 "[可选]". */
  readonly optional: boolean;
  /** Line range of the interface in the spec text. */
  readonly specLines: string;
  readonly request: readonly FieldSpec[];
  readonly response: readonly FieldSpec[];
  readonly rules: readonly ConditionalRule[];
  /**
   * ORG_001..009: "先判别返回的协议码是否成功后判别业务状态码" — an answer whose `field` is not
   * `success` (ret_code ≠ "00") reports a failure and need carry only `required`; the other Y
   * rows of the response table apply to success answers.
   */
  readonly failureResponse?: {
    readonly field: string;
    readonly success: string;
    readonly required: readonly string[];
  };
  /** Hospital → portal interfaces: what a client may do when an answer is lost. */
  readonly policy?: CallPolicy;
}

/** The nine portal → hospital interfaces' method names: the suffix a hospital serves by default, and the handler names. */
export type OrgMethod =
  | 'queryAccount'
  | 'queryUnsettleList'
  | 'rechargeSettle'
  | 'querySettleResult'
  | 'cancelRechargeSettle'
  | 'queryOrgTips'
  | 'orgPreorder'
  | 'orgHsTradeFile'
  | 'orgHsTradeRevoke';

/** An ORG_001..009 table: an InterfaceSpec with the method name everyone (cashier, checker, server) calls it by. */
export interface OrgInterfaceSpec extends InterfaceSpec {
  readonly method: OrgMethod;
}

/**
 * Retry and outcome-unknown policy as data, read by the client's one `shouldRetry`. Every call
 * may be retried when the request provably never left (connection refused, DNS, connect
 * timeout); these say what else is safe.
 */
export interface CallPolicy {
  /** Safe to send again after a lost answer: it changes nothing on the portal (a read). */
  readonly idempotent: boolean;
  /**
   * Set when a lost answer leaves the outcome unknown (money may have moved): the failure is an
   * AmpOutcomeUnknownError naming the request field `key`, and the interface `settledBy`,
   * called with the same key, decides it. Never resent under a new key.
   */
  readonly outcomeUnknown?: { readonly key: string; readonly settledBy: string };
}

export type ValidationMode = 'off' | 'warn' | 'strict';
export type Direction = 'request' | 'response';
export type Severity = 'error' | 'warning';
export type ValidationRule =
  | 'required'
  | 'type'
  | 'maxLength'
  | 'enum'
  | 'format'
  | 'conditional'
  | 'unknownField'
  | 'keySpelling';

export interface ValidationIssue {
  /**
   * The spec field name; '' when the whole parameter object is wrong. Inside a
   * List<JSONObject> the path with indices: 'unsettlelist[0].rxlist[1].pric'.
   */
  readonly field: string;
  readonly rule: ValidationRule;
  /** The offending value; masked for sensitive fields and unknown fields (see mask.ts). */
  readonly value: unknown;
  /** One line, Chinese then English: "中文 / English". */
  readonly message: string;
  readonly severity: Severity;
  /** For rule 'conditional': the ConditionalRule id. */
  readonly ruleId?: string;
}

export interface ValidationResult {
  /** false when any issue has severity 'error'. */
  readonly ok: boolean;
  readonly issues: ValidationIssue[];
}
