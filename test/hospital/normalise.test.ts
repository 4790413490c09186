// What warn mode lets through reaches the handler in the shape its type promises.
import { afterEach, describe, expect, it } from 'vitest';
import { createHospitalServer, type HospitalHandlers, type HospitalServer } from '../../src/hospital/index.js';
import { exampleHandlers, postJson, settleRequest } from './helpers.js';

let server: HospitalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the request a handler gets', () => {
  it('has strings for String fields, numbers for Integer, no nulls, the table’s key names, JSON text for JSONString', async () => {
    const seen: Record<string, unknown>[] = [];
    const handlers: HospitalHandlers = {
      ...exampleHandlers(),
      rechargeSettle: async (req) => {
        seen.push(req);
        return { result: 'succ', call_sn: 'C1' };
      },
      orgHsTradeFile: async (req) => {
        seen.push(req);
        return { medfee_sumamt: '0', fund_pay_sumamt: '0', acct_pay: '0', cash_pay_sumamt: '0', fixmedins_setl_cnt: '0', insutype: '310', settle_channel: '05', billdetail: [] };
      },
      orgPreorder: async (req) => {
        seen.push(req);
        return { result: 'succ', call_sn: 'P1' };
      },
    };
    server = await createHospitalServer(handlers, { log: false });
    const { org_trace_no: _, ...rest } = settleRequest();
    const settle = await postJson(`${server.url}/rechargeSettle`, { ...rest, 'org_trace_no ': 'T77', feesum_amt: 10.5, sub_org_code: null, extra_key: 'kept' });
    expect(settle.json.ret_code).toBe('00');
    expect(seen[0]).toMatchObject({ org_trace_no: 'T77', feesum_amt: '10.5', extra_key: 'kept' });
    expect(seen[0]).not.toHaveProperty('sub_org_code');
    expect(seen[0]).not.toHaveProperty('org_trace_no ');

    await postJson(`${server.url}/orgHsTradeFile`, { org_code: 'H1', stmt_begndate: '2022-04-01', stmt_enddate: '2022-04-30', page_no: '2', page_size: 50 });
    expect(seen[1]).toMatchObject({ page_no: 2, page_size: 50 });

    await postJson(`${server.url}/orgPreorder`, { org_code: 'H1', org_trace_no: 'T1', doc_trace_no: 'D1', feesum_amt: '1.00', used_patient_type: '00', hs_ext_data: { setlId: 'S1' } });
    expect(seen[2]!.hs_ext_data).toBe('{"setlId":"S1"}');
  });
});
