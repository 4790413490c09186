/**
 * Simulator configuration: the apps it knows (appId → appSecret, orgSecret), delays, address.
 * The spec's own example credentials are accepted out of the box so that its examples can be
 * replayed verbatim against the simulator.
 */
import { readFile } from 'node:fs/promises';
import { resolveProfile, type ProfileOverrides } from '../core/index.js';
import { AmpConfigError } from '../core/errors.js';
import { jsonErrorMessage } from '../core/json-error.js';
import { suggest } from '../core/suggest.js';

export interface PortalApp {
  appId: string;
  appSecret: string;
  /** The 机构秘钥 getTradeFile checks; defaults to DEMO_ORG_SECRET. */
  orgSecret?: string;
  /** SM2 (signType SM2): base64 of the client's public key 04||x||y, which verifies its requests. */
  clientPubKey?: string;
  /** SM2: base64 of the portal's private key d, which signs the answers. */
  serverPrvKey?: string;
}

/**
 * The orgSecret getTradeFile accepts for an app configured without one. The spec says the
 * portal hands 机构秘钥 out when a hospital is connected; it never shows one, so this value is
 * ours, and deliberately not the appSecret (orgSecret travels inside encData on every call).
 */
export const DEMO_ORG_SECRET = 'AMP-SIM-ORG-SECRET-0001';

