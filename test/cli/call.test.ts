import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerCallCommand } from '../../src/cli/call.js';
import { startPortal, type PortalHandle } from '../../src/portal/index.js';

let portal: PortalHandle;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal.close());

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ out: string; err: string; code: number | undefined }> {
  let out = '';
  let err = '';
  let code: number | undefined;
  const program = new Command().exitOverride();
  registerCallCommand(program, { out: (s) => (out += s), err: (s) => (err += s), exit: (c) => (code = c), env });
  await program.parseAsync(['node', 'onetrans', 'call', ...args]);
  return { out, err, code };
}

const creds = (url: string) => [
  '--url', url, '--app-id', 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', '--app-secret', 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', '--org-id', 'H35010200227',
];
const push = { medOrgOrd: 'CLI0001', orgCode: 'H35010200227', appType: '01', patientName: '周大鹏', idType: '01', idNo: '350205198708190150', pushType: 'HOSPITAL_PAYMENT', orderStatus: 'MERCHANT_WAIT_PAY' };

describe('onetrans call', () => {
  it('prints the common() result and exits 0 on 000000 (base URL without a path)', async () => {
    const r = await run(['pushMsg', ...creds(portal.url), '--data', JSON.stringify(push)]);
    expect(JSON.parse(r.out)).toMatchObject({ success: true, respCode: '000000', param: { response: 'SUCCESS' } });
    expect(r.code).toBe(0);
  });

  it('reads --data @file and takes any /suffix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onetrans-cli-'));
    writeFileSync(join(dir, 'q.json'), JSON.stringify({ orgCode: 'H35010200227', outRefundNo: 'NONE' }));
    const r = await run(['/queryRefundResult', ...creds(`${portal.url}/api/amp/hos`), '--data', `@${join(dir, 'q.json')}`]);
    expect(JSON.parse(r.out).respCode).toBe('000000');
    const unknown = await run(['/nothingHere', ...creds(portal.url), '--data', '{}']);
    expect(JSON.parse(unknown.out).respCode).toBe('404404');
    expect(unknown.code).toBe(1);
  });

  it('exits non-zero with a clear message for bad --data, without quoting it', async () => {
    const r = await run(['pushMsg', ...creds(portal.url), '--data', '{not json']);
    expect(r.err).toContain('--data 不是合法的JSON');
    expect(r.err).toContain('is not valid JSON');
    expect(r.err).not.toContain('not json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });

  it('says which --data file is missing, in both languages, without a raw ENOENT', async () => {
    const r = await run(['pushMsg', ...creds(portal.url), '--data', '@missing.json']);
    expect(r.err).toContain('--data 指定的文件 missing.json 文件不存在');
    expect(r.err).toContain('--data file missing.json: no such file');
    expect(r.err).not.toMatch(/ENOENT/);
    expect(r.code).toBe(2);
  });

  it('takes credentials from ONETRANS_* variables', async () => {
    const env = { ONETRANS_URL: portal.url, ONETRANS_APP_ID: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', ONETRANS_APP_SECRET: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', ONETRANS_ORG_ID: 'H35010200227' };
    const r = await run(['pushMsg', '--data', JSON.stringify({ ...push, medOrgOrd: 'CLI0002' })], env);
    expect(JSON.parse(r.out)).toMatchObject({ success: true, respCode: '000000' });
    expect(r.err).toBe('');
  });

  it('reports all missing required flags at once', async () => {
    const r = await run(['pushMsg', '--app-id', 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM']);
    for (const flag of ['--url', '--app-secret', '--org-id', '--data']) expect(r.err).toContain(flag);
    expect(r.err).toContain('缺少 4 项必填配置');
    expect(r.code).toBe(2);
  });

  it('suggests http:// when an https URL points at the plain-HTTP simulator', async () => {
    const r = await run(['pushMsg', ...creds(portal.url.replace('http:', 'https:')), '--data', JSON.stringify(push)]);
    expect(JSON.parse(r.out).respCode).toBe('000100');
    expect(r.err).toContain(`http://${new URL(portal.url).host}`);
    expect(r.code).toBe(1);
  });

  it('suggests the interface meant for a misspelt name', async () => {
    const r = await run(['pushmsg', ...creds(portal.url), '--data', JSON.stringify(push)]);
    expect(r.err).toContain('是否应为 pushMsg');
    expect(r.err).toContain('did you mean pushMsg');
    expect(r.code).toBe(2);
  });

  it('says the /api/amp/hos prefix is missing when the portal answers 404404 for a path without it', async () => {
    const r = await run(['pushMsg', ...creds(`${portal.url}/gateway`), '--data', JSON.stringify(push)]);
    const res = JSON.parse(r.out);
    expect(res.respCode).toBe('404404');
    expect(r.err).toContain('/api/amp/hos');
    expect(r.code).toBe(1);
  });
});
