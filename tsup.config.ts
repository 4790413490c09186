import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

// What ships (package.json `files`): dist/*.js, *.cjs, *.d.ts, *.d.cts at the top of dist/, i.e.
// the library (ESM + CJS), the CLI and the bridge bundle. The demo and the benchmarks build into
// dist/examples/ and dist/bench/ without shared chunks, so nothing of theirs lands at the top.
const common = { target: 'node20' as const, platform: 'node' as const, external: ['koffi'] };

export default defineConfig([
  {
    // The library and the CLI, ESM, sharing chunks; dependencies stay external.
    ...common,
    entry: { index: 'src/index.ts', cli: 'src/cli/index.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
    sourcemap: true,
    clean: true,
    splitting: true,
  },
  {
    // The library for CommonJS consumers (require('onetrans')): one file, types as .d.cts.
    ...common,
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    dts: { entry: { index: 'src/index.ts' } },
    sourcemap: true,
    clean: false,
  },
  {
    // The demos and the benchmarks (not shipped): self-contained files under their own folders.
    ...common,
    entry: {
      'examples/demo': 'examples/typescript/demo.ts',
      'examples/hospital-demo': 'examples/hospital/walkthrough.ts',
      'bench/index': 'bench/index.ts',
    },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    splitting: false,
  },
  {
    // The bridge runtime driven by the native library: two self-contained files, so an install
    // folder holds only the library, these two and a node binary. onetrans-bridge.cjs, the entry
    // node runs, is a small loader (src/bridge/loader.ts) that compiles the runtime,
    // onetrans-bridge-body.cjs, with a V8 code cache. The body is its own file because the
    // cache needs its source as a string: embedded in the entry as a string literal it cost
    // 5.5 MB more private memory (issue 25).
    entry: { 'onetrans-bridge': 'src/bridge/entry.ts', 'onetrans-bridge-body': 'src/bridge/main.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    target: 'node20',
    platform: 'node',
    noExternal: [/.*/],
    // Keep `node:` on built-in requires: tsup's own plugin that strips it also marks them external
    // before the plugins below see them (which redirect some of undici's built-ins).
    removeNodeProtocol: false,
    // Only the part of undici the runtime calls (src/bridge/undici-subset.cjs): the full index
    // costs every HIS process ~9 MB more RSS and ~7 MB more private memory (bench footprint).
    // (A plugin, not esbuild's `alias`: that would also rewrite the subset's own undici/lib/… requires.)
    esbuildPlugins: [
      {
        name: 'undici-subset',
        setup(b) {
          b.onResolve({ filter: /^undici$/ }, () => ({ path: fileURLToPath(new URL('./src/bridge/undici-subset.cjs', import.meta.url)) }));
          // sm-crypto (SM2 only; SM3/SM4 run on node:crypto) loaded on first use, not at start-up.
          b.onResolve({ filter: /^sm-crypto$/ }, (args) =>
            /[\\/]src[\\/]bridge[\\/]sm-crypto-lazy\.cjs$/.test(args.importer)
              ? undefined
              : { path: fileURLToPath(new URL('./src/bridge/sm-crypto-lazy.cjs', import.meta.url)) },
          );
          // node:assert, node:zlib and node:perf_hooks as undici sees them: loaded on first use (a
          // failed assertion, a compressed body, fetch's timing), not at start-up
          // (src/bridge/assert-lazy.cjs, zlib-lazy.cjs, perf-hooks-lazy.cjs).
          b.onResolve({ filter: /^(node:)?(assert|zlib|perf_hooks)$/ }, (args) =>
            /[\\/]node_modules[\\/]undici[\\/]/.test(args.importer)
              ? { path: fileURLToPath(new URL(`./src/bridge/${args.path.replace(/^node:/, '').replace('_', '-')}-lazy.cjs`, import.meta.url)) }
              : undefined,
          );
          // node:http: undici speaks HTTP over node:net itself and reads node:http for two things
          // only, its Client's default header limit (src/bridge/http-lazy.cjs) and, in
          // util.destroy, whether a stream is node's IncomingMessage (patched below): loaded
          // when one of those needs it, not at start-up (~5 ms of CPU, 10 built-in modules).
          b.onResolve({ filter: /^node:http$/ }, (args) =>
            /[\\/]node_modules[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/.test(args.importer)
              ? { path: fileURLToPath(new URL('./src/bridge/http-lazy.cjs', import.meta.url)) }
              : undefined,
          );
          b.onLoad({ filter: /[\\/]node_modules[\\/]undici[\\/]lib[\\/]core[\\/]util\.js$/ }, async (args) => {
            const { readFile } = await import('node:fs/promises');
            const text = await readFile(args.path, 'utf8');
            // Only a stream whose class is named IncomingMessage can be one, and only once
            // node:http is loaded: it is required then, to compare with the real class.
            const patched = text
              .replace(
                "const { IncomingMessage } = require('node:http')\n",
                "const isIncomingMessage = (c) => typeof c === 'function' && c.name === 'IncomingMessage' && c === require('node:http').IncomingMessage\n",
              )
              .replace('Object.getPrototypeOf(stream).constructor === IncomingMessage', 'isIncomingMessage(Object.getPrototypeOf(stream).constructor)');
            if (patched.includes('isIncomingMessage(Object') && !/\bIncomingMessage\b(?!')/.test(patched.replace(/isIncomingMessage|\.IncomingMessage/g, ''))) return { contents: patched, loader: 'js' };
            throw new Error(`${args.path}: undici changed where it uses node:http's IncomingMessage; update tsup.config.ts (undici-http-lazy)`);
          });
          // undici's HTTP/2 support (and node:http2) loaded on first use, not at start-up.
          b.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
            /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/.test(args.importer)
              ? { path: fileURLToPath(new URL('./src/bridge/undici-h2-lazy.cjs', import.meta.url)) }
              : undefined,
          );
        },
      },
    ],
    // Every character of the bundle ASCII (others as \u escapes): V8 then holds the source as a
    // one-byte string, half the memory of the two-byte one a single Chinese comment forces.
    // esbuild escapes strings, regexes and names; the comments it keeps are escaped after it.
    esbuildOptions(options) {
      options.charset = 'ascii';
    },
    plugins: [
      {
        name: 'ascii-comments',
        renderChunk: (code) => ({ code: code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) }),
      },
      {
        // The body as one function expression, the way node wraps a CommonJS module, plus the
        // loader's hooks (src/bridge/main.ts): the loader compiles it with vm.Script (whose code
        // cache can be made after the first call, unlike vm.compileFunction's) and calls it.
        name: 'bridge-body-wrapper',
        renderChunk: (code, info) =>
          /onetrans-bridge-body\.cjs$/.test(info.path)
            ? {
                code:
                  '// The OneTrans runtime, compiled and run by onetrans-bridge.cjs beside it (not run directly).\n' +
                  `(function (exports, require, module, __filename, __dirname, __onetransLoader) {${code}\n})`,
              }
            : undefined,
      },
    ],
    sourcemap: false,
    clean: false,
    minify: false,
  },
]);
