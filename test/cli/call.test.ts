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

async function run(args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  let out = '';
  let err = '';
  let code: number | undefined;
  const program = new Command().exitOverride();
  registerCallCommand(program, { out: (s) => (out += s), err: (s) => (err += s), exit: (c) => (code = c) });
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

  it('exits non-zero with a clear message for bad --data', async () => {
    const r = await run(['pushMsg', ...creds(portal.url), '--data', '{not json']);
    expect(r.err).toMatch(/--data/);
    expect(r.code).toBe(2);
  });
});
