/**
 * native/sm-crypto.c (SM3, SM4, SM4-CTR, HMAC-SM3: the gateway hop's cryptography) against
 * Node's OpenSSL: the examples printed in GB/T 32905 and GB/T 32907, then random keys, blocks
 * and messages both ways (C encrypts, OpenSSL decrypts, and the other way round).
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureNativeBuild, RELEASE_DIR } from './helpers.js';

const TOOL = path.join(RELEASE_DIR, 'onetrans-sm-crypto-tool');

beforeAll(async () => {
  await ensureNativeBuild({ realBridge: false });
}, 240_000);

const hex = (b: Buffer) => (b.length ? b.toString('hex') : '-');

/** Runs the commands through the C tool, one answer line each. */
function c(commands: string[]): string[] {
  const out = execFileSync(TOOL, { input: commands.join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines = out.trimEnd().split('\n');
  expect(lines).toHaveLength(commands.length);
  return lines.map((l) => (l === '-' ? '' : l));
}

const ecb = (key: Buffer, block: Buffer, decrypt = false) => {
  const x = decrypt ? createDecipheriv('sm4-ecb', key, null) : createCipheriv('sm4-ecb', key, null);
  x.setAutoPadding(false);
  return Buffer.concat([x.update(block), x.final()]);
};
const ctr = (key: Buffer, iv: Buffer, data: Buffer) => {
  const x = createCipheriv('sm4-ctr', key, iv);
  return Buffer.concat([x.update(data), x.final()]);
};

describe('SM3 (GB/T 32905)', () => {
  it('gives the digests printed in the standard', () => {
    const [abc, abcd16] = c([`sm3 ${hex(Buffer.from('abc'))}`, `sm3 ${hex(Buffer.from('abcd'.repeat(16)))}`]);
    expect(abc).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(abcd16).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('agrees with OpenSSL on random messages of every length around the block and padding edges', () => {
    const msgs = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 70_000].map((n) => randomBytes(n));
    const got = c(msgs.map((m) => `sm3 ${hex(m)}`));
    msgs.forEach((m, i) => expect(got[i], `length ${m.length}`).toBe(createHash('sm3').update(m).digest('hex')));
  });

  it('gives the same digest when fed in pieces of any size', () => {
    const m = randomBytes(1031);
    const want = createHash('sm3').update(m).digest('hex');
    for (const line of c([1, 3, 63, 64, 65, 200].map((n) => `sm3chunks ${n} ${hex(m)}`))) expect(line).toBe(want);
  });
});

describe('SM4 (GB/T 32907)', () => {
  const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');

  it('gives the standard\'s examples: one encryption and 1,000,000 chained encryptions', () => {
    const [one, back, million] = c([
      `sm4e ${hex(key)} ${hex(key)}`,
      `sm4d ${hex(key)} 681edf34d206965e86b3e94f536e4246`,
      `sm4iter 1000000 ${hex(key)} ${hex(key)}`,
    ]);
    expect(one).toBe('681edf34d206965e86b3e94f536e4246');
    expect(back).toBe(hex(key));
    expect(million).toBe('595298c7c6fd271f0402f804c33d3f66');
  });

  it('encrypts and decrypts random blocks as OpenSSL does, both ways', () => {
    const cases = Array.from({ length: 64 }, () => ({ k: randomBytes(16), b: randomBytes(16) }));
    const enc = c(cases.map(({ k, b }) => `sm4e ${hex(k)} ${hex(b)}`));
    const dec = c(cases.map(({ k, b }) => `sm4d ${hex(k)} ${hex(ecb(k, b))}`));
    cases.forEach(({ k, b }, i) => {
      expect(enc[i]).toBe(hex(ecb(k, b)));
      expect(ecb(k, Buffer.from(enc[i]!, 'hex'), true)).toEqual(b); // C encrypts, OpenSSL decrypts
      expect(dec[i]).toBe(hex(b)); // OpenSSL encrypts, C decrypts
    });
  });

  it('SM4-CTR matches OpenSSL sm4-ctr, including a counter that carries across all 128 bits', () => {
    const ivs = [randomBytes(16), Buffer.alloc(16, 0xff), Buffer.concat([randomBytes(8), Buffer.alloc(8, 0xff)])];
    const cases = ivs.flatMap((iv) => [0, 1, 15, 16, 17, 33, randomInt(1, 5000)].map((n) => ({ k: randomBytes(16), iv, d: randomBytes(n) })));
    const got = c(cases.map(({ k, iv, d }) => `ctr ${hex(k)} ${hex(iv)} ${hex(d)}`));
    cases.forEach(({ k, iv, d }, i) => {
      expect(got[i], `length ${d.length}`).toBe(ctr(k, iv, d).toString('hex'));
      expect(ctr(k, iv, Buffer.from(got[i]!, 'hex'))).toEqual(d);
    });
  });
});

describe('HMAC-SM3', () => {
  it('agrees with OpenSSL for keys shorter than, equal to and longer than the 64-byte block', () => {
    const cases = [0, 16, 32, 63, 64, 65, 200].flatMap((kl) => [0, 1, 64, 777].map((dl) => ({ k: randomBytes(kl), d: randomBytes(dl) })));
    const got = c(cases.map(({ k, d }) => `hmac ${hex(k)} ${hex(d)}`));
    cases.forEach(({ k, d }, i) => expect(got[i], `key ${k.length}, data ${d.length}`).toBe(createHmac('sm3', k).update(d).digest('hex')));
  });

  it('changes completely when one bit of the key or the data changes', () => {
    const k = randomBytes(16);
    const d = randomBytes(100);
    const k2 = Buffer.from(k);
    k2[0]! ^= 1;
    const d2 = Buffer.from(d);
    d2[99]! ^= 0x80;
    const [a, b, e] = c([`hmac ${hex(k)} ${hex(d)}`, `hmac ${hex(k2)} ${hex(d)}`, `hmac ${hex(k)} ${hex(d2)}`]);
    expect(new Set([a, b, e]).size).toBe(3);
  });
});
