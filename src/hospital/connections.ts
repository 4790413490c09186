// What the standalone server does about clients that hold connections without using them. A
// socket is a file descriptor: connections that send nothing, or trickle their headers, or stop
// halfway through a body, would otherwise pile up until the process can open no file (and no
// new connection, nor its own books) any more. node:http alone never closes a connection that
// has sent nothing.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
}

interface SocketState {
  /** When the wait for a request began (the connection opened, or its last answer was seen sent). */
  since: number;
  /** The request being served on this socket, if any, and its answer. */
  request?: IncomingMessage;
  response?: ServerResponse;
}

/** Whether the socket's request is complete and its answer not yet sent: the handler's time. */
function serving(state: SocketState | undefined): boolean {
  const { request, response } = state ?? {};
  return request !== undefined && response !== undefined && request.complete && !response.writableFinished && !response.destroyed;
}

/**
 * - A connection must deliver a complete request line and headers within `idleTimeoutMs` of
 *   opening (or of its previous answer): one that sends nothing, or sends its headers a byte at
 *   a time, is closed.
 * - A request whose body stops arriving for `idleTimeoutMs` is closed. A handler that is still
 *   working is never cut off: that wait is the handler's (`handlerTimeoutMs`).
 * - At most `maxConnections` at once: node:http closes the ones over the cap as they arrive.
 *
 * The first is one sweep per server, every quarter of `idleTimeoutMs` (at most every second),
 * not a timer per connection re-armed on every request: a request costs two assignments. A
 * connection is never closed before its time, and at most a sweep period (plus one more after
 * an answer, which the sweep notices) after it.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  const idle = limits.idleTimeoutMs;
  const states = new Map<Socket, SocketState>();

  const sweep = () => {
    const now = performance.now();
    for (const [socket, state] of states) {
      const { response } = state;
      if (response !== undefined) {
        if (!response.writableFinished && !response.destroyed) continue;
        // Answered since the last sweep: the wait for the next request starts now (not earlier).
        state.request = undefined;
        state.response = undefined;
        state.since = now;
      } else if (now - state.since >= idle) {
        socket.destroy();
      }
    }
  };
  const period = Math.min(1_000, Math.max(5, Math.ceil(idle / 4)));
  let sweeper: NodeJS.Timeout | undefined;
  const start = () => {
    sweeper ??= setInterval(sweep, period);
    sweeper.unref();
  };
  if (server.listening) start();
  server.on('listening', start);
  server.on('close', () => {
    clearInterval(sweeper);
    sweeper = undefined;
  });

  server.on('connection', (socket: Socket) => {
    states.set(socket, { since: performance.now() });
    socket.once('close', () => states.delete(socket));
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const state = states.get(req.socket);
    if (state === undefined) return;
    state.request = req;
    state.response = res;
  });

  // No bytes either way for idleTimeoutMs. A listener here also stops node:http from closing
  // the socket on its own, which it would do in the middle of a slow handler.
  server.setTimeout(idle, (socket: Socket) => {
    if (!serving(states.get(socket))) socket.destroy();
  });
}
