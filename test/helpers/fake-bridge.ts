/**
 * The set-up the native tests that drive the compiled library share: build the library (not the
 * real bridge), bundle the test-double runtime (test/bridge/fixtures/fake-mobiletrans.ts) as a
 * bridge once per test file, and stage install folders that are removed after the file's tests.
 * Call it at the top level of a test file; it registers the file's beforeAll and afterAll.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { ensureNativeBuild, fakeBridgeBundle, stageLibrary } from '../native/helpers.js';

/**
 * A fresh library folder (stageLibrary): with the fake bridge when `withFakeBridge`, else with
 * none (a test may put its own onetrans-bridge.cjs in `files`).
 */
export type StageLibrary = (withFakeBridge: boolean, files?: Record<string, string>) => string;

/** `fakeBridge: false`: a file that stages only its own bridges skips the bundling. */
export function useStagedLibraries(opts: { fakeBridge?: boolean } = {}): StageLibrary {
  const wantBridge = opts.fakeBridge ?? true;
  let bridge: string | undefined;
  const staged: string[] = [];
  beforeAll(async () => {
    await ensureNativeBuild({ realBridge: false });
    if (wantBridge) bridge = await fakeBridgeBundle();
  }, 240_000);
  afterAll(() => {
    for (const d of staged) rmSync(d, { recursive: true, force: true });
    if (bridge) rmSync(bridge, { force: true });
  });
  return (withFakeBridge, files = {}) => {
    if (withFakeBridge && !bridge) throw new Error('useStagedLibraries(): no fake bridge bundled (fakeBridge: false, or used before beforeAll)');
    const dir = stageLibrary(withFakeBridge ? bridge! : null, files);
    staged.push(dir);
    return dir;
  };
}
