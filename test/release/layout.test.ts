// Where the package scripts write: release/, outside every folder a build step empties (tsup
// cleans its outDir, dist/), and git-ignored. `npm run package:linux` after `package:windows`
// used to delete the Windows zips because both wrote into dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Options } from 'tsup';
import { describe, expect, it } from 'vitest';
import tsupConfig from '../../tsup.config.js';
import { docEntries, packager, stageFolder } from '../../scripts/package-common.mjs';
import { deadLinks, docsNamedByLibraryMessages } from '../helpers/doc-links.js';
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

  // The guides sit at a package's top, not in docs/<platform>/ as in the repository: their links
  // are rewritten and what they lead to is shipped under docs/ (scripts/package-common.mjs).
  for (const [platform, guides] of [
    ['windows', [['接入说明.md', 'docs/windows/接入说明.md'], ['调用示例.md', 'docs/windows/调用示例.md']]],
    ['linux', [['接入说明-Linux.md', 'docs/linux/接入说明.md']]],
  ] as const) {
    it(`the ${platform} package's guides have no dead link, and the documents the library's messages name are in it`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'onetrans-docs-'));
      try {
        stageFolder(dir, docEntries(guides.map(([to, from]) => ({ to, from: join(ROOT, from) }))));
        expect(deadLinks(dir)).toEqual([]);
        for (const doc of ['docs/reference/README.md', 'docs/reference/codes.md', ...docsNamedByLibraryMessages(ROOT)]) expect(existsSync(join(dir, doc)), doc).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
