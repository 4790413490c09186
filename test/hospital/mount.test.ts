// Mounting the listener beside other routes, configurable paths, one-at-a-time bookings per
// org_trace_no, framework-parsed bodies, and the start-up checks of handlers and options.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HospitalConfigError, createHospitalHandler, createHospitalServer, type HospitalHandlers, type HospitalServer } from '../../src/hospital/index.js';
import { accountRequest, exampleHandlers, post, postJson, selfPayAccount, settleRequest } from './helpers.js';

const servers: { close(): unknown }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({ close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const handlers = (): HospitalHandlers => ({ ...exampleHandlers(), queryAccount: async () => selfPayAccount() });

describe('mounting', () => {
  it('serves under a base path in a plain node:http server, beside another route', async () => {
    const hospital = createHospitalHandler(handlers(), { basePath: '/his/amp', log: false });
    const server = createServer((req, res) => {
      if (req.url === '/health') {
        res.end('up');
        return;
      }
      hospital(req, res, () => {
        res.statusCode = 418;
        res.end('not the hospital');
      });
    });
    const url = await listen(server);
    expect((await post(`${url}/health`, '', { method: 'GET' })).text).toBe('up');
    expect((await postJson(`${url}/his/amp/queryAccount`, accountRequest())).json.ret_code).toBe('00');
    expect((await postJson(`${url}/his/amp/queryAccount?x=1`, accountRequest())).json.ret_code).toBe('00');
    const other = await postJson(`${url}/queryAccount`, accountRequest());
    expect([other.status, other.text]).toEqual([418, 'not the hospital']);
    expect(hospital.matches('/his/amp/rechargeSettle')).toBe(true);
    expect(hospital.matches('/rechargeSettle')).toBe(false);
    expect(hospital.paths.orgHsTradeRevoke).toBe('/his/amp/orgHsTradeRevoke');
  });

  it('takes a body a framework already parsed (req.body, Express-style)', async () => {
    const hospital = createHospitalHandler(handlers(), { log: false });
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        (req as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        hospital(req, res);
      });
    });
    const url = await listen(server);
    const reply = await postJson(`${url}/queryAccount`, accountRequest());
    expect(reply.json).toMatchObject({ ret_code: '00', psn_name: '周大鹏' });
  });

  it('every suffix is configurable, by handler name or interface id; ORG_009 has its own default', async () => {
    const seen: string[] = [];
    const h: HospitalHandlers = {
      ...handlers(),
      orgHsTradeFile: async () => {
        seen.push('008');
        return {
          medfee_sumamt: '0', fund_pay_sumamt: '0', acct_pay: '0', cash_pay_sumamt: '0', fixmedins_setl_cnt: '0', insutype: '310',
          settle_channel: '05', billdetail: [],
        };
      },
      orgHsTradeRevoke: async () => {
        seen.push('009');
        return {};
      },
    };
    const server: HospitalServer = await createHospitalServer(h, { log: false, paths: { ORG_001: '/getAccount', orgHsTradeFile: '/hs/file' } });
    servers.push(server);
    expect((await postJson(`${server.url}/getAccount`, accountRequest())).json.ret_code).toBe('00');
    expect((await postJson(`${server.url}/queryAccount`, accountRequest())).status).toBe(404);
    const file = await postJson(`${server.url}/hs/file`, { org_code: 'H1', stmt_begndate: '2022-04-01', stmt_enddate: '2022-04-30', page_no: 1 });
    expect(file.json).toMatchObject({ ret_code: '00', billdetail: [] });
    const revoke = await postJson(`${server.url}/orgHsTradeRevoke`, {
      org_code: 'H1', mdtr_id: 'M1', setl_id: 'S1', account_type: '01', doc_trace_no: 'D1', ipt_otp_no: 'MZ1',
    });
    expect(revoke.json).toEqual({ ret_code: '00', ret_msg: '成功' });
    expect(seen).toEqual(['008', '009']);
  });
});

