/**
 * The business side of AMP_HOS_001..004, once the envelope has been opened and the parameters
 * have passed the spec's validation. A handler returns either the response parameters (sealed
 * by the server with 000000) or a protocol failure.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cstDate, cstTimestamp } from '../core/index.js';
import { DEMO_ORG_SECRET, type PortalApp } from './config.js';
import { yuanToFen } from '../core/money.js';
import { SECRET_FIELDS } from '../core/mask.js';
import { PUSH_TYPE } from '../spec/dictionaries.js';
import { tradeFileName, type BillType } from '../spec/trade-file.js';
import type { Ledger } from './ledger.js';
import type { LedgerRefundRequest, RefundQuery } from './records.js';
import { tradeFileZip } from './trade-file.js';
import { answerToWire } from './wire.js';

export type HandlerResult =
  | { ok: true; data: Record<string, unknown>; note?: string }
  | { ok: false; code: string; zh: string; en: string };

export interface StoredMessage {
  receivedAt: string;
  appId: string;
  orgId?: string;
  response: string;
  /** The business parameters as sent (pushMsg carries no secrets). */
  params: Record<string, unknown>;
}

export interface Download {
  zip: Buffer;
  zipName: string;
  csvName: string;
  expiresAt: number;
}

export interface HandlerContext {
  app: PortalApp;
  orgId?: string;
  ledger: Ledger;
  clock: () => Date;
  messages: StoredMessage[];
  downloads: Map<string, Download>;
  downloadTtlMs: number;
  /** http://host:port, no trailing slash. */
  baseUrl: string;
}

/** The pushType values the portal knows (the spec's dictionary, PUSH_TYPE); anything else is INVALID_PUSH_TYPE. */
export const PUSH_TYPES: readonly string[] = PUSH_TYPE.map((t) => t.value);

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const opt = (v: unknown): string | undefined => (str(v) === '' ? undefined : str(v));

/** Keys that are secrets wherever they appear (src/core/mask.ts); never kept, even if a caller leaks one into data. */
const SECRET_KEYS: ReadonlySet<string> = new Set(SECRET_FIELDS);

/** Pushed messages kept for GET /__sim/messages; the oldest go first, so a long run stays bounded. */
export const MAX_STORED_MESSAGES = 10_000;

export function pushMsg(params: Record<string, unknown>, ctx: HandlerContext): HandlerResult {
  const response = PUSH_TYPES.includes(str(params.pushType)) ? 'SUCCESS' : 'INVALID_PUSH_TYPE';
  const kept = Object.fromEntries(Object.entries(params).filter(([k]) => !SECRET_KEYS.has(k)));
  ctx.messages.push({
    receivedAt: cstTimestamp(ctx.clock()),
    appId: ctx.app.appId,
    ...(ctx.orgId ? { orgId: ctx.orgId } : {}),
    response,
    params: kept,
  });
  if (ctx.messages.length > MAX_STORED_MESSAGES) ctx.messages.splice(0, ctx.messages.length - MAX_STORED_MESSAGES);
  return { ok: true, data: { response }, note: response };
}

export function refund(params: Record<string, unknown>, ctx: HandlerContext): HandlerResult {
  const amount = opt(params.refundAmount);
  // The spec's table checks the format; a zero refund is meaningless on top of that.
  if (amount !== undefined && yuanToFen(amount) === 0) {
    return { ok: false, code: '000105', zh: 'refundAmount（退款金额）须大于0', en: 'refundAmount must be greater than 0' };
  }
  const req: LedgerRefundRequest = {
    ampTraceId: str(params.ampTraceId),
    traceId: str(params.traceId),
    orgTraceNo: str(params.orgTraceNo),
    orgCode: str(params.orgCode),
    subOrgCode: opt(params.subOrgCode),
    refundReason: str(params.refundReason),
    refundAmount: amount,
    refundType: opt(params.refundType),
    outRefundNo: str(params.outRefundNo),
    orgRefundSn: str(params.orgRefundSn),
  };
  const { answer, repeated } = ctx.ledger.refund(req);
  return { ok: true, data: answerToWire(answer), note: `${answer.tradeStatus}${repeated ? ' (repeat outRefundNo)' : ''}` };
}

