// Validation of ORG requests and responses: nested lists, Integer, JSONString, failure
// answers, rules that read the request, and the ORG leniency.
import { describe, expect, it } from 'vitest';
import { ORG_INTERFACES, validate, type ValidationIssue } from '../../src/spec/index.js';
import { orgExample } from './org-examples.js';

const errors = (issues: ValidationIssue[]) => issues.filter((i) => i.severity === 'error').map((i) => `${i.field}:${i.rule}`);

const account = () => ({
  ret_code: '00', ret_msg: '成功', mdtrt_cert_no: '35020519870808105X', patient_type: '00', balance: '0.00',
  psn_cert_type: '01', cert_no: '35020519870808105X', psn_name: '周大鹏', account_type: '01', phone: '17311113321',
});

describe('nested lists', () => {
  it('reports a missing field inside a list element with its full path', () => {
    const resp = orgExample('ORG_002', 'response');
    const bill = (resp.unsettlelist as Record<string, unknown>[])[0]!;
    delete (bill.rxlist as Record<string, unknown>[])[1]!.feedetl_sn;
    const result = validate('ORG_002', resp, 'warn', 'response');
    expect(result.ok).toBe(false);
    expect(errors(result.issues)).toEqual(['unsettlelist[0].rxlist[1].feedetl_sn:required']);
  });

  it('checks dictionaries inside lists (code_type of druginfo)', () => {
    const resp = orgExample('ORG_003', 'response');
    (resp.druginfo as Record<string, unknown>[])[1]!.code_type = 'QR';
    expect(errors(validate('ORG_003', resp, 'warn', 'response').issues)).toEqual(['druginfo[1].code_type:enum']);
  });

  it('a list that is not an array, or an element that is not an object, is a type error', () => {
    const resp = { ...account(), his_cust_list: { his_cust_id: 'x' } };
    expect(errors(validate('ORG_001', resp, 'warn', 'response').issues)).toEqual(['his_cust_list:type']);
    const resp2 = { ...account(), his_cust_list: ['x', { his_cust_id: 'y', bogus: 1 }] };
    const r2 = validate('ORG_001', resp2, 'warn', 'response');
    expect(errors(r2.issues)).toEqual(['his_cust_list[0]:type']);
    expect(r2.issues.map((i) => `${i.field}:${i.rule}:${i.severity}`)).toContain('his_cust_list[1].bogus:unknownField:warning');
  });

  it('a required list (ORG_002 rxlist) must be there', () => {
    const resp = orgExample('ORG_002', 'response');
    delete (resp.unsettlelist as Record<string, unknown>[])[0]!.rxlist;
    expect(errors(validate('ORG_002', resp, 'warn', 'response').issues)).toEqual(['unsettlelist[0].rxlist:required']);
  });

  it('masks sensitive values inside lists', () => {
    const resp = orgExample('ORG_002', 'response');
    (resp.unsettlelist as Record<string, unknown>[])[0]!.cert_no = '35020519870808105X35020519870808105X3502051';
    const issue = validate('ORG_002', resp, 'strict', 'response').issues.find((i) => i.field === 'unsettlelist[0].cert_no');
    expect(issue?.rule).toBe('maxLength');
    expect(JSON.stringify(issue)).not.toContain('19870808');
  });
});

describe('Integer and JSONString', () => {
  const tradeFile = { org_code: 'H1', stmt_begndate: '2022-04-01', stmt_enddate: '2022-04-30' };

  it('takes an integer; a numeric string is a warning; anything else an error', () => {
    expect(validate('ORG_008', { ...tradeFile, page_no: 1, page_size: 100 }, 'strict').issues).toEqual([]);
    const asText = validate('ORG_008', { ...tradeFile, page_no: '2' });
    expect(asText.ok).toBe(true);
    expect(asText.issues.map((i) => `${i.field}:${i.rule}:${i.severity}`)).toEqual(['page_no:type:warning']);
    expect(validate('ORG_008', { ...tradeFile, page_no: '2' }, 'strict').ok).toBe(false);
    expect(errors(validate('ORG_008', { ...tradeFile, page_no: 1.5, page_size: 'ten' }).issues)).toEqual(['page_no:type', 'page_size:type']);
    expect(validate('ORG_008', { ...tradeFile, page_no: 1234567 }).issues.map((i) => i.rule)).toEqual(['maxLength']);
  });

  it('dates of ORG_008 are checked as yyyy-MM-dd', () => {
    expect(errors(validate('ORG_008', { ...tradeFile, stmt_enddate: '2022/04/30' }).issues)).toEqual(['stmt_enddate:format']);
  });

  it('hs_ext_data must hold JSON text: parseable is fine, unparseable a warning, an object a warning', () => {
    const req = orgExample('ORG_007', 'request');
    req.hs_ext_data = JSON.stringify({ setlId: '1' });
    expect(validate('ORG_007', req, 'strict').issues.map((i) => i.field)).not.toContain('hs_ext_data');
    req.hs_ext_data = { setlId: '1' };
    const obj = validate('ORG_007', req, 'warn').issues.find((i) => i.field === 'hs_ext_data');
    expect([obj?.rule, obj?.severity]).toEqual(['type', 'warning']);
    req.hs_ext_data = 42;
    expect(validate('ORG_007', req, 'warn').issues.find((i) => i.field === 'hs_ext_data')?.severity).toBe('error');
  });
});

