/**
 * Runs once before every test file (vitest globalSetup). The runtimes the tests start write
 * their V8 code cache in the user's cache folder ($XDG_CACHE_HOME/onetrans, else
 * ~/.cache/onetrans): a test run writes a new one for each bundle it builds. They go to a
 * folder of this run instead, removed at the end; a test about the cache's place sets its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'onetrans-test-cache-'));
  // The forked test workers, and every process they start, inherit it.
  process.env.XDG_CACHE_HOME = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
