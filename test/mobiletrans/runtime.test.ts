import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { cstTimestamp } from '../../src/core/index.js';
import { loadMobileTrans, type MobileTransRuntime } from '../../src/mobiletrans/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';

let portal: PortalHandle;
let libDir: string;
let rt: MobileTransRuntime;

function specRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const req = JSON.parse(readFileSync(new URL('../fixtures/spec-dll-request.json', import.meta.url), 'utf8'));
  req.data.serverAddr = `${portal.url}/api/amp/hos/pushMsg`;
  req.data.timestamp = cstTimestamp();
  req.data.medOrgOrd = `ZL${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  Object.assign(req.data, overrides);
  return req;
}

async function call(input: string | Buffer | object, capacity?: number) {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(typeof input === 'string' ? input : JSON.stringify(input));
  const r = await rt.call(buf, capacity);
  return { code: r.code, raw: r.output, out: r.output.length ? JSON.parse(r.output.toString('utf8')) : undefined };
}

beforeAll(async () => {
  portal = await startPortal();
  libDir = mkdtempSync(join(tmpdir(), 'onetrans-mt-'));
  rt = loadMobileTrans({ libDir, env: {} });
});
afterAll(async () => {
  await rt.close();
  await portal.close();
});

describe('MobileTrans contract (protocol.md §7)', () => {
  it("answers the spec's own DLL request like the vendor DLL", async () => {
    const r = await call(specRequest());
    expect(r.code).toBe('000000');
    expect(r.out).toEqual({ code: 0, message: '成功', data: { response: 'SUCCESS' }, extra: '', orgId: 'H46010000000' });
  });

  it('takes the seven settings out and sends the rest, nulls included', async () => {
    const req = specRequest();
    await call(req);
    const last = portal.messages.at(-1) as unknown as { params?: Record<string, unknown> } & Record<string, unknown>;
    const sent = JSON.stringify(last);
    expect(sent).toContain(String((req.data as Record<string, unknown>).medOrgOrd));
    for (const s of ['serverAddr', 'appKey', 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM']) expect(sent).not.toContain(s);
  });

  it('accepts GBK input with Chinese names (auto-detected)', async () => {
    const req = specRequest({ patientName: '张三丰', deptName: '口腔科' });
    const r = await call(iconv.encode(JSON.stringify(req), 'gbk'));
    expect(r.code).toBe('000000');
    const stored = JSON.stringify(portal.messages.at(-1));
    expect(stored).toContain(String((req.data as Record<string, unknown>).medOrgOrd));
    expect(stored).toMatch(/张|\*/); // the name arrived decoded (the simulator may mask it)
  });

  it('maps bad input to 000105 with a message that says what to fix', async () => {
    const cases: [string | object, RegExp][] = [
      ['not json', /JSON/],
      ['[1,2]', /对象|object/],
      ['"a string"', /对象|object/],
      [{ orgId: 'H1' }, /data/],
      [{ data: { appId: 'x', appKey: 'y' }, orgId: 'H1' }, /serverAddr/],
      [{ data: { serverAddr: 'ftp://x/pushMsg', appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appKey: 'k' }, orgId: 'H1' }, /serverAddr/],
      [{ data: { serverAddr: 'http://127.0.0.1:1/pushMsg', appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appKey: 'k' } }, /orgId/],
    ];
    for (const [input, msg] of cases) {
      const r = await call(input);
      expect({ input, code: r.code }).toEqual({ input, code: '000105' });
      expect(r.out.code).toBe(105);
      expect(r.out.message).toMatch(msg);
    }
  });

  it('truncated UTF-8 input gets a clear error, not a crash', async () => {
    const full = Buffer.from(JSON.stringify(specRequest({ patientName: '周大鹏' })));
    const cut = full.subarray(0, full.indexOf(Buffer.from('周')) + 2);
    const r = await call(cut);
    expect(r.code).toBe('000105');
  });

  it('uses a fresh timestamp when the caller sends a malformed one', async () => {
    const r = await call(specRequest({ timestamp: '2022/05/10' }));
    expect(r.code).toBe('000000');
  });

  it("passes the portal's own code through (stale caller timestamp → 010010)", async () => {
    const r = await call(specRequest({ timestamp: '2022-05-10 16:56:24' }));
    expect(r.code).toBe('010010');
    expect(r.out.code).toBe(10010);
  });

  it('never writes more than the capacity: a response that does not fit is 000002', async () => {
    // A refund query answers with a few hundred bytes; learn the size, then offer one byte less.
    const q = (outRefundNo: string) =>
      specRequest({ serverAddr: `${portal.url}/api/amp/hos/queryRefundResult`, orgCode: 'H46040100001', outRefundNo });
    const full = await call(q('NO-SUCH-1'), 8192);
    expect(full.code).toBe('000000');
    const need = full.raw.length + 1;
    const short = await call(q('NO-SUCH-1'), need - 1);
    expect(short.code).toBe('000002');
    expect(short.raw.length).toBeLessThanOrEqual(need - 2);
    expect(short.out).toMatchObject({ code: 2, message: expect.stringMatching(/buffer too small \(need \d+/) });
    const tiny = await call(q('NO-SUCH-2'), 16);
    expect(tiny.code).toBe('000002');
    expect(tiny.raw.length).toBeLessThanOrEqual(15);
  });

  it('writes one masked line per call to the daily log, never the secret', async () => {
    await call(specRequest({ idNo: '460029196507081627', phone: '13812345678' }));
    await call('not json');
    await rt.close();
    rt = loadMobileTrans({ libDir, env: {} });
    const files = readdirSync(join(libDir, 'logs'));
    expect(files[0]).toMatch(/^onetrans-\d{8}\.log$/);
    const text = readFileSync(join(libDir, 'logs', files[0]!), 'utf8');
    expect(text).toMatch(/iface=pushMsg orgId=H46010000000 ms=[\d.]+ code=000000/);
    expect(text).toMatch(/code=000105/);
    expect(text).not.toContain('St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM');
    expect(text).not.toContain('460029196507081627');
  });
});

describe('OneTrans.json', () => {
  it('reports a misspelled key in the log and still works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onetrans-cfg-'));
    writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify({ readTimeoutMS: 5, capacity: 4096, '//': 'comment' }));
    const r = loadMobileTrans({ libDir: dir, env: {} });
    expect(r.capacity).toBe(4096);
    expect((await r.call(Buffer.from('{}'))).code).toBe('000105');
    await r.close();
    const log = readFileSync(join(dir, 'logs', readdirSync(join(dir, 'logs'))[0]!), 'utf8');
    expect(log).toContain('readTimeoutMS');
    expect(log).toContain('readTimeoutMs');
  });

  it('a log folder that cannot be written never fails a call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onetrans-ro-'));
    writeFileSync(join(dir, 'logs'), 'a file where the folder should be');
    const r = loadMobileTrans({ libDir: dir, env: {} });
    expect((await r.call(Buffer.from('{}'))).code).toBe('000105');
    await r.close();
  });

  it('ONETRANS_CONFIG in another folder: its relative logDir is read from that folder (as the C library reads it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onetrans-env-'));
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'site.json'), JSON.stringify({ logDir: 'journal', logLevel: 'info' }));
    const r = loadMobileTrans({ libDir: dir, env: { ONETRANS_CONFIG: 'conf/site.json' } });
    expect((await r.call(Buffer.from(JSON.stringify(specRequest())))).code).toBe('000000');
    await r.close();
    expect(readdirSync(join(dir, 'conf', 'journal')).length).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['conf']);
  });

  it('ONETRANS_CONFIG points at another file; outputEncoding gbk encodes the answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onetrans-env-'));
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'x.json'), JSON.stringify({ outputEncoding: 'gbk', logLevel: 'off' }));
    const r = loadMobileTrans({ libDir: dir, env: { ONETRANS_CONFIG: join(dir, 'conf', 'x.json') } });
    const res = await r.call(Buffer.from(JSON.stringify(specRequest())));
    expect(res.code).toBe('000000');
    expect(iconv.decode(res.output, 'gbk')).toContain('成功');
    expect(res.output.toString('utf8')).not.toContain('成功');
    await r.close();
    chmodSync(dir, 0o755);
  });
});
