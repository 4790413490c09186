// The standalone form: the toolkit's listener on its own node:http server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHospitalHandler, type CheckedHandlers, type HospitalRequestListener } from './handler.js';
import type { HospitalHandlerOptions, HospitalHandlers } from './types.js';

export interface HospitalServerOptions extends HospitalHandlerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: any free port (see `url`). */
  readonly port?: number;
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
  const { host = '127.0.0.1', port = 0, ...rest } = options;
  const handler = createHospitalHandler<H>(handlers, rest);
  const server = createServer((req, res) => handler(req, res));
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
