/*
 * node:zlib as undici sees it in the bridge bundle (tsup.config.ts resolves undici's
 * `require('node:zlib')` here): the same module, loaded on first use. undici reads zlib.* only
 * when it decodes a compressed body (the portal's answers are not), and loading it costs every
 * runtime ~2 ms of start-up CPU.
 */
'use strict';

let loaded;
const real = () => (loaded ??= require('node:zlib'));

module.exports = new Proxy(
  {},
  {
    get: (_, key) => real()[key],
    has: (_, key) => key in real(),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d && { ...d, configurable: true };
    },
  },
);
