// `onetrans conformance` in process: the table, --json's exact shape, --only, exit codes.
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerConformanceCommand } from '../../src/cli/conformance.js';
import { startVariant, type RunningVariant } from '../fixtures/his-variants.js';

const CERT = '35020519870808105X';
let good: RunningVariant;
let bad: RunningVariant;
beforeAll(async () => {
  good = await startVariant();
  bad = await startVariant({ badJson: { rechargeSettle: 'http500' } });
});
afterAll(async () => {
  await good.close();
  await bad.close();
});

async function run(args: string[]) {
  const lines: string[] = [];
  let code = -1;
  const program = new Command().exitOverride().configureOutput({ writeErr: (s) => lines.push(s), writeOut: (s) => lines.push(s) });
  registerConformanceCommand(program, { out: (l) => lines.push(l), exit: (c) => (code = c) });
  try {
    await program.parseAsync(['conformance', ...args], { from: 'user' });
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode ?? 99;
  }
  return { lines, code };
}

it('prints a table and exits 0 when nothing failed', async () => {
  const r = await run(['--his', good.url, '--cert-no', CERT]);
  expect(r.code).toBe(0);
  expect(r.lines[0]).toMatch(/^check\s+interface\s+level\s+status\s+why$/);
  expect(r.lines.some((l) => /^ORG_003\.idempotent\s+ORG_003\s+fail\s+pass\s/.test(l))).toBe(true);
  expect(r.lines.join('\n')).not.toContain(CERT);
});

it('--json has exactly {checks:[{id,interface,level,status,why,source}],passed,warned,failed}; --only narrows; a failure exits 1', async () => {
  const r = await run(['--his', bad.url, '--cert-no', CERT, '--only', 'ORG_003', '--json']);
  expect(r.code).toBe(1);
  const o = JSON.parse(r.lines.join('\n'));
  expect(Object.keys(o)).toEqual(['checks', 'passed', 'warned', 'failed']);
  expect(Object.keys(o.checks[0])).toEqual(['id', 'interface', 'level', 'status', 'why', 'source']);
  expect(o.checks.every((c: { interface: string }) => c.interface === 'ORG_003')).toBe(true);
  expect(o.checks.map((c: { id: string }) => c.id)).toContain('ORG_003.slow-converges');
  expect(o.failed).toBe(1);
  expect(o.checks.find((c: { status: string }) => c.status === 'fail').id).toBe('ORG_003.not-json');
  expect((await run(['--his', good.url, '--cert-no', CERT, '--only', 'ORG_042'])).code).not.toBe(0);
});

it('--his keeps a path prefix and --header goes on every call (a HIS behind a gateway)', async () => {
  const gw = await startVariant({ prefix: '/web/online/onlinePay', requireHeader: { name: 'X-Tenant', value: 'H3201' } });
  try {
    const r = await run(['--his', `${gw.url}/web/online/onlinePay`, '--header', 'X-Tenant:H3201', '--cert-no', CERT, '--only', 'ORG_001,ORG_004', '--json']);
    const o = JSON.parse(r.lines.join('\n'));
    expect(o.failed).toBe(0);
    expect(o.checks.find((c: { id: string }) => c.id === 'ORG_001.response').status).toBe('pass');
    expect(gw.calls.length).toBeGreaterThan(3);
    // Without the header the gateway refuses: the checker says so instead of passing.
    const without = await run(['--his', `${gw.url}/web/online/onlinePay`, '--cert-no', CERT, '--only', 'ORG_001.response', '--json']);
    expect(without.code).toBe(1);
    expect(JSON.parse(without.lines.join('\n')).checks[0].why).toContain('HTTP 403');
  } finally {
    await gw.close();
  }
  const bad = await run(['--his', good.url, '--header', 'no-colon', '--cert-no', CERT]);
  expect(bad.code).not.toBe(0);
  expect(bad.lines.join('\n')).toContain('NAME:VALUE');
});
