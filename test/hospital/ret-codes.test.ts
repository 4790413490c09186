// Every ret_code path of the toolkit, over real HTTP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import {
  OrgFailureAnswer,
  OrgOutcomeUnknownAnswer,
  createHospitalServer,
  type HospitalHandlerOptions,
  type HospitalHandlers,
  type HospitalServer,
} from '../../src/hospital/index.js';
import { accountRequest, exampleHandlers, logSink, post, postJson, selfPayAccount, settleRequest } from './helpers.js';

let server: HospitalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(overrides: Partial<HospitalHandlers> = {}, options: HospitalHandlerOptions = {}) {
  const sink = logSink();
  const calls: string[] = [];
  const base = { ...exampleHandlers(), queryAccount: async () => selfPayAccount(), ...overrides } as HospitalHandlers;
  const counted = Object.fromEntries(
    Object.entries(base).map(([k, fn]) => [k, async (...args: unknown[]) => {
      calls.push(k);
      return (fn as (...a: unknown[]) => unknown)(...args);
    }]),
  ) as unknown as HospitalHandlers;
  server = await createHospitalServer(counted, { log: sink.log, ...options });
  return { url: server.url, sink, calls };
}

describe('the happy path', () => {
  it('answers the handler’s fields with ret_code 00 / 成功 filled in, and logs one line', async () => {
    const { url, sink } = await start();
    const reply = await postJson(`${url}/queryAccount`, accountRequest());
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(reply.json).toEqual({ ...selfPayAccount(), ret_code: '00', ret_msg: '成功' });
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]).toMatchObject({ interfaceId: 'ORG_001', path: '/queryAccount', retCode: '00', httpStatus: 200, outcome: 'ok' });
    expect(sink.lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ORG_001 \/queryAccount \d+ms http=200 ret_code=00$/);
  });

  it('logs org_trace_no and result of a settlement', async () => {
    const { url, sink } = await start();
    const reply = await postJson(`${url}/rechargeSettle`, settleRequest('T42'));
    expect(reply.json).toMatchObject({ ret_code: '00', result: 'succ' });
    expect(sink.lines[0]).toContain('ORG_003 /rechargeSettle org_trace_no=T42 ');
    expect(sink.lines[0]).toContain('result=succ');
  });
});

describe('ret_code 02: the request is unusable; the handler is not called', () => {
  it('not JSON: says so without quoting the body', async () => {
    const { url, calls, sink } = await start();
    const reply = await post(`${url}/queryAccount`, '{"cert_no": "35020519870808105X", ');
    expect(reply.status).toBe(200);
    expect(reply.json.ret_code).toBe('02');
    expect(reply.json.ret_msg).toContain('不是有效的JSON');
    expect(reply.text).not.toContain('35020519870808105X');
    expect(reply.text).not.toMatch(/at .*\.ts|Error:/);
    expect(calls).toEqual([]);
    expect(sink.records[0]).toMatchObject({ retCode: '02', outcome: 'badRequest' });
  });

  it('not an object, empty, not UTF-8, or a charset other than UTF-8', async () => {
    const { url, calls } = await start();
    for (const [body, headers, words] of [
      ['[1,2]', {}, '必须是JSON对象'],
      ['', {}, '请求体为空'],
      [Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), {}, 'UTF-8'],
      ['{}', { 'content-type': 'application/json; charset=GBK' }, '字符集必须为UTF-8'],
    ] as const) {
      const reply = await post(`${url}/queryAccount`, body, { headers });
      expect(reply.json.ret_code, String(words)).toBe('02');
      expect(reply.json.ret_msg).toContain(words);
    }
    expect(calls).toEqual([]);
  });

  it('too big: ret_code 02 naming the limit', async () => {
    const { url, calls } = await start({}, { maxBodyBytes: 2000 });
    const reply = await postJson(`${url}/queryAccount`, { ...accountRequest(), operator_name: 'x'.repeat(5000) });
    expect(reply.status).toBe(200);
    expect(reply.json.ret_code).toBe('02');
    expect(reply.json.ret_msg).toContain('2000');
    expect(calls).toEqual([]);
  });

  it('a missing required field: names it', async () => {
    const { url, calls } = await start();
    const { cert_no: _, ...request } = accountRequest();
    const reply = await postJson(`${url}/queryAccount`, request);
    expect(reply.json.ret_code).toBe('02');
    expect(reply.json.ret_msg).toContain('cert_no缺失');
    expect(calls).toEqual([]);
  });

  it('a wrong dictionary value: names the field, not the value', async () => {
    const { url, calls, sink } = await start();
    const reply = await postJson(`${url}/rechargeSettle`, { ...settleRequest(), deposit_type: 'WECHAT_PAY' });
    expect(reply.json.ret_code).toBe('02');
    expect(reply.json.ret_msg).toContain('deposit_type不在字典取值内');
    expect(reply.text).not.toContain('WECHAT_PAY');
    expect(reply.json).not.toHaveProperty('result');
    expect(calls).toEqual([]);
    expect(sink.records[0]!.requestIssues).toEqual(['deposit_type:enum']);
  });

  it('warn mode lets the spec’s own deviations through and logs them', async () => {
    const { url, calls, sink } = await start();
    const { used_patient_type: _, ...request } = settleRequest();
    const reply = await postJson(`${url}/rechargeSettle`, { ...request, channel_type: '01' });
    expect(reply.json.ret_code).toBe('00');
    expect(calls).toEqual(['rechargeSettle']);
    expect(sink.records[0]!.requestIssues).toEqual(['channel_type:enum', 'used_patient_type:required']);
  });
});