/** The credentials printed in the spec (Java example lines 55-60, DLL example lines 289-326). */
export const DEMO_APPS: readonly Readonly<PortalApp>[] = Object.freeze([
  { appId: 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' },
  { appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' },
  { appId: '1FM99V9JP0009A23A8C00000D445BA03', appSecret: '1FM99V9JM00N9A23A8C000003F4B7C32' },
].map((a) => Object.freeze(a)));

export type FaultMode = 'stall' | 'http503' | 'http500' | 'badSignature' | 'badEncData' | 'notJson';
export const FAULT_MODES: readonly FaultMode[] = ['stall', 'http503', 'http500', 'badSignature', 'badEncData', 'notJson'];

export interface PortalOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 (any free port) */
  port?: number;
  /** Added to DEMO_APPS; an appId given here replaces the demo entry. */
  apps?: PortalApp[];
  /** Accept the demo credentials (default true). */
  demoApps?: boolean;
  /** ± seconds of clock skew accepted, and how long a signature is remembered (default 300). */
  replayWindowSec?: number;
  /** A refund stays ING this long, then reads SUCCESS (default 2000). */
  refundDelayMs?: number;
  /** How long a getTradeFile downloadUrl works (default 60000, the spec's one minute). */
  downloadTtlMs?: number;
  /** Start with the demo trades (default true). */
  seedTrades?: boolean;
  /** The portal's clock (tests move it). Default: real time. */
  clock?: () => Date;
  /** Only SM3 is served to apps without SM2 keys. */
  signType?: 'SM3';
  /**
   * The deployment variant to play: the same block as the client's profile, read as "a portal
   * that needs clients to use these values" (see profile-rules.ts and docs/protocol.md).
   */
  profile?: ProfileOverrides;
  /** Base of downloadUrl when the simulator is reached through another address (default: url). */
  publicUrl?: string;
  /** One line per request; never carries secrets or business parameters. */
  log?: (line: string) => void;
}

/** What loadPortalConfig reads: a JSON file with any of these keys (the options that are data). */
export type PortalConfigFile = Omit<PortalOptions, 'clock' | 'log' | 'signType'>;

const NUMBER_KEYS = ['port', 'replayWindowSec', 'refundDelayMs', 'downloadTtlMs'] as const;

/** Checks options that may come from a file or a command line; throws an AmpConfigError (000105) naming every bad key. */
export function checkPortalOptions(o: PortalConfigFile, source = 'options'): void {
  const bad: string[] = [];
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new AmpConfigError(`${source}：配置须为JSON对象`, `${source}: must be a JSON object`);
  const known = new Set(['host', 'port', 'apps', 'demoApps', 'replayWindowSec', 'refundDelayMs', 'downloadTtlMs', 'seedTrades', 'publicUrl', 'clock', 'signType', 'log', 'profile']);
  for (const k of Object.keys(o)) {
    if (known.has(k)) continue;
    const hint = suggest(k, [...known].filter((n) => !['clock', 'signType', 'log'].includes(n)));
    bad.push(`未知配置项 ${k}${hint ? `，是否应为 ${hint}？` : ''} / unknown key ${k}${hint ? `; did you mean ${hint}?` : ''}`);
  }
  for (const k of NUMBER_KEYS) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) bad.push(`${k} 须为非负整数 / ${k} must be a non-negative integer`);
  }
  if (o.port !== undefined && typeof o.port === 'number' && o.port > 65535) bad.push('port 超出范围 / port must be ≤ 65535');
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) bad.push('host 须为非空字符串 / host must be a non-empty string');
  if (o.publicUrl !== undefined && (typeof o.publicUrl !== 'string' || !/^https?:\/\//.test(o.publicUrl))) bad.push('publicUrl 须为 http(s) 地址 / publicUrl must be an http(s) URL');
  for (const k of ['demoApps', 'seedTrades'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') bad.push(`${k} 须为布尔值 / ${k} must be true or false`);
  }
  if (o.apps !== undefined) {
    if (!Array.isArray(o.apps)) bad.push('apps 须为数组 / apps must be an array');
    else
      o.apps.forEach((a, i) => {
        if (!a || typeof a !== 'object') return void bad.push(`apps[${i}] 须为对象 / apps[${i}] must be an object`);
        if (typeof a.appId !== 'string' || [...a.appId].length < 16 || !/^[\x21-\x7e]+$/.test(a.appId)) {
          bad.push(`apps[${i}].appId 须为至少16个ASCII字符 / apps[${i}].appId must be at least 16 ASCII characters (it keys SM4)`);
        }
        if (typeof a.appSecret !== 'string' || a.appSecret === '') bad.push(`apps[${i}].appSecret 必填 / apps[${i}].appSecret is required`);
        if (a.orgSecret !== undefined && (typeof a.orgSecret !== 'string' || a.orgSecret === '')) {
          bad.push(`apps[${i}].orgSecret 须为非空字符串 / apps[${i}].orgSecret must be a non-empty string`);
        }
        if ((a.clientPubKey === undefined) !== (a.serverPrvKey === undefined)) {
          bad.push(`apps[${i}] 的 SM2 密钥须同时配置 clientPubKey 和 serverPrvKey / apps[${i}] needs both clientPubKey and serverPrvKey for SM2`);
        }
      });
  }
  if (o.profile !== undefined) {
    try {
      resolveProfile(o.profile);
    } catch (e) {
      bad.push(`profile: ${(e as Error).message}`);
    }
  }
  if (bad.length) throw new AmpConfigError(`${source}：配置无效`, `${source}: invalid configuration`, bad);
}

/** Reads a JSON config file (apps, delays, port …); throws an AmpConfigError that names the file and every bad key. */
export async function loadPortalConfig(file: string): Promise<PortalConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new AmpConfigError(`无法读取配置文件 ${file}`, `cannot read config file ${file}`, [(err as Error).message]);
  }
  let parsed: unknown;
  const json = text.replace(/^\uFEFF/, '');
  try {
    parsed = JSON.parse(json);
  } catch {
    // The position, never an excerpt: the file holds app secrets.
    const [zh, en] = jsonErrorMessage(json, [`配置文件 ${file} `, `config file ${file}`]);
    throw new AmpConfigError(zh, en);
  }
  checkPortalOptions(parsed as PortalConfigFile, file);
  return parsed as PortalConfigFile;
}

/** `--app <appId>:<appSecret>[:<orgSecret>]` → PortalApp. */
export function parseAppSpec(spec: string): PortalApp {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) {
    throw new AmpConfigError('--app 须为 <appId>:<appSecret>[:<orgSecret>]', '--app must be <appId>:<appSecret>[:<orgSecret>]');
  }
  const app: PortalApp = { appId: parts[0], appSecret: parts[1] };
  if (parts[2]) app.orgSecret = parts[2];
  checkPortalOptions({ apps: [app] }, '--app');
  return app;
}
