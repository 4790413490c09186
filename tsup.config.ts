import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library, the CLI, the demo and the benchmarks: ESM, dependencies stay external.
    entry: {
      index: 'src/index.ts',
      cli: 'src/cli/index.ts',
      'examples/demo': 'examples/typescript/demo.ts',
      'bench/index': 'bench/index.ts',
    },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: { entry: { index: 'src/index.ts' } },
    sourcemap: true,
    clean: true,
    splitting: true,
    // koffi loads its native module with a dynamic require: never bundle it.
    external: ['koffi'],
  },
  {
    // The bridge runtime driven by the native library: one self-contained file, so an
    // install folder holds only the library, this bundle and a node binary.
    entry: { 'onetrans-bridge': 'src/bridge/main.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    target: 'node20',
    platform: 'node',
    noExternal: [/.*/],
    sourcemap: false,
    clean: false,
    minify: false,
  },
]);
