export { AMP_CODES, INVALID_APPID, SUCCESS_CODE, describeCode, normaliseCode, type CodeInfo, type CodeLevel } from './codes.js';
export { cstTimestamp, cstDate, parseCstTimestamp, isValidDate, formatTimestamp, parseTimestamp, nextTimestamp, type TimestampFormat } from './time.js';
export { canonicalJson, signString, DEFAULT_SIGN_EXCLUDED, type TopLevelOrder } from './canonical.js';
export { nodeCryptoProvider, smCryptoProvider, defaultCryptoProvider, type CryptoProvider } from './crypto-provider.js';
export { SM2_USER_ID, sm2Sign, sm2Verify, sm2PrivateHex, sm2PublicHex } from './sm2.js';
export {
  DEFAULT_PROFILE,
  DEFAULT_SUFFIXES,
  resolveProfile,
  interfaceOfSuffix,
  profileDiff,
  type ProtocolProfile,
  type ProfileOverrides,
  type InterfaceSuffixes,
  type AmpInterfaceName,
  type ResponseSignatureMode,
} from './profile.js';
export { JsonNumber, parseJsonText, stringifyJson, escapeNonAscii, plainJson, hasJsonNumber } from './json-text.js';
export { Envelope, deriveSecKey, sm3Hex, type EnvelopeOptions, type SealHead, type Opened, type OpenOptions, type SignType } from './envelope.js';
export { yuanToFen, fenToYuan, isYuan } from './money.js';
export { decodeInput, encodeOutput } from './encoding.js';
export { Redactor } from './redact.js';
export {
  AmpError,
  AmpConfigError,
  AmpPortalError,
  AmpConnectionError,
  AmpSecurityError,
  AmpValidationError,
  AmpOutcomeUnknownError,
  toAmpError,
  type AmpTrace,
  type AmpErrorOptions,
  type IssueLike,
} from './errors.js';
