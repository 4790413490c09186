import { describe, expect, it } from 'vitest';
import { AMP_INTERFACES, SpecError, findInterface, requireInterface } from '../../src/spec/index.js';

describe('findInterface', () => {
  it.each([
    ['/pushMsg', 'pushMsg', '/api/amp/hos/pushMsg', 'AMP_HOS_001'],
    ['/refund', 'refund', '/api/amp/hos/refund', 'AMP_HOS_002'],
    ['/queryRefundResult', 'queryRefundResult', '/api/amp/hos/queryRefundResult', 'AMP_HOS_003'],
    ['/getTradeFile', 'getTradeFile', '/api/amp/hos/getTradeFile', 'AMP_HOS_004'],
  ] as const)('%s, %s, %s and %s name the same interface', (suffix, bare, path, id) => {
    const spec = AMP_INTERFACES[suffix];
    for (const alias of [suffix, bare, path, id, id.toLowerCase(), ` ${suffix} `, path + '/']) {
      expect(findInterface(alias), alias).toBe(spec);
    }
  });

  it('accepts full URLs: the DLL serverAddr and the Java SDK base URL plus suffix', () => {
    expect(findInterface('http://10.103.161.166:8080/api/amp/hos/pushMsg')?.id).toBe('AMP_HOS_001');
    expect(findInterface('https://XXXX/api/yyds/mobile/eb/amp/hos/refund?x=1')?.id).toBe('AMP_HOS_002');
  });

  it('returns undefined for anything else', () => {
    for (const bad of ['', '/', '/pushmsg', '/api/amp/hos/', 'AMP_HOS_005', '/queryAccount', 'http://host/', 'http://[bad']) {
      expect(findInterface(bad), bad).toBeUndefined();
    }
    expect(findInterface(undefined as unknown as string)).toBeUndefined();
  });

  it('requireInterface throws SpecError 000105 naming the known suffixes', () => {
    expect(requireInterface('pushMsg').id).toBe('AMP_HOS_001');
    expect(() => requireInterface('/queryAccount')).toThrow(SpecError);
    expect(() => requireInterface('/queryAccount')).toThrow(/\/pushMsg, \/refund, \/queryRefundResult, \/getTradeFile/);
  });
});
