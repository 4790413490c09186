// Per-field checks: required, type, maxLength, enum, format, unknown fields, modes, masking.
import { describe, expect, it } from 'vitest';
import { SpecError, formatIssues, validate, type ValidationIssue } from '../../src/spec/index.js';

const queryRefund = (o: Record<string, unknown> = {}) => ({ orgCode: 'H46040100001', outRefundNo: 'RF0001', ...o });
const tradeFile = (o: Record<string, unknown> = {}) => ({
  orgCode: 'H46040100001',
  orgSecret: 'S3cr3t-For-Bills-0001',
  billDate: '2022-04-24',
  billType: 'ALL',
  ...o,
});
const only = (issues: ValidationIssue[]) => issues.map((i) => [i.field, i.rule, i.severity]);

describe('required', () => {
  it('missing, null and "" all count as absent', () => {
    for (const outRefundNo of [undefined, null, '']) {
      const params: Record<string, unknown> = queryRefund({ outRefundNo });
      if (outRefundNo === undefined) delete params.outRefundNo;
      const r = validate('/queryRefundResult', params);
      expect(r.ok).toBe(false);
      expect(only(r.issues)).toEqual([['outRefundNo', 'required', 'error']]);
      expect(r.issues[0]?.message).toBe('缺少必填字段 outRefundNo（外部退款流水号，每个机构内保证唯一） / Missing required field outRefundNo');
    }
  });

  it('a whitespace-only value is present (the spec examples keep spaces, e.g. idNo)', () => {
    expect(validate('/queryRefundResult', queryRefund({ outRefundNo: ' ' }), 'strict').issues).toEqual([]);
  });

  it('required fields the examples never omit are errors in the default mode', () => {
    const r = validate('/pushMsg', {});
    const errors = r.issues.filter((i) => i.severity === 'error').map((i) => i.field).sort();
    expect(errors).toEqual(['appType', 'idNo', 'idType', 'medOrgOrd', 'orgCode', 'patientName', 'pushType'].sort());
    const warnings = r.issues.filter((i) => i.severity === 'warning').map((i) => i.field).sort();
    expect(warnings).toEqual(['hisCustId', 'hisCustType', 'orderStatus', 'phone']);
  });

  it('response tables are checked with direction "response"', () => {
    const r = validate('/queryRefundResult', { refundTraceId: 'R1', ampRefundId: 'A1', traceId: 'T1' }, 'warn', 'response');
    expect(only(r.issues)).toEqual([['tradeStatus', 'required', 'error']]);
    // tradeStatus is optional in AMP_HOS_002's response (line 841) but required in AMP_HOS_003's (line 972)
    expect(validate('/refund', { refundTraceId: 'R1', ampRefundId: 'A1', traceId: 'T1' }, 'strict', 'response').issues).toEqual([]);
  });
});

describe('type', () => {
  it('booleans, objects and arrays are errors', () => {
    const r = validate('/queryRefundResult', queryRefund({ orgCode: true, subOrgCode: { a: 1 }, outRefundNo: ['x'] }));
    expect(only(r.issues)).toEqual([
      ['orgCode', 'type', 'error'],
      ['subOrgCode', 'type', 'error'],
      ['outRefundNo', 'type', 'error'],
    ]);
    expect(r.issues[0]?.message).toContain('got boolean');
    expect(r.issues[2]?.message).toContain('got array');
  });

  it('numbers are accepted where String is documented: warning by default, error in strict', () => {
    const warn = validate('/refund', {
      ampTraceId: 'A', traceId: 'T', orgTraceNo: 'O', orgCode: 'H1', refundReason: 'r', outRefundNo: 'N', orgRefundSn: 'S',
      refundAmount: 12.5,
    });
    expect(warn.ok).toBe(true);
    expect(only(warn.issues)).toEqual([['refundAmount', 'type', 'warning']]);
    expect(warn.issues[0]?.value).toBe(12.5);
    const strict = validate('/getTradeFile', tradeFile({ subOrgCode: 5 }), 'strict');
    expect(only(strict.issues)).toEqual([['subOrgCode', 'type', 'error']]);
  });

  it('a number is checked as its text for length, enum and format', () => {
    const r = validate('/pushMsg', { appType: 1 }, 'warn');
    expect(r.issues.filter((i) => i.field === 'appType').map((i) => i.rule)).toEqual(['type', 'enum']);
    const amount = validate('/refund', { refundAmount: 0.1 + 0.2 }).issues.find((i) => i.rule === 'format');
    expect(amount?.field).toBe('refundAmount');
  });

  it('params that are not an object are one error in warn and strict, nothing in off', () => {
    for (const bad of [null, undefined, 42, 'x', [1, 2]]) {
      for (const mode of ['warn', 'strict'] as const) {
        const r = validate('/pushMsg', bad, mode);
        expect(r.ok).toBe(false);
        expect(only(r.issues)).toEqual([['', 'type', 'error']]);
      }
      expect(validate('/pushMsg', bad, 'off')).toEqual({ ok: true, issues: [] });
    }
  });

  it('a JSON string given instead of an object is masked in the issue', () => {
    const r = validate('/pushMsg', '{"idNo":"460029196507081627"}');
    expect(String(r.issues[0]?.value)).not.toContain('460029196507081627');
    expect(r.issues[0]?.message).toContain('got string');
  });
});

