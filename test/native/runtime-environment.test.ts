/**
 * The environment the library gives the runtime it starts: the host's, plus MALLOC_ARENA_MAX=1
 * (one glibc malloc arena instead of one per node thread: several MB less private memory per HIS
 * process on a terminal server, bench footprint), unless the host or the site set it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cstr, loadOneTrans } from './koffi-lib.js';
import { LIB_PATH } from './helpers.js';
import { useStagedLibraries } from '../helpers/fake-bridge.js';

const stage = useStagedLibraries();

/** The environment a "node" beside the library was started with (it records it and exits). */
async function runtimeEnvironment(): Promise<Map<string, string>> {
  const dir = stage(true, { 'OneTrans.json': '{}' });
  const dump = path.join(dir, 'env.txt');
  writeFileSync(path.join(dir, 'node'), `#!/bin/sh\nenv > '${dump}'\nexit 3\n`, { mode: 0o755 });
  const code = await loadOneTrans(path.join(dir, path.basename(LIB_PATH))).mobileTrans(cstr('{"echo":1}'), Buffer.alloc(8192));
  expect(code).toBe('000002'); // this "node" never says hello
  const env = new Map<string, string>();
  for (const line of readFileSync(dump, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return env;
}

describe.skipIf(process.platform !== 'linux')('the runtime’s environment', () => {
  it('is the host’s, with one malloc arena', async () => {
    process.env.ONETRANS_TEST_MARK = 'host-value';
    try {
      const env = await runtimeEnvironment();
      expect(env.get('MALLOC_ARENA_MAX')).toBe('1');
      expect(env.get('ONETRANS_TEST_MARK')).toBe('host-value');
      expect(env.get('PATH')).toBe(process.env.PATH);
    } finally {
      delete process.env.ONETRANS_TEST_MARK;
    }
  });

  it('keeps a MALLOC_ARENA_MAX the host or the site set', async () => {
    process.env.MALLOC_ARENA_MAX = '4';
    try {
      const env = await runtimeEnvironment();
      expect(env.get('MALLOC_ARENA_MAX')).toBe('4');
    } finally {
      delete process.env.MALLOC_ARENA_MAX;
    }
  });
});
