/**
 * The four AMP_HOS calls as a HIS passes them to MobileTrans (the spec's DLL request format),
 * against a portal simulator: shared by the gateway tests (TypeScript and through the DLL).
 */
import { readFileSync } from 'node:fs';
import { cstDate, cstTimestamp } from '../../src/core/index.js';
import type { PortalHandle } from '../../src/portal/index.js';
import { DEMO_ORG_SECRET } from '../../src/portal/config.js';

let seq = 0;
const unique = (prefix: string) => `${prefix}${Date.now()}${process.pid}${++seq}`;

function base(portal: PortalHandle, suffix: string, data: Record<string, unknown>): Record<string, unknown> {
  const req = JSON.parse(readFileSync(new URL('../fixtures/spec-dll-request.json', import.meta.url), 'utf8'));
  const keep = ['appId', 'appKey', 'encryptType', 'signType', 'version'];
  const d: Record<string, unknown> = { serverAddr: `${portal.url}/api/amp/hos${suffix}`, timestamp: cstTimestamp() };
  for (const k of keep) d[k] = req.data[k];
  return { data: { ...d, ...data }, orgId: req.orgId };
}

export function pushMsg(portal: PortalHandle, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const req = JSON.parse(readFileSync(new URL('../fixtures/spec-dll-request.json', import.meta.url), 'utf8'));
  Object.assign(req.data, { serverAddr: `${portal.url}/api/amp/hos/pushMsg`, timestamp: cstTimestamp(), medOrgOrd: unique('ZL'), ...overrides });
  return req;
}

/** A refund of 0.01 yuan of the first seeded trade with cash left, under a fresh outRefundNo. */
export function refund(portal: PortalHandle, outRefundNo = unique('RF')): Record<string, unknown> {
  const t = portal.ledger.listTrades().find((x) => x.orgCode === 'H46040100001' && Number(x.psnCashPay) > 1);
  if (!t) throw new Error('no seeded trade to refund');
  return base(portal, '/refund', {
    ampTraceId: t.ampTraceId,
    traceId: t.traceId,
    orgTraceNo: t.orgTraceNo,
    orgCode: t.orgCode,
    refundReason: '退费',
    refundAmount: '0.01',
    refundType: '01',
    outRefundNo,
    orgRefundSn: unique('HR'),
  });
}

export function queryRefundResult(portal: PortalHandle, outRefundNo: string): Record<string, unknown> {
  return base(portal, '/queryRefundResult', { orgCode: 'H46040100001', outRefundNo });
}

export function getTradeFile(portal: PortalHandle): Record<string, unknown> {
  const yesterday = cstDate(new Date(Date.now() - 86_400_000));
  return base(portal, '/getTradeFile', { orgCode: 'H46040100001', orgSecret: DEMO_ORG_SECRET, billDate: yesterday, billType: 'ALL' });
}

/** What must be equal between two answers to the same kind of call (ids and URLs are fresh each time). */
export function answerShape(out: Record<string, any>): unknown {
  const data = out.data && typeof out.data === 'object' ? Object.keys(out.data).sort() : out.data;
  return { code: out.code, message: out.message, data, orgId: out.orgId, tradeStatus: out.data?.tradeStatus };
}

/** The same request signed a few seconds earlier: the portal refuses a signature it has seen,
 * so the same call made twice in one second (gateway, then local) needs another timestamp. */
export function secondsEarlier<T extends Record<string, unknown>>(req: T, seconds = 1): T {
  const copy = JSON.parse(JSON.stringify(req));
  copy.data.timestamp = cstTimestamp(new Date(Date.now() - seconds * 1000));
  return copy;
}
