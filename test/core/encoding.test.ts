// How pInData is decoded (issue 7 #2): one stray byte in UTF-8 must never turn the Chinese
// fields into GBK mojibake while the call succeeds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { AmpError, decodeInput } from '../../src/core/index.js';

const fixture = readFileSync(new URL('../fixtures/spec-dll-request.json', import.meta.url), 'utf8');

function refusal(bytes: Uint8Array, mode: 'auto' | 'utf8' | 'gbk' = 'auto'): AmpError {
  try {
    decodeInput(bytes, mode);
  } catch (e) {
    expect(e).toBeInstanceOf(AmpError);
    return e as AmpError;
  }
  throw new Error('decoded');
}

describe('decodeInput', () => {
  it('takes UTF-8 as UTF-8 and whole-GBK Chinese text as GBK', () => {
    expect(decodeInput(Buffer.from(fixture), 'auto')).toEqual({ text: fixture, encoding: 'utf8' });
    const text = fixture.replace('周大鹏', '张三丰').replace('总院牙体牙髓科', '口腔科');
    expect(decodeInput(iconv.encode(text, 'gbk'), 'auto')).toEqual({ text, encoding: 'gbk' });
    expect(decodeInput(iconv.encode('{"a":"周"}', 'gbk'), 'auto').encoding).toBe('gbk');
  });

  it('refuses UTF-8 with one stray byte (000105 naming its offset) instead of decoding it as GBK', () => {
    const good = Buffer.from(fixture);
    const at = good.indexOf(Buffer.from('周')) + 3; // between 周 and 大
    for (const stray of [0xff, 0x81, 0xa1]) {
      const bytes = Buffer.concat([good.subarray(0, at), Buffer.from([stray]), good.subarray(at)]);
      const e = refusal(bytes);
      expect(e.code).toBe('000105');
      expect(e.message).toContain(`byte offset ${at}`);
      expect(e.message).not.toContain('周');
    }
  });

  it('refuses input that is neither UTF-8 nor GBK, and invalid bytes in the explicit modes', () => {
    const gbk = iconv.encode('{"name":"张三丰"}', 'gbk');
    const broken = Buffer.concat([gbk.subarray(0, 9), Buffer.from([0xff]), gbk.subarray(9)]);
    expect(refusal(broken).message).toContain('byte offset 9');
    expect(refusal(broken, 'gbk').message).toMatch(/GBK.*byte offset 9/);
    expect(refusal(Buffer.from([0x7b, 0xe5, 0x7d]), 'utf8').message).toMatch(/UTF-8.*byte offset 1/);
    expect(decodeInput(gbk, 'gbk').text).toBe('{"name":"张三丰"}');
  });
});
