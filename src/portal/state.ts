/** What one running simulator holds; shared by the API steps and the /__sim routes. */
import type { ServerResponse } from 'node:http';
import type { Envelope, ProtocolProfile } from '../core/index.js';
import type { PortalApp } from './config.js';
import type { FaultTable } from './faults.js';
import type { Download, StoredMessage } from './handlers.js';
import type { Ledger } from './ledger.js';
import type { ReplayGuard } from './replay.js';

export interface AppEntry {
  app: PortalApp;
  envelope: Envelope;
  /** Present when the app has SM2 keys (clientPubKey, serverPrvKey). */
  sm2Envelope?: Envelope;
}

export interface PortalState {
  /** The deployment variant this simulator plays (profile-rules.ts). */
  profile: ProtocolProfile;
  apps: Map<string, AppEntry>;
  ledger: Ledger;
  replay: ReplayGuard;
  faults: FaultTable;
  messages: StoredMessage[];
  downloads: Map<string, Download>;
  /** Answers held back by the stall fault, destroyed on close. */
  stalled: Set<ServerResponse>;
  clock: () => Date;
  log: (line: string) => void;
  downloadTtlMs: number;
  /** http://host:port as listened (set once listening), or the configured publicUrl. */
  baseUrl: string;
  publicUrl?: string;
}
