/*
 * node:http as undici's Client sees it in the bridge bundle (tsup.config.ts resolves
 * undici/lib/dispatcher/client.js's `require('node:http')` here). The Client reads only
 * http.maxHeaderSize, its default limit on a response's headers; loading node:http for that
 * costs every runtime ~5 ms of start-up CPU (10 built-in modules), and undici speaks HTTP over
 * node:net itself. So: node's own value when node:http is loaded anyway, else the same value
 * from node's flag (--max-http-header-size, on the command line or in NODE_OPTIONS; default
 * 16 KiB, node's default).
 */
'use strict';

const DEFAULT_MAX_HEADER_SIZE = 16 * 1024;

function fromFlags() {
  const words = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  let size = DEFAULT_MAX_HEADER_SIZE;
  for (let i = 0; i < words.length; i++) {
    const m = /^--max-http-header-size(?:=(.*))?$/.exec(words[i]);
    if (m) size = Number(m[1] ?? words[i + 1]);
  }
  return size;
}

module.exports = {
  get maxHeaderSize() {
    return process.moduleLoadList.includes('NativeModule http') ? require('node:http').maxHeaderSize : fromFlags();
  },
};
