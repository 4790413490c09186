// `npm install` in a clone runs scripts/build-native.mjs --if-available: without cmake or a C
// compiler it skips the native library with one line saying how to get it; a build that starts
// and breaks still fails (so CI, which has cmake, stays red); ONETRANS_REQUIRE_NATIVE=1 (set by
// .ci/run) makes a missing tool fail too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/build-native.mjs');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'onetrans-native-'));
  dirs.push(d);
  return d;
}

/** A PATH holding only node: no cmake, no compiler. */
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const bin = tmp();
  symlinkSync(process.execPath, join(bin, 'node'));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
  delete env.CC;
  delete env.ONETRANS_REQUIRE_NATIVE;
  return { ...env, ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

describe('scripts/build-native.mjs', () => {
  it('skips with one clear line when cmake and a compiler are missing (what npm install runs)', () => {
    const r = run(['--if-available'], bareEnv());
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('未找到 cmake、C 编译器');
    expect(lines[0]).toContain('skipping the native library');
    expect(lines[0]).toContain('npm run build:native');
    expect(lines[0]).toContain('apt-get install cmake build-essential');
  });

  it('fails without the tools when asked to build, or when ONETRANS_REQUIRE_NATIVE=1 (CI)', () => {
    const asked = run([], bareEnv());
    expect(asked.status).toBe(1);
    expect(asked.stderr).toContain('cannot build the native library');
    const ci = run(['--if-available'], bareEnv({ ONETRANS_REQUIRE_NATIVE: '1' }));
    expect(ci.status).toBe(1);
  });

  const hasTools = ['cmake', 'cc'].every((t) => (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, t))));
  it.skipIf(!hasTools)('fails, even with --if-available, when cmake is there and the build breaks', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'CMakeLists.txt'), 'cmake_minimum_required(VERSION 3.16)\nproject(broken C)\nadd_library(broken SHARED broken.c)\n');
    writeFileSync(join(dir, 'broken.c'), '#error this native build is broken on purpose\n');
    writeFileSync(join(dir, 'package.json'), '{"name":"broken","version":"0.0.0"}');
    const r = run(['--if-available'], { ...process.env, ONETRANS_REQUIRE_NATIVE: '' }, dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('the native build failed');
  });
});