export function queryRefundResult(params: Record<string, unknown>, ctx: HandlerContext): HandlerResult {
  const q: RefundQuery = {
    orgCode: str(params.orgCode),
    subOrgCode: opt(params.subOrgCode),
    outRefundNo: str(params.outRefundNo),
    ampRefundId: opt(params.ampRefundId),
    refundTraceId: opt(params.refundTraceId),
  };
  const r = ctx.ledger.findRefund(q);
  if (!r) {
    // No record: still a protocol success (the request was valid), with a business FAIL.
    const data: Record<string, unknown> = {
      tradeStatus: 'FAIL',
      tradeStatusDesc: `退款单不存在：orgCode=${q.orgCode}, outRefundNo=${q.outRefundNo}${q.ampRefundId ? `, ampRefundId=${q.ampRefundId}` : ''}${
        q.refundTraceId ? `, refundTraceId=${q.refundTraceId}` : ''
      }`,
    };
    if (q.ampRefundId) data.ampRefundId = q.ampRefundId;
    if (q.refundTraceId) data.refundTraceId = q.refundTraceId;
    return { ok: true, data, note: 'FAIL (no such refund)' };
  }
  const answer = ctx.ledger.answer(r);
  return { ok: true, data: answerToWire(answer), note: answer.tradeStatus };
}

export async function getTradeFile(params: Record<string, unknown>, ctx: HandlerContext): Promise<HandlerResult> {
  const expected = ctx.app.orgSecret ?? DEMO_ORG_SECRET;
  if (str(params.orgSecret) !== expected) {
    // No business status exists in AMP_HOS_004's response, so a wrong 机构秘钥 is the spec's -4.
    return { ok: false, code: '-4', zh: 'orgSecret（机构获取对账文件秘钥）不正确', en: 'orgSecret is wrong for this appId' };
  }
  const orgCode = str(params.orgCode);
  const subOrgCode = str(params.subOrgCode);
  const billDate = str(params.billDate);
  const billType = str(params.billType) as BillType;
  const now = ctx.clock();
  // A day's file exists once the day is over; for a later day there is none yet: no link.
  // (The spec does not say what the portal answers then; this is the simulator's choice.)
  if (billDate > cstDate(now)) return { ok: true, data: { billType }, note: 'no file yet' };
  const { zip, csvName } = await tradeFileZip(
    { orgCode, subOrgCode, billDate, billType, rows: ctx.ledger.tradeFileRows(orgCode, subOrgCode, billDate), exportTime: cstTimestamp(now) },
    now,
  );
  const token = randomBytes(16).toString('hex');
  for (const [k, d] of ctx.downloads) if (d.expiresAt <= now.getTime()) ctx.downloads.delete(k);
  ctx.downloads.set(token, {
    zip,
    csvName,
    zipName: tradeFileName(orgCode, subOrgCode, billDate, billType, 'zip'),
    expiresAt: now.getTime() + ctx.downloadTtlMs,
  });
  return {
    ok: true,
    data: {
      digest: createHash('sha1').update(zip).digest('hex'),
      digestType: 'SHA1',
      downloadUrl: `${ctx.baseUrl}/__sim/download/${token}`,
      billType,
    },
    note: csvName,
  };
}

export const HANDLERS: Record<string, (p: Record<string, unknown>, c: HandlerContext) => HandlerResult | Promise<HandlerResult>> = {
  '/pushMsg': pushMsg,
  '/refund': refund,
  '/queryRefundResult': queryRefundResult,
  '/getTradeFile': getTradeFile,
};
