// The built `onetrans` command as a user runs it: help in both languages, a quiet exit when the
// reader of a pipe goes away, and commander's own errors in Chinese too. Needs dist/ (npm install
// builds it; so does `npm run build`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/onetrans.js');
const built = existsSync(join(ROOT, 'dist/cli.js'));

describe.skipIf(!built)('bin/onetrans.js (built)', () => {
  it('prints help in Chinese and English', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('用法 / Usage:');
    expect(r.stdout).toContain('区域医保支付门户');
    expect(r.stdout).toContain('ONETRANS_APP_SECRET');
    const call = spawnSync(process.execPath, [BIN, 'call', '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(call.stdout).toContain('--proxy');
    expect(call.stdout).toContain('--sign-type');
    expect(call.stdout).toContain('建议改用环境变量 ONETRANS_APP_SECRET');
  });

  it('translates commander errors and suggests the option meant', () => {
    const r = spawnSync(process.execPath, [BIN, 'portal', '--prot', '0'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('错误：未知选项 --prot，是否应为 --port？');
    expect(r.stderr).toContain("unknown option '--prot'");
  });

  it('`onetrans portal | head -1` prints the URL and ends without an EPIPE crash', async () => {
    const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" portal --port 0 | head -1`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // If the banner all fit in the pipe before head left, the next request's log line meets the closed pipe.
    const timer = setInterval(() => {
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) fetch(`${url}/api/amp/hos/pushMsg`, { method: 'POST', body: '{}' }).catch(() => undefined);
    }, 200);
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearInterval(timer);
    clearTimeout(killer);
    expect(out).toMatch(/^AMP portal simulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(err).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
