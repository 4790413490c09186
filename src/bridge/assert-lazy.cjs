/*
 * node:assert as undici sees it in the bridge bundle (tsup.config.ts resolves undici's
 * `require('node:assert')` here). undici only ever calls assert(value[, message]) on internal
 * invariants; loading node:assert for that costs every runtime ~3 ms of start-up CPU (8 built-in
 * modules). A failed check loads the real module and throws its own AssertionError.
 */
'use strict';

function assert(value, message) {
  if (!value) require('node:assert')(value, message);
}
assert.ok = assert;

module.exports = assert;
