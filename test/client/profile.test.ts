// The client under non-default profiles, against a loopback server that opens requests and
// seals answers with an Envelope of its own profile.
import { afterEach, describe, expect, it } from 'vitest';
import { AmpClient } from '../../src/client/index.js';
import { Envelope, parseJsonText, type ProfileOverrides } from '../../src/core/index.js';
import { DEMO, rawServer } from './helpers.js';

type Seen = { path: string; envelope: Record<string, any>; data: unknown };

async function portalWith(profile: ProfileOverrides, answer: (seen: Seen, env: Envelope) => Record<string, unknown>) {
  const env = new Envelope({ appId: DEMO.appId, appSecret: DEMO.appSecret, profile });
  const seen: Seen[] = [];
  const srv = await rawServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const envelope = JSON.parse(body);
      const s: Seen = { path: req.url ?? '', envelope, data: env.open(envelope).data };
      seen.push(s);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer(s, env)));
    });
  });
  return { ...srv, seen, env };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const ok = (s: Seen, env: Envelope) => env.seal({ response: 'SUCCESS' }, { orgId: s.envelope.orgId, code: '000000', message: '成功', extra: '' });

describe('AmpClient with a profile', () => {
  it('posts an interface at the suffix the profile names and reads its spec by that suffix', async () => {
    const p = await portalWith({ suffixes: { getTradeFile: '/getCheckFile' } }, ok);
    closers.push(p.close);
    const client = new AmpClient({ ...DEMO, url: `${p.url}/api/amp/hos`, profile: { suffixes: { getTradeFile: '/getCheckFile' } } });
    closers.push(() => client.close());
    const params = { orgCode: 'H1', billDate: '2024-01-02', billType: 'ALL' as const, orgSecret: 'S' };
    await client.getTradeFile(params);
    await client.common('/getCheckFile', params);
    expect(p.seen.map((s) => s.path)).toEqual(['/api/amp/hos/getCheckFile', '/api/amp/hos/getCheckFile']);
    // Validated as AMP_HOS_004 under its configured name: a missing billDate is refused locally.
    const r = await client.common('/getCheckFile', { orgCode: 'H1', billType: 'ALL', orgSecret: 'S' });
    expect(r.respCode).toBe('000105');
  });

  it('writes the timestamp in the profile\'s format, the caller\'s datetime converted to the same instant', async () => {
    const p = await portalWith({ timestampFormat: 'epochSeconds' }, ok);
    closers.push(p.close);
    const client = new AmpClient({ ...DEMO, url: `${p.url}/api/amp/hos`, profile: { timestampFormat: 'epochSeconds' }, validation: 'off' });
    closers.push(() => client.close());
    await client.common('/pushMsg', { a: 1 }, { timestamp: '2022-05-10 16:56:24' });
    await client.common('/pushMsg', { a: 2 });
    expect(p.seen[0]!.envelope.timestamp).toBe(1652172984);
    expect(typeof p.seen[1]!.envelope.timestamp).toBe('number');
    expect(Math.abs(p.seen[1]!.envelope.timestamp - Date.now() / 1000)).toBeLessThan(120);
  });

  it('responseSignature: verify fails with 000102, warn delivers marked and logs, off delivers silently', async () => {
    const p = await portalWith({}, (s, env) => ({ ...ok(s, env), signData: '0'.repeat(64) }));
    closers.push(p.close);
    const lines: [string, string][] = [];
    const make = (responseSignature: 'verify' | 'warn' | 'off') =>
      new AmpClient({ ...DEMO, url: `${p.url}/api/amp/hos`, profile: { responseSignature }, validation: 'off', logger: (line, level) => lines.push([level, line]) });
    const [verify, warn, off] = [make('verify'), make('warn'), make('off')];
    closers.push(() => verify.close(), () => warn.close(), () => off.close());
    expect((await verify.common('/pushMsg', { a: 1 })).respCode).toBe('000102');
    const w = await warn.common('/pushMsg', { a: 1 });
    expect(w).toMatchObject({ success: true, respCode: '000000', param: { response: 'SUCCESS' }, signatureVerified: false });
    expect(lines.filter(([l]) => l === 'warn').length).toBe(1);
    expect(lines[0]![1]).toMatch(/responseSignature/);
    const o = await off.common('/pushMsg', { a: 1 });
    expect(o.success).toBe(true);
    expect(o.signatureVerified).toBeUndefined();
    expect(lines.length).toBe(1);
  });

  it('sends a HIS number\'s text (10.00) in encData and signs that text', async () => {
    const p = await portalWith({}, ok);
    closers.push(p.close);
    const client = new AmpClient({ ...DEMO, url: `${p.url}/api/amp/hos`, validation: 'off' });
    closers.push(() => client.close());
    await client.common('/pushMsg', parseJsonText('{"amount":10.00}'));
    const plain = String(p.env.open(p.seen[0]!.envelope).json);
    expect(plain).toBe('{"amount":10.00}');
  });
});
