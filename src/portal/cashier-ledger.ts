/**
 * Books a payment the hospital confirmed in the simulator's ledger, so that the hospital can
 * then refund it (AMP_HOS_002), query the refund (003) and find it in the trade file (004):
 * in-process through Ledger.addTrade, or in a running simulator through POST /__sim/trades.
 */
import type { Ledger } from './ledger.js';
import { postJson } from '../org/index.js';

export type CashierLedger = Pick<Ledger, 'addTrade'> & Partial<Pick<Ledger, 'listTrades'>>;

/** A payment the ledger holds: which payment (amp_trace_id) the hospital settled under which call_sn. */
export interface BookedPayment {
  ampTraceId: string;
  callSn: string;
}

/**
 * The payments of one bill (org_trace_no) already booked, or undefined when the ledger cannot be
 * read (none given, an in-process ledger without listTrades, the simulator not answering).
 */
export async function bookedPayments(
  where: { ledger?: CashierLedger; portal?: string; timeoutMs: number },
  orgTraceNo: string,
): Promise<BookedPayment[] | undefined> {
  const pick = (trades: readonly Record<string, unknown>[]) =>
    trades
      .filter((t) => t.orgTraceNo === orgTraceNo)
      .map((t) => ({ ampTraceId: String(t.ampTraceId ?? ''), callSn: String(t.hisSetlSn ?? '') }));
  if (where.ledger) return where.ledger.listTrades ? pick(where.ledger.listTrades() as unknown as Record<string, unknown>[]) : undefined;
  if (!where.portal) return undefined;
  try {
    const res = await fetch(`${where.portal.replace(/\/+$/, '')}/__sim/trades`, { signal: AbortSignal.timeout(where.timeoutMs) });
    if (res.status !== 200) return undefined;
    const body = (await res.json()) as { trades?: unknown };
    return Array.isArray(body.trades) ? pick(body.trades as Record<string, unknown>[]) : undefined;
  } catch {
    return undefined;
  }
}

/** 'recorded', or 'not recorded: <why>' (the payment itself stands: the hospital settled it). */
export async function bookTrade(
  where: { ledger?: CashierLedger; portal?: string; timeoutMs: number },
  trade: Record<string, string>,
): Promise<string> {
  if (where.ledger) {
    try {
      where.ledger.addTrade(trade);
      return 'recorded';
    } catch (e) {
      return `not recorded: ${(e as Error).message}`;
    }
  }
  if (!where.portal) return 'none';
  const r = await postJson(`${where.portal.replace(/\/+$/, '')}/__sim/trades`, trade, { timeoutMs: where.timeoutMs });
  if (r.kind === 'http' && r.status === 201) return 'recorded';
  if (r.kind === 'http') return `not recorded: HTTP ${r.status} ${r.text.slice(0, 200)}`;
  if (r.kind === 'answer') return `not recorded: HTTP 200 (expected 201)`;
  return `not recorded: ${r.kind === 'timeout' ? 'timeout' : r.message}`;
}
