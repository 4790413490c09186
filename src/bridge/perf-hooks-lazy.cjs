/*
 * node:perf_hooks as undici sees it in the bridge bundle (tsup.config.ts resolves undici's
 * `require('node:perf_hooks')` here): undici reads performance.now() when fetch() times a
 * response, which the runtime never calls; loading perf_hooks costs every start ~2.5 ms of CPU.
 * The real module is loaded the first time `performance` is used.
 */
'use strict';

let loaded;
const real = () => (loaded ??= require('node:perf_hooks'));

const performance = new Proxy(
  {},
  {
    get: (_, key) => {
      const p = real().performance;
      const v = p[key];
      return typeof v === 'function' ? v.bind(p) : v;
    },
  },
);

module.exports = new Proxy(
  { performance },
  {
    get: (target, key) => (key === 'performance' ? performance : real()[key]),
  },
);
