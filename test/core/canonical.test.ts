import { describe, expect, it } from 'vitest';
import { canonicalJson, signString } from '../../src/core/index.js';

describe('canonicalJson (protocol.md §3 step 2)', () => {
  it('sorts keys at every depth, inside arrays too', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 'z' } })).toBe('{"a":{"c":"z","d":[{"x":"2","y":"1"}]},"b":"1"}');
  });

  it('writes numbers and booleans as strings', () => {
    expect(canonicalJson({ n: 2, f: 1.5, neg: -0.01, t: true, fa: false, zero: 0 })).toBe(
      '{"f":"1.5","fa":"false","n":"2","neg":"-0.01","t":"true","zero":"0"}',
    );
  });

  it('drops null, empty strings and empty arrays but keeps an empty object', () => {
    expect(canonicalJson({ a: null, b: '', c: [], d: {}, e: ' ', f: [null, '', 'x'] })).toBe('{"d":{},"e":" ","f":["x"]}');
  });

  it('drops empty arrays inside arrays; an array that held only empties prints as []', () => {
    expect(canonicalJson({ m: [[1, 2], [], [[]]] })).toBe('{"m":[["1","2"],[]]}');
  });

  it('writes non-ASCII raw and escapes what JSON must escape', () => {
    expect(canonicalJson({ name: '周大鹏', q: 'a"b\\c\n' })).toBe('{"name":"周大鹏","q":"a\\"b\\\\c\\n"}');
  });

  it('objects with the same keys in another order, or other keys of the same count, each get their own order', () => {
    // Key orders are remembered per key list: a second object must not reuse another's.
    const values = { a: '1', b: '2', c: '3' };
    expect(canonicalJson({ c: '3', a: '1', b: '2' })).toBe('{"a":"1","b":"2","c":"3"}');
    expect(canonicalJson({ b: 'x', c: '', a: 'y' })).toBe('{"a":"y","b":"x"}');
    expect(canonicalJson({ c: '3', a: '1', b: '2' })).toBe(canonicalJson(values));
    expect(canonicalJson({ c: '3', a: '1', d: '2' })).toBe('{"a":"1","c":"3","d":"2"}');
    expect(canonicalJson({ c: '3', a: '1', b: null })).toBe('{"a":"1","c":"3"}');
    for (let i = 0; i < 40; i++) {
      const obj = { [`k${i % 7}`]: i, z: 'z', [`a${i}`]: 'a' };
      const want = Object.keys(obj).sort().map((k) => `"${k}":"${String(obj[k])}"`).join(',');
      expect(canonicalJson(obj)).toBe(`{${want}}`);
    }
  });

  it('orders keys by code point, not by UTF-16 unit', () => {
    // U+1F600 (astral) sorts after U+FF01 by code point, before it by UTF-16 unit.
    expect(canonicalJson({ '\u{1F600}': 1, '\uFF01': 2, a: 3 })).toBe('{"a":"3","！":"2","😀":"1"}');
  });
});

describe('signString (protocol.md §3)', () => {
  it('leaves out signData, encData, extra and empty fields and appends the key', () => {
    const s = signString(
      { appId: 'A', signData: 'x', encData: 'y', extra: 'z', orgId: '', version: null, timestamp: 't' },
      { k: 'v' },
      'SECRET',
    );
    expect(s).toBe('appId=A&data={"k":"v"}&timestamp=t&key=SECRET');
  });

  it('includes code and message on responses, sorted with the rest', () => {
    expect(signString({ message: '成功', code: '000000', appId: 'A' }, {}, 'K')).toBe('appId=A&code=000000&data={}&message=成功&key=K');
  });
});
