/**
 * The bridge bundle (onetrans-bridge.cjs) from the current sources, built the way tsup.config.ts
 * builds dist/, into a private folder: the package tests ship what the sources say, not whatever
 * dist/ last held.
 */
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import tsupConfig from '../../tsup.config.js';

export async function buildBridge(outDir: string): Promise<string> {
  const configs = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
  const bridge = configs.find((c) => c.entry && !Array.isArray(c.entry) && 'onetrans-bridge' in c.entry);
  if (!bridge) throw new Error('tsup.config.ts has no onetrans-bridge entry');
  await build({ ...bridge, outDir, config: false, silent: true, clean: true, dts: false });
  return join(outDir, 'onetrans-bridge.cjs');
}
