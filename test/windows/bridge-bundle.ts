/**
 * The bridge (onetrans-bridge.cjs and onetrans-bridge-body.cjs) from the current sources, built the way tsup.config.ts
 * builds dist/, into a private folder: the package tests ship what the sources say, not whatever
 * dist/ last held.
 */
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import tsupConfig from '../../tsup.config.js';

/** Builds onetrans-bridge.cjs (the loader node runs) and onetrans-bridge-body.cjs (the runtime it
 * compiles) into outDir; returns the entry's path (the body sits beside it). */
export async function buildBridge(outDir: string, opts: { clean?: boolean } = {}): Promise<string> {
  const configs = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
  const bridge = configs.find((c) => c.entry && !Array.isArray(c.entry) && 'onetrans-bridge' in c.entry);
  if (!bridge) throw new Error('tsup.config.ts has no onetrans-bridge entry');
  await build({ ...bridge, outDir, config: false, silent: true, clean: opts.clean ?? true, dts: false });
  return join(outDir, 'onetrans-bridge.cjs');
}
