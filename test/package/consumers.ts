// The consumer programs test/package/package.test.ts writes into a project that installed the
// packed tarball. Each calls the simulator whose origin it gets as argv[2] (the bare origin, as
// the simulator prints it: the package adds /api/amp/hos).

const PUSH = `{
  hisCustType: '01', hisCustId: '532494', phone: '13800000000', appType: '01',
  medOrgOrd: 'PKG' + Date.now(), orderStatus: 'MERCHANT_WAIT_PAY', orgCode: 'H35010200227',
  patientName: '周大鹏', idType: '01', idNo: '350205198708190150', pushType: 'HOSPITAL_PAYMENT', amount: '128.50',
}`;
const CREDS = `{ url: process.argv[2], appId: 'St82fYdfk6ph4YiFpMwa4yw9TYr8wCmM', appSecret: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', orgId: 'H35010200227' }`;

export const CONSUMER_ESM = `import { AmpClient, fetchTradeFile, cstDate } from 'onetrans';
const client = new AmpClient(${CREDS});
const push = await client.pushMsg(${PUSH});
const wrapper = await client.common('/queryRefundResult', { orgCode: 'H35010200227', outRefundNo: 'NONE' });
const file = await fetchTradeFile(client, { orgCode: 'H35010200227', orgSecret: 'AMP-SIM-ORG-SECRET-0001', billDate: cstDate(new Date(Date.now() - 86400000)), billType: 'ALL' });
await client.close();
console.log(JSON.stringify({ push, wrapper: { success: wrapper.success, respCode: wrapper.respCode }, csv: file.csvName }));
`;

export const CONSUMER_CJS = `'use strict';
const onetrans = require('onetrans');
const { AmpClient, AmpError } = onetrans;
(async () => {
  const client = new AmpClient(${CREDS});
  const push = await client.pushMsg(${PUSH});
  const r = await client.common('/queryRefundResult', { orgCode: 'H35010200227', outRefundNo: 'NONE-CJS' });
  await client.close();
  // require() gets the CommonJS build, not the ESM one (two builds, one API).
  const esm = await import('onetrans');
  console.log(JSON.stringify({ push, status: r.respCode, esmAndCjsAreSeparate: esm.AmpClient !== AmpClient && typeof AmpError === 'function' }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

/** Typed calls; each @ts-expect-error line is a mistake tsc must catch (the test also checks it does). */
export const TYPED_MTS = `import { AmpClient, AmpPortalError, fetchTradeFile, type PushMsgRequest, type PushMsgResponse, type RefundResponse, type WrapperResponse } from 'onetrans';

const client = new AmpClient(${CREDS});
const params: PushMsgRequest = ${PUSH};
const pushed: PushMsgResponse = await client.pushMsg(params);
const ok: string = pushed.response;
const refund: Promise<RefundResponse> = client.refund({
  ampTraceId: 'a', traceId: 't', orgTraceNo: 'o', orgCode: 'H35010200227', refundReason: 'r', outRefundNo: 'n', orgRefundSn: 's',
});
refund.catch((e: unknown) => (e instanceof AmpPortalError ? e.code : undefined));
const w: WrapperResponse<{ response: string }> = await client.common<{ response: string }>('/pushMsg', params);
const file = await fetchTradeFile(client, { orgCode: 'H35010200227', orgSecret: 's', billDate: '2026-01-01', billType: 'ALL' });
const csv: string = file.csvText;
// @ts-expect-error orgTraceNo and the other required refund fields are missing
await client.refund({ orgCode: 'H35010200227', outRefundNo: 'n' });
// @ts-expect-error pushType is one of the spec's values
await client.pushMsg({ ...params, pushType: 'SOMETHING_ELSE' });
export { ok, w, csv };
`;

export const TYPED_CTS = `import onetrans = require('onetrans');
const client = new onetrans.AmpClient(${CREDS});
async function main(): Promise<string> {
  const r: onetrans.QueryRefundResultResponse = await client.queryRefundResult({ orgCode: 'H35010200227', outRefundNo: 'n' });
  return String(r.tradeStatus);
}
export = main;
`;
