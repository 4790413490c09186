#!/usr/bin/env node
/**
 * Builds the native library (build/Release/libOneTrans.so, the demo programs) with cmake-js.
 *
 *   node scripts/build-native.mjs                  build; fail when cmake or a C compiler is missing
 *   node scripts/build-native.mjs --if-available   what `npm install` in a clone runs: without cmake
 *                                                  or a compiler, say so in one line and succeed, so
 *                                                  TypeScript-only work needs neither
 *
 * ONETRANS_REQUIRE_NATIVE=1 turns --if-available back into a hard requirement (CI sets it).
 * A build that starts and breaks always fails, whatever the flags: only a missing tool is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

const ifAvailable = process.argv.includes('--if-available') && process.env.ONETRANS_REQUIRE_NATIVE !== '1';

function onPath(names) {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  return names.some((n) => dirs.some((d) => exts.some((e) => existsSync(join(d, n + e)))));
}

const missing = [];
if (!onPath(['cmake'])) missing.push(['cmake', 'cmake']);
// On Windows cmake finds Visual Studio itself; elsewhere a C compiler must be on PATH.
if (process.platform !== 'win32' && !process.env.CC && !onPath(['cc', 'gcc', 'clang'])) missing.push(['C 编译器', 'C compiler']);

if (missing.length) {
  const zh = missing.map((m) => m[0]).join('、');
  const en = missing.map((m) => m[1]).join(' or ');
  const how = 'apt-get install cmake build-essential';
  console.error(
    ifAvailable
      ? `onetrans: 未找到 ${zh}，跳过本地库编译（TypeScript 部分照常可用）；需要 libOneTrans.so 时先安装（${how}），再运行 npm run build:native / no ${en} found: skipping the native library (the TypeScript part works); to build libOneTrans.so install them (${how}) and run npm run build:native`
      : `onetrans: 未找到 ${zh}，无法编译本地库；请先安装（${how}） / no ${en} found: cannot build the native library; install them first (${how})`,
  );
  process.exit(ifAvailable ? 0 : 1);
}

const require = createRequire(import.meta.url);
let cmakeJs;
try {
  cmakeJs = require.resolve('cmake-js/bin/cmake-js');
} catch {
  console.error('onetrans: 未安装 cmake-js（开发依赖），请先在仓库中运行 npm install / cmake-js (a devDependency) is not installed: run npm install in the clone first');
  process.exit(1);
}
const r = spawnSync(process.execPath, [cmakeJs, 'compile', '--out', 'build'], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('onetrans: 本地库编译失败（见上方输出） / the native build failed (see the output above)');
  process.exit(r.status ?? 1);
}
