// Compile-time checks of the handler types (`tsc --noEmit -p .` compiles this file): a handler
// that answers with a misspelt field, a value outside a dictionary, or reads a request field
// that does not exist does not compile. The runtime test only keeps vitest happy about a file
// with no tests and checks the good handlers are accepted.
import { describe, expect, it } from 'vitest';
import { createHospitalHandler, type HospitalAnswer, type HospitalHandlers } from '../../src/hospital/index.js';

const account = {
  mdtrt_cert_no: 'T', patient_type: '00', balance: '0.00', psn_cert_type: '01', cert_no: 'C', psn_name: 'N', account_type: '01', phone: 'P',
} as const;
const base = {
  queryAccount: async () => account,
  queryUnsettleList: async () => ({ tip_msg: '', unsettlelist: [] }),
  rechargeSettle: async () => ({ result: 'succ' as const, call_sn: 'C1' }),
  querySettleResult: async () => ({ result: 'exp' as const }),
};

// A conformant set compiles, with the request fields typed.
const good = createHospitalHandler({
  ...base,
  rechargeSettle: async (req) => ({ result: req.used_patient_type === '01' ? 'succ' : 'succ', call_sn: req.org_trace_no }),
  cancelRechargeSettle: async () => ({ result: 'succ', balance: '0.00' }),
}, { log: false });

// Compiled, never run: each call below must fail to compile.
export function mustNotCompile(): void {
  // @ts-expect-error misspelt answer field (call_no for call_sn) is named by the compiler
  createHospitalHandler({ ...base, rechargeSettle: async () => ({ result: 'succ', call_sn: 'C1', call_no: 'C1' }) });

  // @ts-expect-error a misspelt field inside a nested list (druginfo[].drug_windw)
  createHospitalHandler({ ...base, rechargeSettle: async () => ({ result: 'succ', call_sn: 'C1', druginfo: [{ drug_windw: '3' }] }) });

  // @ts-expect-error result outside the 交易状态 dictionary
  createHospitalHandler({ ...base, querySettleResult: async () => ({ result: 'success' }) });

  // @ts-expect-error a required answer field (call_sn) left out
  createHospitalHandler({ ...base, rechargeSettle: async () => ({ result: 'succ' }) });

  // @ts-expect-error a request field that does not exist (org_trace_id for org_trace_no)
  createHospitalHandler({ ...base, rechargeSettle: async (req) => ({ result: 'succ', call_sn: req.org_trace_id }) });

  // @ts-expect-error the four required handlers must all be there
  createHospitalHandler({ queryAccount: base.queryAccount, queryUnsettleList: base.queryUnsettleList, rechargeSettle: base.rechargeSettle });
}

const answer: HospitalAnswer<'rechargeSettle'> = { result: 'closed', call_sn: 'C2' };
const typed: HospitalHandlers['querySettleResult'] = async () => ({ result: 'fail' });

describe('handler types', () => {
  it('accept conformant handlers', () => {
    expect(typeof good).toBe('function');
    expect(answer.result).toBe('closed');
    expect(typeof typed).toBe('function');
  });
});
