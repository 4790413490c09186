// Where the package scripts write: release/, outside every folder a build step empties (tsup
// cleans its outDir, dist/), and git-ignored. `npm run package:linux` after `package:windows`
// used to delete the Windows zips because both wrote into dist/.
import { spawnSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import type { Options } from 'tsup';
import { describe, expect, it } from 'vitest';
import tsupConfig from '../../tsup.config.js';
import { packager } from '../../scripts/package-common.mjs';
import { RELEASE_DIR } from '../../scripts/release.mjs';

const ROOT = join(import.meta.dirname, '../..');
const inside = (dir: string, parent: string) => !relative(parent, dir).startsWith('..');

describe('release/ layout', () => {
  it('the package scripts and the release script write into release/ by default', () => {
    const opts = packager('layout-test').parseArgs([], { arches: ['x64'], archive: 'zip' });
    expect(opts.out).toBe(join(ROOT, 'release'));
    expect(RELEASE_DIR).toBe(join(ROOT, 'release'));
  });

  it('no tsup build that cleans its folder can reach release/', () => {
    const configs = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
    const cleaned = configs.filter((c) => c.clean).map((c) => resolve(ROOT, c.outDir ?? 'dist'));
    expect(cleaned.length).toBeGreaterThan(0);
    for (const dir of cleaned) {
      expect(inside(join(ROOT, 'release'), dir), `tsup cleans ${dir}`).toBe(false);
      expect(inside(dir, join(ROOT, 'release')), `tsup cleans ${dir}`).toBe(false);
    }
  });

  it('release/ is git-ignored (test/release/ is not)', () => {
    const ignored = (p: string) => spawnSync('git', ['check-ignore', '-q', p], { cwd: ROOT }).status === 0;
    expect(ignored('release/onetrans-windows-x64.zip')).toBe(true);
    expect(ignored('test/release/layout.test.ts')).toBe(false);
  });
});
