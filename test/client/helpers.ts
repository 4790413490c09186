import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { javaExampleParams as specJavaExampleParams } from '../spec/spec-examples.js';

export const DEMO = {
  appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM',
  appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM',
  orgId: 'H35010200227',
};

/** The Java example's params (spec lines 90-147), medOrgOrd made unique per call. */
export function javaExampleParams(): Record<string, unknown> {
  return { ...specJavaExampleParams(), medOrgOrd: `T${Date.now()}${Math.floor(Math.random() * 1e6)}` };
}

/** A loopback server with a hand-written answer, for failures the simulator does not model. */
export async function rawServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
