// The four hospital → portal interfaces, and lookup by any name a caller may hold: the Java
// SDK's suffix ('/pushMsg'), a bare name ('pushMsg'), the spec's path
// ('/api/amp/hos/pushMsg'), a full URL (the DLL's serverAddr) or the interface id.
import { AMP_HOS_001 } from './amp-hos-001.js';
import { AMP_HOS_002 } from './amp-hos-002.js';
import { AMP_HOS_003 } from './amp-hos-003.js';
import { AMP_HOS_004 } from './amp-hos-004.js';
import { SpecError } from './errors.js';
import type { InterfaceSpec } from './types.js';

export type AmpSuffix = '/pushMsg' | '/refund' | '/queryRefundResult' | '/getTradeFile';

/** AMP_HOS_001..004 keyed by the suffix the Java SDK's common() takes. */
export const AMP_INTERFACES: Readonly<Record<AmpSuffix, InterfaceSpec>> = Object.freeze({
  '/pushMsg': AMP_HOS_001,
  '/refund': AMP_HOS_002,
  '/queryRefundResult': AMP_HOS_003,
  '/getTradeFile': AMP_HOS_004,
});

/** The same four, in the spec's order. */
export const AMP_INTERFACE_LIST: readonly InterfaceSpec[] = Object.freeze(Object.values(AMP_INTERFACES));

/** Their suffixes, in the spec's order: the one list of hospital → portal interfaces. */
export const AMP_SUFFIXES: readonly AmpSuffix[] = Object.freeze(Object.keys(AMP_INTERFACES) as AmpSuffix[]);

/** The path part of a URL or path, without query, fragment or trailing slashes. */
function pathOf(text: string): string {
  let path = text;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      return '';
    }
  }
  return path.replace(/[?#].*$/, '').replace(/\/+$/, '');
}

/**
 * The interface for '/pushMsg', 'pushMsg', '/api/amp/hos/pushMsg', 'AMP_HOS_001'
 * (id case-insensitive) or a URL ending in one of those paths, e.g. the DLL's serverAddr
 * 'http://10.103.161.166:8080/api/amp/hos/pushMsg' or the Java SDK's base URL + suffix.
 * Suffixes are case-sensitive, as the portal's paths are. undefined when nothing matches.
 */
export function findInterface(suffixOrPathOrId: string): InterfaceSpec | undefined {
  if (typeof suffixOrPathOrId !== 'string') return undefined;
  const text = suffixOrPathOrId.trim();
  if (text === '') return undefined;
  const byId = AMP_INTERFACE_LIST.find((i) => i.id === text.toUpperCase());
  if (byId) return byId;
  const path = pathOf(text);
  if (path === '') return undefined;
  const byPath = AMP_INTERFACE_LIST.find((i) => i.path === path);
  if (byPath) return byPath;
  // Any prefix before the last segment is the deployment's business (the Java example's base
  // URL is .../api/yyds/mobile/eb/amp/hos, line 61).
  const last = '/' + path.slice(path.lastIndexOf('/') + 1);
  return AMP_INTERFACE_LIST.find((i) => i.suffix === last);
}

/** What a call is addressed to: the one answer to "which interface does this URL or suffix name". */
export interface ResolvedCall {
  /** The last path segment as '/x' (at most 64 characters): what the wire carries. */
  readonly wireSuffix: string;
  /** The interface, when one is named. */
  readonly spec?: InterfaceSpec;
  /** The interface's own suffix ('/getTradeFile' even when served at '/getCheckFile'), else wireSuffix. */
  readonly suffix: string;
}

const MAX_SUFFIX_CHARS = 64;

/**
 * The last path segment of a URL or path as '/x' (at most 64 characters): what the wire carries,
 * without deciding which interface it is (that is resolveCall's, once per call, in the client).
 */
export function wireSuffixOf(target: string): string {
  const path = typeof target === 'string' ? pathOf(target.trim()) : '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  return `/${last.length > MAX_SUFFIX_CHARS ? last.slice(0, MAX_SUFFIX_CHARS) : last}`;
}

/**
 * Which interface a URL, path, suffix, bare name or id names. `suffixes` (a protocol profile's
 * `{ getTradeFile: '/getCheckFile', … }`) is tried first, so a deployment's own paths resolve;
 * then the spec's names (findInterface).
 */
export function resolveCall(target: string, suffixes?: Readonly<Record<string, string>>): ResolvedCall {
  const wireSuffix = wireSuffixOf(target);
  let spec: InterfaceSpec | undefined;
  if (suffixes) {
    for (const [name, s] of Object.entries(suffixes)) {
      if (s === wireSuffix) spec = (AMP_INTERFACES as Record<string, InterfaceSpec | undefined>)[`/${name}`];
    }
  }
  spec ??= findInterface(target);
  return { wireSuffix, spec, suffix: spec?.suffix ?? wireSuffix };
}

/** Like findInterface, but throws SpecError (code 000105) when nothing matches. */
export function requireInterface(suffixOrPathOrId: string): InterfaceSpec {
  const found = findInterface(suffixOrPathOrId);
  if (!found) {
    const shown = JSON.stringify(String(suffixOrPathOrId)).slice(0, 120);
    throw new SpecError(
      `未知接口 ${shown}，可用：${AMP_SUFFIXES.join('、')}`,
      `Unknown interface ${shown}; known: ${AMP_SUFFIXES.join(', ')}`,
    );
  }
  return found;
}