describe('failure answers', () => {
  it('an answer with ret_code other than 00 needs only ret_code and ret_msg', () => {
    for (const spec of Object.values(ORG_INTERFACES)) {
      expect(validate(spec, { ret_code: '02', ret_msg: '校验失败' }, 'strict', 'response').issues, spec.id).toEqual([]);
      expect(errors(validate(spec, { ret_code: '01' }, 'strict', 'response').issues), spec.id).toEqual(['ret_msg:required']);
    }
  });

  it('a success answer needs the whole table, and ret_code must be in the dictionary', () => {
    expect(errors(validate('ORG_004', { ret_code: '00', ret_msg: '成功' }, 'warn', 'response').issues)).toEqual(['result:required']);
    const bad = validate('ORG_004', { ret_code: '0', ret_msg: 'ok', result: 'success' }, 'warn', 'response');
    expect(errors(bad.issues)).toEqual(['ret_code:enum', 'result:enum']);
    expect(bad.issues.find((i) => i.field === 'result')?.message).toContain('succ 成功');
  });

  it('an answer without ret_code is judged as a success answer', () => {
    expect(errors(validate('ORG_009', {}, 'warn', 'response').issues)).toEqual(['ret_code:required', 'ret_msg:required']);
  });
});

describe('conditional rules', () => {
  it('ORG_001: a 医保 patient needs psn_no and insu_type', () => {
    const result = validate('ORG_001', { ...account(), patient_type: '01' }, 'warn', 'response');
    expect(result.issues.map((i) => `${i.field}:${i.ruleId}`)).toEqual([
      'psn_no:queryAccount.psnNoForInsured',
      'insu_type:queryAccount.insuTypeForInsured',
    ]);
    expect(result.ok).toBe(false);
    expect(validate('ORG_001', account(), 'strict', 'response').issues).toEqual([]);
  });

  it('ORG_001: an inpatient query (account_type 02) needs ipt_no, known only with the request', () => {
    const request = { account_type: '02' };
    expect(validate('ORG_001', account(), 'warn', 'response').ok).toBe(true);
    expect(errors(validate('ORG_001', account(), 'warn', 'response', { request }).issues)).toEqual(['ipt_no:conditional']);
    expect(validate('ORG_001', { ...account(), ipt_no: 'ZY001' }, 'warn', 'response', { request }).ok).toBe(true);
  });

  it('ORG_002: inpatient bills need ipt_no and the 住院业务必填 fields, per bill', () => {
    const resp = orgExample('ORG_002', 'response');
    const bill = (resp.unsettlelist as Record<string, unknown>[])[0]!;
    bill.ipt_no = '';
    resp.unsettlelist = [bill, { ...bill, adm_bed: 'B12', adm_diag_dscr: '肺炎', ipt_no: 'ZY9', main_cond_dscr: '' }];
    const result = validate('ORG_002', resp, 'warn', 'response', { request: { account_type: '02' } });
    expect(errors(result.issues)).toEqual([
      'unsettlelist[0].ipt_no:conditional',
      'unsettlelist[0].adm_diag_dscr:conditional',
      'unsettlelist[0].adm_bed:conditional',
    ]);
    expect(validate('ORG_002', resp, 'warn', 'response', { request: { account_type: '01' } }).ok).toBe(true);
  });

  it('ORG_002: a 医保 bill without psn_no fails; a bill without patient_type falls back and passes', () => {
    const resp = orgExample('ORG_002', 'response');
    const bill = (resp.unsettlelist as Record<string, unknown>[])[0]!;
    delete bill.psn_no;
    expect(errors(validate('ORG_002', resp, 'warn', 'response').issues)).toEqual(['unsettlelist[0].psn_no:conditional']);
    bill.patient_type = '';
    expect(validate('ORG_002', resp, 'warn', 'response').ok).toBe(true);
  });

  it('ORG_003: a 医保 settlement without setl_id is a warning in warn mode, an error in strict', () => {
    const req: Record<string, unknown> = { ...orgExample('ORG_003', 'request'), used_patient_type: '01', feesum_amt: '0.01', channel_type: 'WX' };
    delete req.setl_id;
    const warn = validate('ORG_003', req, 'warn');
    expect(warn.ok).toBe(true);
    // The example itself has no psn_no (lines 3766-3849).
    expect(warn.issues.map((i) => `${i.ruleId}:${i.severity}`)).toEqual(['rechargeSettle.setlIdForInsured:warning', 'rechargeSettle.psnNoForInsured:warning']);
    expect(validate('ORG_003', req, 'strict').ok).toBe(false);
  });

  it('ORG_003: money that moves must be yuan with at most two decimals', () => {
    const req: Record<string, unknown> = { ...orgExample('ORG_003', 'request'), used_patient_type: '00', feesum_amt: '1,000.00', deposit_amount: '0.001' };
    delete req.setl_id;
    expect(errors(validate('ORG_003', req, 'warn').issues)).toEqual(['feesum_amt:format', 'deposit_amount:format']);
  });

  it('a wrong dictionary value of the portal’s request is an error: deposit_type, account_type', () => {
    const req = { ...orgExample('ORG_003', 'request'), deposit_type: 'WECHAT', account_type: '9' };
    expect(errors(validate('ORG_003', req, 'warn').issues)).toEqual(['account_type:enum', 'deposit_type:enum']);
  });
});
