/**
 * protocol.md fixes the envelope on the model of the vendor's national gateway; every choice it
 * makes is a field here, so a deployment whose portal differs changes configuration, not code.
 */
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
}

export const DEFAULT_PROFILE: Readonly<ProtocolProfile> = Object.freeze({
  version: '1.0.0',
  appIdKeyChars: 16,
  secKeyChars: 16,
  encDataCase: 'upper',
  signDataCase: 'lower',
  signKeyName: 'key',
  signExcluded: Object.freeze(['signData', 'encData', 'extra']),
  replayWindowSec: 300,
});

const KEYS = new Set(Object.keys(DEFAULT_PROFILE));

export function resolveProfile(overrides?: Partial<ProtocolProfile>): ProtocolProfile {
  if (!overrides) return DEFAULT_PROFILE;
  for (const k of Object.keys(overrides)) {
    if (!KEYS.has(k)) throw new TypeError(`Unknown protocol profile key "${k}"; known keys: ${[...KEYS].join(', ')}`);
  }
  return Object.freeze({ ...DEFAULT_PROFILE, ...overrides });
}
