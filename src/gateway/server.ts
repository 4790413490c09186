/**
 * `onetrans gateway`: serves OneTrans.dll workstations over the LAN (docs/gateway-protocol.md)
 * with the same MobileTrans code as the local runtime (src/mobiletrans/answer.ts).
 *
 * Per connection: a fixed-size hello within handshakeTimeoutMs (a peer whose hello does not
 * authenticate is dropped without reading further), then one request at a time. While a call
 * is in flight the socket is paused, so a connection holds at most one request (at most
 * maxRequestBytes) and a client that pipelines or floods only fills its own kernel buffer.
 * Every call keeps its own deadline; nothing a connection does blocks the event loop for others.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { MobileTransRuntime } from '../mobiletrans/index.js';
import { answerCall } from '../mobiletrans/answer.js';
import { clockMs } from '../core/deadline.js';
import { errorOutput, type OutputEncoding } from '../mobiletrans/output.js';
import type { DailyLog } from '../mobiletrans/log.js';
import {
  HELLO_BYTES,
  REQUEST_HEADER_BYTES,
  RecordOpener,
  RecordSealer,
  GatewayProtocolError,
  decodeRequest,
  encodeAnswer,
  encodeHelloMessage,
  serverHello,
  sessionKeys,
  verifyClientHello,
} from './protocol.js';
import { addressAllowed } from './allowlist.js';

export interface GatewayOptions {
  runtime: MobileTransRuntime;
  encoding: OutputEncoding;
  key: Buffer;
  host: string;
  port: number;
  /** Plain HTTP GET /health on this address, for monitors (no secrets, no patient data). */
  health?: { host: string; port: number };
  /** Client addresses (IPv4/IPv6, or IPv4 CIDR) allowed to connect; empty or absent: any. */
  allowedClients?: string[];
  maxRequestBytes: number;
  maxConnections: number;
  idleTimeoutMs: number;
  handshakeTimeoutMs: number;
  version: string;
  log: DailyLog;
}

export interface Gateway {
  address: { host: string; port: number };
  healthAddress?: { host: string; port: number };
  stats(): { connections: number; inFlight: number; stopping: boolean };
  /** Stops accepting, closes idle connections, lets calls in flight answer, then resolves. */
  close(): Promise<void>;
}

const SYSTEM_ERROR = '000002';

export const GATEWAY_DEFAULTS = {
  maxRequestBytes: 1 << 20,
  maxConnections: 10_000,
  idleTimeoutMs: 300_000,
  handshakeTimeoutMs: 5_000,
} as const;

function peerOf(s: Socket): string {
  const a = s.remoteAddress ?? '?';
  return a.includes(':') ? `[${a}]:${s.remotePort}` : `${a}:${s.remotePort}`;
}

