// Calling a hospital's ORG_001..009 endpoints as the portal does: one client for the cashier and
// the conformance checker. Depends on core and spec only; portal and hospital build on it.
export { OrgClient, checkHeaders, checkHisUrl, describeOutcome, orgUrl, parseHeader, type OrgCallOptions, type OrgClientOptions, type OrgExchange } from './client.js';
export { DEFAULT_MAX_ANSWER_BYTES, postJson, type OrgCallOutcome, type PostJsonOptions } from './http.js';
export type { OrgMethod } from '../spec/index.js';
