'use strict'
/**
 * undici's client.js loads its HTTP/2 support (client-h2.js, and with it node:http2) when it is
 * loaded itself; for the bridge bundle tsup.config.ts resolves that require to this file, which
 * loads it on the first HTTP/2 connection instead. The runtime never asks for HTTP/2 (undici
 * offers h2 over ALPN only with allowH2), so node:http2 stays unloaded: about 2 MB less private
 * memory and a faster start for every HIS process (bench footprint).
 */
let connectH2

module.exports = function connectH2Lazily (client, socket) {
  connectH2 ??= require('undici/lib/dispatcher/client-h2.js')
  return connectH2(client, socket)
}
