// The hospital side (ORG_001..009): a server toolkit a HIS implements. See docs/hospital.md.
export { createHospitalHandler, type CheckedHandlers, type HospitalAnswer, type HospitalRequestListener } from './handler.js';
export { createHospitalServer, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, type HospitalServer, type HospitalServerOptions } from './server.js';
export { HospitalConfigError, OrgFailureAnswer, OrgOutcomeUnknownAnswer, HospitalError, HospitalOutcomeUnknownError, type OrgFailureRetCode } from './errors.js';
export { HOSPITAL_ENDPOINTS, endpointFor, type HospitalEndpoint, type HospitalMethod } from './interfaces.js';
export { formatCallLine } from './call-log.js';
export { createKeyedLock, type KeyedLock } from './keyed-lock.js';
export type { HospitalCallContext, HospitalCallRecord, HospitalHandlerOptions, HospitalHandlers } from './types.js';
