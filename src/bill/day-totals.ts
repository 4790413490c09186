/**
 * The day's totals per source, the figures finance signs off on before looking at any row:
 * trades, refunds and net as count and amount; the trades' split into 统筹 / 个人账户 / 现金;
 * the platform's split by 支付渠道类型; and, per figure, the difference between the sources.
 *
 * What each source counts:
 * - platform: TRADE rows are trades, REFUND rows refunds (the figures of the file's summary block);
 * - HIS: every record is a trade; a refunded or cancelled one is also a refund, of `refund_amt`
 *   (the whole 费用总额 when it gives none);
 * - insurance: every record is a trade; one with the refund flag is also a refund of its total.
 * Net is trades minus refunds, for the count and for the amount. Everything in integer fen.
 */
import { fenToYuan } from '../core/money.js';
import type { HisRecord, InsuranceRecord } from './inputs.js';

export interface Figure {
  count: number;
  fen: number;
  /** yuan string */
  amount: string;
}

export interface Money {
  fen: number;
  amount: string;
}

export interface FlowTotals {
  trades: Figure;
  refunds: Figure;
  net: Figure;
}

export interface SourceTotals extends FlowTotals {
  /** The trades' 统筹 / 个人账户 / 现金 (their 费用总额 is the sum of the three when the source is consistent). */
  parts: { fund: Money; acct: Money; cash: Money };
  /** By 支付渠道类型 (platform only: the HIS and insurance records carry no channel). */
  byChannel?: Record<string, FlowTotals>;
}

/** One figure's difference: the first source minus the second (count and amount). */
export interface FigureDiff {
  count?: number;
  fen: number;
  amount: string;
}

export interface TotalsDiff {
  trades: FigureDiff;
  refunds: FigureDiff;
  net: FigureDiff;
  fund: FigureDiff;
  acct: FigureDiff;
  cash: FigureDiff;
}

export interface DayTotals {
  platform: SourceTotals;
  his: SourceTotals;
  insurance?: SourceTotals;
  /** platform − HIS, platform − insurance: 0 everywhere when the money agrees. */
  differences: { platformMinusHis: TotalsDiff; platformMinusInsurance?: TotalsDiff };
}

class Flow {
  tc = 0;
  tf = 0;
  rc = 0;
  rf = 0;
  trade(fen: number): void {
    this.tc += 1;
    this.tf += fen;
  }
  refund(fen: number): void {
    this.rc += 1;
    this.rf += fen;
  }
  out(): FlowTotals {
    const fig = (count: number, fen: number): Figure => ({ count, fen, amount: fenToYuan(fen) });
    return { trades: fig(this.tc, this.tf), refunds: fig(this.rc, this.rf), net: fig(this.tc - this.rc, this.tf - this.rf) };
  }
}

/** Adds up one source as its rows or records pass. */
export class SourceTally {
  private readonly all = new Flow();
  private fund = 0;
  private acct = 0;
  private cash = 0;
  private readonly channels = new Map<string, Flow>();

  constructor(private readonly withChannels = false) {}

  trade(fee: number, fund: number, acct: number, cash: number, channel = ''): void {
    this.all.trade(fee);
    this.fund += fund;
    this.acct += acct;
    this.cash += cash;
    if (this.withChannels) this.channel(channel).trade(fee);
  }

  refund(fen: number, channel = ''): void {
    this.all.refund(fen);
    if (this.withChannels) this.channel(channel).refund(fen);
  }

  private channel(name: string): Flow {
    let f = this.channels.get(name);
    if (!f) this.channels.set(name, (f = new Flow()));
    return f;
  }

  his(h: HisRecord): void {
    this.trade(h.feesumAmt, h.fundPaySumamt, h.acctPay, h.psnCashPay);
    if (h.status !== 'settled') this.refund(h.refundAmt >= 0 ? h.refundAmt : h.feesumAmt);
  }

  insurance(r: InsuranceRecord): void {
    this.trade(r.medfeeSumamt, r.fundPaySumamt, r.acctPay, r.psnCashPay);
    if (r.refunded) this.refund(r.medfeeSumamt);
  }

  out(): SourceTotals {
    const m = (fen: number): Money => ({ fen, amount: fenToYuan(fen) });
    const names = [...this.channels.keys()].sort();
    return {
      ...this.all.out(),
      parts: { fund: m(this.fund), acct: m(this.acct), cash: m(this.cash) },
      ...(this.withChannels ? { byChannel: Object.fromEntries(names.map((n) => [n, this.channels.get(n)!.out()])) } : {}),
    };
  }
}

function diff(a: SourceTotals, b: SourceTotals): TotalsDiff {
  const f = (x: Figure, y: Figure): FigureDiff => ({ count: x.count - y.count, fen: x.fen - y.fen, amount: fenToYuan(x.fen - y.fen) });
  const m = (x: Money, y: Money): FigureDiff => ({ fen: x.fen - y.fen, amount: fenToYuan(x.fen - y.fen) });
  return {
    trades: f(a.trades, b.trades),
    refunds: f(a.refunds, b.refunds),
    net: f(a.net, b.net),
    fund: m(a.parts.fund, b.parts.fund),
    acct: m(a.parts.acct, b.parts.acct),
    cash: m(a.parts.cash, b.parts.cash),
  };
}

export function dayTotals(platform: SourceTally, his: SourceTally, insurance?: SourceTally): DayTotals {
  const p = platform.out();
  const h = his.out();
  const i = insurance?.out();
  return {
    platform: p,
    his: h,
    ...(i ? { insurance: i } : {}),
    differences: { platformMinusHis: diff(p, h), ...(i ? { platformMinusInsurance: diff(p, i) } : {}) },
  };
}

/** The figures as rows (label, key), in the order every output shows them. */
export const TOTAL_ROWS = [
  { label: '交易', en: 'trades', get: (s: SourceTotals) => s.trades, diff: (d: TotalsDiff) => d.trades },
  { label: '退款', en: 'refunds', get: (s: SourceTotals) => s.refunds, diff: (d: TotalsDiff) => d.refunds },
  { label: '净额', en: 'net', get: (s: SourceTotals) => s.net, diff: (d: TotalsDiff) => d.net },
  { label: '其中统筹', en: 'fund', get: (s: SourceTotals) => s.parts.fund, diff: (d: TotalsDiff) => d.fund },
  { label: '其中个人账户', en: 'account', get: (s: SourceTotals) => s.parts.acct, diff: (d: TotalsDiff) => d.acct },
  { label: '其中现金', en: 'cash', get: (s: SourceTotals) => s.parts.cash, diff: (d: TotalsDiff) => d.cash },
] as const;

/** "12 笔 / 345.60" or "345.60" for a money-only figure. */
export function figureText(f: Figure | Money | FigureDiff): string {
  return 'count' in f && f.count !== undefined ? `${f.count} 笔 / ${f.amount}` : f.amount;
}
