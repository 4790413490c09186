// The compiled validator gives exactly the issues of the validator it replaced (kept as
// validate-reference.ts): same fields, rules, masked values, messages, severities and order,
// over generated valid and invalid objects for every table of the thirteen interfaces.
import { describe, expect, it } from 'vitest';
import {
  AMP_INTERFACE_LIST,
  ORG_INTERFACE_LIST,
  validate,
  type Direction,
  type InterfaceSpec,
  type ValidationMode,
} from '../../src/spec/index.js';
import { object, pick, rng } from './generate-objects.js';
import { referenceValidate } from './validate-reference.js';

const SPECS: readonly InterfaceSpec[] = [...AMP_INTERFACE_LIST, ...ORG_INTERFACE_LIST];
const MODES: readonly ValidationMode[] = ['warn', 'strict'];
const DIRECTIONS: readonly Direction[] = ['request', 'response'];

describe('compiled validation gives the same issues as the table-walking validator', () => {
  it.each(SPECS.map((s) => [s.id, s] as const))('%s: generated objects, both directions, warn and strict', (_id, spec) => {
    const r = rng(spec.id.split('').reduce((a, c) => a * 31 + c.charCodeAt(0), 7));
    let compared = 0;
    let withIssues = 0;
    for (let i = 0; i < 300; i++) {
      const direction = pick(r, DIRECTIONS);
      const mode = pick(r, MODES);
      const table = direction === 'request' ? spec.request : spec.response;
      const noise = pick(r, [0, 0.05, 0.2, 0.5]);
      const params: unknown = r() < 0.03 ? pick(r, ['{"idNo":"460029196507081627"}', 12, null, [1]]) : object(r, table, 0, noise);
      if (direction === 'response' && spec.failureResponse && r() < 0.3 && typeof params === 'object' && params !== null && !Array.isArray(params)) {
        (params as Record<string, unknown>)[spec.failureResponse.field] = pick(r, ['01', '99', '00', '', 1]);
      }
      const options = direction === 'response' && r() < 0.7 ? { request: object(r, spec.request, 0, noise) } : {};
      const expected = referenceValidate(spec, params, mode, direction, options);
      const actual = validate(spec, params, mode, direction, options);
      expect(actual).toStrictEqual(expected);
      // Same order and key order, too (what formatIssues and a log line show).
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
      compared++;
      if (expected.issues.length > 0) withIssues++;
    }
    expect(compared).toBe(300);
    // The inputs exercise the reporting paths, not only clean objects.
    expect(withIssues).toBeGreaterThan(100);
  });

  it('the spec examples by id and suffix, and an unknown mode', () => {
    for (const spec of SPECS) {
      const params = object(rng(1), spec.request, 0, 0.1);
      expect(validate(spec.id, params)).toStrictEqual(referenceValidate(spec.id, params));
      expect(validate(spec.suffix, params, 'strict')).toStrictEqual(referenceValidate(spec.suffix, params, 'strict'));
    }
    expect(() => validate('ORG_003', {}, 'loose' as ValidationMode)).toThrow(/Unknown validation mode/);
  });
});