describe('maxLength', () => {
  it('is a warning by default and an error in strict mode; exactly the maximum passes', () => {
    expect(validate('/queryRefundResult', queryRefund({ outRefundNo: 'x'.repeat(40) }), 'strict').issues).toEqual([]);
    const warn = validate('/queryRefundResult', queryRefund({ outRefundNo: 'x'.repeat(41) }));
    expect(warn.ok).toBe(true);
    expect(only(warn.issues)).toEqual([['outRefundNo', 'maxLength', 'warning']]);
    expect(warn.issues[0]?.message).toContain('41');
    const strict = validate('/queryRefundResult', queryRefund({ outRefundNo: 'x'.repeat(41) }), 'strict');
    expect(only(strict.issues)).toEqual([['outRefundNo', 'maxLength', 'error']]);
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    const base = { medOrgOrd: 'M1', orgCode: 'H1', appType: '01', idType: '01', idNo: 'X', pushType: 'HOSPITAL_CHECK' };
    const name100 = '周'.repeat(100);
    const ok = validate('/pushMsg', { ...base, patientName: name100 }, 'strict');
    expect(ok.issues.find((i) => i.field === 'patientName')).toBeUndefined();
    const emoji = validate('/pushMsg', { ...base, patientName: '😀'.repeat(100) }, 'strict');
    expect(emoji.issues.find((i) => i.field === 'patientName')).toBeUndefined();
    const long = validate('/pushMsg', { ...base, patientName: name100 + '鹏' }, 'strict');
    expect(long.issues.find((i) => i.field === 'patientName')?.rule).toBe('maxLength');
  });

  it('extData ("--") has no maximum', () => {
    const r = validate('/pushMsg', { extData: 'x'.repeat(10_000) }, 'strict');
    expect(r.issues.find((i) => i.field === 'extData')).toBeUndefined();
  });
});

describe('enum', () => {
  it.each([
    ['/pushMsg', 'appType', '05', '01'],
    ['/pushMsg', 'orderStatus', 'PAID', 'MERCHANT_CLOSED'],
    ['/pushMsg', 'pushType', 'HOSPITAL_REPORT', 'HOSPITAL_APPOINTMENT'],
    ['/refund', 'refundType', '03', '02'],
    ['/getTradeFile', 'billType', 'DAILY', 'CONSUME'],
  ])('%s %s: %s is an error, %s is not', (iface, field, bad, good) => {
    const badR = validate(iface, { [field]: bad });
    expect(badR.issues.find((i) => i.field === field && i.rule === 'enum')).toMatchObject({ severity: 'error', value: bad });
    expect(badR.ok).toBe(false);
    const goodR = validate(iface, { [field]: good });
    expect(goodR.issues.find((i) => i.field === field && i.rule === 'enum')).toBeUndefined();
  });

  it('enum messages list the values with their Chinese labels', () => {
    const issue = validate('/getTradeFile', tradeFile({ billType: 'all' })).issues[0];
    expect(issue?.message).toBe(
      'billType（账单类型） 的值 "all" 不在取值范围内：ALL 全部对账单、REFUND 退款对账单、CONSUME 消费对账单 / billType value "all" is not one of ALL, REFUND, CONSUME',
    );
  });

  it('response enums: pushMsg response and tradeStatus', () => {
    expect(validate('/pushMsg', { response: 'INVALID_PUSH_TYPE' }, 'strict', 'response').issues).toEqual([]);
    expect(only(validate('/pushMsg', { response: 'OK' }, 'warn', 'response').issues)).toEqual([['response', 'enum', 'error']]);
    const q = { refundTraceId: 'R', ampRefundId: 'A', traceId: 'T' };
    for (const s of ['SUCCESS', 'FAIL', 'INIT', 'REFUND', 'EXP', 'ING']) {
      expect(validate('/queryRefundResult', { ...q, tradeStatus: s }, 'strict', 'response').issues).toEqual([]);
    }
    expect(only(validate('/queryRefundResult', { ...q, tradeStatus: 'DONE' }, 'warn', 'response').issues)).toEqual([
      ['tradeStatus', 'enum', 'error'],
    ]);
  });

  it('digestType other than SHA1 is only a warning by default (defaults to SHA1, line 1077)', () => {
    const resp = { digest: 'a'.repeat(40), digestType: 'SM3' };
    expect(only(validate('/getTradeFile', resp, 'warn', 'response').issues)).toEqual([['digestType', 'enum', 'warning']]);
    expect(only(validate('/getTradeFile', resp, 'strict', 'response').issues)).toEqual([['digestType', 'enum', 'error']]);
  });
});

