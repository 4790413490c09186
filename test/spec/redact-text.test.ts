// redactText is the hospital toolkit's and the simulator's way to the core redactor's rule: it
// must leave every text exactly as requestRedactor(...).redact would, while building a Redactor
// only from the values a text holds.
import { describe, expect, it } from 'vitest';
import { JsonNumber } from '../../src/core/json-text.js';
import { redactText, requestRedactor } from '../../src/spec/index.js';

const business = {
  patientName: ' 欧阳娜娜 ',
  idNo: '460400199003151234',
  phone: 13800138000,
  hisCustId: new JsonNumber('20231187'),
  drName: '李"四',
  outRefundNo: '202612061234567890',
  refundReason: '患者欧阳娜娜取消',
  appSecret: 'LeakedKeyInData',
  list: [{ psn_name: '周大鹏', cert_no: '35020519870808105X' }],
  appType: '01',
};
const secrets = ['St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', undefined];

describe('redactText', () => {
  it.each([
    '',
    '成功',
    'appType 欧阳娜娜 is not one of 01, 02',
    'card 20231187, phone 13800138000, id 460400199003151234',
    'JSON {"drName":"李\\"四"} and plain 李"四',
    'refund 202612061234567890 of 周大鹏 (35020519870808105X)',
    'key St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM and LeakedKeyInData',
    '患者欧阳娜娜取消 / 欧阳',
  ])('%j comes out as the request redactor leaves it', (text) => {
    expect(redactText(text, business, secrets)).toBe(requestRedactor(business, secrets).redact(text));
  });

  it('masks what no pattern finds: a name, an 8-digit card number sent as a number, a key', () => {
    const out = redactText('欧阳娜娜 20231187 LeakedKeyInData', business, secrets);
    expect(out).toBe('欧*** 202***87 ******');
  });
});
