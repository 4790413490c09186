/**
 * Books a payment the hospital confirmed in the simulator's ledger, so that the hospital can
 * then refund it (AMP_HOS_002), query the refund (003) and find it in the trade file (004):
 * in-process through Ledger.addTrade, or in a running simulator through POST /__sim/trades.
 */
import type { Ledger } from './ledger.js';
import { postJson } from '../org/index.js';

export type CashierLedger = Pick<Ledger, 'addTrade'>;

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
