// What a handler throws to choose its answer, and the toolkit's own configuration error.
// A handler that throws anything else is answered ret_code 01 with the error's message (or 99
// on an interface that changes the books, see interfaces.ts); a stack trace never leaves.
//
// OrgFailureAnswer and OrgOutcomeUnknownAnswer are answers, not errors of the toolkit: a handler
// throws one to send the portal ret_code 01/02/99 (the rule for errors: src/core/errors.ts).
import { AmpConfigError } from '../core/errors.js';

export type OrgFailureRetCode = '01' | '02' | '99';

/**
 * The ORG failure answer a handler states: `retCode` 01 请求失败 (default), 02 校验失败 or 99
 * 未知 (see OrgOutcomeUnknownAnswer), with `retMsg` as the portal should see it (at most 100
 * characters are sent).
 */
export class OrgFailureAnswer extends Error {
  readonly retCode: OrgFailureRetCode;
  readonly retMsg: string;
  constructor(retMsg: string, options: { retCode?: OrgFailureRetCode; cause?: unknown } = {}) {
    super(retMsg, { cause: options.cause });
    this.name = 'OrgFailureAnswer';
    this.retCode = options.retCode ?? '01';
    this.retMsg = retMsg;
  }
}

/**
 * The handler does not know whether its work happened (the HIS database timed out mid-commit,
 * the cashier service did not answer). Answered ret_code 99 未知 and, where the response has
 * one, result "exp" 异常，待核验: the portal then asks ORG_004 querySettleResult, which must
 * tell the truth once it is known.
 */
export class OrgOutcomeUnknownAnswer extends OrgFailureAnswer {
  constructor(retMsg = '结算结果未知，请稍后查询', options: { cause?: unknown } = {}) {
    super(retMsg, { retCode: '99', cause: options.cause });
    this.name = 'OrgOutcomeUnknownAnswer';
  }
}

/** @deprecated the same class under its old name: use OrgFailureAnswer. */
export const HospitalError = OrgFailureAnswer;
/** @deprecated the same class under its old name: use OrgFailureAnswer. */
export type HospitalError = OrgFailureAnswer;
/** @deprecated the same class under its old name: use OrgOutcomeUnknownAnswer. */
export const HospitalOutcomeUnknownError = OrgOutcomeUnknownAnswer;
/** @deprecated the same class under its old name: use OrgOutcomeUnknownAnswer. */
export type HospitalOutcomeUnknownError = OrgOutcomeUnknownAnswer;

/** Wrong handlers or options given to createHospitalHandler (000105, raised at start-up). */
export class HospitalConfigError extends AmpConfigError {
  constructor(messageZh: string, messageEn: string) {
    super(messageZh, messageEn);
    this.name = 'HospitalConfigError';
  }
}
