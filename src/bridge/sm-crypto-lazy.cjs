/*
 * sm-crypto as the bridge bundle sees it (tsup.config.ts resolves 'sm-crypto' here): the same
 * module, loaded on first use. The runtime needs it only for SM2 signatures (and as the SM3/SM4
 * fallback for a node whose OpenSSL lacks them); SM3/SM4 runs on node:crypto, so a runtime
 * that never signs with SM2 never pays for loading it at start-up (~5% of the start profile).
 * Callers read smCrypto.sm2 / .sm3 / .sm4 at call time, never at import time.
 */
'use strict';

let loaded;
const real = () => (loaded ??= require('sm-crypto'));

module.exports = {
  get sm2() {
    return real().sm2;
  },
  get sm3() {
    return real().sm3;
  },
  get sm4() {
    return real().sm4;
  },
};
