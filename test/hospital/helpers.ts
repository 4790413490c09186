// Test helpers: raw HTTP on 127.0.0.1, a conformant set of handlers built from the spec's
// examples, and a log collector.
import { request as httpRequest } from 'node:http';
import type { HospitalCallRecord, HospitalHandlers } from '../../src/hospital/index.js';
import { orgExample } from '../spec/org-examples.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/** POSTs (or sends `method`) a raw body; resolves with the reply, bounded in time. */
export function post(url: string, body: string | Buffer, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: opts.method ?? 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8', ...opts.headers },
      timeout: 10_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // left empty: the test looks at text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

export const postJson = (url: string, value: unknown) => post(url, JSON.stringify(value));

/** Collects the call log. */
export function logSink() {
  const lines: string[] = [];
  const records: HospitalCallRecord[] = [];
  return {
    lines,
    records,
    log: (line: string, record: HospitalCallRecord) => {
      lines.push(line);
      records.push(record);
    },
  };
}

/** The spec's own example answers as handlers (ORG_005's example is ORG_006's: a proper one here). */
export function exampleHandlers(): HospitalHandlers {
  const strip = (o: Record<string, unknown>) => {
    const { ret_code: _c, ret_msg: _m, ...rest } = o;
    return rest;
  };
  return {
    queryAccount: async () => strip(orgExample('ORG_001', 'response')) as never,
    queryUnsettleList: async () => strip(orgExample('ORG_002', 'response')) as never,
    rechargeSettle: async () => strip(orgExample('ORG_003', 'response')) as never,
    querySettleResult: async () => strip(orgExample('ORG_004', 'response')) as never,
    cancelRechargeSettle: async () => ({ result: 'succ', balance: '0.00' }),
    queryOrgTips: async () => strip(orgExample('ORG_006', 'response')) as never,
    orgPreorder: async () => strip(orgExample('ORG_007', 'response')) as never,
  };
}

/** A complete, conformant ORG_001 answer for a 自费 patient. */
export const selfPayAccount = () => ({
  mdtrt_cert_no: '35020519870808105X', mdtrt_cert_type: '02', patient_type: '00', balance: '12.50', psn_cert_type: '01',
  cert_no: '35020519870808105X', psn_name: '周大鹏', account_type: '01', phone: '17311113321',
}) as const;

/** A conformant ORG_001 request. */
export const accountRequest = () => ({ org_code: 'H35000312894', mdtrt_cert_type: '02', mdtrt_cert_no: '35020519870808105X', cert_no: '35020519870808105X', account_type: '01' });

/** A conformant ORG_003 request for a 自费 settlement. */
export const settleRequest = (orgTraceNo = 'T0001') => ({
  org_code: 'H35000312894', mdtrt_cert_type: '02', mdtrt_cert_no: '35020519870808105X', org_trace_no: orgTraceNo,
  amp_trace_id: 'A1', doc_trace_no: 'D1', feesum_amt: '10.00', deposit_amount: '10.00', deposit_type: 'WX', channel_type: 'WX',
  trace_id: 'TR1', used_patient_type: '00', pay_chnl_trace_no: 'P1', mch_trace_no: 'M1', psn_name: '周大鹏',
});
