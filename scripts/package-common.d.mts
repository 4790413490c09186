/** Types of scripts/package-common.mjs, for the tests that import it. */
export interface PackageOptions {
  arches: string[];
  out: string;
  build: string;
  bridge: string;
  archive: boolean;
}
export declare function packager(
  name: string,
  options?: { hint?: string },
): {
  log(line: string): void;
  fail(message: string): never;
  run(cmd: string, args: string[], options?: object): unknown;
  fetchRuntime(key: string): string;
  wrote(path: string): void;
  parseArgs(argv: string[], spec: { arches: string[]; archive: string }): PackageOptions;
};
export declare function stageFolder(dir: string, entries: { to: string; from?: string; text?: string; mode?: number }[]): string;
export declare function runtimeEntries(args: {
  bridge: string;
  platform: 'windows' | 'linux';
  guide: string;
  extraGuides?: { to: string; from: string }[];
}): { to: string; from?: string; text?: string }[];
export declare function docEntries(guides: { to: string; from: string }[]): { to: string; from?: string; text?: string }[];
export declare function sourceDateEpoch(): number;
export declare function isMain(importMetaUrl: string): boolean;
