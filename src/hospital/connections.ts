// What the standalone server does about clients that hold connections without using them. A
// socket is a file descriptor: connections that send nothing, or trickle their headers, or stop
// halfway through a body, would otherwise pile up until the process can open no file (and no
// new connection, nor its own books) any more. node:http alone never closes a connection that
// has sent nothing.
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
}

interface SocketState {
  /** Runs out when no complete request line and headers arrive in time. */
  timer?: NodeJS.Timeout;
  /** The request being served on this socket, if any. */
  request?: IncomingMessage;
}

/**
 * - A connection must deliver a complete request line and headers within `idleTimeoutMs` of
 *   opening (or of its previous answer): one that sends nothing, or sends its headers a byte at
 *   a time, is closed.
 * - A request whose body stops arriving for `idleTimeoutMs` is closed. A handler that is still
 *   working is never cut off: that wait is the handler's (`handlerTimeoutMs`).
 * - At most `maxConnections` at once: node:http closes the ones over the cap as they arrive.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  const states = new WeakMap<Socket, SocketState>();

  const awaitRequest = (socket: Socket, state: SocketState) => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => socket.destroy(), limits.idleTimeoutMs);
    state.timer.unref();
  };

  server.on('connection', (socket: Socket) => {
    const state: SocketState = {};
    states.set(socket, state);
    awaitRequest(socket, state);
    socket.once('close', () => clearTimeout(state.timer));
  });

  server.on('request', (req: IncomingMessage, res) => {
    const socket = req.socket;
    const state = states.get(socket);
    if (!state) return;
    clearTimeout(state.timer);
    state.request = req;
    res.once('close', () => {
      if (state.request === req) state.request = undefined;
      if (!socket.destroyed) awaitRequest(socket, state);
    });
  });

  // No bytes either way for idleTimeoutMs. A listener here also stops node:http from closing
  // the socket on its own, which it would do in the middle of a slow handler.
  server.setTimeout(limits.idleTimeoutMs, (socket: Socket) => {
    const request = states.get(socket)?.request;
    if (!request || !request.complete) socket.destroy();
  });
}
