// The DLL contract under hostile input and misbehaving portals (issue 7 #1 #2 #3 #4 #6 #9):
// no input text echoed, no garbled success, one deadline under the shim's, §5 codes only,
// bounded log lines, profile typos reported like any other key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cstTimestamp } from '../../src/core/index.js';
import { loadConfig, loadMobileTrans, type MobileTransRuntime } from '../../src/mobiletrans/index.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';
import { rawServer } from '../client/helpers.js';

let portal: PortalHandle;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal.close());

const APP_KEY = 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM';

function request(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const req = JSON.parse(readFileSync(new URL('../fixtures/spec-dll-request.json', import.meta.url), 'utf8'));
  Object.assign(req.data, {
    serverAddr: `${portal.url}/api/amp/hos/pushMsg`,
    timestamp: cstTimestamp(),
    medOrgOrd: `HD${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    ...overrides,
  });
  return req;
}

function runtime(config: Record<string, unknown> = {}): { rt: MobileTransRuntime; dir: string; log: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'onetrans-hard-'));
  writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify(config));
  const rt = loadMobileTrans({ libDir: dir, env: {} });
  const log = () => readdirSync(join(dir, 'logs')).map((f) => readFileSync(join(dir, 'logs', f), 'utf8')).join('');
  return { rt, dir, log };
}

async function call(rt: MobileTransRuntime, input: string | Buffer | object) {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(typeof input === 'string' ? input : JSON.stringify(input));
  const r = await rt.call(buf);
  return { code: r.code, text: r.output.toString('utf8'), out: JSON.parse(r.output.toString('utf8')) as Record<string, unknown> };
}

describe('never echoes input text', () => {
  it('a JSON error names line, column and byte offset, not the text around it; the log neither', async () => {
    const { rt, log } = runtime();
    const text = JSON.stringify(request()).replace(`"appKey":"${APP_KEY}"`, `"appKey":${APP_KEY}"`);
    const r = await call(rt, text);
    expect(r.code).toBe('000105');
    expect(r.out.code).toBe(105);
    const at = text.indexOf(`:${APP_KEY}`) + 1;
    expect(r.out.message).toContain(`line 1, column ${at + 1} (byte offset ${at})`);
    expect(r.out.message).toMatch(/expected a value/);
    await rt.close();
    for (const where of [r.text, log()]) {
      expect(where).not.toContain('St72fYdfk6');
      expect(where).not.toContain('周大鹏');
    }
  });

  it('a bad serverAddr or encryptType is shown masked and bounded', async () => {
    const { rt } = runtime({ logLevel: 'off' });
    const huge = `ftp://x${'/460029196507081627'.repeat(50_000)}`;
    const r = await call(rt, request({ serverAddr: huge }));
    expect(r.code).toBe('000105');
    expect(r.text.length).toBeLessThan(1000);
    expect(r.text).not.toContain('460029196507081627');
    const e = await call(rt, request({ encryptType: '13812345678' }));
    expect(e.code).toBe('000105');
    expect(e.text).not.toContain('13812345678');
    await rt.close();
  });
});

describe('encoding', () => {
  it('UTF-8 with one stray byte is refused with 000105 naming the offset, and nothing reaches the portal', async () => {
    const { rt } = runtime({ logLevel: 'off' });
    const good = Buffer.from(JSON.stringify(request()));
    const at = good.indexOf(Buffer.from('周')) + 3;
    const before = portal.messages.length;
    const r = await call(rt, Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at)]));
    expect(r.code).toBe('000105');
    expect(r.out.message).toContain(`byte offset ${at}`);
    expect(portal.messages.length).toBe(before);
    await rt.close();
  });
});

describe('deadline and codes', () => {
  it('one deadline (connect + read) ends a trickled answer with 000100, inside the shim’s wait', async () => {
    const srv = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    const { rt } = runtime({ connectTimeoutMs: 200, readTimeoutMs: 300, logLevel: 'off' });
    expect(rt.maxWaitMs).toBeGreaterThan(200 + 300);
    const r = await call(rt, request({ serverAddr: `${srv.url}/api/amp/hos/pushMsg` }));
    expect(r.code).toBe('000100');
    expect(r.out.code).toBe(100);
    await rt.close();
    await srv.close();
  }, 15_000);

  it('a portal code outside §5 is returned as 000001, pOutData code 1, keeping the portal’s code', async () => {
    const srv = await rawServer((req, res) => {
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ code: 'ZZ9999', message: 'odd' })));
    });
    const { rt, log } = runtime();
    const r = await call(rt, request({ serverAddr: `${srv.url}/api/amp/hos/pushMsg` }));
    expect(r.code).toBe('000001');
    expect(r.out.code).toBe(1);
    expect(r.out.message).toContain('ZZ9999');
    await rt.close();
    // The log line carries what support looks the call up by.
    expect(log()).toMatch(/code=000001 .*ts=\S+ \S+ sig=[0-9a-f]{16} http=200 portalCode=ZZ9999/);
    await srv.close();
  });
});

describe('the daily log', () => {
  it('bounds every field: a 1 MB serverAddr makes a short line', async () => {
    const { rt, log } = runtime();
    const r = await call(rt, request({ serverAddr: `http://127.0.0.1:1/api/amp/hos/${'p'.repeat(1_000_000)}` }));
    expect(r.code).toBe('000100');
    await rt.close();
    const lines = log().trim().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(2000);
  });
});

describe('OneTrans.json profile', () => {
  it('a misspelt profile key is reported with a suggestion and its default kept; the other keys and calls work', async () => {
    const config = { profile: { signKeyNmae: 'key', replayWindowSec: 120 } };
    const { rt, dir, log } = runtime(config);
    const loaded = loadConfig({ libDir: dir, env: {} });
    expect(loaded.config.profile).toEqual({ replayWindowSec: 120 });
    expect(loaded.problems.join('\n')).toMatch(/signKeyNmae.*signKeyName/);
    const r = await call(rt, request());
    expect(r.code).toBe('000000');
    await rt.close();
    expect(log()).toMatch(/signKeyNmae.*signKeyName/);
  });

  it('"nodeFlags" (read by the shim) is a known key; one the shim would not use is reported in the log', async () => {
    for (const good of ['--no-opt --max-old-space-size=512', '']) {
      const dir = mkdtempSync(join(tmpdir(), 'onetrans-flags-'));
      writeFileSync(join(dir, 'OneTrans.json'), JSON.stringify({ nodeFlags: good }));
      expect(loadConfig({ libDir: dir, env: {} }).problems).toEqual([]);
    }
    const { rt, dir, log } = runtime({ nodeFlags: '--no-opt -e 1' });
    expect(loadConfig({ libDir: dir, env: {} }).problems.join('\n')).toMatch(/nodeFlags.*--/);
    expect((await call(rt, request())).code).toBe('000000');
    await rt.close();
    expect(log()).toContain('nodeFlags');
  });
});
