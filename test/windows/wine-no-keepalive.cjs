/*
 * Preloaded into node.exe by test/windows only, and only under wine
 * (NODE_OPTIONS=--require ...; the DLL's runtime inherits the client's environment).
 *
 * Wine 8's ws2_32 rejects the TCP keep-alive socket options (libuv's uv_tcp_keepalive
 * returns UV_UNKNOWN), and a socket that asks for keep-alive before it connects - undici
 * does, for every connection - then fails with "connect UNKNOWN". Real Windows supports the
 * options; the shipped runtime is unchanged. Everything else (pipes, job object, SM4/SM3,
 * HTTP) runs as shipped.
 */
'use strict';
const net = require('node:net');
net.Socket.prototype.setKeepAlive = function setKeepAliveUnsupportedUnderWine() {
  return this;
};
