// The long-running commands as a user runs them, one real process each: the first line names
// the URL, the server answers there, SIGTERM or Ctrl+C (SIGINT) ends it with exit 0 and a
// closing line, and a busy port is exit 2 with a one-line bilingual reason. Needs dist/ (npm
// install builds it; so does `npm run build`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { post, who } from '../examples/hospital/helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

interface Running {
  url: string;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

/** Starts `onetrans <args>` and resolves once its first line shows `listening on <url>`. */
function start(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  // A server that never comes up must not hang the run.
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  void exited.then(() => clearTimeout(killer));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      const url = /^.* listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)?.[1];
      if (url) resolve({ url, out: () => out, err: () => err, exited, kill: (s) => child.kill(s) });
    });
    void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${out}${err}`)));
  });
}

describe.skipIf(!existsSync(CLI))('onetrans hospital demo / portal as processes', () => {
  it('hospital demo: prints the URL first, serves ORG_001 there, and SIGTERM stops it with exit 0', async () => {
    const his = await start(['hospital', 'demo', '--port', '0', '--quiet']);
    try {
      expect(his.out().split('\n')[0]).toBe(`Reference HIS (参考HIS) listening on ${his.url}`);
      const r = await post(his, '/queryAccount', { ...who(), account_type: '01' });
      expect(r.json.ret_code).toBe('00');
    } finally {
      his.kill('SIGTERM');
    }
    expect(await his.exited).toBe(0);
    expect(his.out().trimEnd().split('\n').at(-1)).toBe('Reference HIS stopped');
    expect(his.err()).toBe('');
  });

  it('portal: Ctrl+C (SIGINT) stops it with exit 0 and the closing line', async () => {
    const portal = await start(['portal', '--port', '0', '--quiet']);
    try {
      expect(portal.out().split('\n')[0]).toBe(`AMP portal simulator listening on ${portal.url}`);
      expect((await fetch(`${portal.url}/__sim/health`)).status).toBe(200);
    } finally {
      portal.kill('SIGINT');
    }
    expect(await portal.exited).toBe(0);
    expect(portal.out().trimEnd().split('\n').at(-1)).toBe('AMP portal simulator stopped');
  });

  it('a port already taken is exit code 2 with the reason in Chinese and English', async () => {
    const portal = await start(['portal', '--port', '0', '--quiet']);
    try {
      const port = new URL(portal.url).port;
      const child = spawn(process.execPath, [CLI, 'hospital', 'demo', '--port', port, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c));
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      clearTimeout(killer);
      expect(code).toBe(2);
      expect(err).toContain('onetrans hospital demo: 端口已被占用 / address in use');
      expect(err.trim().split('\n')).toHaveLength(1);
    } finally {
      portal.kill('SIGTERM');
      await portal.exited;
    }
  });
});
