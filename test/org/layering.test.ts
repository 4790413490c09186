// Where calling a hospital lives: src/org builds on core and spec only, and the two users of it —
// the portal simulator's cashier and the hospital toolkit's conformance checker — never import
// each other's folders. Read from the source files' import lines.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const SRC = join(__dirname, '..', '..', 'src');

function importsOf(folder: string): { file: string; target: string }[] {
  const out: { file: string; target: string }[] = [];
  for (const name of readdirSync(join(SRC, folder))) {
    if (!name.endsWith('.ts')) continue;
    const text = readFileSync(join(SRC, folder, name), 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) continue;
      out.push({ file: `${folder}/${name}`, target: relative(SRC, join(SRC, folder, spec)).split(/[\\/]/)[0]! });
    }
  }
  return out;
}

it('src/org imports only core and spec (and itself)', () => {
  const bad = importsOf('org').filter((i) => !['core', 'spec', 'org'].includes(i.target));
  expect(bad).toEqual([]);
});

it('no file of src/hospital imports src/portal, and none of src/portal imports src/hospital', () => {
  expect(importsOf('hospital').filter((i) => i.target === 'portal')).toEqual([]);
  expect(importsOf('portal').filter((i) => i.target === 'hospital')).toEqual([]);
});

it('the cashier and the conformance checker call hospitals through src/org', () => {
  const users = [...importsOf('portal'), ...importsOf('hospital')].filter((i) => i.target === 'org').map((i) => i.file);
  expect(users).toEqual(expect.arrayContaining(['portal/cashier.ts', 'hospital/conformance-context.ts']));
  // Nobody else opens its own HTTP connection to a HIS.
  for (const f of ['portal/cashier.ts', 'hospital/conformance-context.ts', 'hospital/conformance-checks.ts', 'hospital/conformance-malformed.ts']) {
    expect(readFileSync(join(SRC, f), 'utf8')).not.toMatch(/from 'node:https?'/);
  }
});
