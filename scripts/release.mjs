#!/usr/bin/env node
/**
 * release.mjs — every artifact of one release, into release/ (npm run release = npm run build:ts
 * + this script):
 *
 *   release/onetrans-<version>.tgz          the npm package (npm pack)
 *   release/onetrans-windows-x86.zip        scripts/package-windows.mjs
 *   release/onetrans-windows-x64.zip
 *   release/onetrans-linux-x64.tar.gz       scripts/package-linux.mjs (arm64 cross-built:
 *   release/onetrans-linux-arm64.tar.gz     .ci/setup.d/40-linux-arm64.sh installs the compiler)
 *   release/SHA256SUMS                      `sha256sum -c SHA256SUMS` checks them
 *   release/manifest.json                   version, git commit (and whether the tree had
 *                                           changes), the archives' timestamp, the pinned Node
 *                                           runtimes with their sha512, each artifact's size
 *                                           and sha256
 * (and the unpacked folders windows-<arch>/, linux-<arch>/ the package scripts archive).
 *
 * release/ is git-ignored and nothing else cleans it; this script replaces only the files above.
 * Reproducible: every timestamp is SOURCE_DATE_EPOCH, or the commit time of HEAD; archive entries
 * are sorted with fixed owners and modes; so two runs on one commit, with the same compilers,
 * give the same SHA256SUMS (docs/release.md says how this was checked).
 *
 * Needs everything the two package scripts need (.ci/setup.d/30-windows.sh, 40-linux-arm64.sh)
 * and dist/ built from the current sources (`npm run build:ts`, which `npm run release` runs).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_RUNTIMES, root } from './node-runtime.mjs';
import { isMain, packager, sourceDateEpoch } from './package-common.mjs';

const { fail, log, run, wrote } = packager('release');

export const RELEASE_DIR = join(root, 'release');

/** The artifacts of `version`, in the order SHA256SUMS and the manifest list them. */
export function artifactNames(version) {
  return [
    `onetrans-${version}.tgz`,
    'onetrans-linux-arm64.tar.gz',
    'onetrans-linux-x64.tar.gz',
    'onetrans-windows-x64.zip',
    'onetrans-windows-x86.zip',
  ];
}

function git(args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (r.error || r.status !== 0) fail(`git ${args.join(' ')} failed (${r.error?.message ?? r.stderr.trim()}) / git 命令失败`);
  return r.stdout.trim();
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function main() {
  const argv = process.argv.slice(2);
  if (argv.length > 0) fail(`unknown option ${argv[0]} (npm run release takes none) / 未知选项 ${argv[0]}`);
  if (process.platform !== 'linux') fail('builds on Linux only / 只能在 Linux 上构建');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const bridge = join(root, 'dist', 'onetrans-bridge.cjs');
  for (const f of [bridge, join(root, 'dist', 'onetrans-bridge-body.cjs')]) {
    if (!existsSync(f)) fail(`${f} is missing: run \`npm run release\` (it builds dist/ first) / 缺少 dist/，请用 npm run release`);
  }

  const commit = git(['rev-parse', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  if (dirty) log('the working tree has uncommitted changes: the manifest says so (a release is built from a clean commit)');
  let epoch;
  try {
    epoch = sourceDateEpoch();
  } catch (e) {
    fail(e.message);
  }
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(epoch) };

  mkdirSync(RELEASE_DIR, { recursive: true });
  // A run that fails half-way must not leave the last run's sums beside new archives.
  for (const f of ['SHA256SUMS', 'manifest.json', ...artifactNames(pkg.version)]) rmSync(join(RELEASE_DIR, f), { force: true });

  log(`npm pack → release/onetrans-${pkg.version}.tgz`);
  run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', RELEASE_DIR], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  run(process.execPath, [join(root, 'scripts', 'package-windows.mjs'), '--out', RELEASE_DIR, '--bridge', bridge], { env });
  run(process.execPath, [join(root, 'scripts', 'package-linux.mjs'), '--out', RELEASE_DIR, '--bridge', bridge, '--arch', 'x64', '--arch', 'arm64'], { env });

  const artifacts = artifactNames(pkg.version).map((file) => {
    const path = join(RELEASE_DIR, file);
    if (!existsSync(path)) fail(`${file} was not built / 未生成 ${file}`);
    return { file, bytes: statSync(path).size, sha256: sha256(path) };
  });
  writeFileSync(join(RELEASE_DIR, 'SHA256SUMS'), artifacts.map((a) => `${a.sha256}  ${a.file}\n`).join(''));
  const manifest = {
    name: pkg.name,
    version: pkg.version,
    commit,
    dirty,
    sourceDateEpoch: epoch,
    sourceDate: new Date(epoch * 1000).toISOString(),
    node: Object.fromEntries(
      Object.entries(NODE_RUNTIMES).map(([key, r]) => [key, { package: r.name, version: r.version, integrity: r.integrity }]),
    ),
    artifacts,
  };
  writeFileSync(join(RELEASE_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const a of artifacts) wrote(join(RELEASE_DIR, a.file));
  log(`release/SHA256SUMS, release/manifest.json (${pkg.name} ${pkg.version}, ${commit.slice(0, 12)}${dirty ? ', uncommitted changes' : ''})`);
}

if (isMain(import.meta.url)) {
  try {
    main();
  } catch (e) {
    fail(e?.stack ?? String(e));
  }
}
