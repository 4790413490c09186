// docs/reference/ is generated from the spec tables (scripts/gen-reference.mjs) and committed.
// These fail while a page is stale, prove the check itself can fail, and check that the pages
// carry every field of every table (nested lists included) and that their links resolve.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AMP_CODES } from '../../src/core/codes.js';
import { AMP_INTERFACE_LIST, ORG_INTERFACE_LIST, ORG_SPEC_DECISIONS, WARN_MODE_EXCEPTIONS, type FieldSpec } from '../../src/spec/index.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = path.join(ROOT, 'scripts/gen-reference.mjs');
const REF = path.join(ROOT, 'docs/reference');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const check = (root: string) => spawnSync(process.execPath, [SCRIPT, '--check', '--root', root], { encoding: 'utf8' });
const page = (id: string) => readFileSync(path.join(REF, `${id.toLowerCase().replace(/_/g, '-')}.md`), 'utf8');

function copyOfRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'onetrans-ref-test-'));
  temps.push(dir);
  cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
  cpSync(REF, path.join(dir, 'docs/reference'), { recursive: true });
  return dir;
}

describe('docs/reference', () => {
  it('is up to date with src/spec', () => {
    const r = check(ROOT);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('is reported stale when a table changes, and the script rewrites it', () => {
    const dir = copyOfRepo();
    const file = path.join(dir, 'src/spec/amp-hos-002.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("zh: '退款原因'", "zh: '退款原因（改）'"));
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('docs/reference/amp-hos-002.md is stale');
    execFileSync(process.execPath, [SCRIPT, '--root', dir]);
    expect(check(dir).status).toBe(0);
    expect(readFileSync(path.join(dir, 'docs/reference/amp-hos-002.md'), 'utf8')).toContain('| `refundReason` | 退款原因（改） |');
  });

  it('reports a hand-added page and a deleted one', () => {
    const dir = copyOfRepo();
    writeFileSync(path.join(dir, 'docs/reference/extra.md'), '# hand written\n');
    rmSync(path.join(dir, 'docs/reference/org-009.md'));
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('docs/reference/extra.md is not generated');
    expect(r.stderr).toContain('docs/reference/org-009.md is missing');
  });

  it('has a page per interface with every field of its tables, nested lists included', () => {
    expect(AMP_INTERFACE_LIST.length + ORG_INTERFACE_LIST.length).toBe(13);
    const missing: string[] = [];
    const walk = (id: string, text: string, fields: readonly FieldSpec[], prefix: string) => {
      for (const f of fields) {
        const cellText = `| \`${prefix}${f.name}\` | ${f.zh.replace(/\|/g, '\\|')} | ${f.type} | ${f.maxLength ?? '--'} | ${f.required ? 'Y' : 'N'} |`;
        if (!text.includes(cellText)) missing.push(`${id} ${prefix}${f.name}`);
        if (f.items) walk(id, text, f.items, `${prefix}${f.name}[].`);
      }
    };
    for (const spec of [...AMP_INTERFACE_LIST, ...ORG_INTERFACE_LIST]) {
      const text = page(spec.id);
      expect(text).toContain(`# ${spec.id} ${spec.name}`);
      walk(spec.id, text, spec.request, '');
      walk(spec.id, text, spec.response, '');
      for (const r of spec.rules) expect(text).toContain(`\`${r.id}\``);
    }
    expect(missing).toEqual([]);
    // nested twice: ORG_004 common_tip_list[].tip_items[]
    expect(page('ORG_004')).toContain('| `common_tip_list[].tip_items[].code_type` |');
  });

  it('states the decided spec defects and the refund rule on the pages', () => {
    for (const e of WARN_MODE_EXCEPTIONS) expect(page(e.interfaceId)).toContain(e.why);
    for (const d of ORG_SPEC_DECISIONS) expect(page(d.interfaceId)).toContain(d.decision);
    expect(page('AMP_HOS_002')).toContain('用同一个 `outRefundNo` 调 `/queryRefundResult` 查询');
  });

  it('lists every response code with what to do', () => {
    const text = readFileSync(path.join(REF, 'codes.md'), 'utf8');
    for (const code of Object.keys(AMP_CODES)) expect(text).toMatch(new RegExp(`^\\| \`${code}\` \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| \\S`, 'm'));
  });

  it('has links that resolve, anchors included', () => {
    const broken: string[] = [];
    const anchors = (file: string) => {
      const text = readFileSync(file, 'utf8');
      return new Set([
        ...[...text.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[`()（）/、←，：]/g, '').replace(/ /g, '-')),
        ...[...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!),
      ]);
    };
    for (const f of readdirSync(REF)) {
      const text = readFileSync(path.join(REF, f), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#([^)]*))?\)/g)) {
        const target = path.join(REF, decodeURI(m[1]!));
        if (!existsSync(target)) broken.push(`${f} → ${m[1]}`);
        else if (m[2] && target.endsWith('.md') && !anchors(target).has(decodeURI(m[2]))) broken.push(`${f} → ${m[1]}#${m[2]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