describe('bookings with the same org_trace_no run one after another', () => {
  it('a retry arriving while the first ORG_003 still runs waits for it', async () => {
    let running = 0;
    let overlap = false;
    const booked = new Map<string, string>();
    const server = await createHospitalServer({
      ...handlers(),
      rechargeSettle: async (req) => {
        running++;
        if (running > 1) overlap = true;
        await new Promise((r) => setTimeout(r, 60));
        running--;
        const first = booked.get(req.org_trace_no);
        if (first) return { result: 'succ', call_sn: first };
        booked.set(req.org_trace_no, `C${booked.size + 1}`);
        return { result: 'succ', call_sn: booked.get(req.org_trace_no)! };
      },
    }, { log: false });
    servers.push(server);
    const replies = await Promise.all([1, 2, 3].map(() => postJson(`${server.url}/rechargeSettle`, settleRequest('SAME'))));
    expect(overlap).toBe(false);
    expect(replies.map((r) => r.json.call_sn)).toEqual(['C1', 'C1', 'C1']);
    // Different traces are not held up by each other.
    await Promise.all(['X1', 'X2', 'X3'].map((t) => postJson(`${server.url}/rechargeSettle`, settleRequest(t))));
    expect(overlap).toBe(true);
  });

  it('a first booking that fails still holds the retries until it is over; synchronous handlers queue too', async () => {
    let calls = 0;
    let firstOver = false;
    const startedAfterFirst: boolean[] = [];
    const server = await createHospitalServer({
      ...handlers(),
      // Not async: the first call answers later (and fails), the retries answer synchronously.
      rechargeSettle: (() => {
        calls++;
        if (calls === 1) {
          return new Promise((_resolve, reject) => setTimeout(() => {
            firstOver = true;
            reject(new Error('HIS database down'));
          }, 60));
        }
        startedAfterFirst.push(firstOver);
        return { result: 'succ', call_sn: `C${calls}` };
      }) as unknown as NonNullable<HospitalHandlers['rechargeSettle']>,
    }, { log: false });
    servers.push(server);
    const first = postJson(`${server.url}/rechargeSettle`, settleRequest('SAME'));
    await new Promise((r) => setTimeout(r, 20));
    const retries = await Promise.all([1, 2].map(() => postJson(`${server.url}/rechargeSettle`, settleRequest('SAME'))));
    expect((await first).json).toMatchObject({ ret_code: '99', result: 'exp' });
    expect(retries.map((r) => r.json.ret_code)).toEqual(['00', '00']);
    expect(startedAfterFirst).toEqual([true, true]);
    // The trace is free again: the next call is answered at once.
    expect((await postJson(`${server.url}/rechargeSettle`, settleRequest('SAME'))).json).toMatchObject({ ret_code: '00', call_sn: 'C4' });
  });
});

describe('start-up checks', () => {
  const attempt = (h: unknown, o: unknown = {}) => () => createHospitalHandler(h as HospitalHandlers, o as never);

  it('names a misspelt handler and the one meant', () => {
    expect(attempt({ ...handlers(), queryAcount: async () => ({}) })).toThrow(HospitalConfigError);
    expect(attempt({ ...handlers(), queryAcount: async () => ({}) })).toThrow(/queryAcount.*queryAccount/);
  });

  it('requires ORG_001..004', () => {
    const { querySettleResult: _, ...rest } = handlers();
    expect(attempt(rest)).toThrow(/querySettleResult.*ORG_004/);
  });

  it('rejects unknown options, bad paths, duplicate paths and bad modes', () => {
    expect(attempt(handlers(), { basepath: '/x' })).toThrow(/basepath.*basePath/);
    expect(attempt(handlers(), { basePath: 'his' })).toThrow(/basePath/);
    expect(attempt(handlers(), { paths: { rechargeSettle: '/queryAccount' } })).toThrow(/ORG_003.*ORG_001|ORG_001.*ORG_003/);
    expect(attempt(handlers(), { paths: { ORG_010: '/x' } })).toThrow(/ORG_010/);
    expect(attempt(handlers(), { validation: 'lenient' })).toThrow(/off, warn or strict/);
    expect(attempt(handlers(), { maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
    try {
      attempt(handlers(), { basepath: '/x' })();
    } catch (e) {
      expect((e as HospitalConfigError).code).toBe('000105');
    }
  });
});
