// ORG_001..009 tables: complete, in the spec's order, and matching the rows read off the text.
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_TYPE,
  CHANNEL_TYPE,
  CODE_TYPE,
  DEPOSIT_TYPE,
  FEE_TYPE,
  MDTRT_CERT_TYPE,
  ORG_DICTIONARIES,
  ORG_INTERFACE_LIST,
  ORG_INTERFACES,
  ORG_SPEC_DECISIONS,
  ORG_WARN_MODE_EXCEPTIONS,
  PATIENT_TYPE,
  RET_CODE,
  SETTLE_CHANNEL,
  SETTLE_RESULT,
  findInterface,
  findOrgInterface,
  type FieldSpec,
} from '../../src/spec/index.js';
import { ORG_SPEC_ROWS, type OrgRow } from './org-spec-rows.js';

function flatten(fields: readonly FieldSpec[], prefix = ''): FieldSpec[] {
  return fields.flatMap((f) => [{ ...f, name: prefix + f.name }, ...flatten(f.items ?? [], `${prefix}${f.name}.`)]);
}
const asRow = (f: FieldSpec) => [f.name, f.maxLength, f.required ? 'Y' : 'N'];

describe('ORG interface list', () => {
  it('holds ORG_001..009 with the spec names and suffixes; ORG_009 has its own path', () => {
    expect(ORG_INTERFACE_LIST.map((i) => [i.id, i.name, i.suffix, i.optional])).toEqual([
      ['ORG_001', '查询账户信息', '/queryAccount', false],
      ['ORG_002', '查询费用列表', '/queryUnsettleList', false],
      ['ORG_003', '机构结算确认', '/rechargeSettle', false],
      ['ORG_004', '查询结算结果', '/querySettleResult', false],
      ['ORG_005', '线上结算撤销', '/cancelRechargeSettle', true],
      ['ORG_006', '查询机构提醒', '/queryOrgTips', true],
      ['ORG_007', '机构预下订单', '/orgPreorder', true],
      ['ORG_008', '医保对账获取', '/orgHsTradeFile', true],
      ['ORG_009', '医保异账撤销', '/orgHsTradeRevoke', true],
    ]);
    expect(new Set(ORG_INTERFACE_LIST.map((i) => i.suffix)).size).toBe(9);
  });

  it('finds an interface by id or suffix, and leaves AMP_HOS lookup alone', () => {
    expect(findOrgInterface('org_003')).toBe(ORG_INTERFACES.ORG_003);
    expect(findOrgInterface('/rechargeSettle')).toBe(ORG_INTERFACES.ORG_003);
    expect(findOrgInterface('rechargeSettle')).toBe(ORG_INTERFACES.ORG_003);
    expect(findOrgInterface('/RechargeSettle')).toBeUndefined();
    expect(findOrgInterface('/pushMsg')).toBeUndefined();
    expect(findInterface('/queryAccount')).toBeUndefined();
  });
});

describe('ORG tables against the spec text', () => {
  it.each(ORG_INTERFACE_LIST.map((i) => [i.id] as const))('%s: every row, nested lists included, in order', (id) => {
    const spec = ORG_INTERFACES[id as keyof typeof ORG_INTERFACES];
    const rows = ORG_SPEC_ROWS[id]!;
    const strip = (r: readonly OrgRow[]) => r.map(([name, max, req]) => [name, max, req]);
    expect(flatten(spec.request).map(asRow)).toEqual(strip(rows.request));
    // ORG_008's response gains ret_code/ret_msg as optional rows (decision org008.retCode).
    const response = flatten(spec.response).map(asRow);
    if (id === 'ORG_008') {
      expect(response.slice(0, 2)).toEqual([['ret_code', 40, 'N'], ['ret_msg', 100, 'N']]);
      expect(response.slice(2)).toEqual(strip(rows.response));
    } else {
      expect(response).toEqual(strip(rows.response));
    }
  });

  it('types: Integer for the paging fields, JSONString for hs_ext_data, lists with nested tables', () => {
    const all = ORG_INTERFACE_LIST.flatMap((i) => [...flatten(i.request), ...flatten(i.response)].map((f) => [i.id, f] as const));
    const byType = (t: string) => all.filter(([, f]) => f.type === t).map(([id, f]) => `${id}:${f.name}`);
    expect(byType('Integer')).toEqual(['ORG_008:page_no', 'ORG_008:page_size', 'ORG_008:current', 'ORG_008:pages']);
    expect(byType('JSONString')).toEqual(['ORG_007:hs_ext_data']);
    expect(byType('List<JSONObject>')).toEqual([
      'ORG_001:his_cust_list',
      'ORG_002:unsettlelist', 'ORG_002:unsettlelist.diaglist', 'ORG_002:unsettlelist.rxlist',
      'ORG_003:setldetail',
      'ORG_003:druginfo', 'ORG_003:common_tip_list', 'ORG_003:common_tip_list.tip_items',
      'ORG_004:common_tip_list', 'ORG_004:common_tip_list.tip_items', 'ORG_004:druginfo',
      'ORG_006:common_tip_list', 'ORG_006:common_tip_list.tip_items', 'ORG_006:druginfo',
      'ORG_008:billdetail',
    ]);
    for (const [, f] of all) {
      if (f.type === 'List<JSONObject>') expect(f.items?.length, f.name).toBeGreaterThan(0);
      else expect(f.items).toBeUndefined();
    }
  });

  it('every row has a Chinese name and no leftover of the Word conversion', () => {
    for (const i of ORG_INTERFACE_LIST) {
      for (const f of [...flatten(i.request), ...flatten(i.response)]) {
        expect(f.zh.length, `${i.id} ${f.name}`).toBeGreaterThan(0);
        expect(`${f.zh}${f.note}`).not.toMatch(/bookmark|\t|\n/);
      }
    }
  });
});

