// Each requirement written in a 说明 column fires when its condition holds and stays quiet
// otherwise.
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/spec/index.js';

/** A pushMsg request that satisfies every table row, so only the field under test varies. */
function pushMsg(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    hisCustType: '01',
    hisCustId: '532494',
    phone: '13800138000',
    appType: '01',
    medOrgOrd: 'ZL050509083457355366',
    orderStatus: 'MERCHANT_WAIT_PAY',
    orgCode: 'H46040100001',
    patientName: '周大鹏',
    idType: '02',
    idNo: '460029196507081627',
    pushType: 'HOSPITAL_PAYMENT',
    amount: '125.50',
  };
  const out = { ...base, ...overrides };
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

function refund(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ampTraceId: 'AMP20220510000001',
    traceId: 'TR20220510000001',
    orgTraceNo: 'ORG-T-0001',
    orgCode: 'H46040100001',
    refundReason: '患者申请退款',
    outRefundNo: 'RF0001',
    orgRefundSn: 'HISRF0001',
    ...overrides,
  };
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

const conditional = (r: ReturnType<typeof validate>) => r.issues.filter((i) => i.rule === 'conditional');

describe('pushMsg: orderStatus required when pushType = HOSPITAL_PAYMENT (line 515)', () => {
  it('fires as an error in the default mode', () => {
    const r = validate('/pushMsg', pushMsg({ orderStatus: undefined }));
    expect(r.ok).toBe(false);
    expect(conditional(r)).toEqual([
      expect.objectContaining({ field: 'orderStatus', ruleId: 'pushMsg.orderStatusForPayment', severity: 'error' }),
    ]);
    // reported once, by the rule, not again as a plain 'required'
    expect(r.issues.filter((i) => i.field === 'orderStatus')).toHaveLength(1);
  });

  it('treats "" as absent', () => {
    const r = validate('/pushMsg', pushMsg({ orderStatus: '' }));
    expect(conditional(r).map((i) => i.field)).toEqual(['orderStatus']);
  });

  it('does not fire for other push types; the Y column then gives only a warning (strict: error)', () => {
    const params = pushMsg({ pushType: 'HOSPITAL_CHECK', orderStatus: undefined, amount: undefined });
    const warn = validate('/pushMsg', params);
    expect(conditional(warn)).toEqual([]);
    expect(warn.ok).toBe(true);
    expect(warn.issues.map((i) => [i.field, i.rule, i.severity])).toEqual([
      ['orderStatus', 'required', 'warning'],
      ['pushType', 'maxLength', 'warning'],
    ]);
    const strict = validate('/pushMsg', params, 'strict');
    expect(strict.issues.find((i) => i.field === 'orderStatus')).toMatchObject({ rule: 'required', severity: 'error' });
  });

  it('does not fire when orderStatus is given', () => {
    expect(conditional(validate('/pushMsg', pushMsg(), 'strict'))).toEqual([]);
  });
});

describe('pushMsg: amount required when pushType = HOSPITAL_PAYMENT (line 586)', () => {
  it('fires as a warning by default (both spec examples omit it) and an error in strict mode', () => {
    const warn = validate('/pushMsg', pushMsg({ amount: undefined }));
    expect(warn.ok).toBe(true);
    expect(conditional(warn)).toEqual([
      expect.objectContaining({ field: 'amount', ruleId: 'pushMsg.amountForPayment', severity: 'warning' }),
    ]);
    const strict = validate('/pushMsg', pushMsg({ amount: undefined }), 'strict');
    expect(strict.ok).toBe(false);
    expect(conditional(strict)).toEqual([expect.objectContaining({ field: 'amount', severity: 'error' })]);
  });

  it('does not fire when amount is given or the push is not a 支付单', () => {
    expect(conditional(validate('/pushMsg', pushMsg(), 'strict'))).toEqual([]);
    const medicine = pushMsg({ pushType: 'HOSPITAL_MEDICINE', amount: undefined });
    expect(conditional(validate('/pushMsg', medicine, 'strict'))).toEqual([]);
  });

  it('does not fire when pushType itself is missing (that is a plain required error)', () => {
    const r = validate('/pushMsg', pushMsg({ pushType: undefined, amount: undefined, orderStatus: undefined }));
    expect(conditional(r)).toEqual([]);
    expect(r.issues.find((i) => i.field === 'pushType')).toMatchObject({ rule: 'required', severity: 'error' });
  });
});

describe('refund: refundAmount only with refundType 01 or absent (lines 760, 764, 768)', () => {
  it('fires as an error when refundType is 02', () => {
    const r = validate('/refund', refund({ refundType: '02', refundAmount: '10.00' }));
    expect(r.ok).toBe(false);
    expect(conditional(r)).toEqual([
      expect.objectContaining({
        field: 'refundAmount',
        ruleId: 'refund.amountOnlyForSelfPay',
        value: '10.00',
        severity: 'error',
      }),
    ]);
    expect(conditional(r)[0]?.message).toMatch(/refundType为02.*不允许.*\/ refundAmount is not allowed when refundType is 02/);
  });

  it('does not fire for refundType 01, for an absent refundType, or without an amount', () => {
    expect(validate('/refund', refund({ refundType: '01', refundAmount: '10.00' }), 'strict').issues).toEqual([]);
    expect(validate('/refund', refund({ refundAmount: '10.00' }), 'strict').issues).toEqual([]);
    expect(validate('/refund', refund({ refundType: '02' }), 'strict').issues).toEqual([]);
    expect(validate('/refund', refund({ refundType: '02', refundAmount: '' }), 'strict').issues).toEqual([]);
  });

  it('an unlisted refundType is an enum error and also forbids the amount', () => {
    const r = validate('/refund', refund({ refundType: '03', refundAmount: '1' }));
    expect(r.issues.map((i) => `${i.field}:${i.rule}`).sort()).toEqual(['refundAmount:conditional', 'refundType:enum']);
  });
});
