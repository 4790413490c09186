// `onetrans portal`: in process through registerPortalCommand, and as the built CLI when dist/
// exists (CI runs the tests without building, so that part is skipped there).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPortalCommand } from '../../src/cli/portal.js';
import type { PortalHandle } from '../../src/portal/index.js';
import { call, pushMsgParams, type Json } from './helpers.js';

const URL_LINE = /^AMP portal simulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onetrans-portal-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `portal <args>` in process until the simulator listens; returns its output and a stop(). */
async function run(args: string[]) {
  const lines: string[] = [];
  const abort = new AbortController();
  let started!: (p: PortalHandle) => void;
  const ready = new Promise<PortalHandle>((r) => (started = r));
  const program = new Command().exitOverride().configureOutput({ writeErr: (s) => lines.push(s), writeOut: (s) => lines.push(s) });
  registerPortalCommand(program, { out: (l) => lines.push(l), onStarted: started, signal: abort.signal });
  const done = program.parseAsync(['portal', ...args], { from: 'user' });
  const portal = await Promise.race([ready, done.then(() => undefined)]);
  return {
    lines,
    portal,
    done,
    async stop() {
      abort.abort();
      await done;
    },
  };
}

describe('registerPortalCommand (in process)', () => {
  it('prints its URL and the demo credentials, serves calls, and stops on abort', async () => {
    const r = await run(['--port', '0', '--app', 'MYHOSPITALAPPID0000000000000001:my-own-secret:my-org-secret', '--refund-delay', '10', '--quiet']);
    expect(r.portal).toBeDefined();
    const m = URL_LINE.exec(r.lines[0]!);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(r.portal!.url);
    const banner = r.lines.join('\n');
    expect(banner).toContain('zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN');
    expect(banner).toContain('MYHOSPITALAPPID0000000000000001');
    expect(banner).not.toContain('my-own-secret');
    expect(banner).not.toContain('my-org-secret');

    const res = await call(r.portal!, '/pushMsg', pushMsgParams(), { appId: 'MYHOSPITALAPPID0000000000000001', appSecret: 'my-own-secret' });
    expect(res.body.code).toBe('000000');
    expect(r.portal!.ledger.refundDelayMs).toBe(10);

    await r.stop();
    expect(r.lines.at(-1)).toBe('AMP portal simulator stopped');
    await expect(fetch(`${r.portal!.url}/__sim/health`)).rejects.toThrow();
  });

  it('reads a --config file (apps, seedTrades, delays)', async () => {
    const file = join(dir, 'portal.json');
    await writeFile(file, JSON.stringify({ apps: [{ appId: 'CONFIGAPPID000000000000000000001', appSecret: 'cfg-secret' }], seedTrades: false, refundDelayMs: 5 }));
    const r = await run(['--config', file, '--port', '0']);
    try {
      const trades = ((await (await fetch(`${r.portal!.url}/__sim/trades`)).json()) as Json).trades;
      expect(trades).toEqual([]);
      const res = await call(r.portal!, '/pushMsg', pushMsgParams(), { appId: 'CONFIGAPPID000000000000000000001', appSecret: 'cfg-secret' });
      expect(res.body.code).toBe('000000');
      // Requests are logged (not --quiet), without the secret.
      expect(r.lines.some((l) => l.includes('/api/amp/hos/pushMsg') && l.includes('000000'))).toBe(true);
      expect(r.lines.join('\n')).not.toContain('cfg-secret');
    } finally {
      await r.stop();
    }
  });

  it('refuses a malformed --app and a config file with bad keys, saying what is wrong', async () => {
    await expect(run(['--app', 'no-colon-here'])).rejects.toThrow(/--app/);
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ refundDelayMs: -1, colour: 'blue' }));
    await expect(run(['--config', file])).rejects.toThrow(/refundDelayMs[\s\S]*colour|colour[\s\S]*refundDelayMs/);
  });
});

describe.skipIf(!existsSync('dist/cli.js'))('node dist/cli.js portal', () => {
  it('prints the URL it listens on and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, ['dist/cli.js', 'portal', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c) => {
          out += c;
          const m = /AMP portal simulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`exited ${code} before listening: ${out}${err}`)));
      });
      const health = (await (await fetch(`${url}/__sim/health`)).json()) as Json;
      expect(health.ok).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('stopped');
  });
});
