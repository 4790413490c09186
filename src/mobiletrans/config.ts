import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_CAPACITY, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_READ_TIMEOUT_MS } from '../core/limits.js';
import { resolveProfile, type ProfileOverrides } from '../core/profile.js';
import type { ValidationMode } from '../spec/index.js';
import { jsonErrorMessage } from '../core/json-error.js';
import { unknownName } from '../core/suggest.js';

/** OneTrans.json, beside the library. Every key is optional. */
export interface OneTransConfig {
  /** Folder of the daily logs; relative paths are relative to the library's folder. Default `logs`. */
  logDir: string;
  /**
   * off | error | info (one line per call, default) | debug (adds each input's encoding and
   * size) | trace (adds the wire trace: envelopes shortened, plaintext masked). Business fields
   * are never logged unmasked, at any level.
   */
  logLevel: 'off' | 'error' | 'info' | 'debug' | 'trace';
  /** Read by the native shim only: the node executable to start. */
  nodePath?: string;
  /**
   * Read by the native shim only: node's flags, replacing the built-in memory flags
   * (native/runtime.c); "" starts node with none. Words starting with "--", space-separated.
   */
  nodeFlags?: string;
  /**
   * Read by the runtime's loader only (src/bridge/loader.ts): false turns the V8 code cache of
   * the runtime off (it is on by default, in the user's cache folder). ONETRANS_CODE_CACHE=0 too.
   */
  codeCache?: boolean;
  /**
   * Read by the native shim only: "host:port" of one or more `onetrans gateway` services; when
   * set the library sends every call there instead of starting node (docs/gateway-protocol.md).
   */
  gateway?: string[];
  /** Read by the native shim only: the key shared with the gateway, 32 hex digits. Never logged. */
  gatewayKey?: string;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** How pInData is decoded: auto (UTF-8, else GBK), utf8, gbk. */
  inputEncoding: 'auto' | 'utf8' | 'gbk';
  /** How pOutData is encoded: utf8 (default) or gbk for ANSI callers. */
  outputEncoding: 'utf8' | 'gbk';
  /** Bytes of pOutData including the NUL, for MobileTrans (MobileTransEx passes its own). */
  capacity: number;
  /** Largest portal answer read, in bytes (default 4 MiB); a longer one is 000100 "response too large". */
  maxResponseBytes: number;
  /** `http://host:port` of an HTTP proxy. */
  proxy?: string;
  /** PEM file of extra CA certificates; relative to the library's folder. */
  caFile?: string;
  /** SM2 (signType SM2): base64 of the client private key d. */
  clientPrvKey?: string;
  /** SM2: base64 of the portal's public key 04||x||y. */
  serverPubKey?: string;
  /** Local checks of the business fields against the spec tables. */
  validation: ValidationMode;
  /** Use the caller's timestamp when it is well-formed (protocol.md §1). */
  useCallerTimestamp: boolean;
  /** Overrides of the protocol profile (protocol.md: every rule is a profile default). */
  profile?: ProfileOverrides;
}

export const DEFAULT_CONFIG: Readonly<OneTransConfig> = Object.freeze({
  logDir: 'logs',
  logLevel: 'info',
  connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  readTimeoutMs: DEFAULT_READ_TIMEOUT_MS,
  inputEncoding: 'auto',
  outputEncoding: 'utf8',
  capacity: DEFAULT_CAPACITY,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  validation: 'warn',
  useCallerTimestamp: true,
});

/** One OneTrans.json key's check: undefined when the value is fine, else what is wrong. */
type ConfigCheck = (v: unknown) => string | undefined;
const str: ConfigCheck = (v) => (typeof v === 'string' ? undefined : 'must be a string / 须为字符串');
const oneOf = (...xs: string[]): ConfigCheck => (v) => (typeof v === 'string' && xs.includes(v) ? undefined : `must be one of ${xs.join(', ')} / 可选 ${xs.join('、')}`);
const intMin = (min: number): ConfigCheck => (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? undefined : `must be an integer ≥ ${min} / 须为不小于 ${min} 的整数`);

/** The shim's rule for "nodeFlags" (native/locate.c): a value it would not use is reported here. */
const NODE_FLAGS_MAX_BYTES = 511;
const NODE_FLAGS_MAX_WORDS = 16;
const nodeFlags: ConfigCheck = (v) => {
  if (typeof v !== 'string') return 'must be a string / 须为字符串';
  const words = v.split(/[ \t]+/).filter(Boolean);
  const ok = Buffer.byteLength(v) <= NODE_FLAGS_MAX_BYTES && words.length <= NODE_FLAGS_MAX_WORDS && words.every((w) => /^--./.test(w));
  return ok ? undefined : `must be up to ${NODE_FLAGS_MAX_WORDS} options, each starting with --, separated by spaces / 须为以空格分隔、以 -- 开头的选项，最多 ${NODE_FLAGS_MAX_WORDS} 个`;
};

