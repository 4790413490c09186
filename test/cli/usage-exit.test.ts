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

  // A value typed into the wrong option may be an ID number or a key: the message names the
  // option and what it expects, in both languages, and never repeats the value.
  const ID = '110101199003077777';
  const ID_X = '11010119900307777X';
  const KEY = 'S3cr3tAppKeyNotForLogs';
  const his = ['--his', 'http://127.0.0.1:9', '--cert-no', 'X'];
  it.each([
    [['portal', '--port', ID_X], '错误：选项 --port <port> 的取值无效：--port 须为非负整数', "error: option '--port <port>' has an invalid value: --port must be a non-negative integer", ID_X],
    [['hospital', 'demo', '--settle-delay', KEY], '错误：选项 --settle-delay <ms> 的取值无效', "error: option '--settle-delay <ms>' has an invalid value", KEY],
    [['conformance', '--mode', ID, ...his], '错误：选项 --mode <mode> 的取值无效，可选：warn, strict', "error: option '--mode <mode>' has an invalid value; allowed choices are warn, strict", ID],
    [['portal', 'pay', '--channel', KEY, ...his], '错误：选项 --channel <channel> 的取值无效，可选：WX, ALI, BANK, UP', 'allowed choices are WX, ALI, BANK, UP', KEY],
    [['conformance', '--only', `ORG_001,${ID}`, ...his], '第 2 项不是已知的检查项', 'item 2 is not a known check', ID],
    [['conformance', '--timeout', ID_X, ...his], '错误：选项 --timeout <ms> 的取值无效：--timeout 须为正整数', '--timeout must be a positive integer', ID_X],
    [['portal', 'pay', '--his', `ftp://${KEY}`, '--cert-no', 'X'], '错误：选项 --his <url> 的取值无效：医院地址须为 http(s):// 地址', 'the hospital base URL must be an http(s):// URL', KEY],
    [['portal', 'pay', '--header', `${KEY} x:1`, ...his], '错误：选项 --header <name:value> 的取值无效', 'a header name has characters HTTP does not allow', KEY],
    [['portal', '--app', KEY], '错误：选项 --app <appId:appSecret[:orgSecret]> 的取值无效', '--app must be <appId>:<appSecret>[:<orgSecret>]', KEY],
    [['call', 'pushMsg', `--cert-no=${ID}`], '错误：未知选项 --cert-no', "error: unknown option '--cert-no'", ID],
    [[ID], '错误：未知命令（onetrans --help 列出全部命令）', 'error: unknown command; onetrans --help lists them', ID],
  ])('bad value: onetrans %j', (args, zh, en, value) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(zh);
    expect(r.stderr).toContain(en);
    expect(r.stderr).not.toContain(value);
    expect(r.stdout).not.toContain(value);
  });

  it('a file named by an option is shown masked', () => {
    const r = run(['call', 'pushMsg', '--data', `@${ID}.json`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--data 指定的文件 110************777.json');
    expect(r.stderr).not.toContain(ID);
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
