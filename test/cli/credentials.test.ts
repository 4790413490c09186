import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addClientOptions, clientOptionsFrom, type ClientFlagValues } from '../../src/cli/credentials.js';
import { AmpConfigError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'onetrans-cred-'));

/** Parses flags exactly as a sub-command would, then resolves them. */
function resolve(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cmd = addClientOptions(new Command('x').exitOverride());
  cmd.parse(args, { from: 'user' });
  return clientOptionsFrom(cmd.opts<ClientFlagValues>(), { env });
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AmpConfigError);
    expect(e).toMatchObject({ code: '000105' });
    return (e as Error).message;
  }
  throw new Error('expected an AmpConfigError');
}

const ENV = { ONETRANS_URL: 'http://127.0.0.1:9', ONETRANS_APP_ID: 'APPIDAPPIDAPPID1', ONETRANS_APP_SECRET: 'sec', ONETRANS_ORG_ID: 'H1' };

describe('client flags and environment', () => {
  it('takes every credential from the environment', () => {
    expect(resolve([], ENV)).toEqual({ url: 'http://127.0.0.1:9', appId: 'APPIDAPPIDAPPID1', appSecret: 'sec', orgId: 'H1' });
  });

  it('lets a flag win over its variable; an empty variable counts as unset', () => {
    const o = resolve(['--org-id', 'H2', '--url', 'https://portal.example/gw'], { ...ENV, ONETRANS_APP_SECRET: 'sec', ONETRANS_ORG_ID: '' });
    expect(o.orgId).toBe('H2');
    expect(o.url).toBe('https://portal.example/gw');
    expect(problemsOf(() => resolve([], { ...ENV, ONETRANS_ORG_ID: ' ' }))).toContain('--org-id');
  });

  it('reports every missing credential at once, naming flag and variable, in Chinese and English', () => {
    const msg = problemsOf(() => resolve(['--app-id', 'APPIDAPPIDAPPID1']));
    for (const s of ['--url', 'ONETRANS_URL', '--app-secret', 'ONETRANS_APP_SECRET', '--org-id', 'ONETRANS_ORG_ID', '缺少 3 项', 'missing 3']) expect(msg).toContain(s);
    expect(msg).not.toContain('ONETRANS_APP_ID');
  });

  it('plumbs --proxy, --ca, --sign-type, --profile and timeouts into AmpClient options', () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const profile = join(dir, 'profile.json');
    writeFileSync(profile, '\uFEFF{"encDataCase":"lower"}');
    const o = resolve(
      ['--proxy', 'http://10.0.0.1:3128', '--ca', ca, '--sign-type', 'sm2', '--profile', profile, '--connect-timeout', '100', '--read-timeout', '200', '--validation', 'strict'],
      { ...ENV, ONETRANS_CLIENT_PRV_KEY: 'cHJ2' },
    );
    expect(o).toMatchObject({ proxy: 'http://10.0.0.1:3128', signType: 'SM2', clientPrvKey: 'cHJ2', profile: { encDataCase: 'lower' }, connectTimeoutMs: 100, readTimeoutMs: 200, validation: 'strict' });
    expect(o.ca).toEqual([expect.stringContaining('BEGIN CERTIFICATE')]);
  });

  it('collects bad values and unreadable files into one error', () => {
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{oops');
    const msg = problemsOf(() =>
      resolve(['--ca', join(dir, 'missing.pem'), '--profile', notJson, '--sign-type', 'RSA', '--connect-timeout', 'soon', '--proxy', 'not a proxy', '--url', 'portal.example'], ENV),
    );
    for (const s of ['missing.pem 文件不存在', 'no such file', '--profile', 'not valid JSON', '--sign-type', '--connect-timeout', '--proxy', 'http://']) expect(msg).toContain(s);
    expect(msg).not.toContain('ENOENT');
    expect(msg).not.toContain('oops');
  });

  it('asks for the SM2 private key when --sign-type SM2 has none', () => {
    expect(problemsOf(() => resolve(['--sign-type', 'SM2'], ENV))).toContain('ONETRANS_CLIENT_PRV_KEY');
  });
});
