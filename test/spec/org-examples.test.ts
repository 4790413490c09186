// The spec's ORG examples pass in warn mode, defects included, and strict mode lists every
// deviation at once. Each deviation is one the leniency table or a decision names.
import { describe, expect, it } from 'vitest';
import { formatIssues, validate, type ValidationIssue } from '../../src/spec/index.js';
import { ORG_EXAMPLE_IDS, orgExample } from './org-examples.js';

const summary = (issues: ValidationIssue[]) => [...new Set(issues.map((i) => `${i.field.replace(/\[\d+\]/g, '[]')}:${i.rule}`))].sort();

// Every deviation of each example in strict mode (indices folded).
const STRICT: Record<string, { request: string[]; response: string[] }> = {
  ORG_001: { request: [], response: ['psn_cert_type:required'] },
  ORG_002: {
    request: [],
    response: [
      'tip_msg:required',
      'unsettlelist[].atddr_no:maxLength',
      'unsettlelist[].caty:required',
      'unsettlelist[].chfpdr_no:required',
      'unsettlelist[].chrg_bchno:maxLength',
      'unsettlelist[].diaglist[].diag_dept:keySpelling',
      'unsettlelist[].ipt_otp_no:maxLength',
      'unsettlelist[].rxlist[].chrg_bchno:maxLength',
      'unsettlelist[].rxlist[].cnt:required',
      'unsettlelist[].rxlist[].drug_medc_way_code:keySpelling',
      'unsettlelist[].rxlist[].item_emp:required',
      'unsettlelist[].rxlist[].pric:required',
    ],
  },
  ORG_003: { request: ['channel_type:enum', 'feesum_amt:required', 'used_patient_type:required'], response: ['druginfo[].drug_seq_no:maxLength'] },
  ORG_004: { request: [], response: ['druginfo[].drug_seq_no:maxLength'] },
  // ORG_005's examples are ORG_006's (decision org005.examples).
  ORG_005: {
    request: ['his_cust_id:unknownField', 'his_cust_type:unknownField'],
    response: [
      'common_tip_list:unknownField', 'drug_qr_no:unknownField', 'drug_tip:unknownField', 'druginfo:unknownField',
      'next_step_tips:unknownField', 'result:required',
    ],
  },
  ORG_006: { request: [], response: ['druginfo[].drug_seq_no:maxLength', 'next_step_tips:required'] },
  ORG_007: { request: ['cert_no:unknownField', 'channel_type:enum', 'hs_ext_data:format', 'used_patient_type:required'], response: [] },
};

describe.each(ORG_EXAMPLE_IDS.map((id) => [id] as const))('%s examples', (id) => {
  for (const kind of ['request', 'response'] as const) {
    const request = kind === 'response' ? orgExample(id, 'request') : undefined;

    if (id === 'ORG_005' && kind === 'response') {
      it('response: the copied ORG_006 example fails ORG_005 (no result) and passes ORG_006', () => {
        const own = validate(id, orgExample(id, kind), 'warn', kind, { request });
        expect(own.ok).toBe(false);
        expect(own.issues.filter((i) => i.severity === 'error').map((i) => i.field)).toEqual(['result']);
        expect(validate('ORG_006', orgExample(id, kind), 'warn', kind).ok).toBe(true);
      });
    } else {
      it(`${kind}: passes in warn mode with every deviation a warning`, () => {
        const result = validate(id, orgExample(id, kind), 'warn', kind, { request });
        expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(result.ok).toBe(true);
        expect(summary(result.issues)).toEqual(STRICT[id]![kind]);
      });
    }

    it(`${kind}: strict lists every deviation as an error`, () => {
      const result = validate(id, orgExample(id, kind), 'strict', kind, { request });
      expect(summary(result.issues)).toEqual(STRICT[id]![kind]);
      expect(result.ok).toBe(STRICT[id]![kind].length === 0);
      expect(result.issues.every((i) => i.severity === 'error')).toBe(true);
    });
  }
});

describe('defects of the examples', () => {
  it('takes "diag_dept " as diag_dept: its value counts, nothing reports diag_dept missing', () => {
    const result = validate('ORG_002', orgExample('ORG_002', 'response'), 'strict', 'response');
    const diag = result.issues.filter((i) => i.field.includes('diaglist'));
    expect(diag.map((i) => [i.field, i.rule])).toEqual([['unsettlelist[0].diaglist[0].diag_dept', 'keySpelling']]);
    expect(diag[0]!.value).toBe('XXXXXX');
    expect(diag[0]!.message).toContain('"diag_dept "');
  });

  it('ORG_002 example rows carry patient_type 01 with psn_no/insu_type/insu_code: no conditional issue', () => {
    const result = validate('ORG_002', orgExample('ORG_002', 'response'), 'strict', 'response', { request: orgExample('ORG_002', 'request') });
    expect(result.issues.filter((i) => i.rule === 'conditional')).toEqual([]);
  });

  it('masks the example patient’s ID number and name in every issue', () => {
    const resp = orgExample('ORG_001', 'response');
    resp.psn_name = 'x'.repeat(101);
    resp.cert_no = '35020519870808105X'.repeat(3);
    const text = formatIssues(validate('ORG_001', resp, 'strict', 'response').issues);
    expect(text).toContain('cert_no');
    expect(text).not.toContain('35020519870808105X');
    expect(text).not.toContain('xxxxxxxx');
  });
});
