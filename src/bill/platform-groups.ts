/**
 * The platform's side of reconciliation: a transaction is its TRADE row plus the REFUND rows with
 * the same key. Groups matched to a HIS record are held as typed arrays indexed by the record's
 * number (a million matched groups as objects would hold every trade row); the few unmatched
 * ones as objects.
 */
import { FenColumn, StringColumn, type HisStore } from './his-store.js';
import type { TradeFileRecord } from './parse.js';
import type { KeyName } from './reconcile-types.js';

export type Amounts = Pick<TradeFileRecord, 'feesumAmt' | 'acctPay' | 'psnCashPay' | 'fundPaySumamt'>;

/** What the platform says about one key: the TRADE row and the REFUND rows. */
export interface PlatformGroup {
  trade?: Amounts;
  tradeRows: number;
  refundRows: number;
  /** Refund rows whose 交易状态 is REVOKED (a cancelled settlement, not a refund). */
  revokedRows: number;
  refundFen: number;
  lines: number[];
  setlId: string;
  ampTraceId: string;
  mchTraceNo: string;
  keyName: KeyName;
  keyValue: string;
}

/** What reconciliation reads of each trade-file row (tradeType and tradeStatus are always read). */
export const PLATFORM_FIELDS = ['ampTraceId', 'mchTraceNo', 'setlId', 'feesumAmt', 'acctPay', 'psnCashPay', 'fundPaySumamt', 'tradeType', 'depositType', 'orgName'] as const;

const KEY_KINDS: readonly KeyName[] = ['ampTraceId', 'mchTraceNo', 'setlId'];
const amountsOf = (r: TradeFileRecord): Amounts => ({ feesumAmt: r.feesumAmt, acctPay: r.acctPay, psnCashPay: r.psnCashPay, fundPaySumamt: r.fundPaySumamt });
const isRevoked = (r: TradeFileRecord) => r.tradeStatus === 'REVOKED';

export function newGroup(r: TradeFileRecord, keyName: KeyName, keyValue: string): PlatformGroup {
  return { tradeRows: 0, refundRows: 0, revokedRows: 0, refundFen: 0, lines: [], setlId: r.setlId, ampTraceId: r.ampTraceId, mchTraceNo: r.mchTraceNo, keyName, keyValue };
}

export function addRow(g: PlatformGroup, r: TradeFileRecord): void {
  g.lines.push(r.line);
  if (!g.setlId && r.setlId) g.setlId = r.setlId;
  if (r.tradeType === 'TRADE') {
    g.tradeRows += 1;
    g.trade ??= amountsOf(r);
  } else {
    g.refundRows += 1;
    if (isRevoked(r)) g.revokedRows += 1;
    g.refundFen += r.feesumAmt;
  }
}

/** keyKind's flag: the first TRADE row's amounts differ from the HIS record's (they are in `ownAmounts`). */
const OWN_AMOUNTS = 4;

/**
 * The platform's rows matched to each HIS record, as typed arrays indexed by the record's number.
 * What equals the HIS record's own is not kept twice: the ids and the TRADE row's amounts are
 * held (in maps) only for the few records where they differ; a million matched records take
 * ~14 MB.
 */
export class PlatformByHis {
  private readonly tradeRows: Uint8Array;
  private readonly refundRows: Uint16Array;
  /** Refund rows that are REVOKED, per record that has any (a cancellation is rare beside a refund). */
  private readonly revokedRows = new Map<number, number>();
  private readonly firstLine: Int32Array;
  /** Which key matched (an index of KEY_KINDS), | OWN_AMOUNTS. */
  private readonly keyKind: Uint8Array;
  private readonly refundFen: FenColumn;
  private readonly extraLines = new Map<number, number[]>();
  /** record → the TRADE row's amounts, where they differ from the HIS record's. */
  private readonly ownAmounts = new Map<number, Amounts>();
  /** record → index into the id columns, where the platform's ids differ from the HIS record's. */
  private readonly idsAt = new Map<number, number>();
  private readonly ids = { amp: new StringColumn(), mch: new StringColumn(), setl: new StringColumn() };

  constructor(private readonly his: HisStore) {
    const n = his.n;
    this.tradeRows = new Uint8Array(n);
    this.refundRows = new Uint16Array(n);
    this.firstLine = new Int32Array(n);
    this.keyKind = new Uint8Array(n);
    this.refundFen = new FenColumn(n);
  }

  has(i: number): boolean {
    return this.firstLine[i] !== 0;
  }

  private setIds(i: number, amp: string, mch: string, setl: string): void {
    this.idsAt.set(i, this.ids.amp.length);
    this.ids.amp.push(amp);
    this.ids.mch.push(mch);
    this.ids.setl.push(setl);
  }

