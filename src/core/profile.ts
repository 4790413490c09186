import { AmpConfigError, type AmpError } from './errors.js';
import { unknownName } from './suggest.js';
import type { TimestampFormat } from './time.js';

/**
 * protocol.md fixes the envelope on the model of the vendor's national gateway; every choice it
 * makes is a field here, so a deployment whose portal differs changes configuration, not code.
 * docs/protocol.md describes each field, its default and when to change it; `onetrans probe`
 * finds the values a real portal needs.
 */

/** How the client treats a response whose signature does not verify. */
export type ResponseSignatureMode = 'verify' | 'warn' | 'off';
/** The four hospital → portal interfaces by the name the spec gives their suffix. */
export type AmpInterfaceName = 'pushMsg' | 'refund' | 'queryRefundResult' | 'getTradeFile';

export interface InterfaceSuffixes {
  pushMsg: string;
  refund: string;
  queryRefundResult: string;
  getTradeFile: string;
}

export interface ProtocolProfile {
  /** `version` sent in every envelope. */
  version: string;
  /** Characters of appId used as the key that encrypts appSecret (§2 step 1). */
  appIdKeyChars: number;
  /** Characters of the hex ciphertext of appSecret used as the data key (§2 step 2). */
  secKeyChars: number;
  /** Case of encData on the wire; decoders accept either. */
  encDataCase: 'upper' | 'lower';
  /** Case of an SM3 signData on the wire; verifiers compare case-insensitively. */
  signDataCase: 'upper' | 'lower';
  /** Name of the trailing secret pair in the sign string (`&key=<appSecret>`). */
  signKeyName: string;
  /** Top-level fields left out of the sign string besides empty ones. */
  signExcluded: readonly string[];
  /** Portal side: accepted clock skew in seconds (§6). */
  replayWindowSec: number;
  /**
   * verify (default): a response that does not verify is 000102. warn: the answer is delivered,
   * the failure logged and the result marked `signatureVerified: false`. off: not checked.
   * Decryption failures are errors in every mode.
   */
  responseSignature: ResponseSignatureMode;
  /** keep (default): null business fields travel inside encData; drop: left out (the Java SDK's JSON writer). */
  encDataNulls: 'keep' | 'drop';
  /** Every non-ASCII character of the encData plaintext written as \uXXXX (the family's web client). */
  encDataAscii: boolean;
  /** SM2 user id: `1234567812345678` (default), `appSecret` (the app secret's bytes) or any string. */
  sm2UserId: string;
  /** Order of the sign string's `name=value` pairs: by code point (default) or case-insensitive (Java). */
  topLevelOrder: 'codepoint' | 'caseInsensitive';
  /** How the envelope's `timestamp` is written; verifiers sign it exactly as received. */
  timestampFormat: TimestampFormat;
  /** The suffix each interface is served at (one deployment serves the trade file at /getCheckFile). */
  suffixes: Readonly<InterfaceSuffixes>;
}

/** What a caller passes: any subset, `suffixes` itself partial. */
export type ProfileOverrides = Partial<Omit<ProtocolProfile, 'suffixes'>> & { suffixes?: Partial<InterfaceSuffixes> };

export const DEFAULT_SUFFIXES: Readonly<InterfaceSuffixes> = Object.freeze({
  pushMsg: '/pushMsg',
  refund: '/refund',
  queryRefundResult: '/queryRefundResult',
  getTradeFile: '/getTradeFile',
});

export const DEFAULT_PROFILE: Readonly<ProtocolProfile> = Object.freeze({
  version: '1.0.0',
  appIdKeyChars: 16,
  secKeyChars: 16,
  encDataCase: 'upper',
  signDataCase: 'lower',
  signKeyName: 'key',
  signExcluded: Object.freeze(['signData', 'encData', 'extra']),
  replayWindowSec: 300,
  responseSignature: 'verify',
  encDataNulls: 'keep',
  encDataAscii: false,
  sm2UserId: '1234567812345678',
  topLevelOrder: 'codepoint',
  timestampFormat: 'datetime',
  suffixes: DEFAULT_SUFFIXES,
});

const KEYS = new Set(Object.keys(DEFAULT_PROFILE));

