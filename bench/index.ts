/**
 * `npm run bench`: prints numbers; asserts nothing. Targets are in the issues and the README.
 */
import { benchCore } from './core-seal-open.js';
import { printTable } from './measure.js';

const only = process.argv[2];
const suites: Record<string, () => Promise<void>> = {
  core: async () => {
    console.log('\n# core: envelope seal+open (target ≤ 20 µs median)');
    printTable(benchCore());
  },
};
for (const [name, run] of Object.entries(suites)) if (!only || only === name) await run();
