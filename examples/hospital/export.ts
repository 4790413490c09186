/**
 * The reference HIS's books for one day in the HIS input format of `onetrans reconcile`
 * (ORG_003 names, docs/reconcile.md §5): one record per settlement that committed (`succ`) or
 * was later cancelled (`closed`: ORG_005 / ORG_009), dated by when it committed, in UTC+8.
 * Failed and unfinished settlements took no money and are not books.
 */
import type { DemoData, DemoSettlement } from './data.js';

export interface HisExportRecord {
  amp_trace_id: string;
  trace_id: string;
  org_trace_no: string;
  setl_id: string;
  setl_time: string;
  feesum_amt: string;
  acct_pay: string;
  psn_cash_pay: string;
  fund_pay_sumamt: string;
  status: 'settled' | 'cancelled';
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** The settlements of `date` (yyyy-MM-dd, CST) as HIS records, in the order they committed. */
export function exportBooks(data: DemoData, date: string): HisExportRecord[] {
  const day = (s: DemoSettlement) => (s.finished ?? s.started).slice(0, 10);
  return data.settlements
    .filter((s) => (s.result === 'succ' || s.result === 'closed') && day(s) === date)
    .map((s) => ({
      amp_trace_id: s.amp_trace_id,
      trace_id: s.trace_id,
      org_trace_no: s.org_trace_no,
      setl_id: s.setl_id,
      setl_time: s.finished ?? s.started,
      feesum_amt: yuan(s.feesum_fen),
      acct_pay: yuan(s.acct_fen),
      // What the patient paid beyond the insurance parts (through the portal and from the hospital balance).
      psn_cash_pay: yuan(s.feesum_fen - s.fund_fen - s.acct_fen),
      fund_pay_sumamt: yuan(s.fund_fen),
      status: s.result === 'closed' ? 'cancelled' : 'settled',
    }));
}
