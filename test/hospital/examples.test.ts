// The spec's examples through the toolkit: the portal's example requests reach the handlers in
// warn mode, and the spec's example answers go out; strict holds back what the spec itself
// gets wrong.
import { afterEach, describe, expect, it } from 'vitest';
import { createHospitalServer, type HospitalHandlerOptions, type HospitalServer } from '../../src/hospital/index.js';
import { orgExample } from '../spec/org-examples.js';
import { exampleHandlers, logSink, postJson } from './helpers.js';

let server: HospitalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SUFFIX = {
  ORG_001: '/queryAccount', ORG_002: '/queryUnsettleList', ORG_003: '/rechargeSettle', ORG_004: '/querySettleResult',
  ORG_006: '/queryOrgTips', ORG_007: '/orgPreorder',
} as const;

async function start(options: HospitalHandlerOptions) {
  const sink = logSink();
  server = await createHospitalServer(exampleHandlers(), { ...options, log: sink.log });
  return { url: server.url, sink };
}

describe('warn (default)', () => {
  it.each(Object.entries(SUFFIX))('%s: the example request is served and the example answer sent', async (id, suffix) => {
    const { url, sink } = await start({});
    const reply = await postJson(url + suffix, orgExample(id as keyof typeof SUFFIX, 'request'));
    expect(reply.status).toBe(200);
    const expected = orgExample(id as keyof typeof SUFFIX, 'response');
    expect(reply.json).toEqual(expected);
    expect(sink.records[0]!.outcome).toBe('ok');
  });

  it('ORG_002: the trailing-space keys go out as the handler wrote them, and are logged', async () => {
    const { url, sink } = await start({});
    const reply = await postJson(url + SUFFIX.ORG_002, orgExample('ORG_002', 'request'));
    expect(reply.text).toContain('"diag_dept "');
    expect(sink.records[0]!.responseIssues).toEqual(expect.arrayContaining([
      'unsettlelist[].diaglist[].diag_dept:keySpelling',
      'unsettlelist[].rxlist[].drug_medc_way_code:keySpelling',
    ]));
    expect(sink.lines[0]).not.toContain('35020519870808105X');
  });
});

describe('strict', () => {
  it('refuses the portal’s ORG_003 and ORG_007 examples (no used_patient_type, channel_type "01") with 02', async () => {
    const { url } = await start({ requestValidation: 'strict' });
    const settle = await postJson(url + SUFFIX.ORG_003, orgExample('ORG_003', 'request'));
    expect(settle.json.ret_code).toBe('02');
    expect(settle.json.ret_msg).toContain('used_patient_type缺失');
    expect((await postJson(url + SUFFIX.ORG_007, orgExample('ORG_007', 'request'))).json.ret_code).toBe('02');
    expect((await postJson(url + SUFFIX.ORG_004, orgExample('ORG_004', 'request'))).json.ret_code).not.toBe('02');
  });

  it('holds back the spec’s ORG_002 example answer (01) and ORG_003’s (99, result exp)', async () => {
    const { url, sink } = await start({ responseValidation: 'strict' });
    const list = await postJson(url + SUFFIX.ORG_002, orgExample('ORG_002', 'request'));
    expect(list.json.ret_code).toBe('01');
    expect(list.json).not.toHaveProperty('unsettlelist');
    const settle = await postJson(url + SUFFIX.ORG_003, orgExample('ORG_003', 'request'));
    expect(settle.json).toMatchObject({ ret_code: '99', result: 'exp' });
    expect(sink.records[1]!.responseIssues).toEqual(['druginfo[].drug_seq_no:maxLength']);
    // The ORG_001 and ORG_007 example answers conform apart from what the leniency table names.
    expect((await postJson(url + SUFFIX.ORG_007, orgExample('ORG_007', 'request'))).json.ret_code).toBe('00');
  });
});