  add(i: number, r: TradeFileRecord, keyName: KeyName): void {
    const h = this.his;
    if (this.firstLine[i] === 0) {
      this.firstLine[i] = r.line;
      this.keyKind[i] = KEY_KINDS.indexOf(keyName);
      // Matched by ampTraceId, the two are known equal.
      const ampSame = keyName === 'ampTraceId' || h.amp.equals(i, r.ampTraceId);
      if (!ampSame || !h.mch.equals(i, r.mchTraceNo) || !h.setl.equals(i, r.setlId)) this.setIds(i, r.ampTraceId, r.mchTraceNo, r.setlId);
    } else {
      const more = this.extraLines.get(i);
      if (more) more.push(r.line);
      else this.extraLines.set(i, [r.line]);
      // The group's 医保结算ID comes from a later row when the first had none.
      const k = this.idsAt.get(i) ?? -1;
      const setlEmpty = k >= 0 ? this.ids.setl.isEmpty(k) : h.setl.isEmpty(i);
      if (setlEmpty && r.setlId) this.setIds(i, k >= 0 ? this.ids.amp.get(k) : h.amp.get(i), k >= 0 ? this.ids.mch.get(k) : h.mch.get(i), r.setlId);
    }
    if (r.tradeType === 'TRADE') {
      if (this.tradeRows[i] === 0 && (r.feesumAmt !== h.fee.get(i) || r.acctPay !== h.acct.get(i) || r.psnCashPay !== h.cash.get(i) || r.fundPaySumamt !== h.fund.get(i))) {
        this.keyKind[i]! |= OWN_AMOUNTS;
        this.ownAmounts.set(i, amountsOf(r));
      }
      if (this.tradeRows[i]! < 255) this.tradeRows[i]! += 1;
    } else {
      if (this.refundRows[i]! < 65535) {
        this.refundRows[i]! += 1;
        if (isRevoked(r)) this.revokedRows.set(i, this.revoked(i) + 1);
      }
      this.refundFen.set(i, this.refundFen.get(i) + r.feesumAmt);
    }
  }

  private revoked(i: number): number {
    return this.revokedRows.get(i) ?? 0;
  }

  /** More than one TRADE row for the record's key. */
  duplicated(i: number): boolean {
    return this.tradeRows[i]! > 1;
  }

  /** The first TRADE row's amounts (record i has one). */
  private amounts(i: number): Amounts {
    if (this.keyKind[i]! & OWN_AMOUNTS) return this.ownAmounts.get(i)!;
    const h = this.his;
    return { feesumAmt: h.fee.get(i), acctPay: h.acct.get(i), psnCashPay: h.cash.get(i), fundPaySumamt: h.fund.get(i) };
  }

  /**
   * The common case without building anything: platform and HIS agree on the status and on every
   * amount, and neither refunded more than the trade (no insurance records given). Returns the
   * group's 费用总额, or -1.
   */
  agreedFen(i: number): number {
    const h = this.his;
    const rows = this.refundRows[i]!;
    const pStatus = rows === 0 ? 0 : this.revoked(i) === rows ? 2 : 1;
    const hStatus = h.sideStatus(i);
    if ((pStatus === 0 ? 'paid' : pStatus === 2 ? 'cancelled' : 'refunded') !== hStatus) return -1;
    const hasTrade = this.tradeRows[i]! > 0;
    // With a TRADE row, its amounts are the HIS record's unless flagged.
    if (hasTrade && (this.keyKind[i]! & OWN_AMOUNTS || this.refundFen.get(i) > h.fee.get(i))) return -1;
    const hr = h.refund.get(i);
    if (hr > h.fee.get(i)) return -1;
    if (rows > 0 && hr >= 0 && hr !== this.refundFen.get(i)) return -1;
    return h.fee.get(i);
  }

  group(i: number): PlatformGroup | undefined {
    if (this.firstLine[i] === 0) return undefined;
    const h = this.his;
    const k = this.idsAt.get(i) ?? -1;
    const keyName = KEY_KINDS[this.keyKind[i]! & ~OWN_AMOUNTS]!;
    const col = keyName === 'ampTraceId' ? h.amp : keyName === 'mchTraceNo' ? h.mch : h.setl;
    return {
      ...(this.tradeRows[i]! > 0 ? { trade: this.amounts(i) } : {}),
      tradeRows: this.tradeRows[i]!,
      refundRows: this.refundRows[i]!,
      revokedRows: this.revoked(i),
      refundFen: this.refundFen.get(i),
      lines: [this.firstLine[i]!, ...(this.extraLines.get(i) ?? [])],
      ampTraceId: k >= 0 ? this.ids.amp.get(k) : h.amp.get(i),
      mchTraceNo: k >= 0 ? this.ids.mch.get(k) : h.mch.get(i),
      setlId: k >= 0 ? this.ids.setl.get(k) : h.setl.get(i),
      keyName,
      keyValue: col.get(i),
    };
  }
}
