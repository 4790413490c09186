// The ORG shapes come from the tables (src/spec/org-types.ts). The type-level checks below are
// compiled by `tsc --noEmit -p .`: a mismatch, or an @ts-expect-error that no longer errs, is
// a compile error. The runtime part checks that conformant values of the shapes validate.
import { describe, expect, it } from 'vitest';
import {
  validate,
  type CancelRechargeSettleResponse,
  type OrgAnswer,
  type OrgHsTradeFileRequest,
  type OrgHsTradeFileResponse,
  type OrgPreorderRequest,
  type QueryAccountRequest,
  type QueryAccountResponse,
  type QuerySettleResultResponse,
  type QueryUnsettleListResponse,
  type RechargeSettleRequest,
  type RechargeSettleResponse,
  type UnsettleBill,
  type UnsettleRxItem,
} from '../../src/spec/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Assert<T extends true> = T;

export type Checks = [
  Assert<Equal<keyof QueryAccountRequest, 'operator_id' | 'operator_name' | 'term_no' | 'org_code' | 'sub_org_code' | 'mdtrt_cert_type' | 'mdtrt_cert_no' | 'cert_no' | 'account_type'>>,
  Assert<Equal<RequiredKeys<QueryAccountRequest>, 'org_code' | 'mdtrt_cert_type' | 'mdtrt_cert_no' | 'cert_no' | 'account_type'>>,
  Assert<Equal<QueryAccountRequest['mdtrt_cert_type'], '01' | '02' | '03' | '04' | '05' | '06' | '10'>>,
  Assert<Equal<QueryAccountResponse['patient_type'], '00' | '01'>>,
  // The portal’s own example leaves out used_patient_type and feesum_amt: a handler must expect that.
  Assert<Equal<RechargeSettleRequest['used_patient_type'], '00' | '01' | undefined>>,
  Assert<Equal<Extract<RequiredKeys<RechargeSettleRequest>, 'feesum_amt' | 'used_patient_type'>, never>>,
  Assert<Equal<RequiredKeys<RechargeSettleRequest>, 'org_code' | 'mdtrt_cert_type' | 'mdtrt_cert_no' | 'org_trace_no' | 'amp_trace_id' | 'doc_trace_no' | 'pay_chnl_trace_no' | 'mch_trace_no'>>,
  Assert<Equal<RequiredKeys<RechargeSettleResponse>, 'ret_code' | 'ret_msg' | 'result' | 'call_sn'>>,
  Assert<Equal<RechargeSettleResponse['result'], 'succ' | 'exp' | 'fail' | 'closed'>>,
  Assert<Equal<RequiredKeys<OrgAnswer<QuerySettleResultResponse>>, 'result'>>,
  Assert<Equal<RequiredKeys<CancelRechargeSettleResponse>, 'ret_code' | 'ret_msg' | 'result'>>,
  // Nested lists are arrays of the nested table's shape.
  Assert<Equal<UnsettleRxItem['hi_item'], 'Y' | 'N'>>,
  Assert<Equal<UnsettleBill['rxlist'], UnsettleRxItem[]>>,
  Assert<Equal<NonNullable<NonNullable<RechargeSettleResponse['common_tip_list']>[number]['tip_items']>[number]['code_type'], 'qr' | 'bar' | undefined>>,
  // Integer is number, JSONString is string.
  Assert<Equal<OrgHsTradeFileRequest['page_no'], number | undefined>>,
  Assert<Equal<OrgHsTradeFileResponse['billdetail'][number]['mafPay'], string>>,
  Assert<Equal<OrgPreorderRequest['hs_ext_data'], string | undefined>>,
];

const settled: OrgAnswer<RechargeSettleResponse> = {
  result: 'succ',
  call_sn: 'SF20220421001',
  balance: '0.00',
  druginfo: [{ code_type: 'qr', code_value: 'D1', drug_window: '3号窗口' }],
  common_tip_list: [{ tip_title: '检查检验', tip_items: [{ tip_key: '注意事项', tip_value: '空腹' }] }],
};
// @ts-expect-error a misspelt field does not compile
const misspelt: OrgAnswer<RechargeSettleResponse> = { result: 'succ', call_sn: '1', call_no: '1' };
// @ts-expect-error a value outside the result dictionary does not compile
const wrongResult: OrgAnswer<RechargeSettleResponse> = { result: 'success', call_sn: '1' };
// @ts-expect-error a misspelt field inside a nested list does not compile
const nested: OrgAnswer<RechargeSettleResponse> = { result: 'succ', call_sn: '1', druginfo: [{ drug_windw: '3' }] };
// @ts-expect-error a required field of the answer (call_sn) cannot be left out
const incomplete: OrgAnswer<RechargeSettleResponse> = { result: 'succ' };
// @ts-expect-error a String field takes no number
const numberForString: OrgAnswer<QueryUnsettleListResponse> = { tip_msg: 1 };
void [misspelt, wrongResult, nested, incomplete, numberForString];

describe('ORG shapes', () => {
  it('a conformant value of a shape validates in strict mode', () => {
    expect(validate('ORG_003', { ret_code: '00', ret_msg: '成功', ...settled }, 'strict', 'response').issues).toEqual([]);
  });
});
