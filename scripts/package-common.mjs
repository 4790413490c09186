/**
 * package-common.mjs — what package-linux.mjs and package-windows.mjs share: their options,
 * how they run a tool and fail, fetching the pinned node, and laying out the drop-in folder
 * before it is archived (tar on Linux, zip on Windows). Each script keeps what differs: its
 * build, its file list and its archive format.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleConfig, fetchNode, root } from './node-runtime.mjs';

/**
 * The helpers of one package script; every line it prints starts with `name:`.
 * `hint` follows "could not start" when a tool is missing (where to install it from).
 */
export function packager(name, { hint = '' } = {}) {
  const log = (line) => console.log(`${name}: ${line}`);
  const fail = (message) => {
    console.error(`${name}: ${message}`);
    process.exit(1);
  };
  const run = (cmd, args, options = {}) => {
    const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
    if (r.error) fail(`${cmd} could not start (${r.error.message})${hint} / 无法运行 ${cmd}`);
    if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status} / 命令失败`);
    return r;
  };
  return {
    log,
    fail,
    run,
    /** The pinned node for `key` (node-runtime.mjs), fetched once into .cache/. */
    fetchRuntime(key) {
      try {
        return fetchNode(key, log);
      } catch (e) {
        return fail(e.message);
      }
    },
    /** Says where a folder or an archive was written, archives with their size. */
    wrote(path) {
      const shown = relative(root, path) || path;
      log(statSync(path).isFile() ? `${shown} (${(statSync(path).size / 1048576).toFixed(1)} MiB)` : shown);
    },
    /**
     * The options both scripts take: --arch (repeatable, one of `arches`), --out (default
     * release/, which no build step cleans: the Linux and Windows scripts, run in any order, keep
     * each other's outputs), --build, --bridge, and `--no-<archive>` for the folder alone.
     * `arches` is empty when none was given.
     */
    parseArgs(argv, { arches, archive }) {
      const opts = { arches: [], out: join(root, 'release'), build: join(root, 'build'), bridge: join(root, 'dist', 'onetrans-bridge.cjs'), archive: true };
      for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
          const v = argv[++i];
          if (v === undefined) fail(`${a} needs a value / ${a} 缺少参数值`);
          return v;
        };
        if (a === '--arch') {
          const v = value();
          if (!arches.includes(v)) fail(`unknown --arch ${v} (${arches.join(', ')}) / 未知架构 ${v}`);
          opts.arches.push(v);
        } else if (a === '--out') opts.out = resolve(value());
        else if (a === '--build') opts.build = resolve(value());
        else if (a === '--bridge') opts.bridge = resolve(value());
        else if (a === `--no-${archive}`) opts.archive = false;
        else fail(`unknown option ${a} / 未知选项 ${a}`);
      }
      return opts;
    },
  };
}

/**
 * Lays out a drop-in folder afresh. Each entry is `{ to, from }` (a file copied) or
 * `{ to, text }` (written), with an optional `mode`; `to` may name a subfolder.
 * Every platform's folder starts with runtimeEntries().
 */
export function stageFolder(dir, entries) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const e of entries) {
    const to = join(dir, e.to);
    mkdirSync(dirname(to), { recursive: true });
    if (e.text !== undefined) writeFileSync(to, e.text);
    else copyFileSync(e.from, to);
    if (e.mode !== undefined) chmodSync(to, e.mode);
  }
  return dir;
}

/**
 * The runtime body the bridge entry compiles (src/bridge/loader.ts): the file beside `bridge`.
 * The library looks for both before it starts node.
 */
export function bridgeBody(bridge) {
  return join(dirname(bridge), 'onetrans-bridge-body.cjs');
}

/** Fails unless the bridge entry and its body are both there. */
export function checkBridge(bridge, fail) {
  for (const f of [bridge, bridgeBody(bridge)]) {
    if (!existsSync(f)) fail(`${f} is missing: run \`npm run build:ts\` first / 缺少 ${basename(f)}，请先执行 npm run build:ts`);
  }
}

