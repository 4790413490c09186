// Table integrity: every row of every table is complete and matches the spec text.
import { describe, expect, it } from 'vitest';
import {
  AMP_INTERFACE_LIST,
  AMP_INTERFACES,
  WARN_MODE_EXCEPTIONS,
  type FieldSpec,
  type InterfaceSpec,
} from '../../src/spec/index.js';
import { SPEC_ROWS } from './spec-examples.js';

const tables = (i: InterfaceSpec) => [
  ['request', i.request],
  ['response', i.response],
] as const;

describe('interface tables', () => {
  it('holds the four AMP_HOS interfaces keyed by suffix', () => {
    expect(Object.keys(AMP_INTERFACES)).toEqual(['/pushMsg', '/refund', '/queryRefundResult', '/getTradeFile']);
    expect(AMP_INTERFACE_LIST.map((i) => [i.id, i.name, i.path])).toEqual([
      ['AMP_HOS_001', '医疗消息推送', '/api/amp/hos/pushMsg'],
      ['AMP_HOS_002', '平台退款申请', '/api/amp/hos/refund'],
      ['AMP_HOS_003', '查询退款结果', '/api/amp/hos/queryRefundResult'],
      ['AMP_HOS_004', '对账文件获取', '/api/amp/hos/getTradeFile'],
    ]);
    for (const [suffix, spec] of Object.entries(AMP_INTERFACES)) {
      expect(spec.suffix).toBe(suffix);
      expect(spec.path).toBe('/api/amp/hos' + suffix);
    }
    expect(AMP_INTERFACE_LIST.map((i) => i.optional)).toEqual([false, false, false, true]);
  });

  // Counts read off the spec: pushMsg 29 request rows (lines 448-667) and 1 response row;
  // refund 10 + 8; queryRefundResult 5 + 8; getTradeFile 5 + 4.
  it.each([
    ['/pushMsg', 29, 1, 11, 1],
    ['/refund', 10, 8, 7, 3],
    ['/queryRefundResult', 5, 8, 2, 4],
    ['/getTradeFile', 5, 4, 4, 2],
  ] as const)('%s has %i request and %i response fields (%i and %i required)', (suffix, req, resp, reqY, respY) => {
    const spec = AMP_INTERFACES[suffix];
    expect(spec.request).toHaveLength(req);
    expect(spec.response).toHaveLength(resp);
    expect(spec.request.filter((f) => f.required)).toHaveLength(reqY);
    expect(spec.response.filter((f) => f.required)).toHaveLength(respY);
  });

  it('every row matches the spec text: name, order, 最大长度 and 必填', () => {
    for (const spec of AMP_INTERFACE_LIST) {
      const rows = SPEC_ROWS[spec.suffix]!;
      for (const [dir, table] of tables(spec)) {
        expect(table.map((f) => [f.name, f.maxLength, f.required ? 'Y' : 'N'])).toEqual(
          rows[dir].map(([name, max, req]) => [name, max, req]),
        );
      }
    }
  });

  it('every field has name, zh, type String, required and a sane maxLength; names are unique', () => {
    let count = 0;
    for (const spec of AMP_INTERFACE_LIST) {
      for (const [, table] of tables(spec)) {
        const names = new Set<string>();
        for (const f of table as readonly FieldSpec[]) {
          count++;
          expect(f.name).toMatch(/^[a-z][A-Za-z]*$/);
          expect(f.zh.trim()).not.toBe('');
          expect(f.zh).toMatch(/[\u4e00-\u9fff]/);
          expect(f.type).toBe('String');
          expect(typeof f.required).toBe('boolean');
          expect(typeof f.note).toBe('string');
          if (f.maxLength !== null) expect(Number.isInteger(f.maxLength) && f.maxLength > 0).toBe(true);
          expect(names.has(f.name)).toBe(false);
          names.add(f.name);
          if (f.enum) {
            expect(f.enum.length).toBeGreaterThan(0);
            expect(new Set(f.enum.map((e) => e.value)).size).toBe(f.enum.length);
            for (const e of f.enum) expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
          }
        }
      }
    }
    expect(count).toBe(29 + 1 + 10 + 8 + 5 + 8 + 5 + 4);
  });

  it('the dictionaries carry the spec values with their Chinese labels', () => {
    const enumOf = (suffix: keyof typeof AMP_INTERFACES, dir: 'request' | 'response', name: string) =>
      AMP_INTERFACES[suffix][dir].find((f) => f.name === name)?.enum?.map((e) => `${e.value} ${e.zh}`);
    expect(enumOf('/pushMsg', 'request', 'appType')).toEqual(['01 门诊', '02 住院', '03 挂号', '04 线上']);
    expect(enumOf('/pushMsg', 'request', 'orderStatus')).toEqual([
      'MERCHANT_WAIT_PAY 待支付',
      'MERCHANT_PAID 已支付',
      'MERCHANT_PART_REFUNDED 已部分退款',
      'MERCHANT_REFUNDED 已全额退款',
      'MERCHANT_CLOSED 已取消',
    ]);
    expect(enumOf('/pushMsg', 'request', 'pushType')).toEqual([
      'HOSPITAL_APPOINTMENT 挂号单',
      'HOSPITAL_CHECK 检查单',
      'HOSPITAL_MEDICINE 医药单',
      'HOSPITAL_PAYMENT 支付单',
    ]);
    expect(enumOf('/pushMsg', 'response', 'response')).toEqual(['SUCCESS 成功', 'ERROR 失败', 'INVALID_PUSH_TYPE 无效的推送']);
    expect(enumOf('/refund', 'request', 'refundType')).toEqual(['01 退“线上自费”', '02 退“医保和线上自费”']);
    const trade = ['SUCCESS 成功', 'FAIL 失败', 'INIT 初始化', 'REFUND 全额退款', 'EXP 系统异常，待核验', 'ING 处理中'];
    expect(enumOf('/refund', 'response', 'tradeStatus')).toEqual(trade);
    expect(enumOf('/queryRefundResult', 'response', 'tradeStatus')).toEqual(trade);
    expect(enumOf('/getTradeFile', 'request', 'billType')).toEqual(['ALL 全部对账单', 'REFUND 退款对账单', 'CONSUME 消费对账单']);
  });

  it('formats are set exactly where the spec states one', () => {
    const formats = AMP_INTERFACE_LIST.flatMap((spec) =>
      tables(spec).flatMap(([dir, t]) =>
        (t as readonly FieldSpec[]).filter((f) => f.format).map((f) => `${spec.id}.${dir}.${f.name}=${f.format}`),
      ),
    );
    expect(formats).toEqual([
      'AMP_HOS_001.request.scheduledTime=datetime',
      'AMP_HOS_001.request.amount=amount',
      'AMP_HOS_001.request.createTime=datetime',
      'AMP_HOS_001.request.updateTime=datetime',
      'AMP_HOS_002.request.refundAmount=amount',
      'AMP_HOS_004.request.billDate=date',
    ]);
  });

  it('sensitive fields are marked: ID numbers, phone, name, orgSecret', () => {
    const marked = AMP_INTERFACE_LIST.flatMap((spec) =>
      spec.request.filter((f) => f.sensitive).map((f) => `${f.name}:${f.sensitive}`),
    );
    expect(marked).toEqual(['hisCustId:id', 'phone:phone', 'patientName:name', 'idNo:id', 'orgSecret:secret']);
  });

  it('every conditional rule names fields of its own table, with a unique id', () => {
    const ids = new Set<string>();
    for (const spec of AMP_INTERFACE_LIST) {
      for (const rule of spec.rules) {
        const names = spec[rule.direction].map((f) => f.name);
        expect(names).toContain(rule.when.field);
        expect(names).toContain(rule.then.field);
        expect(rule.note).toMatch(/第\d+行/);
        expect(ids.has(rule.id)).toBe(false);
        ids.add(rule.id);
      }
    }
    expect([...ids].sort()).toEqual(['pushMsg.amountForPayment', 'pushMsg.orderStatusForPayment', 'refund.amountOnlyForSelfPay']);
  });

  it('every leniency exception points at an existing field (and rule) and cites spec lines', () => {
    for (const e of WARN_MODE_EXCEPTIONS) {
      const spec = AMP_INTERFACE_LIST.find((i) => i.id === e.interfaceId);
      expect(spec, e.interfaceId).toBeDefined();
      expect(spec![e.direction].map((f) => f.name)).toContain(e.field);
      if ('ruleId' in e) expect(spec!.rules.map((r) => r.id)).toContain(e.ruleId);
      if (e.check === 'required') expect(spec![e.direction].find((f) => f.name === e.field)?.required).toBe(true);
      expect(e.why).toMatch(/lines? \d+/);
    }
  });
});
