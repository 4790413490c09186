/**
 * The CI setup scripts on a flaky mirror: each .ci/setup.d step is run for real, with a PATH
 * that holds only basic tools and a fake apt-get (and dpkg) that records what it is asked. Its
 * `apt-get update` fails the way a mirror mid-sync does; the step must still succeed when the
 * install works, and fail when the install fails. .ci/run itself is run in a copy of .ci/ with a
 * fake npm: it times every part, and retries the npm download.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const STEPS = readdirSync(join(ROOT, '.ci/setup.d')).filter((f) => f.endsWith('.sh')).sort();
/** What a step may use besides the package tools it checks for (those are absent here). */
const BASIC = ['bash', 'sh', 'env', 'date', 'grep', 'sed', 'awk', 'dirname', 'basename', 'sleep', 'cat', 'tee', 'mktemp', 'rm', 'mkdir', 'head', 'tail', 'tr', 'wc', 'cut', 'sort', 'uniq', 'printf', 'true', 'false', 'id', 'uname', 'readlink', 'realpath', 'ls', 'cp', 'mv', 'chmod', 'touch', 'find', 'xargs', 'test', '['];

const MIRROR_ERROR = `E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/main/binary-amd64/Packages.xz  File has unexpected size (8790148 != 8789940). Mirror sync in progress? [IP: 127.0.0.1 80]
E: Some index files failed to download. They have been ignored, or old ones used instead.`;

let work: string;
let bin: string;

function which(tool: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v -- "$1"`, 'sh', tool], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p.startsWith('/') ? p : undefined;
}

/** A script in the fake bin/ (the log of every call is $FAKE_LOG). */
function fake(name: string, body: string): void {
  const p = join(bin, name);
  writeFileSync(p, `#!/bin/bash\necho "${name} $*" >> "$FAKE_LOG"\n${body}\n`);
  chmodSync(p, 0o755);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'onetrans-ci-'));
  bin = join(work, 'bin');
  mkdirSync(bin);
  for (const t of BASIC) {
    const p = which(t);
    if (p) symlinkSync(p, join(bin, t));
  }
  // update: fails as a mirror mid-sync does, unless FAKE_UPDATE_OK; install: FAKE_INSTALL_RC.
  fake('apt-get', `case "$1" in
  update) if [ -n "\${FAKE_UPDATE_OK:-}" ]; then exit 0; fi; printf '%s\\n' ${JSON.stringify(MIRROR_ERROR)} >&2; exit 100 ;;
  install) exit "\${FAKE_INSTALL_RC:-0}" ;;
  *) exit 0 ;;
esac`);
  fake('dpkg', 'if [ "$1" = --print-foreign-architectures ]; then echo i386; fi; exit 0');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface StepRun {
  status: number | null;
  output: string;
  calls: string[];
}

