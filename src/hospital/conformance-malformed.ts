/**
 * The malformed-request checks: a body that is not JSON, a request missing a required field, a
 * dictionary field with a value outside its dictionary. A hospital must answer each with
 * ret_code 02 校验失败 (or 01 请求失败) in a JSON answer: never HTTP 500, never a stack trace,
 * never ret_code 00 (which would mean it acted on a request it could not have understood).
 * The requests carry made-up trace numbers, so a HIS that wrongly accepts one has nothing to pay.
 */
import { randomBytes } from 'node:crypto';
import { describeOutcome as describe } from '../org/index.js';
import type { OrgMethod } from '../spec/index.js';
import type { CheckContext } from './conformance-context.js';

type Json = Record<string, unknown>;
const fake = () => randomBytes(16).toString('hex');

/** Per interface: a well-formed request, the required field to drop, the dictionary field to spoil. */
export const MALFORMED: Record<string, { method: OrgMethod; drop: string; dict?: string; request: (c: CheckContext) => Json }> = {
  ORG_001: { method: 'queryAccount', drop: 'mdtrt_cert_no', dict: 'mdtrt_cert_type', request: (c) => ({ ...c.base, ...c.who, account_type: '01' }) },
  ORG_002: { method: 'queryUnsettleList', drop: 'cert_no', dict: 'mdtrt_cert_type', request: (c) => ({ ...c.base, ...c.who, account_type: '01' }) },
  ORG_003: {
    method: 'rechargeSettle', drop: 'org_trace_no', dict: 'mdtrt_cert_type',
    request: (c) => ({
      ...c.base, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no, org_trace_no: fake(), amp_trace_id: fake(),
      doc_trace_no: fake(), account_type: '01', feesum_amt: '0.01', deposit_amount: '0.01', deposit_type: 'WX', trace_id: fake(),
      used_patient_type: '00', pay_chnl_trace_no: fake(), mch_trace_no: fake(),
    }),
  },
  ORG_004: { method: 'querySettleResult', drop: 'org_trace_no', dict: 'mdtrt_cert_type', request: (c) => ({ ...c.base, org_trace_no: fake(), mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no }) },
  ORG_005: {
    method: 'cancelRechargeSettle', drop: 'org_trace_no', dict: 'mdtrt_cert_type',
    request: (c) => ({ ...c.base, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no, org_trace_no: fake(), doc_trace_no: fake() }),
  },
  ORG_006: {
    method: 'queryOrgTips', drop: 'doc_trace_no', dict: 'mdtrt_cert_type',
    request: (c) => ({ ...c.base, mdtrt_cert_type: c.who.mdtrt_cert_type, mdtrt_cert_no: c.who.mdtrt_cert_no, org_trace_no: fake(), doc_trace_no: fake() }),
  },
  ORG_007: {
    method: 'orgPreorder', drop: 'org_trace_no', dict: 'deposit_type',
    request: (c) => ({ ...c.base, org_trace_no: fake(), doc_trace_no: fake(), feesum_amt: '0.01', deposit_amount: '0.01', deposit_type: 'WX', used_patient_type: '00' }),
  },
  ORG_008: { method: 'orgHsTradeFile', drop: 'stmt_begndate', request: (c) => ({ ...c.base, stmt_begndate: '2022-04-21', stmt_enddate: '2022-04-21' }) },
  ORG_009: {
    method: 'orgHsTradeRevoke', drop: 'setl_id', dict: 'account_type',
    request: (c) => ({ ...c.base, mdtr_id: fake().slice(0, 30), setl_id: fake().slice(0, 30), account_type: '01', doc_trace_no: fake(), ipt_otp_no: fake().slice(0, 30) }),
  },
};

/** The malformed checks of one interface (skipped when the HIS does not offer it). */
export async function malformedChecks(c: CheckContext, id: string): Promise<void> {
  const m = MALFORMED[id]!;
  const names = [`${id}.not-json`, `${id}.missing-field`, ...(m.dict ? [`${id}.bad-dict`] : [])];
  if (!names.some((n) => c.wanted(n))) return;
  if (c.offered.get(m.method) === false) {
    for (const n of names) c.record(n, 'skip', `${id} not offered by this HIS (HTTP 404)`);
    return;
  }
  const judge = async (name: string, body: unknown, what: string, honestFail = false) => {
    const r = await c.post(m.method, body);
    if (r.kind === 'answer' && (r.body.ret_code === '02' || r.body.ret_code === '01')) {
      return c.record(name, 'pass', `${what}: ret_code ${String(r.body.ret_code)}`);
    }
    // "Not done" in so many words is a true answer too (the result dictionary's fail: nothing was charged).
    if (honestFail && r.kind === 'answer' && r.body.ret_code === '00' && r.body.result === 'fail') {
      return c.record(name, 'pass', `${what}: ret_code 00 result "fail" (nothing done)`);
    }
    const expected = 'expected HTTP 200 with ret_code 02 (or 01)';
    c.record(name, 'fail', `${what}: ${describe(r)}; ${expected}`);
  };
  await judge(`${id}.not-json`, '{"org_code": "', 'a body that is not JSON');
  const good = m.request(c);
  const { [m.drop]: _dropped, ...missing } = good;
  await judge(`${id}.missing-field`, missing, `required field ${m.drop} left out`, true);
  if (m.dict) await judge(`${id}.bad-dict`, { ...good, [m.dict]: '99' }, `${m.dict}="99" (not in its dictionary)`);
}