type Check = (v: unknown) => string | undefined;
const oneOf = (...xs: string[]): Check => (v) => (typeof v === 'string' && xs.includes(v) ? undefined : `须为 ${xs.join(' | ')} / must be one of ${xs.join(', ')}`);
const nonEmpty: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : '须为非空字符串 / must be a non-empty string');
const posInt: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : '须为正整数 / must be a positive integer');
const suffix: Check = (v) => (typeof v === 'string' && /^\/[^/?#\s]+$/.test(v) ? undefined : '须为以 / 开头的一段路径，如 /getCheckFile / must be one path segment starting with /, e.g. /getCheckFile');

/** The check of each key's value; keys without one are taken as given. */
const CHECKS: Partial<Record<keyof ProtocolProfile, Check>> = {
  version: nonEmpty,
  appIdKeyChars: posInt,
  secKeyChars: posInt,
  encDataCase: oneOf('upper', 'lower'),
  signDataCase: oneOf('upper', 'lower'),
  signKeyName: nonEmpty,
  signExcluded: (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : '须为字符串数组 / must be an array of strings'),
  replayWindowSec: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : '须为非负整数 / must be a non-negative integer'),
  responseSignature: oneOf('verify', 'warn', 'off'),
  encDataNulls: oneOf('keep', 'drop'),
  encDataAscii: (v) => (typeof v === 'boolean' ? undefined : '须为 true 或 false / must be true or false'),
  sm2UserId: nonEmpty,
  topLevelOrder: oneOf('codepoint', 'caseInsensitive'),
  timestampFormat: oneOf('datetime', 'epochMillis', 'epochSeconds', 'compact'),
  suffixes: (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return '须为对象，如 {"getTradeFile":"/getCheckFile"} / must be an object, e.g. {"getTradeFile":"/getCheckFile"}';
    const bad: string[] = [];
    for (const [k, s] of Object.entries(v)) {
      if (!(k in DEFAULT_SUFFIXES)) bad.push(unknownName(['接口', 'interface'], k, Object.keys(DEFAULT_SUFFIXES)).join(' / '));
      else if (suffix(s)) bad.push(`${k} ${suffix(s)}`);
    }
    return bad.length ? bad.join('; ') : undefined;
  },
};

function profileError(problems: string[]): AmpError {
  return new AmpConfigError('协议配置（profile）无效', 'invalid protocol profile', problems);
}

export function resolveProfile(overrides?: ProfileOverrides): ProtocolProfile {
  if (!overrides) return DEFAULT_PROFILE;
  if (typeof overrides !== 'object' || Array.isArray(overrides)) throw profileError(['须为对象 / must be an object']);
  for (const k of Object.keys(overrides)) {
    if (!KEYS.has(k)) throw profileError([unknownName(['键', 'key'], k, [...KEYS]).join(' / ')]);
  }
  const problems: string[] = [];
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    const err = CHECKS[k as keyof ProtocolProfile]?.(v);
    if (err) problems.push(`${k} ${err}`);
  }
  if (problems.length) throw profileError(problems);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return Object.freeze({
    ...DEFAULT_PROFILE,
    ...defined,
    suffixes: Object.freeze({ ...DEFAULT_SUFFIXES, ...overrides.suffixes }),
  }) as ProtocolProfile;
}

/** The interface a wire suffix (`/getCheckFile`) names under this profile, if any. */
export function interfaceOfSuffix(profile: ProtocolProfile, wireSuffix: string): AmpInterfaceName | undefined {
  for (const [name, s] of Object.entries(profile.suffixes)) if (s === wireSuffix) return name as AmpInterfaceName;
  return undefined;
}

/**
 * The profile fields that differ from the defaults, as a caller would write them in
 * OneTrans.json or `AmpClient({ profile })` (only the changed suffixes).
 */
export function profileDiff(profile: ProtocolProfile): ProfileOverrides {
  const out: Record<string, unknown> = {};
  for (const k of KEYS) {
    const a = (profile as unknown as Record<string, unknown>)[k];
    const b = (DEFAULT_PROFILE as unknown as Record<string, unknown>)[k];
    if (k === 'suffixes') {
      const changed = Object.entries(profile.suffixes).filter(([n, s]) => DEFAULT_SUFFIXES[n as AmpInterfaceName] !== s);
      if (changed.length) out.suffixes = Object.fromEntries(changed);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = a;
  }
  return out as ProfileOverrides;
}
