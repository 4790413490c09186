// A real HTTP forward proxy on 127.0.0.1 for the tests that prove a `proxy` setting is used:
// it answers both forms a client may send (CONNECT tunnels and absolute-form requests) and
// records each request line, so a test can tell the call went through it.
import { createServer, request as httpRequest } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TestProxy {
  port: number;
  /** `CONNECT host:port` or `METHOD absolute-url`, in arrival order. */
  seen: string[];
  close(): Promise<void>;
}

export async function startProxy(): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const proxy = createServer((req, res) => {
    // Plain forward proxy: the request line carries the absolute URL.
    seen.push(`${req.method} ${req.url}`);
    const up = httpRequest(req.url!, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  proxy.on('connect', (req, client: Socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const up = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up).add(client);
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    port: (proxy.address() as AddressInfo).port,
    seen,
    async close() {
      // Tunnels are not the server's connections: end them by hand or close() waits on them.
      for (const s of sockets) s.destroy();
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    },
  };
}
