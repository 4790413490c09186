// The standalone form: the toolkit's listener on its own node:http server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { limitConnections } from './connections.js';
import { HospitalConfigError } from './errors.js';
import { createHospitalHandler, type CheckedHandlers, type HospitalRequestListener } from './handler.js';
import { checkOptionNames } from './options.js';
import type { HospitalHandlerOptions, HospitalHandlers } from './types.js';

export interface HospitalServerOptions extends HospitalHandlerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: any free port (see `url`). */
  readonly port?: number;
  /**
   * A connection that sends no complete request line and headers within this many ms of
   * opening (or of its previous answer), or whose body stops arriving for this long, is closed
   * (default 10000). A handler still working is never cut off by it.
   */
  readonly idleTimeoutMs?: number;
  /** Connections open at once (default 128); those over it are closed as they arrive. */
  readonly maxConnections?: number;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONNECTIONS = 128;
const SERVER_OPTION_NAMES = ['host', 'port', 'idleTimeoutMs', 'maxConnections'] as const;
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function positiveInteger(name: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new HospitalConfigError(`${name} 必须是 1 到 ${max} 之间的整数`, `${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

export interface HospitalServer {
  /** `http://127.0.0.1:PORT` — the base URL the portal is given (basePath not included). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly handler: HospitalRequestListener;
  close(): Promise<void>;
}

/** Starts the nine endpoints on their own HTTP server and resolves once it listens. */
export async function createHospitalServer<H extends HospitalHandlers>(handlers: CheckedHandlers<H>, options: HospitalServerOptions = {}): Promise<HospitalServer> {
  if (typeof options === 'object' && options !== null) checkOptionNames(options, SERVER_OPTION_NAMES);
  const { host = '127.0.0.1', port = 0, idleTimeoutMs, maxConnections, ...rest } = options;
  const limits = {
    idleTimeoutMs: positiveInteger('idleTimeoutMs', idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS, MAX_TIMER_MS),
    maxConnections: positiveInteger('maxConnections', maxConnections, DEFAULT_MAX_CONNECTIONS, 1_000_000),
  };
  const handler = createHospitalHandler<H>(handlers, rest);
  const server = createServer((req, res) => handler(req, res));
  limitConnections(server, limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    server,
    handler,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
