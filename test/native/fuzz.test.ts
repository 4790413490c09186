/**
 * Issue 7 "Keep it found": a bounded run of the fuzz harness (scripts/fuzz.mjs → native/fuzz/,
 * the compiled library, the real runtime bundle, the portal simulator on 127.0.0.1). Every
 * input class, every answer checked: NUL-terminated within the capacity, valid JSON, a
 * protocol.md §5 code, "code" = the returned code, no secret echoed (answer or log), no
 * garbled success; every 11th case against a misbehaving portal. `npm run fuzz -- --count 100000` runs the long one, `-- --asan` under
 * AddressSanitizer + UBSan.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureNativeBuild, RELEASE_DIR, ROOT } from './helpers.js';

/**
 * Findings that belong to a fix in progress elsewhere (the harden work on src/mobiletrans,
 * src/client, src/core): tolerated by the main assertion when they match, each kept as an
 * expected failure below until main has the fix (then that test fails: delete the entry).
 * The fuzzer's first cases are the issue's own repros, so these are found on every run.
 */
// Issue 7 #1 (echo, log-echo), #2 (garbled-success) and #4 (ret-unknown, code-mismatch from a
// portal answering "ZZ9999") are fixed in src/core and src/mobiletrans.
const PENDING: Record<string, { reason: string; matches: (finding: string) => boolean }> = {
  // (none: the long run's phone-in-pushType echo, fixed case 9, is masked by src/spec/format-issues.ts)
};

const CASES = 2500;
let report: { checks: Record<string, number>; codes: Record<string, number>; findings: string[]; summary: string; took: string };

beforeAll(async () => {
  await ensureNativeBuild({ realBridge: true });
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/fuzz.mjs'), '--count', String(CASES), '--seed', '1', '--build', RELEASE_DIR], {
    timeout: 240_000,
    maxBuffer: 1 << 26,
  }).catch((e: { stdout?: string; code?: number }) => {
    if (e.code !== 1 || !e.stdout) throw e; // 1 = findings; anything else is the harness failing
    return { stdout: e.stdout };
  });
  const lines = stdout.split('\n');
  const checks: Record<string, number> = {};
  const codes: Record<string, number> = {};
  for (const l of lines) {
    const m = l.match(/^(CHECK|CODE) (\S+) (\d+)$/);
    if (m) (m[1] === 'CHECK' ? checks : codes)[m[2]!] = Number(m[3]);
  }
  checks['log-echo'] = Number(lines.find((l) => l.startsWith('LOG-ECHO '))?.split(' ')[1] ?? NaN);
  report = {
    checks,
    codes,
    findings: lines.filter((l) => l.startsWith('FINDING ')),
    summary: lines.find((l) => l.startsWith('SUMMARY ')) ?? '',
    took: lines.find((l) => l.startsWith('TOOK ')) ?? '',
  };
}, 300_000);

describe(`fuzzing MobileTrans (${CASES} cases, seed 1)`, () => {
  it('ran every case against the real runtime and the simulator', () => {
    expect(report.summary).toMatch(new RegExp(`^SUMMARY seed=1 cases=${CASES} `));
    // the valid requests reached the portal and succeeded; the broken ones were refused
    expect(report.codes['000000']).toBeGreaterThan(CASES / 10);
    expect(report.codes['000105']).toBeGreaterThan(CASES / 10);
    // the misbehaving portal's answers came back as the codes they map to
    for (const code of ['000003', '000100', '000101']) expect(report.codes[code], code).toBeGreaterThan(0);
    expect(Object.keys(report.checks).sort()).toEqual(
      ['bad-json', 'code-mismatch', 'echo', 'empty-success', 'garbled-success', 'log-echo', 'no-code', 'no-nul', 'overflow', 'param-expected', 'ret-unknown', 'slow'].sort(),
    );
  });

  it('finds nothing wrong in any answer (pending fixes aside)', () => {
    const unexpected = report.findings.filter((f) => !PENDING[f.split(' ')[1]!]?.matches(f));
    expect(unexpected).toEqual([]);
    for (const [check, n] of Object.entries(report.checks)) if (!(check in PENDING)) expect(n, check).toBe(0);
    // every finding of a pending check is listed (the harness prints up to 100 per check)
    for (const check of Object.keys(PENDING)) expect(report.checks[check], check).toBeLessThanOrEqual(100);
  });

  for (const [check, { reason }] of Object.entries(PENDING)) {
    it.fails(`pending: no "${check}" finding — ${reason}`, () => {
      expect(report.checks[check]).toBe(0);
    });
  }
});