describe('format', () => {
  it.each(['2022-4-24', '2022/04/24', '2022-02-30', '2022-13-01', '20220424', '2022-04-24 00:00:00'])(
    'billDate %s is rejected',
    (billDate) => {
      const r = validate('/getTradeFile', tradeFile({ billDate }));
      expect(only(r.issues).filter((i) => i[1] === 'format')).toEqual([['billDate', 'format', 'error']]);
    },
  );

  it('billDate 2024-02-29 (leap day) and the spec sample 2022-04-24 pass', () => {
    expect(validate('/getTradeFile', tradeFile({ billDate: '2024-02-29' }), 'strict').issues).toEqual([]);
    expect(validate('/getTradeFile', tradeFile(), 'strict').issues).toEqual([]);
  });

  it.each(['2022-03-30T13:15:46', '2022-03-30 13:15:46.0', '2022-03-30 24:00:00', '2022-03-30 13:60:00', '2022-03-30', '2022-3-30 13:15:46'])(
    'createTime %s is rejected',
    (createTime) => {
      // display text of a notice: a warning by default, an error in strict mode
      const warn = validate('/pushMsg', { createTime }).issues.find((i) => i.field === 'createTime' && i.rule === 'format');
      expect(warn).toMatchObject({ rule: 'format', severity: 'warning' });
      expect(warn?.message).toContain('yyyy-MM-dd HH:mm:ss');
      const strict = validate('/pushMsg', { createTime }, 'strict').issues.find((i) => i.field === 'createTime' && i.rule === 'format');
      expect(strict).toMatchObject({ rule: 'format', severity: 'error' });
    },
  );

  it.each([
    ['12.345', false],
    ['-1.00', false],
    ['1e3', false],
    ['1,000.00', false],
    ['¥12', false],
    ['12.', false],
    ['0', true],
    ['0.01', true],
    ['125.5', true],
    ['1000000.00', true],
  ])('amount %s valid=%s', (amount, valid) => {
    const issue = validate('/pushMsg', { amount }, 'strict').issues.find((i) => i.field === 'amount' && i.rule === 'format');
    expect(issue === undefined).toBe(valid);
    // money that moves: a malformed refundAmount is an error even in the default mode
    const refund = validate('/refund', { refundAmount: amount }).issues.find((i) => i.rule === 'format');
    expect(refund === undefined ? undefined : refund.severity).toBe(valid ? undefined : 'error');
  });

  it('a malformed pushMsg amount is only a warning by default (display text of the notice)', () => {
    const issue = validate('/pushMsg', { amount: '¥12' }).issues.find((i) => i.field === 'amount');
    expect(issue).toMatchObject({ rule: 'format', severity: 'warning' });
  });
});

describe('unknown fields', () => {
  it('are warnings by default and errors in strict mode', () => {
    const warn = validate('/getTradeFile', tradeFile({ billdate: '2022-04-24' }));
    expect(warn.ok).toBe(true);
    expect(only(warn.issues)).toEqual([['billdate', 'unknownField', 'warning']]);
    expect(warn.issues[0]?.message).toBe(
      '字段 billdate 不在 AMP_HOS_004（对账文件获取）的请求参数表中 / Field billdate is not in the AMP_HOS_004 (/getTradeFile) request table',
    );
    const strict = validate('/getTradeFile', tradeFile({ billdate: '2022-04-24' }), 'strict');
    expect(only(strict.issues)).toEqual([['billdate', 'unknownField', 'error']]);
  });

  it('a request field sent in a response is unknown there', () => {
    const r = validate('/pushMsg', { response: 'SUCCESS', pushType: 'HOSPITAL_PAYMENT' }, 'strict', 'response');
    expect(only(r.issues)).toEqual([['pushType', 'unknownField', 'error']]);
  });
});

