// The rules docs/architecture.md states about the code's shape, checked on the code itself: the
// layers import only downwards (src/core at the bottom; src/hospital and src/portal never import
// each other), and no `*.spec.ts` file exists anywhere — `src/spec` is the specification as data,
// and the tests are all test/**/*.test.ts (a *.spec.ts would silently never run).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

/** The layers bottom-up, in the order of docs/architecture.md's table: each may import those before it. */
const ORDER = ['core', 'spec', 'client', 'bill', 'mobiletrans', 'bridge', 'gateway', 'org', 'hospital', 'portal', 'cli'];
/** Pairs that must not import each other even where the order would allow it. */
const APART: [string, string][] = [
  ['hospital', 'portal'],
  ['bridge', 'gateway'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|cts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every layer a file of `layer` imports (static, re-exported or dynamic), by resolving each relative specifier. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const layers: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    const target = relative(SRC, resolve(dirname(file), m[1]!));
    const top = target.split(sep)[0]!;
    if (!target.startsWith('..') && ORDER.includes(top)) layers.push(top);
  }
  return layers;
}

function layerOf(file: string): string | undefined {
  const top = relative(SRC, file).split(sep)[0]!;
  return ORDER.includes(top) ? top : undefined;
}

describe('docs/architecture.md, checked on the code', () => {
  const imports: { from: string; to: string; file: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = layerOf(file);
    if (!from) continue;
    for (const to of importsOf(file)) if (to !== from) imports.push({ from, to, file: relative(ROOT, file) });
  }
  const edges = imports.map((i) => `${i.from} → ${i.to} (${i.file})`);

  it('sees the imports it checks (the parser is not blind)', () => {
    expect(edges.some((e) => e.startsWith('hospital → org'))).toBe(true);
    expect(edges.some((e) => e.startsWith('portal → org'))).toBe(true);
    expect(edges.some((e) => e.startsWith('bridge → mobiletrans'))).toBe(true);
  });

  it('every layer imports only layers below it; src/core imports none', () => {
    const upward = imports.filter((i) => ORDER.indexOf(i.to) > ORDER.indexOf(i.from));
    expect(upward).toEqual([]);
    expect(edges.filter((e) => e.startsWith('core → '))).toEqual([]);
  });

  it('src/hospital and src/portal never import each other (both reach a hospital through src/org); nor do src/bridge and src/gateway', () => {
    const crossing = edges.filter((e) => APART.some(([a, b]) => e.startsWith(`${a} → ${b} `) || e.startsWith(`${b} → ${a} `)));
    expect(crossing).toEqual([]);
  });

  it('no *.spec.ts (or .spec.js …) file anywhere in the repository: tests are test/**/*.test.ts', () => {
    // Tracked and untracked-but-not-ignored files: what a commit could bring in.
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => /\.spec\.[cm]?[jt]sx?$/.test(f))).toEqual([]);
  });
});