describe('ORG dictionaries', () => {
  it('has every dictionary of the appendix, with the spec’s values', () => {
    const values = (d: readonly { value: string }[]) => d.map((e) => e.value);
    expect(values(RET_CODE)).toEqual(['00', '01', '02', '99']);
    expect(values(DEPOSIT_TYPE)).toEqual(['ALI', 'WX', 'BANK', 'UP']);
    expect(values(CHANNEL_TYPE).sort()).toEqual(['ALI', 'BANK', 'LOC_APP', 'NAT_APP', 'ORG_APP', 'UP', 'WX']);
    expect(values(SETTLE_RESULT).sort()).toEqual(['closed', 'exp', 'fail', 'succ']);
    expect(values(ACCOUNT_TYPE)).toEqual(['01', '02', '03', '04']);
    expect(values(CODE_TYPE)).toEqual(['qr', 'bar']);
    expect(values(MDTRT_CERT_TYPE)).toEqual(['01', '02', '03', '04', '05', '06', '10']);
    expect(values(PATIENT_TYPE)).toEqual(['00', '01']);
    expect(values(FEE_TYPE)).toEqual(['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10']);
    expect(values(SETTLE_CHANNEL)).toEqual(['01', '02', '03', '04', '05']);
    expect(Object.keys(ORG_DICTIONARIES)).toEqual(expect.arrayContaining([
      'ret_code', 'deposit_type', 'channel_type', 'result', 'account_type', 'code_type', 'mdtrt_cert_type', 'patient_type',
      'fee_type', 'settle_channel',
    ]));
  });

  it('a field named after a dictionary uses it, everywhere', () => {
    const dict: Record<string, readonly unknown[]> = { ...ORG_DICTIONARIES, used_patient_type: PATIENT_TYPE };
    for (const i of ORG_INTERFACE_LIST) {
      for (const f of [...flatten(i.request), ...flatten(i.response)]) {
        const name = f.name.slice(f.name.lastIndexOf('.') + 1);
        if (dict[name]) expect(f.enum, `${i.id} ${f.name}`).toBe(dict[name]);
        else expect(f.enum, `${i.id} ${f.name}`).toBeUndefined();
      }
    }
  });

  it('masks ID numbers, phones and names wherever they appear', () => {
    for (const i of ORG_INTERFACE_LIST) {
      for (const f of [...flatten(i.request), ...flatten(i.response)]) {
        const name = f.name.slice(f.name.lastIndexOf('.') + 1);
        if (['cert_no', 'mdtrt_cert_no', 'psn_no', 'his_cust_id'].includes(name)) expect(f.sensitive, `${i.id} ${f.name}`).toBe('id');
        if (name === 'psn_name') expect(f.sensitive).toBe('name');
        if (name === 'phone') expect(f.sensitive).toBe('phone');
      }
    }
  });
});

describe('ORG leniency table', () => {
  it('names only fields and rules that exist', () => {
    for (const e of ORG_WARN_MODE_EXCEPTIONS) {
      const spec = ORG_INTERFACES[e.interfaceId];
      const table = flatten(e.direction === 'request' ? spec.request : spec.response);
      expect(table.map((f) => f.name), `${e.interfaceId} ${e.field}`).toContain(e.field);
      if ('ruleId' in e) expect(spec.rules.map((r) => r.id)).toContain(e.ruleId);
      if (e.check === 'required') expect(table.find((f) => f.name === e.field)?.required).toBe(true);
      expect(e.why).toMatch(/line/);
    }
  });

  it('records each spec defect decided for the ORG side', () => {
    expect(ORG_SPEC_DECISIONS.map((d) => d.id)).toEqual(expect.arrayContaining(['org009.path', 'org005.examples', 'org008.retCode']));
  });
});
