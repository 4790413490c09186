// Usage errors end with exit status 2 in every command, as docs/cli.md says — never 1, which means
// "the portal or the network said no". Runs the built CLI as a user would (needs dist/: npm run build).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitStatusFor } from '../../src/cli/usage-exit.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/onetrans.js');
const built = existsSync(join(ROOT, 'dist/cli.js'));

function run(args: string[]) {
  // A usage error is found before anything starts, so none of these reaches the network; the
  // environment is cleared of credentials so a mistake here could not call a real portal either.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ONETRANS_')));
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, env });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe.skipIf(!built)('usage errors exit 2 (built CLI)', () => {
  const unknownOption: string[][] = [
    ['call', 'pushMsg', '--bogus'],
    ['probe', '--bogus'],
    ['portal', '--bogus'],
    ['portal', 'pay', '--his', 'http://127.0.0.1:9', '--cert-no', 'X', '--bogus'],
    ['bill', 'download', '--bogus'],
    ['bill', 'parse', 'x.csv', '--bogus'],
    ['reconcile', '--bogus'],
    ['conformance', '--his', 'http://127.0.0.1:9', '--cert-no', 'X', '--bogus'],
    ['hospital', 'demo', '--bogus'],
    ['hospital', 'export', '--data', 'books.json', '--bogus'],
    ['gateway', '--bogus'],
  ];
  it.each(unknownOption)('unknown option: onetrans %s …', (...args) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('错误：未知选项 --bogus');
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  it.each([
    [['call'], '错误：缺少参数 <api>'],
    [['bill', 'parse'], '错误：缺少参数 <file>'],
    [['portal', '--port'], '错误：选项 --port <port> 缺少取值'],
    [['hospital', 'export', '--date'], '错误：选项 --date <yyyy-MM-dd> 缺少取值'],
    [['conformance', '--his'], '错误：选项 --his <url> 缺少取值'],
    [['conformance'], '错误：缺少必需的选项 --his <url>'],
  ])('missing argument: onetrans %j', (args, zh) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(zh);
  });

  it.each([
    [['portal', '--port', 'abc'], '错误：选项 --port <port> 的取值无效'],
    [['conformance', '--mode', 'lax', '--his', 'http://127.0.0.1:9', '--cert-no', 'X'], '错误：选项 --mode <mode> 的取值无效，可选：warn, strict'],
    [['portal', 'pay', '--channel', 'CASH', '--his', 'http://127.0.0.1:9', '--cert-no', 'X'], '错误：选项 --channel <channel> 的取值无效，可选：WX, ALI, BANK, UP'],
  ])('bad value: onetrans %j', (args, zh) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(zh);
    // The bad value itself is not repeated back in the Chinese line.
    expect(r.stderr.split('\n')[0]).not.toMatch(/abc|lax|CASH/);
  });

  it('an unknown command, or a command group without its sub-command, is a usage error too', () => {
    expect(run(['nosuch']).status).toBe(2);
    const bill = run(['bill']);
    expect(bill.status).toBe(2);
    expect(bill.stderr).toContain('download');
    expect(run([]).status).toBe(2);
  });

  it('help and version still exit 0', () => {
    for (const args of [['--help'], ['-V'], ['help', 'call'], ['call', '--help'], ['bill', 'parse', '--help']]) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout.length, args.join(' ')).toBeGreaterThan(0);
    }
  });
});

describe('exitStatusFor', () => {
  it('maps usage codes to 2 and leaves help, version and the commands’ own errors alone', () => {
    expect(exitStatusFor({ code: 'commander.unknownOption', exitCode: 1 })).toBe(2);
    expect(exitStatusFor({ code: 'commander.invalidArgument', exitCode: 1 })).toBe(2);
    expect(exitStatusFor({ code: 'commander.help', exitCode: 1 })).toBe(2);
    expect(exitStatusFor({ code: 'commander.help', exitCode: 0 })).toBe(0);
    expect(exitStatusFor({ code: 'commander.helpDisplayed', exitCode: 0 })).toBe(0);
    expect(exitStatusFor({ code: 'commander.version', exitCode: 0 })).toBe(0);
    expect(exitStatusFor({ code: 'onetrans.portal.config', exitCode: 2 })).toBe(2);
    expect(exitStatusFor({ code: 'commander.error', exitCode: 1 })).toBe(1);
  });
});
