import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { createHospitalServer, type HospitalHandlers } from '../src/hospital/index.js';
import { validate } from '../src/spec/index.js';
import { measure, measureAsync, type Result } from './measure.js';
import org002Response from '../test/fixtures/org-examples/ORG_002-response.json' with { type: 'json' };
import org003Request from '../test/fixtures/org-examples/ORG_003-request.json' with { type: 'json' };
import org003Response from '../test/fixtures/org-examples/ORG_003-response.json' with { type: 'json' };

/**
 * What the toolkit costs per call: validating the spec's ORG_002 example answer (nested lists,
 * ~5 KB), and an ORG_003 round trip over loopback through the toolkit (parse, validate request,
 * handler, validate answer, log) beside a bare node:http server that only parses and answers.
 */
export async function benchHospital(): Promise<Result[]> {
  const bytes = Buffer.byteLength(JSON.stringify(org002Response));
  const validation = measure(`validate ORG_002 example answer (${bytes} B, warn)`, 5_000, () => {
    validate('ORG_002', org002Response, 'warn', 'response');
  });

  const answer = JSON.stringify(org003Response);
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(answer);
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/rechargeSettle`;
  const { ret_code: _c, ret_msg: _m, ...settled } = org003Response;
  const handlers = {
    queryAccount: async () => { throw new Error('unused'); },
    queryUnsettleList: async () => { throw new Error('unused'); },
    rechargeSettle: async () => settled,
    querySettleResult: async () => ({ result: 'succ' }),
  } as unknown as HospitalHandlers;
  const his = await createHospitalServer(handlers, { log: () => {} });
  const dispatcher = new Agent({ connections: 1 });
  const body = JSON.stringify(org003Request);
  const post = (url: string) => async () => {
    const r = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
    await r.body.text();
  };
  try {
    const baseline = await measureAsync('baseline: bare node:http parse + answer', 2_000, post(bareUrl), 200);
    const ours = await measureAsync('toolkit ORG_003 round trip (warn, logged)', 2_000, post(`${his.url}/rechargeSettle`), 200);
    return [validation, baseline, { ...ours, note: `+${(ours.medianUs - baseline.medianUs).toFixed(0)} µs median over baseline` }];
  } finally {
    await dispatcher.close();
    await his.close();
    await new Promise((r) => bare.close(r));
  }
}