const SCHEMA: Record<keyof OneTransConfig, ConfigCheck> = {
  logDir: str,
  logLevel: oneOf('off', 'error', 'info', 'debug', 'trace'),
  nodePath: str,
  nodeFlags,
  codeCache: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false / 须为 true 或 false'),
  gateway: (v) =>
    Array.isArray(v) && v.length > 0 && v.length <= 8 && v.every((x) => typeof x === 'string' && /^(\[[0-9A-Fa-f:.]+\]|[^\s:\[\]]+):\d{1,5}$/.test(x))
      ? undefined
      : 'must be a list of 1 to 8 "host:port" strings / 须为 1 至 8 个 "主机:端口" 字符串的数组',
  // The value is never quoted back: it is a secret.
  gatewayKey: (v) => (typeof v === 'string' && /^[0-9A-Fa-f]{32}$/.test(v) ? undefined : 'must be exactly 32 hex digits / 须为 32 位十六进制数字'),
  connectTimeoutMs: intMin(1),
  readTimeoutMs: intMin(1),
  inputEncoding: oneOf('auto', 'utf8', 'gbk'),
  outputEncoding: oneOf('utf8', 'gbk'),
  capacity: intMin(64),
  maxResponseBytes: intMin(1024),
  proxy: str,
  caFile: str,
  clientPrvKey: str,
  serverPubKey: str,
  validation: oneOf('off', 'warn', 'strict'),
  useCallerTimestamp: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false / 须为 true 或 false'),
  // Its keys are checked one by one in loadConfig (profileProblems), like the top-level keys.
  profile: (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : 'must be an object / 须为对象'),
};

/**
 * The profile keys of OneTrans.json treated like every other key: each is checked alone by
 * resolveProfile (so whatever keys and checks the profile has apply here), and a misspelt or
 * invalid one is reported and left out, keeping its default, instead of failing every call.
 */
function profileProblems(given: Record<string, unknown>, problems: string[]): ProfileOverrides {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (key.startsWith('//') || key.startsWith('_')) continue;
    try {
      resolveProfile({ [key]: value } as ProfileOverrides);
      kept[key] = value;
    } catch (e) {
      problems.push(`profile（已使用默认值 / default kept）: ${(e as Error).message}`);
    }
  }
  return kept as ProfileOverrides;
}

export interface LoadedConfig {
  config: OneTransConfig;
  /** Where it came from, or undefined when only defaults apply. */
  file?: string;
  /** The folder relative paths in the file are resolved against: the file's own (the library's for OneTrans.json beside it). */
  baseDir: string;
  /** Misspelled or invalid keys: reported in the log, never silently ignored. */
  problems: string[];
}

/**
 * Reads OneTrans.json: `ONETRANS_CONFIG` if set, else beside the library. A key that is
 * misspelled or has a wrong value is reported (and its default used) rather than failing every
 * call of a cashier program over a typo. Keys starting with "//" or "_" are comments.
 */
export function loadConfig(opts: { libDir?: string; configPath?: string; env?: NodeJS.ProcessEnv } = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const baseDir = resolve(opts.libDir ?? process.cwd());
  const explicit = opts.configPath ?? env.ONETRANS_CONFIG;
  const file = explicit ? resolve(baseDir, explicit) : join(baseDir, 'OneTrans.json');
  // Relative paths in the file (logDir, caFile) are read from the file's own folder, as the C
  // library reads logDir before the hello (native/locate.c): beside the library that is the
  // library's folder; a file named by ONETRANS_CONFIG carries its folder with it.
  const pathBase = explicit ? dirname(file) : baseDir;
  const config: OneTransConfig = { ...DEFAULT_CONFIG };
  const problems: string[] = [];
  if (!existsSync(file)) {
    if (explicit) problems.push(`配置文件不存在 / config file not found: ${file}`);
    return { config, baseDir, problems };
  }
  let raw: unknown;
  let json: string;
  try {
    json = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    problems.push(`无法读取配置文件，已使用默认值 / cannot read ${file}, defaults used: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    return { config, file, baseDir: pathBase, problems };
  }
  try {
    raw = JSON.parse(json);
  } catch {
    // The position only: the file may hold clientPrvKey.
    const [zh, en] = jsonErrorMessage(json, [`配置文件 ${file} `, file]);
    problems.push(`${zh}，已使用默认值 / ${en}; defaults used`);
    return { config, file, baseDir: pathBase, problems };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`配置文件须为JSON对象 / ${file} must hold a JSON object`);
    return { config, file, baseDir: pathBase, problems };
  }
  const known = Object.keys(SCHEMA);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key.startsWith('//') || key.startsWith('_')) continue;
    const check = SCHEMA[key as keyof OneTransConfig];
    if (!check) {
      problems.push(unknownName(['配置项', 'key'], key, known).join(' / '));
      continue;
    }
    const err = check(value);
    if (err) {
      problems.push(`配置项 ${key} 无效，已使用默认值 / ${key} ${err}`);
      continue;
    }
    (config as unknown as Record<string, unknown>)[key] = key === 'profile' ? profileProblems(value as Record<string, unknown>, problems) : value;
  }
  return { config, file, baseDir: pathBase, problems };
}

export function resolvePath(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : join(baseDir, p);
}
