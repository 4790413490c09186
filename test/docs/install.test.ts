// The install instructions are true: onetrans is not on the public registry, so no document
// may run a bare `npx onetrans` (npx would fetch whatever the registry has under that name and
// run it with the user's ONETRANS_APP_SECRET in its environment) and `npm install onetrans` is
// shown only as the future form, marked so; the READMEs say how to get every release artifact.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { artifactNames } from '../../scripts/release.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Tracked text a user reads or runs: every Markdown file, and src/, bin/, examples/, docs/ (test/ excepted). */
function userFiles(): string[] {
  const all = execFileSync('git', ['-c', 'core.quotepath=off', 'ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  return all.filter((f) => !f.startsWith('test/') && (/\.md$/i.test(f) || /^(src|bin|examples|docs)\//.test(f)) && existsSync(join(ROOT, f)));
}

/**
 * The npx / npm exec commands on a line that would fetch onetrans from the registry: each command
 * runs from `npx` to the end of the shell command (| ; & ` ' " or the line's end); it offends when
 * it names onetrans without --no-install (or its short form --no).
 */
export function fetchingNpx(line: string): string[] {
  const found: string[] = [];
  for (const m of line.matchAll(/\b(?:npx|npm\s+(?:exec|x))\b[^|;&`'"\n]*/g)) {
    const cmd = m[0];
    if (/(^|[\s@/])onetrans\b/.test(cmd) && !/\s--no(-install)?(\s|$)/.test(cmd)) found.push(cmd.trim());
  }
  return found;
}

describe('install instructions', () => {
  const files = userFiles();

  it('the scan sees the READMEs, docs/ and examples/', () => {
    for (const f of ['README.md', 'README.zh-CN.md', 'docs/cli.md', 'examples/README.md']) expect(files).toContain(f);
  });

  it('the rule: what it catches and what it lets through', () => {
    expect(fetchingNpx('npx onetrans portal --port 8080')).toHaveLength(1);
    expect(fetchingNpx('run `npx -y onetrans call pushMsg` then')).toHaveLength(1);
    expect(fetchingNpx('npm exec onetrans -- --help')).toHaveLength(1);
    expect(fetchingNpx('npx onetrans@0.1.0 --help')).toHaveLength(1);
    expect(fetchingNpx('npx --no-install onetrans portal')).toEqual([]);
    expect(fetchingNpx('npx --no onetrans portal')).toEqual([]);
    expect(fetchingNpx('npx tsc -p . && node_modules/.bin/onetrans --help')).toEqual([]);
  });

  it('no document runs onetrans through npx without --no-install', () => {
    const offenders: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      text.split('\n').forEach((line, i) => {
        for (const cmd of fetchingNpx(line)) offenders.push(`${f}:${i + 1}: ${cmd}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('`npm install onetrans` (from the registry) appears only as the future form, marked as not published yet', () => {
    const unmarked: string[] = [];
    for (const f of files) {
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\bnpm\s+(install|i|add)\s+(-\S+\s+)*onetrans(@\S*)?(\s|`|$)/.test(line) && !/not yet|404|尚未发布/i.test(line)) unmarked.push(`${f}:${i + 1}`);
        });
    }
    expect(unmarked).toEqual([]);
  });

  for (const readme of ['README.md', 'README.zh-CN.md']) {
    it(`${readme}: says the package is not on the registry, installs the tarball by path, and names every artifact and how to build it`, () => {
      const text = readFileSync(join(ROOT, readme), 'utf8');
      const install = text.slice(text.indexOf(readme === 'README.md' ? '## Install' : '## 安装'));
      expect(install).toMatch(readme === 'README.md' ? /not on the public npm registry yet/ : /尚未发布到公共 npm 仓库/);
      expect(install).toContain(`npm install ./onetrans-${VERSION}.tgz`);
      for (const a of artifactNames(VERSION)) expect(install, a).toContain(a);
      for (const cmd of ['npm run release', 'npm run package:npm', 'npm run package:windows', 'npm run package:linux', 'sha256sum -c SHA256SUMS']) {
        expect(install, cmd).toContain(cmd);
      }
    });
  }
});
