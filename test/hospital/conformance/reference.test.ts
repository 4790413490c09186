// The checker against the reference HIS: every check passes (optional ones included), the
// report has the documented --json shape, and --only narrows it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runConformance, formatReport } from '../../../src/hospital/conformance.js';
import { CHECKS } from '../../../src/hospital/conformance-checks.js';
import { startDemoHospital, type DemoHospital } from '../../../examples/hospital/index.js';

const CERT = '35020519870808105X';
let his: DemoHospital;
beforeAll(async () => {
  his = await startDemoHospital();
});
afterAll(() => his.close());

it('passes every check against the reference HIS', async () => {
  const r = await runConformance({ his: his.url, certNo: CERT, queryIntervalMs: 50 });
  expect(r.checks.filter((c) => c.status !== 'pass')).toEqual([]);
  expect(r.checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
  expect(r).toEqual({ checks: expect.any(Array), passed: CHECKS.length, warned: 0, failed: 0 });
  for (const c of r.checks) {
    expect(Object.keys(c)).toEqual(['id', 'interface', 'level', 'status', 'why', 'source']);
    // Every row says which part of the spec it rests on.
    expect(c.source).toMatch(/§\d|precondition/);
    expect(c.why.endsWith(`spec ${c.source}`)).toBe(true);
  }
  expect(formatReport(r).at(-1)).toBe(`${CHECKS.length} passed, 0 warned, 0 failed, 0 skipped`);
  expect(JSON.stringify(r)).not.toContain(CERT);
});

it('docs/hospital.md lists every check with its level', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/hospital.md', import.meta.url)), 'utf8');
  const rows = doc.split('\n').filter((l) => l.startsWith('| `ORG_'));
  for (const c of CHECKS) {
    // ORG_001.not-json … are one row each kind: `ORG_00N.not-json`.
    const moves = /^ORG_00[3579]\.missing-field$/.test(c.id); // the calls that change the books: their own row
    const generic = moves ? 'ORG_00M.missing-field' : c.id.replace(/^ORG_00\d\.(not-json|missing-field|bad-dict)$/, 'ORG_00N.$1');
    const row = rows.find((l) => l.startsWith(`| \`${generic}\` |`));
    expect(row, c.id).toBeDefined();
    expect(row!.split('|')[2]!.trim(), c.id).toBe(c.level);
  }
  expect(doc).toContain(`全部 ${CHECKS.length} 项通过`);
  expect(doc).toContain(`runs the ${CHECKS.length} checks`);
});

it('an independent HIS (the docs example, on the toolkit) that checks nothing it is sent passes with exit 0: warnings only', async () => {
  const { createHospitalServer } = await import('../../../src/index.js');
  const { handlers } = await import('../doc-example.js'); // its bills live in the module: one run per test file
  const other = await createHospitalServer(handlers, { log: false, requestValidation: 'off' });
  try {
    const r = await runConformance({ his: other.url, certNo: CERT, orgCode: 'H35000312894', queryIntervalMs: 50 });
    expect(r.checks.filter((c) => c.status === 'fail')).toEqual([]);
    // It answers 00 to queries missing a field or with an unknown dictionary value: advice, not failures.
    const warned = r.checks.filter((c) => c.status === 'warn').map((c) => c.id);
    expect(warned.length).toBeGreaterThan(0);
    expect(warned.every((id) => /\.(bad-dict|missing-field)$/.test(id) && !/^ORG_00[3579]\.missing-field/.test(id))).toBe(true);
    expect(r.failed).toBe(0);
  } finally {
    await other.close();
  }
});