describe('modes', () => {
  it('off reports nothing, whatever the input', () => {
    expect(validate('/pushMsg', { appType: true, foo: 1 }, 'off')).toEqual({ ok: true, issues: [] });
    expect(validate('/refund', {}, 'off')).toEqual({ ok: true, issues: [] });
  });

  it('strict reports everything at once', () => {
    const r = validate(
      '/getTradeFile',
      { orgCode: 'H'.repeat(41), billDate: '24/04/2022 x', billType: 'X', extra: 1 },
      'strict',
    );
    expect(only(r.issues)).toEqual([
      ['orgCode', 'maxLength', 'error'],
      ['orgSecret', 'required', 'error'],
      ['billDate', 'maxLength', 'error'],
      ['billDate', 'format', 'error'],
      ['billType', 'enum', 'error'],
      ['extra', 'unknownField', 'error'],
    ]);
  });

  it('the interface may be given as an InterfaceSpec or any alias', async () => {
    const { AMP_HOS_003 } = await import('../../src/spec/index.js');
    const a = validate(AMP_HOS_003, {});
    const b = validate('queryRefundResult', {});
    expect(a).toEqual(b);
    expect(a.issues.map((i) => i.field)).toEqual(['orgCode', 'outRefundNo']);
  });

  it('an unknown interface or mode throws SpecError with code 000105', () => {
    expect(() => validate('/nope', {})).toThrow(SpecError);
    try {
      validate('/nope', {});
    } catch (e) {
      expect((e as SpecError).code).toBe('000105');
      expect((e as SpecError).message).toMatch(/未知接口.*\/ Unknown interface/);
    }
    expect(() => validate('/pushMsg', {}, 'loose' as never)).toThrow(/off\/warn\/strict/);
    expect(() => validate('/pushMsg', {}, 'warn', 'both' as never)).toThrow(SpecError);
  });
});

describe('masking and formatIssues', () => {
  it('masks ID numbers, phones, names and secrets in issue values', () => {
    const r = validate(
      '/pushMsg',
      { idNo: '4'.repeat(31), phone: '138001380001234567890', patientName: '周'.repeat(101), hisCustId: 'C'.repeat(41) },
      'strict',
    );
    const value = (f: string) => r.issues.find((i) => i.field === f && i.rule === 'maxLength')?.value;
    expect(value('idNo')).toBe('444' + '*'.repeat(26) + '44');
    expect(value('phone')).toBe('138' + '*'.repeat(14) + '7890');
    expect(value('patientName')).toBe('周' + '*'.repeat(100));
    expect(value('hisCustId')).toBe('CCC' + '*'.repeat(36) + 'CC');
    const secret = validate('/getTradeFile', tradeFile({ orgSecret: 'TopSecretValue-'.repeat(3) }), 'strict');
    expect(secret.issues[0]).toMatchObject({ field: 'orgSecret', rule: 'maxLength', value: '******' });
    expect(formatIssues(secret.issues)).not.toContain('TopSecret');
    expect(JSON.stringify(secret.issues)).not.toContain('TopSecret');
  });

  it('formatIssues lists field, rule, value and message, one line each', () => {
    const r = validate('/refund', { refundType: '02', refundAmount: '10.00', foo: 'bar-value' });
    const text = formatIssues(r.issues);
    const lines = text.split('\n');
    expect(lines).toHaveLength(r.issues.length);
    expect(lines).toContain(
      '[error] refundAmount conditional value="10.00": refundType为02（非01）时不允许传入 refundAmount（退款金额）（refundAmount：refundType为01，仅退自费时才允许传入退款金额（第760行）；传02则只支持全额退款（第764行）） / refundAmount is not allowed when refundType is 02 (not 01)',
    );
    expect(lines).toContain('[error] ampTraceId required value=(absent): 缺少必填字段 ampTraceId（区域医保结算单据跟踪号） / Missing required field ampTraceId');
    expect(lines.find((l) => l.startsWith('[warning] foo unknownField'))).toBe(
      '[warning] foo unknownField value="bar****ue": 字段 foo 不在 AMP_HOS_002（平台退款申请）的请求参数表中 / Field foo is not in the AMP_HOS_002 (/refund) request table',
    );
    expect(formatIssues([])).toBe('');
  });

  it('formatIssues shortens long values', () => {
    const line = formatIssues(validate('/pushMsg', { redirectUrl: 'u'.repeat(600) }).issues.filter((i) => i.field === 'redirectUrl'));
    expect(line).toContain('value="' + 'u'.repeat(58) + '…');
    expect(line.length).toBeLessThan(250);
  });
});
