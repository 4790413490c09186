/**
 * sm-crypto as the bridge bundle gets it (src/bridge/sm-crypto-lazy.cjs, wired in by
 * tsup.config.ts): not loaded when the runtime starts, and on first use the very same SM2, SM3
 * and SM4 as sm-crypto itself, so an SM2-signing HIS sees no difference.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const SHIM = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/bridge/sm-crypto-lazy.cjs');

interface SmCrypto {
  sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    doSignature(msg: string, prv: string, opts: Record<string, unknown>): string;
    doVerifySignature(msg: string, sig: string, pub: string, opts: Record<string, unknown>): boolean;
  };
  sm3(data: string): string;
  sm4: { encrypt(data: string, key: string): string; decrypt(data: string, key: string): string };
}

describe('sm-crypto in the bridge bundle', () => {
  it('is not loaded until the runtime first reads sm2, sm3 or sm4', () => {
    // A fresh node: its require cache shows whether sm-crypto's own files were loaded.
    const script = `
      const shim = require(${JSON.stringify(SHIM)});
      const loaded = () => Object.keys(require.cache).some((f) => /[\\\\/]sm-crypto[\\\\/]/.test(f));
      const before = loaded();
      const sm2 = shim.sm2;
      console.log(JSON.stringify({ before, after: loaded(), sm2: typeof sm2.doSignature }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000, cwd: path.dirname(SHIM) });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ before: false, after: true, sm2: 'function' });
  });

  it('signs, verifies, hashes and encrypts exactly as sm-crypto does', () => {
    const shim = require(SHIM) as SmCrypto;
    const real = require('sm-crypto') as SmCrypto;
    const { privateKey, publicKey } = shim.sm2.generateKeyPairHex();
    const opts = { hash: true, der: false, userId: '1234567812345678', publicKey };
    const sig = shim.sm2.doSignature('appId=x&data=y', privateKey, opts);
    expect(real.sm2.doVerifySignature('appId=x&data=y', sig, publicKey, opts)).toBe(true);
    expect(shim.sm2.doVerifySignature('appId=x&data=z', sig, publicKey, opts)).toBe(false);
    expect(shim.sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'); // GB/T 32905 example 1
    const key = '0123456789abcdeffedcba9876543210';
    expect(shim.sm4.encrypt('hello', key)).toBe(real.sm4.encrypt('hello', key));
    expect(shim.sm4.decrypt(shim.sm4.encrypt('hello', key), key)).toBe('hello');
  });
});