describe('ret_code 01 and 99: the handler failed', () => {
  it('a thrown error on a query is 01 with its message, ID numbers and names masked', async () => {
    const { url, sink } = await start({
      queryAccount: async (req) => {
        throw new Error(`no patient ${req.cert_no} at ${req.org_code}`);
      },
    });
    const reply = await postJson(`${url}/queryAccount`, accountRequest());
    expect(reply.json).toEqual({ ret_code: '01', ret_msg: 'no patient 350*************5X at H35000312894' });
    expect(sink.lines[0]).toContain('outcome=handlerError');
    expect(sink.lines[0]).not.toContain('35020519870808105X');
  });

  // The core redactor's rule (src/core/redact.ts): a value the portal sent in a sensitive field
  // is masked wherever a text holds it, however the portal spelt it — as a number, padded with
  // spaces — and whatever interface's table names the field.
  it('a message quoting a sensitive value the portal sent as a number or padded is masked in the answer and the log', async () => {
    const { url, sink } = await start({
      queryUnsettleList: async (req) => {
        throw new Error(`no bills for card ${req.his_cust_id}`);
      },
      rechargeSettle: async (req) => {
        throw new OrgFailureAnswer(`${String(req.psn_name).trim()} 的账单已作废`, { retCode: '02' });
      },
    });
    // 8 digits: no ID or phone pattern finds it; only the request's own field says it is one.
    const list = await post(`${url}/queryUnsettleList`, '{"org_code":"H35000312894","mdtrt_cert_type":"02","mdtrt_cert_no":"35020519870808105X","cert_no":"35020519870808105X","his_cust_id":20231187,"account_type":"01"}');
    expect(list.json.ret_code).toBe('01');
    expect(list.text).not.toContain('20231187');
    expect(list.text).toContain('202***87');
    const settle = await postJson(`${url}/rechargeSettle`, { ...settleRequest(), psn_name: ' 周大鹏 ' });
    expect(settle.json).toEqual({ ret_code: '02', ret_msg: '周** 的账单已作废' });
    expect(sink.lines).toHaveLength(2);
    for (const line of sink.lines) {
      expect(line).not.toContain('20231187');
      expect(line).not.toContain('周大鹏');
    }
    expect(sink.records[1]!.retMsg).toBe('周** 的账单已作废');
  });

  it('a thrown error on a booking interface is 99 with result exp: the toolkit cannot know how far it got', async () => {
    const { url, sink } = await start({
      rechargeSettle: async (req) => {
        throw new TypeError(`cannot book for ${req.psn_name}`);
      },
    });
    const reply = await postJson(`${url}/rechargeSettle`, settleRequest());
    expect(reply.json).toMatchObject({ ret_code: '99', result: 'exp' });
    expect(reply.text).not.toContain('周大鹏');
    expect(sink.lines[0]).not.toContain('周大鹏');
    expect(sink.lines[0]).toContain('周**');
  });

  it('a name sent under a key with stray spaces, or in a list of the answer, is masked in the logged ret_msg too', async () => {
    const { url, sink } = await start({
      rechargeSettle: async (req) => {
        throw new Error(`cannot book for ${req.psn_name}`);
      },
      queryUnsettleList: async () => ({
        ret_code: '01', ret_msg: '张三丰 的单据正在处理', unsettlelist: [{ psn_name: '张三丰', cert_no: '35020519870808105X' }],
      }) as never,
    });
    const { psn_name: name, ...rest } = settleRequest();
    const booked = await postJson(`${url}/rechargeSettle`, { ...rest, 'psn_name ': name });
    expect(booked.json).toMatchObject({ ret_code: '99', result: 'exp' });
    expect(booked.text).not.toContain(String(name));
    expect(sink.lines[0]).not.toContain(String(name));
    expect(sink.records[0]!.error).toContain('周**');
    const listed = await postJson(`${url}/queryUnsettleList`, accountRequest());
    expect(listed.json.ret_code).toBe('01');
    expect(sink.lines[1]).toContain('ret_msg="张** 的单据正在处理"');
    expect(sink.records[1]!.retMsg).toBe('张** 的单据正在处理');
  });

  it('OrgFailureAnswer states 01 or 02 with its message; nothing about the outcome', async () => {
    const { url } = await start({
      rechargeSettle: async () => {
        throw new OrgFailureAnswer('该单据已作废', { retCode: '02' });
      },
      queryUnsettleList: async () => {
        throw new OrgFailureAnswer('HIS维护中');
      },
    });
    expect((await postJson(`${url}/rechargeSettle`, settleRequest())).json).toEqual({ ret_code: '02', ret_msg: '该单据已作废' });
    const list = await postJson(`${url}/queryUnsettleList`, accountRequest());
    expect(list.json).toEqual({ ret_code: '01', ret_msg: 'HIS维护中' });
  });

  it('OrgOutcomeUnknownAnswer is 99 with result exp where the answer has result', async () => {
    const unknown = async () => {
      throw new OrgOutcomeUnknownAnswer();
    };
    const { url } = await start({ rechargeSettle: unknown, querySettleResult: unknown, queryAccount: unknown });
    expect((await postJson(`${url}/rechargeSettle`, settleRequest())).json).toEqual({ ret_code: '99', ret_msg: '结算结果未知，请稍后查询', result: 'exp' });
    const query = { org_code: 'H1', org_trace_no: 'T1', mdtrt_cert_type: '02', mdtrt_cert_no: '35020519870808105X' };
    expect((await postJson(`${url}/querySettleResult`, query)).json).toMatchObject({ ret_code: '99', result: 'exp' });
    expect((await postJson(`${url}/queryAccount`, accountRequest())).json).toEqual({ ret_code: '99', ret_msg: '结算结果未知，请稍后查询' });
  });

  it('a handler that gives up past handlerTimeoutMs: 99/exp when booking, 01 otherwise', async () => {
    const slow = <T>(value: T) => new Promise<T>((r) => setTimeout(() => r(value), 400));
    const { url, sink } = await start(
      { rechargeSettle: async () => slow({ result: 'succ', call_sn: 'C1' } as const), queryAccount: async () => slow(selfPayAccount()) },
      { handlerTimeoutMs: 50 },
    );
    expect((await postJson(`${url}/rechargeSettle`, settleRequest())).json).toMatchObject({ ret_code: '99', result: 'exp' });
    expect((await postJson(`${url}/queryAccount`, accountRequest())).json).toMatchObject({ ret_code: '01' });
    expect(sink.records.map((r) => r.outcome)).toEqual(['timeout', 'timeout']);
  });
});

