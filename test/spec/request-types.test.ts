// The hand-written request/response interfaces must match the tables. The type-level checks
// below are compiled by `tsc --noEmit -p .`; a mismatch is a compile error, not a test failure.
import { describe, expect, it } from 'vitest';
import {
  GET_TRADE_FILE_REQUEST,
  GET_TRADE_FILE_RESPONSE,
  PUSH_MSG_REQUEST,
  PUSH_MSG_RESPONSE,
  QUERY_REFUND_RESULT_REQUEST,
  QUERY_REFUND_RESULT_RESPONSE,
  REFUND_REQUEST,
  REFUND_RESPONSE,
  WARN_MODE_EXCEPTIONS,
  validate,
  type GetTradeFileRequest,
  type GetTradeFileResponse,
  type PushMsgRequest,
  type PushMsgResponse,
  type QueryRefundResultRequest,
  type QueryRefundResultResponse,
  type RefundRequest,
  type RefundResponse,
} from '../../src/spec/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Names<T extends readonly { name: string }[]> = T[number]['name'];
type YNames<T extends readonly { name: string; required: boolean }[]> = Extract<T[number], { required: true }>['name'];
/** Y rows the spec's own examples omit (leniency.ts) are optional in the TypeScript shape. */
type LenientRequired<Id extends string, Dir extends string> = Extract<
  (typeof WARN_MODE_EXCEPTIONS)[number],
  { interfaceId: Id; direction: Dir; check: 'required' }
>['field'];
type Assert<T extends true> = T;

export type Checks = [
  Assert<Equal<keyof PushMsgRequest, Names<typeof PUSH_MSG_REQUEST>>>,
  Assert<Equal<RequiredKeys<PushMsgRequest>, Exclude<YNames<typeof PUSH_MSG_REQUEST>, LenientRequired<'AMP_HOS_001', 'request'>>>>,
  Assert<Equal<keyof PushMsgResponse, Names<typeof PUSH_MSG_RESPONSE>>>,
  Assert<Equal<RequiredKeys<PushMsgResponse>, YNames<typeof PUSH_MSG_RESPONSE>>>,
  Assert<Equal<keyof RefundRequest, Names<typeof REFUND_REQUEST>>>,
  Assert<Equal<RequiredKeys<RefundRequest>, YNames<typeof REFUND_REQUEST>>>,
  Assert<Equal<keyof RefundResponse, Names<typeof REFUND_RESPONSE>>>,
  Assert<Equal<RequiredKeys<RefundResponse>, YNames<typeof REFUND_RESPONSE>>>,
  Assert<Equal<keyof QueryRefundResultRequest, Names<typeof QUERY_REFUND_RESULT_REQUEST>>>,
  Assert<Equal<RequiredKeys<QueryRefundResultRequest>, YNames<typeof QUERY_REFUND_RESULT_REQUEST>>>,
  Assert<Equal<keyof QueryRefundResultResponse, Names<typeof QUERY_REFUND_RESULT_RESPONSE>>>,
  Assert<Equal<RequiredKeys<QueryRefundResultResponse>, YNames<typeof QUERY_REFUND_RESULT_RESPONSE>>>,
  Assert<Equal<keyof GetTradeFileRequest, Names<typeof GET_TRADE_FILE_REQUEST>>>,
  Assert<Equal<RequiredKeys<GetTradeFileRequest>, YNames<typeof GET_TRADE_FILE_REQUEST>>>,
  Assert<Equal<keyof GetTradeFileResponse, Names<typeof GET_TRADE_FILE_RESPONSE>>>,
  Assert<Equal<RequiredKeys<GetTradeFileResponse>, YNames<typeof GET_TRADE_FILE_RESPONSE>>>,
];

// The checks above can fail: a shape that differs from its table is a compile error (`npm test`
// runs tsc before vitest, so this line fails the suite if Assert/Equal ever stop biting).
// @ts-expect-error — PushMsgRequest has more keys than REFUND_REQUEST names
export type MustFail = Assert<Equal<keyof PushMsgRequest, Names<typeof REFUND_REQUEST>>>;

// Complete, conformant values of each shape: strict validation must find nothing wrong with
// them (only pushMsg's pushType, whose every value exceeds the documented length 10).
const pushMsg: PushMsgRequest = {
  hisCustType: '01', hisCustId: '532494', phone: '13800138000', appType: '02', medOrgOrd: 'ZL0505',
  subOrgCode: '5', refundReason: '患者申请', payOrdId: 'ORD1', orderStatus: 'MERCHANT_PART_REFUNDED',
  orgCode: 'H46040100001', patientName: '周大鹏', idType: '02', idNo: '460029196507081627',
  takeMedicineLoc: '东药房104', pushType: 'HOSPITAL_PAYMENT', scheduledTime: '2022-03-31 07:34:46',
  redirectUrl: 'https://h.example/detail?id=1', amount: '36.80', deptName: '其他内科', deptCode: '013423',
  deptLoc: '门诊大厅二楼', drName: '周阿鹏', drLvName: '主任医生', drNo: 'D46', waitingNum: '3',
  checkItem: '核磁共振', createTime: '2022-03-30 13:15:46', updateTime: '2022-03-31 07:15:46', extData: '{"k":1}',
};
const refund: RefundRequest = {
  ampTraceId: 'A1', traceId: 'T1', orgTraceNo: 'O1', orgCode: 'H1', subOrgCode: '', refundReason: '退费',
  refundAmount: '10.00', refundType: '01', outRefundNo: 'RF1', orgRefundSn: 'S1',
};
const refundResp: RefundResponse = {
  refundTraceId: 'R1', ampRefundId: 'AR1', payChnlRefundSn: 'P1', traceId: 'T1', payChnlOrdSn: 'PO1',
  payOrdId: 'ORD1', tradeStatus: 'ING', tradeStatusDesc: '处理中',
};
const query: QueryRefundResultRequest = { ampRefundId: 'AR1', refundTraceId: 'R1', orgCode: 'H1', outRefundNo: 'RF1' };
const queryResp: QueryRefundResultResponse = { refundTraceId: 'R1', ampRefundId: 'AR1', traceId: 'T1', tradeStatus: 'SUCCESS' };
const tradeFile: GetTradeFileRequest = { orgCode: 'H1', orgSecret: 'sec', billDate: '2022-04-24', billType: 'REFUND' };
const tradeFileResp: GetTradeFileResponse = {
  digest: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', downloadUrl: 'http://127.0.0.1/f.zip', digestType: 'SHA1', billType: 'REFUND',
};
const pushResp: PushMsgResponse = { response: 'SUCCESS' };

describe('typed values validate cleanly in strict mode', () => {
  it('pushMsg request: only the documented-length defect of pushType remains', () => {
    const r = validate('/pushMsg', pushMsg, 'strict');
    expect(r.issues.map((i) => `${i.field}:${i.rule}`)).toEqual(['pushType:maxLength']);
  });

  it.each([
    ['/refund', refund, 'request'],
    ['/refund', refundResp, 'response'],
    ['/queryRefundResult', query, 'request'],
    ['/queryRefundResult', queryResp, 'response'],
    ['/getTradeFile', tradeFile, 'request'],
    ['/getTradeFile', tradeFileResp, 'response'],
    ['/pushMsg', pushResp, 'response'],
  ] as const)('%s %s (%s)', (suffix, value, dir) => {
    expect(validate(suffix, value, 'strict', dir)).toEqual({ ok: true, issues: [] });
  });
});
