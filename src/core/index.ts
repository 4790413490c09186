export { AMP_CODES, AmpError, INVALID_APPID, SUCCESS_CODE, describeCode, normaliseCode, type CodeInfo, type CodeLevel } from './codes.js';
export { cstTimestamp, cstDate, parseCstTimestamp, isValidDate } from './time.js';
export { canonicalJson, signString, DEFAULT_SIGN_EXCLUDED } from './canonical.js';
export { nodeCryptoProvider, smCryptoProvider, defaultCryptoProvider, type CryptoProvider } from './crypto-provider.js';
export { SM2_USER_ID, sm2Sign, sm2Verify, sm2PrivateHex, sm2PublicHex } from './sm2.js';
export { DEFAULT_PROFILE, resolveProfile, type ProtocolProfile } from './profile.js';
export { Envelope, deriveSecKey, sm3Hex, type EnvelopeOptions, type SealHead, type Opened, type SignType } from './envelope.js';
export { yuanToFen, fenToYuan } from './money.js';
export { decodeInput, encodeOutput } from './encoding.js';
