export { AmpClient, type WrapperResponse, type CallOptions } from './client.js';
export { resolveOptions, type AmpClientOptions, type ProxyOption } from './options.js';
// The error classes live in src/core/errors.ts (one family); exported here too, as before.
export {
  AmpPortalError,
  AmpConnectionError,
  AmpSecurityError,
  AmpValidationError,
  AmpOutcomeUnknownError,
  toAmpError,
} from '../core/errors.js';
export { interpretResponse } from './response.js';
export { gatewayBase, API_PREFIX as GATEWAY_PREFIX } from './base-url.js';
export { probeProfile, profileSnippets, REJECTING_CODES, type ProbeOptions, type ProbeResult, type ProbeAttempt, type ProbeSettings } from './probe.js';
export type { AmpLogger } from './options.js';
