// The spec's own examples must pass in the default mode and fail in strict mode with exactly
// the deviations the README's defect list describes.
import { describe, expect, it } from 'vitest';
import { formatIssues, validate, type ValidationIssue } from '../../src/spec/index.js';
import { DLL_SETTINGS, dllExampleBusinessFields, javaExampleParams } from './spec-examples.js';

const summary = (issues: ValidationIssue[]) => issues.map((i) => `${i.field}:${i.rule}`).sort();

describe('Java SDK example params (spec lines 90-147)', () => {
  it('passes in the default mode, with the deviations reported as warnings', () => {
    const result = validate('/pushMsg', javaExampleParams());
    expect(result.ok).toBe(true);
    expect(result.issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(summary(result.issues)).toEqual(
      [
        'amount:conditional',
        'cardNo:unknownField',
        'cardType:unknownField',
        'hisCustId:required',
        'hisCustType:required',
        'phone:required',
        'pushType:maxLength',
      ].sort(),
    );
  });

  it('passes in explicit warn mode the same way it does by default', () => {
    expect(validate('/pushMsg', javaExampleParams(), 'warn')).toEqual(validate('/pushMsg', javaExampleParams()));
  });

  it('fails in strict mode listing every deviation at once, all as errors', () => {
    const result = validate('/pushMsg', javaExampleParams(), 'strict');
    expect(result.ok).toBe(false);
    expect(result.issues.every((i) => i.severity === 'error')).toBe(true);
    expect(summary(result.issues)).toEqual(
      [
        'amount:conditional',
        'cardNo:unknownField',
        'cardType:unknownField',
        'hisCustId:required',
        'hisCustType:required',
        'phone:required',
        'pushType:maxLength',
      ].sort(),
    );
    const pushType = result.issues.find((i) => i.field === 'pushType');
    expect(pushType?.value).toBe('HOSPITAL_PAYMENT');
    expect(pushType?.message).toContain('10');
    expect(pushType?.message).toContain('16');
    expect(result.issues.find((i) => i.field === 'amount')?.ruleId).toBe('pushMsg.amountForPayment');
  });

  it('accepts the leading space of idNo and the "01" waitingNum in strict mode too', () => {
    const fields = validate('/pushMsg', javaExampleParams(), 'strict').issues.map((i) => i.field);
    expect(fields).not.toContain('idNo');
    expect(fields).not.toContain('waitingNum');
  });

  it('masks the unknown cardNo (a card number) in issues and in formatIssues', () => {
    const result = validate('/pushMsg', javaExampleParams(), 'strict');
    const cardNo = result.issues.find((i) => i.field === 'cardNo');
    expect(cardNo?.value).toBe('D35******66');
    expect(formatIssues(result.issues)).not.toContain('D3508701966');
  });
});

describe('DLL example business fields (spec lines 289-326)', () => {
  it('are the example data minus the seven settings', () => {
    const data = dllExampleBusinessFields();
    for (const key of DLL_SETTINGS) expect(data).not.toHaveProperty(key);
    expect(Object.keys(data)).toHaveLength(26);
    expect(data.extData).toBeNull();
    expect(data.hisCustType).toBe('');
  });

  it('pass in the default mode', () => {
    const result = validate('/api/amp/hos/pushMsg', dllExampleBusinessFields());
    expect(result.ok).toBe(true);
    expect(summary(result.issues)).toEqual(['amount:conditional', 'hisCustType:required', 'phone:required', 'pushType:maxLength']);
    expect(result.issues.every((i) => i.severity === 'warning')).toBe(true);
  });

  it('fail in strict mode with hisCustType "", phone, amount and pushType length', () => {
    const result = validate('AMP_HOS_001', dllExampleBusinessFields(), 'strict');
    expect(result.ok).toBe(false);
    expect(summary(result.issues)).toEqual(['amount:conditional', 'hisCustType:required', 'phone:required', 'pushType:maxLength']);
    expect(result.issues.find((i) => i.field === 'hisCustType')?.value).toBe('');
  });

  it('null extData and "" optional fields are "not sent", even in strict mode', () => {
    const fields = validate('/pushMsg', dllExampleBusinessFields(), 'strict').issues.map((i) => i.field);
    for (const f of ['extData', 'refundReason', 'payOrdId', 'takeMedicineLoc', 'scheduledTime', 'updateTime', 'waitingNum']) {
      expect(fields).not.toContain(f);
    }
  });

  it('the seven DLL settings would be unknown business fields', () => {
    const data = dllExampleBusinessFields();
    const result = validate('/pushMsg', { ...data, appKey: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' });
    const appKey = result.issues.find((i) => i.field === 'appKey');
    expect(appKey).toMatchObject({ rule: 'unknownField', severity: 'warning' });
    expect(JSON.stringify(result.issues)).not.toContain('St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM');
  });
});