describe('a bad answer from the handler', () => {
  const badResult = { rechargeSettle: async () => ({ result: 'success', call_sn: 'C1' }) as never };

  it('warn: sent as it is, the deviation logged', async () => {
    const { url, sink } = await start(badResult);
    const reply = await postJson(`${url}/rechargeSettle`, settleRequest());
    expect(reply.json).toEqual({ result: 'success', call_sn: 'C1', ret_code: '00', ret_msg: '成功' });
    expect(sink.records[0]!.responseIssues).toEqual(['result:enum']);
    expect(sink.lines[0]).toContain('answer_issues=result:enum');
  });

  it('strict: held back; a booking interface answers 99/exp, a query 01; the log says why', async () => {
    const { url, sink } = await start(
      { ...badResult, queryAccount: async () => ({ ...selfPayAccount(), phone: undefined }) as never },
      { responseValidation: 'strict' },
    );
    const settle = await postJson(`${url}/rechargeSettle`, settleRequest());
    expect(settle.json).toMatchObject({ ret_code: '99', result: 'exp' });
    expect(settle.json.ret_msg).toContain('result不在字典取值内');
    expect(settle.text).not.toContain('success');
    const account = await postJson(`${url}/queryAccount`, accountRequest());
    expect(account.json.ret_code).toBe('01');
    expect(account.json.ret_msg).toContain('phone缺失');
    expect(sink.records.map((r) => [r.outcome, r.responseIssues])).toEqual([
      ['badAnswer', ['result:enum']],
      ['badAnswer', ['phone:required']],
    ]);
  });

  it('an answer that is no object, or not JSON, is never sent', async () => {
    const circular: Record<string, unknown> = { result: 'succ', call_sn: 'C1' };
    circular.self = circular;
    const { url } = await start({ queryAccount: async () => 'ok' as never, rechargeSettle: async () => circular as never });
    expect((await postJson(`${url}/queryAccount`, accountRequest())).json).toMatchObject({ ret_code: '01' });
    expect((await postJson(`${url}/rechargeSettle`, settleRequest())).json).toMatchObject({ ret_code: '99', result: 'exp' });
  });

  it('a failure answer the handler returns itself is passed on', async () => {
    const { url } = await start({ queryUnsettleList: async () => ({ ret_code: '01', ret_msg: '无待缴费用' }) as never });
    expect((await postJson(`${url}/queryUnsettleList`, accountRequest())).json).toEqual({ ret_code: '01', ret_msg: '无待缴费用' });
  });
});

