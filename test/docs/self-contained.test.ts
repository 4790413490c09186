// The project's files, tests included, never point outside the repository (tests use tmpdir()), and the
// protocol, CLI and reconciliation docs' links resolve inside it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function trackedFiles(): string[] | undefined {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

describe('self-contained repository', () => {
  const files = trackedFiles();
  // Files that must name such a path to do their job, by name (tests make their folders with tmpdir()).
  const EXCEPTED = new Set(['test/docs/self-contained.test.ts', 'package-lock.json']);

  it.skipIf(!files)('no file, tests included, names ../shared/, /work/ or /tmp/', () => {
    const offenders: string[] = [];
    for (const f of files!) {
      if (EXCEPTED.has(f) || !existsSync(join(ROOT, f))) continue;
      const text = readFileSync(join(ROOT, f));
      if (text.includes(0)) continue; // binary
      const s = text.toString('utf8');
      s.split('\n').forEach((line, i) => {
        if (/\.\.\/shared\/|\/work\/|\/tmp\//.test(line)) offenders.push(`${f}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the links of the README and the protocol docs resolve inside the repository', () => {
    const broken: string[] = [];
    for (const doc of ['README.md', 'README.zh-CN.md', 'docs/protocol.md', 'docs/architecture.md', 'docs/spec-notes.md', 'docs/cli.md', 'docs/reconcile.md', 'docs/hospital.md', 'docs/windows/接入说明.md', 'docs/linux/接入说明.md', 'docs/windows/调用示例.md']) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue;
        if (!existsSync(join(ROOT, dirname(doc), decodeURI(target)))) broken.push(`${doc} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
