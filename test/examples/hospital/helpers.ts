// Shared by the reference HIS tests: a plain JSON POST, as the portal sends to a hospital.
import type { DemoHospital } from '../../../examples/hospital/index.js';

export type Json = Record<string, any>;
export const ORG = 'H323498799997';
export const CERT = '35020519870808105X';

export async function post(his: { url: string }, suffix: string, body: unknown): Promise<{ status: number; json: Json; text: string }> {
  const res = await fetch(`${his.url}${suffix}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json;charset=UTF-8' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text);
  } catch {
    /* left empty: the test asserts on text */
  }
  return { status: res.status, json, text };
}

export const who = (cert = CERT) => ({ org_code: ORG, mdtrt_cert_type: '02', mdtrt_cert_no: cert, cert_no: cert });

/** The first unsettled bill of a kind (00 自费 / 01 医保) of the example patient. */
export async function firstBill(his: DemoHospital, patient_type: '00' | '01', cert = CERT): Promise<Json> {
  const r = await post(his, '/queryUnsettleList', { ...who(cert), account_type: '01' });
  const bill = (r.json.unsettlelist as Json[]).find((b) => b.patient_type === patient_type);
  if (!bill) throw new Error(`no ${patient_type} bill`);
  return bill;
}

let n = 0;
/** An ORG_003 request for `bill`, paid fully through the channel (自费) unless parts are given. */
export function settleRequest(bill: Json, extra: Json = {}): Json {
  n += 1;
  return {
    org_code: ORG, mdtrt_cert_type: '02', mdtrt_cert_no: bill.cert_no, org_trace_no: bill.org_trace_no,
    amp_trace_id: `AMP${Date.now()}${n}`, doc_trace_no: bill.doc_trace_no, account_type: '01',
    feesum_amt: bill.medfee_sumamt, deposit_amount: bill.medfee_sumamt, deposit_type: 'WX', channel_type: 'WX',
    trace_id: `TR${Date.now()}${n}`, used_patient_type: '00', pay_chnl_trace_no: `42000${Date.now()}${n}`,
    mch_trace_no: `MCH${Date.now()}${n}`, ...extra,
  };
}