function runStep(step: string, env: Record<string, string>): StepRun {
  const log = join(work, `log-${step}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(log, '');
  const r = spawnSync(join(bin, 'bash'), [join(ROOT, '.ci/setup.d', step)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: bin, HOME: work, LANG: 'C.UTF-8', FAKE_LOG: log, ONETRANS_CI_PAUSE: '0', ONETRANS_CI_TRIES: '3', ...env },
  });
  return { status: r.status, output: r.stdout + r.stderr, calls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('.ci/setup.d steps with a failing apt-get update', () => {
  it('every step goes through .ci/lib/apt.sh (no direct apt-get update/install)', () => {
    expect(STEPS.length).toBeGreaterThan(0);
    const direct = STEPS.filter((s) => /\bapt-get\s+(-\S+\s+)*(update|install)\b/.test(readFileSync(join(ROOT, '.ci/setup.d', s), 'utf8')));
    expect(direct, 'use apt_install from .ci/lib/apt.sh').toEqual([]);
  });

  for (const step of STEPS) {
    it(`${step}: the update is retried, the step goes on, and succeeds when the install works`, () => {
      const r = runStep(step, {});
      const updates = r.calls.filter((c) => c.startsWith('apt-get update'));
      const installs = r.calls.filter((c) => c.startsWith('apt-get install'));
      expect(installs.length, `${step} installed nothing with its tools absent:\n${r.output}`).toBe(1);
      expect(updates).toHaveLength(3);
      expect(r.output).toContain('Mirror sync in progress?');
      expect(r.output).toMatch(/still reports errors after 3 tries/);
      expect(r.status, r.output).toBe(0);
    });

    it(`${step}: fails when the install fails (after retrying it)`, () => {
      const r = runStep(step, { FAKE_INSTALL_RC: '100' });
      expect(r.calls.filter((c) => c.startsWith('apt-get install'))).toHaveLength(3);
      expect(r.output).toMatch(/apt-get install .* failed 3 times \(exit 100\)/);
      expect(r.status).toBe(100);
    });
  }

  it('a healthy mirror: one update, one install', () => {
    const r = runStep(STEPS[0]!, { FAKE_UPDATE_OK: '1' });
    expect(r.calls.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual(['apt-get update', 'apt-get install']);
    expect(r.status, r.output).toBe(0);
  });
});

describe('.ci/run', () => {
  /** A copy of .ci/ whose steps are fake, with a fake npm: `rc` of each part by name. */
  function runCi(opts: { stepRc?: number; npmFetchFailures?: number }): StepRun {
    const repo = mkdtempSync(join(work, 'repo-'));
    cpSync(join(ROOT, '.ci/run'), join(repo, '.ci/run'));
    cpSync(join(ROOT, '.ci/lib'), join(repo, '.ci/lib'), { recursive: true });
    mkdirSync(join(repo, '.ci/setup.d'));
    writeFileSync(join(repo, '.ci/setup.d/10-first.sh'), 'echo first step\n');
    writeFileSync(join(repo, '.ci/setup.d/20-second.sh'), `echo second step; exit ${opts.stepRc ?? 0}\n`);
    const log = join(repo, 'calls');
    writeFileSync(log, '');
    const counter = join(repo, 'fetches');
    const npmBin = join(repo, 'npm-bin');
    mkdirSync(npmBin);
    writeFileSync(
      join(npmBin, 'npm'),
      `#!/bin/bash
echo "npm $*" >> "${log}"
if [ "$1" = install ]; then
  n=$(( $(cat "${counter}" 2>/dev/null || echo 0) + 1 )); echo $n > "${counter}"
  if [ $n -le ${opts.npmFetchFailures ?? 0} ]; then echo "npm error code ECONNRESET" >&2; exit 1; fi
fi
exit 0
`,
      { mode: 0o755 },
    );
    const r = spawnSync('bash', [join(repo, '.ci/run')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: `${npmBin}:${bin}`, HOME: work, LANG: 'C.UTF-8', ONETRANS_CI_PAUSE: '0' },
    });
    return { status: r.status, output: r.stdout + r.stderr, calls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  }

  it('prints the time of every step and part, and all of them again at the end', () => {
    const r = runCi({});
    expect(r.status, r.output).toBe(0);
    for (const part of ['.ci/setup.d/10-first.sh', '.ci/setup.d/20-second.sh', 'npm install (fetch)', 'npm run release', 'npm test']) {
      expect(r.output).toMatch(new RegExp(`^== ${part.replace(/[.()]/g, '\\$&')}: \\d+ s$`, 'm'));
    }
    const summary = r.output.slice(r.output.indexOf('== times'));
    expect(summary).toMatch(/^\s*\d+ s {2}\.ci\/setup\.d\/20-second\.sh$/m);
    expect(summary).toMatch(/^\s*\d+ s {2}npm test$/m);
    expect(r.calls).toEqual(['npm install --ignore-scripts --no-audit --no-fund', 'npm rebuild', 'npm run prepare', 'npm run release', 'npm test']);
  });

  it('a failing step stops the run with its exit code, and the times printed so far say which', () => {
    const r = runCi({ stepRc: 7 });
    expect(r.status).toBe(7);
    expect(r.output).toMatch(/^== \.ci\/setup\.d\/20-second\.sh: \d+ s, exit 7$/m);
    expect(r.output.slice(r.output.indexOf('== times'))).toMatch(/20-second\.sh \(failed, exit 7\)/);
    expect(r.calls).toEqual([]);
  });

  it('the npm download is retried: two registry failures, then it goes on', () => {
    const r = runCi({ npmFetchFailures: 2 });
    expect(r.status, r.output).toBe(0);
    expect(r.calls.filter((c) => c.startsWith('npm install'))).toHaveLength(3);
    expect(r.output).toMatch(/try 2 of 3/);
    expect(existsSync(join(work, 'bin', 'bash'))).toBe(true);
  });

  it('the npm download failing every time fails the run before the build', () => {
    const r = runCi({ npmFetchFailures: 5 });
    expect(r.status).toBe(1);
    expect(r.calls.filter((c) => c.startsWith('npm install'))).toHaveLength(3);
    expect(r.calls.some((c) => c.startsWith('npm test') || c.startsWith('npm run'))).toBe(false);
  });
});
