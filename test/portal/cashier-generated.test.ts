// Every value the simulator's cashier generates fits the spec: lengths and dictionaries of each
// ORG request it sends (so a HIS that checks what it is sent has nothing to warn about), checked
// over many payments of every patient kind, channel and account type, and in what the reference
// HIS answers afterwards (ORG_008 lists setl_id / mdtrt_id / psn_no with a maximum of 30).
import { expect, it } from 'vitest';
import { cstDate } from '../../src/core/index.js';
import { payAtHospital } from '../../src/portal/cashier.js';
import { validate } from '../../src/spec/index.js';
import { findOrgInterface } from '../../src/spec/org-registry.js';
import { startVariant } from '../fixtures/his-variants.js';

const PATIENTS = ['35020519870808105X', '350203199502020021', '350206195503030013'];

it('fits every generated value into the spec’s lengths and dictionaries, over 60 payments', async () => {
  const his = await startVariant();
  try {
    let payments = 0;
    const channels = ['WX', 'ALI', 'BANK', 'UP'] as const;
    for (let round = 0; payments < 60 && round < 40; round++) {
      for (const certNo of PATIENTS) {
        const r = await payAtHospital({
          his: his.url, certNo, bills: 'all', channel: channels[round % 4], patientType: round % 2 ? '01' : undefined,
          timeoutMs: 3000, queryIntervalMs: 20, queryTries: 3,
        });
        payments += r.payments.filter((p) => p.result === 'succ').length;
      }
    }
    expect(payments).toBeGreaterThanOrEqual(60);
    const issues: string[] = [];
    for (const call of his.calls) {
      const iface = findOrgInterface(call.method)!;
      for (const i of validate(iface.id, call.body, 'strict', 'request').issues) issues.push(`${iface.id} ${i.field} ${i.rule}`);
    }
    expect([...new Set(issues)]).toEqual([]);
    // What the HIS then reports of those settlements fits too (ORG_008's columns are shorter).
    const today = cstDate();
    const f = await fetch(`${his.url}/orgHsTradeFile`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ org_code: 'H323498799997', stmt_begndate: today, stmt_enddate: today, page_no: 1, page_size: 500 }),
    });
    const answer = await f.json();
    const rows = (answer.billdetail ?? []) as unknown[];
    expect(rows.length).toBeGreaterThan(0);
    expect(validate('ORG_008', answer, 'strict', 'response').issues.map((i) => `${i.field} ${i.rule}`)).toEqual([]);
  } finally {
    await his.close();
  }
}, 60_000);
