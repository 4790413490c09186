// `onetrans portal pay` in process: text steps with masked PII, --json, exit codes.
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerPayCommand } from '../../src/cli/pay.js';
import { startVariant, type RunningVariant } from '../fixtures/his-variants.js';

const CERT = '35020519870808105X';
let his: RunningVariant;
beforeAll(async () => {
  his = await startVariant();
});
afterAll(() => his.close());

async function run(args: string[]) {
  const lines: string[] = [];
  let code = -1;
  const program = new Command().exitOverride().configureOutput({ writeErr: (s) => lines.push(s), writeOut: (s) => lines.push(s) });
  registerPayCommand(program.command('portal'), { out: (l) => lines.push(l), exit: (c) => (code = c) });
  try {
    await program.parseAsync(['portal', 'pay', ...args], { from: 'user' });
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode ?? 99;
  }
  return { lines, code };
}

it('prints each step and the outcome, masking the ID number; exit 0', async () => {
  const r = await run(['--his', his.url, '--cert-no', CERT, '--patient-type', '01', '--query-interval', '50']);
  expect(r.code).toBe(0);
  const text = r.lines.join('\n');
  for (const id of ['ORG_001', 'ORG_002', 'ORG_007', 'ORG_003']) expect(text).toContain(`→ ${id}`);
  expect(text).toContain('result=succ');
  expect(text).not.toContain(CERT);
  expect(text).not.toContain('周大鹏');
});

it('--json prints the outcome object; an unknown patient exits 1; --bill with --all exits 2', async () => {
  const j = await run(['--his', his.url, '--cert-no', CERT, '--all', '--json']);
  expect(j.code).toBe(0);
  const o = JSON.parse(j.lines.join('\n'));
  expect(o.ok).toBe(true);
  expect(o.payments.length).toBeGreaterThan(1);
  expect(o.steps[0].interfaceId).toBe('ORG_001');
  expect((await run(['--his', his.url, '--cert-no', '110101199001011234'])).code).toBe(1);
  expect((await run(['--his', his.url, '--cert-no', CERT, '--all', '--bill', 'x'])).code).toBe(2);
});

it('--his keeps a path prefix and --header goes on every call, ORG_004 included', async () => {
  const gw = await startVariant({ prefix: '/web/online/onlinePay', requireHeader: { name: 'X-Tenant', value: 'H3201' }, settleDelayMs: 400 });
  try {
    const r = await run(['--his', `${gw.url}/web/online/onlinePay/`, '--header', 'X-Tenant:H3201', '--cert-no', CERT, '--timeout', '100', '--query-interval', '200', '--json']);
    const o = JSON.parse(r.lines.join('\n'));
    expect(r.code).toBe(0);
    expect(o.payments[0].result).toBe('succ');
    expect(o.steps.map((s: { interfaceId: string }) => s.interfaceId)).toContain('ORG_004');
    expect(o.steps.every((s: { outcome: string; status?: number }) => s.outcome === 'timeout' || s.status === 200)).toBe(true);
    expect(gw.calls.map((c) => c.method)).toContain('querySettleResult');
  } finally {
    await gw.close();
  }
  const bad = await run(['--his', 'localhost:8090', '--cert-no', CERT]);
  expect(bad.code).not.toBe(0);
  expect(bad.lines.join('\n')).toContain('http(s)://');
});