/**
 * What every drop-in folder holds beside its library and node: the bridge (entry and body), the
 * header, the config, and the guides (`extraGuides`: more documents at the top, `{ to, from }`)
 * with every document they link to (docEntries).
 */
export function runtimeEntries({ bridge, platform, guide, extraGuides = [] }) {
  return [
    { to: 'onetrans-bridge.cjs', from: bridge },
    { to: 'onetrans-bridge-body.cjs', from: bridgeBody(bridge) },
    { to: 'onetrans.h', from: join(root, 'include', 'onetrans.h') },
    { to: 'OneTrans.json', text: exampleConfig(platform) },
    ...docEntries([{ to: guide, from: join(root, 'docs', platform, '接入说明.md') }, ...extraGuides]),
  ];
}

const DOCS = join(root, 'docs');
/** Relative links of a Markdown text: `[text](target)` without a scheme; the `#part` cut off. */
const LINK = /\]\((?![a-z][a-z0-9+.-]*:)([^)\s#]+)(#[^)\s]*)?\)/gi;

/**
 * The guides at the package's top, and under docs/ every document of the repository's docs/
 * they link to, and those link to, and so on: a guide read from the package never has a dead
 * link, and the path a library message names (docs/gateway.md: the 前置机 guide) is there. The
 * documents under docs/ keep the repository's layout, so their own links stay as written; only
 * the guides' links are rewritten, from the guide's folder in docs/ to the package's top.
 */
export function docEntries(guides) {
  const top = new Map(guides.map((g) => [resolve(g.from), g.to]));
  const inDocs = (file) => relative(DOCS, file).split(sep).join('/');
  const entries = [];
  const seen = new Set();
  const queue = [];
  // A guide's link to another guide stays at the top; a document under docs/ keeps its links as
  // written, so what it links to is under docs/ too (a guide may then be there twice).
  const linkTarget = (from, target, fromGuide) => {
    const file = resolve(dirname(from), decodeURI(target));
    if (!file.startsWith(DOCS + sep) || !existsSync(file) || !statSync(file).isFile()) return undefined;
    if (!(fromGuide && top.has(file)) && !seen.has(file)) {
      seen.add(file);
      queue.push(file);
    }
    return file;
  };
  for (const g of guides) {
    const text = readFileSync(g.from, 'utf8').replace(LINK, (whole, target, part = '') => {
      const file = linkTarget(g.from, target, true);
      if (!file) return whole;
      const to = top.get(file) ?? posix.join('docs', inDocs(file));
      return `](${posix.relative(posix.dirname(g.to), to) || posix.basename(to)}${part})`;
    });
    entries.push({ to: g.to, text });
  }
  while (queue.length > 0) {
    const file = queue.shift();
    for (const m of readFileSync(file, 'utf8').matchAll(LINK)) linkTarget(file, m[1], false);
    entries.push({ to: posix.join('docs', inDocs(file)), from: file });
  }
  return entries;
}

/**
 * The time every archive entry gets, in seconds since 1970: SOURCE_DATE_EPOCH when set
 * (reproducible-builds.org), else the commit time of HEAD, so two builds of one commit give
 * byte-identical archives. Outside a git checkout, without the variable: a clear error.
 */
export function sourceDateEpoch() {
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^\d+$/.test(fromEnv)) throw new Error('SOURCE_DATE_EPOCH must be whole seconds since 1970 / SOURCE_DATE_EPOCH 须为秒数');
    return Number(fromEnv);
  }
  const r = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' });
  const t = r.status === 0 ? r.stdout.trim() : '';
  if (!/^\d+$/.test(t)) throw new Error('not a git checkout: set SOURCE_DATE_EPOCH (seconds) for the archive timestamps / 不在 git 仓库中，请设置 SOURCE_DATE_EPOCH');
  return Number(t);
}

/** True when `importMetaUrl` is the script node was started with (not imported by a test). */
export function isMain(importMetaUrl) {
  return Boolean(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(importMetaUrl);
}