describe('HTTP level', () => {
  it('an optional interface left out answers 404 with ret_code 01 本机构未提供该接口', async () => {
    const { url } = await start();
    const reply = await postJson(`${url}/orgHsTradeFile`, { org_code: 'H1', stmt_begndate: '2022-04-01', stmt_enddate: '2022-04-01' });
    expect(reply.status).toBe(404);
    expect(reply.json).toMatchObject({ ret_code: '01' });
    expect(reply.json.ret_msg).toContain('本机构未提供该接口');
  });

  it('an unknown path is 404, another method 405 with Allow: POST', async () => {
    const { url } = await start();
    const unknown = await postJson(`${url}/queryAcount`, accountRequest());
    expect([unknown.status, unknown.json.ret_code]).toEqual([404, '01']);
    expect(unknown.text).not.toContain('queryAcount');
    const get = await post(`${url}/queryAccount`, '', { method: 'GET' });
    expect([get.status, get.headers.allow, get.json.ret_code]).toEqual([405, 'POST', '02']);
  });
});

describe('a client that goes away', () => {
  it('mid-body: the call still ends and is logged, the handler is not called', async () => {
    const { url, sink, calls } = await start();
    const { request } = await import('node:http');
    await new Promise<void>((resolve) => {
      const req = request(`${url}/queryAccount`, { method: 'POST', headers: { 'content-length': '1000', 'content-type': 'application/json' } });
      req.on('error', () => resolve());
      req.write('{"org_code":"H1",');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    for (let i = 0; i < 100 && sink.records.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sink.records.map((r) => [r.interfaceId, r.retCode, r.outcome])).toEqual([['ORG_001', '02', 'badRequest']]);
    expect(calls).toEqual([]);
  });
});

describe('the old names of the failure answers', () => {
  it('HospitalError and HospitalOutcomeUnknownError still work: the same classes, the same answers', async () => {
    const { HospitalError, HospitalOutcomeUnknownError } = await import('../../src/index.js');
    expect(HospitalError).toBe(OrgFailureAnswer);
    expect(HospitalOutcomeUnknownError).toBe(OrgOutcomeUnknownAnswer);
    const { url } = await start({ queryAccount: async () => { throw new HospitalError('查无此人 / unknown patient', { retCode: '02' }); } });
    expect((await postJson(`${url}/queryAccount`, accountRequest())).json).toEqual({ ret_code: '02', ret_msg: '查无此人 / unknown patient' });
  });
});
