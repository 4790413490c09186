/**
 * gateway.json: how `onetrans gateway` listens and whom it serves. The portal settings
 * (baseUrl, appKey, timeouts, logDir…) stay in a OneTrans.json of the usual format, named by
 * "oneTransConfig" (default: OneTrans.json beside gateway.json), so the gateway runs the same
 * MobileTrans code with the same settings as a workstation's local runtime would.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AmpConfigError } from '../core/errors.js';
import { unknownName } from '../core/suggest.js';
import { allowEntryProblem } from './allowlist.js';
import { bilingual, parseGatewayKey } from './protocol.js';
import { GATEWAY_DEFAULTS } from './server.js';

export interface GatewayFileConfig {
  listen?: string;
  keyFile?: string;
  health?: string;
  allowedClients?: string[];
  oneTransConfig?: string;
  maxRequestBytes?: number;
  maxConnections?: number;
  idleTimeoutMs?: number;
}

export interface ResolvedGatewayConfig {
  host: string;
  port: number;
  key: Buffer;
  health?: { host: string; port: number };
  allowedClients: string[];
  oneTransConfig: string;
  maxRequestBytes: number;
  maxConnections: number;
  idleTimeoutMs: number;
}

/** A wrong gateway option or gateway.json (000105); the message says what to fix, in both languages. */
export class GatewayConfigError extends AmpConfigError {
  constructor(message: string) {
    super(...bilingual(message));
    this.message = message;
    this.name = 'GatewayConfigError';
  }
}

export const DEFAULT_GATEWAY_PORT = 7850;

/** "HOST:PORT", "[v6]:PORT" or ":PORT"; port 0 = any free port. */
export function parseHostPort(text: string, what: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new GatewayConfigError(`${what} 须为 HOST:PORT / ${what} must be HOST:PORT`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

const KEYS: (keyof GatewayFileConfig)[] = ['listen', 'keyFile', 'health', 'allowedClients', 'oneTransConfig', 'maxRequestBytes', 'maxConnections', 'idleTimeoutMs'];

function intAtLeast(v: unknown, min: number, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new GatewayConfigError(`${name} 须为不小于 ${min} 的整数 / ${name} must be an integer ≥ ${min}`);
  return v;
}

/**
 * gateway.json (when given) with the command line's --listen / --key-file / --health on top.
 * Every problem is an error naming the key: a gateway that half-starts serves nobody well.
 */
export function resolveGatewayConfig(opts: { configFile?: string; listen?: string; keyFile?: string; health?: string }): ResolvedGatewayConfig {
  let raw: Record<string, unknown> = {};
  let base = process.cwd();
  if (opts.configFile) {
    const file = resolve(opts.configFile);
    base = dirname(file);
    if (!existsSync(file)) throw new GatewayConfigError(`配置文件不存在 / config file not found: ${file}`);
    try {
      raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch {
      throw new GatewayConfigError(`配置文件不是有效的 JSON / ${file} is not valid JSON`);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new GatewayConfigError(`配置文件须为JSON对象 / ${file} must hold a JSON object`);
    for (const k of Object.keys(raw)) {
      if (k.startsWith('//') || k.startsWith('_')) continue;
      if (!KEYS.includes(k as keyof GatewayFileConfig)) throw new GatewayConfigError(unknownName(['配置项', 'key'], k, KEYS).join(' / '));
    }
  }
  const str = (k: string): string | undefined => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new GatewayConfigError(`${k} 须为字符串 / ${k} must be a string`);
    return v;
  };
  const listen = parseHostPort(opts.listen ?? str('listen') ?? `0.0.0.0:${DEFAULT_GATEWAY_PORT}`, 'listen');
  const healthText = opts.health ?? str('health');
  const keyFileText = opts.keyFile ?? (str('keyFile') !== undefined ? resolve(base, str('keyFile')!) : undefined);
  if (!keyFileText) throw new GatewayConfigError('缺少密钥文件（--key-file 或 gateway.json 的 keyFile） / no key file: give --key-file or "keyFile" in gateway.json');
  let keyText: string;
  try {
    keyText = readFileSync(resolve(keyFileText), 'utf8');
  } catch (e) {
    throw new GatewayConfigError(`无法读取密钥文件 / cannot read the key file ${resolve(keyFileText)}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  // The key file's contents are never quoted back.
  const key = parseGatewayKey(keyText);
  const allowed = raw.allowedClients;
  if (allowed !== undefined && (!Array.isArray(allowed) || allowed.some((a) => typeof a !== 'string'))) throw new GatewayConfigError('allowedClients 须为字符串数组 / allowedClients must be an array of strings');
  for (const a of (allowed as string[] | undefined) ?? []) {
    const p = allowEntryProblem(a);
    if (p) throw new GatewayConfigError(`allowedClients 中的 ${JSON.stringify(a.slice(0, 60))} 无效 / allowedClients entry ${JSON.stringify(a.slice(0, 60))}: ${p}`);
  }
  return {
    ...listen,
    key,
    health: healthText ? parseHostPort(healthText, 'health') : undefined,
    allowedClients: (allowed as string[] | undefined) ?? [],
    oneTransConfig: resolve(base, str('oneTransConfig') ?? 'OneTrans.json'),
    maxRequestBytes: raw.maxRequestBytes === undefined ? GATEWAY_DEFAULTS.maxRequestBytes : intAtLeast(raw.maxRequestBytes, 1024, 'maxRequestBytes'),
    maxConnections: raw.maxConnections === undefined ? GATEWAY_DEFAULTS.maxConnections : intAtLeast(raw.maxConnections, 1, 'maxConnections'),
    idleTimeoutMs: raw.idleTimeoutMs === undefined ? GATEWAY_DEFAULTS.idleTimeoutMs : intAtLeast(raw.idleTimeoutMs, 1000, 'idleTimeoutMs'),
  };
}
