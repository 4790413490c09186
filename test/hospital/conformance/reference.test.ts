// The checker against the reference HIS: every check passes (optional ones included), the
// report has the documented --json shape, and --only narrows it.
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
  expect(r).toEqual({ checks: expect.any(Array), passed: CHECKS.length, failed: 0 });
  for (const c of r.checks) expect(Object.keys(c)).toEqual(['id', 'interface', 'status', 'why']);
  expect(formatReport(r).at(-1)).toBe(`${CHECKS.length} passed, 0 failed, 0 skipped`);
  expect(JSON.stringify(r)).not.toContain(CERT);
});