export async function startGateway(o: GatewayOptions): Promise<Gateway> {
  const conns = new Set<Socket>();
  const busy = new Set<Socket>();
  let stopping = false;
  let drained: (() => void) | undefined;
  const checkDrained = () => {
    if (stopping && conns.size === 0) drained?.();
  };
  const hello = encodeHelloMessage({
    version: o.version,
    capacity: o.runtime.capacity,
    maxWaitMs: o.runtime.maxWaitMs,
    outputEncoding: o.encoding,
    maxRequestBytes: o.maxRequestBytes,
    idleTimeoutMs: o.idleTimeoutMs,
  });

  const server: Server = createServer({ noDelay: true, pauseOnConnect: false }, (socket) => {
    const peer = peerOf(socket);
    if (stopping || (o.allowedClients?.length && !addressAllowed(socket.remoteAddress ?? '', o.allowedClients)) || conns.size >= o.maxConnections) {
      o.log.write('error', { event: 'gateway-refused', peer, why: stopping ? 'stopping' : conns.size >= o.maxConnections ? 'too many connections' : 'not in allowedClients' });
      socket.destroy();
      return;
    }
    conns.add(socket);
    socket.on('close', () => {
      conns.delete(socket);
      busy.delete(socket);
      checkDrained();
    });
    socket.on('error', () => {});
    serveConnection(socket, peer);
  });
  server.maxConnections = o.maxConnections + 16; // the check above logs; this is the hard stop

  function serveConnection(socket: Socket, peer: string): void {
    let helloBuf: Buffer | undefined = Buffer.alloc(0);
    let opener: RecordOpener | undefined;
    let sealer: RecordSealer | undefined;
    const drop = (why: string) => {
      o.log.write('error', { event: 'gateway-drop', peer, why });
      socket.destroy();
    };
    const handshakeTimer = setTimeout(() => drop('no hello in time'), o.handshakeTimeoutMs);
    handshakeTimer.unref();
    socket.setTimeout(o.idleTimeoutMs, () => {
      if (!busy.has(socket)) socket.destroy();
    });

    const onRecords = (msgs: Buffer[]) => {
      for (const m of msgs) {
        if (busy.has(socket) || msgs.length > 1) return drop('a second request before the first was answered');
        let req;
        try {
          req = decodeRequest(m);
        } catch (e) {
          return drop((e as Error).message);
        }
        const received = clockMs();
        busy.add(socket);
        socket.pause();
        void runCall(req.payload, req.capacity, received + req.deadlineMs, req.deadlineMs, peer).then((answer) => {
          busy.delete(socket);
          if (socket.destroyed) return;
          socket.write(sealer!.seal(answer));
          if (stopping) closeSoon(socket);
          else socket.resume();
        });
      }
    };

    socket.on('data', (chunk: Buffer) => {
      try {
        if (helloBuf) {
          helloBuf = Buffer.concat([helloBuf, chunk]);
          if (helloBuf.length < HELLO_BYTES) return;
          const nonceC = verifyClientHello(o.key, helloBuf.subarray(0, HELLO_BYTES));
          if (!nonceC) return drop('hello does not authenticate (wrong gatewayKey or not a OneTrans client)');
          clearTimeout(handshakeTimer);
          const { hello: sh, nonceS } = serverHello(o.key, nonceC);
          const keys = sessionKeys(o.key, nonceC, nonceS);
          opener = new RecordOpener(keys.clientToServer, REQUEST_HEADER_BYTES + o.maxRequestBytes);
          sealer = new RecordSealer(keys.serverToClient);
          socket.write(Buffer.concat([sh, sealer.seal(hello)]));
          const rest = helloBuf.subarray(HELLO_BYTES);
          helloBuf = undefined;
          if (rest.length) onRecords(opener.push(rest));
          return;
        }
        onRecords(opener!.push(chunk));
      } catch (e) {
        drop(e instanceof GatewayProtocolError ? e.message : String(e));
      }
    });
  }

  /** Ends a connection with nothing in flight: FIN now, and the socket freed even when the
   * client never closes its side (a DLL's pooled connection is read only at its next call). */
  function closeSoon(s: Socket): void {
    s.end();
    setTimeout(() => s.destroy(), 1000).unref();
  }

  async function runCall(payload: Buffer, capacity: number, deadline: number, budgetMs: number, peer: string): Promise<Buffer> {
    const t0 = clockMs();
    let code: string;
    let output: Buffer;
    if (budgetMs === 0 || t0 >= deadline) {
      // The caller has given up already: never start it (it would reach the portal unseen).
      code = SYSTEM_ERROR;
      output = errorOutput(SYSTEM_ERROR, '请求到达前置机时已超过期限，未发送', 'the request reached the gateway after its deadline; it was not sent', undefined, o.encoding);
    } else {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<{ code: string; output: Buffer }>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({
              code: SYSTEM_ERROR,
              output: errorOutput(SYSTEM_ERROR, '前置机在期限内未得到应答，结果未知', 'no answer within the caller\'s deadline at the gateway; the outcome is unknown', undefined, o.encoding),
            }),
          Math.max(0, deadline - t0),
        );
      });
      // The runtime judges the same deadline again before the portal request is built and the
      // instant before its first byte (docs/frame-protocol.md, Deadlines).
      ({ code, output } = await Promise.race([answerCall(o.runtime, payload, capacity, o.encoding, deadline), late]));
      clearTimeout(timer);
    }
    // The audit line: which workstation, how it ended. The call's own line (interface, org,
    // portal code) is written by the runtime, masked as in local mode.
    o.log.write(code === '000000' ? 'info' : 'error', { event: 'gateway-call', peer, code, ms: (clockMs() - t0).toFixed(1), bytes: payload.length });
    return encodeAnswer(code, output);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const address = typeof addr === 'object' && addr ? { host: addr.address, port: addr.port } : { host: o.host, port: o.port };

  let health: HttpServer | undefined;
  let healthAddress: { host: string; port: number } | undefined;
  if (o.health) {
    health = createHttpServer((req, res) => {
      if (req.method === 'GET' && (req.url === '/health' || req.url === '/health/')) {
        const body = JSON.stringify({ status: stopping ? 'stopping' : 'ok', version: o.version, connections: conns.size, inFlight: busy.size });
        res.writeHead(stopping ? 503 : 200, { 'content-type': 'application/json' }).end(body);
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      health!.once('error', reject);
      health!.listen(o.health!.port, o.health!.host, () => resolve());
    });
    const h = health.address();
    healthAddress = typeof h === 'object' && h ? { host: h.address, port: h.port } : undefined;
  }

  return {
    address,
    healthAddress,
    stats: () => ({ connections: conns.size, inFlight: busy.size, stopping }),
    async close() {
      if (stopping) return;
      stopping = true;
      o.log.write('info', { event: 'gateway-stopping', connections: conns.size, inFlight: busy.size });
      const done = new Promise<void>((r) => {
        drained = r;
      });
      server.close();
      for (const s of conns) if (!busy.has(s)) closeSoon(s);
      checkDrained();
      await done;
      await new Promise<void>((r) => (health ? health.close(() => r()) : r()));
      await o.runtime.close();
      o.log.write('info', { event: 'gateway-stopped' });
    },
  };
}
