/** The shapes of a reconciliation's result and input (the CLI's --json is this, minus meta). */
import type { HisRecord, InsuranceRecord, MapFile } from './inputs.js';
import type { TradeFileHeader } from './parse.js';
import type { DayTotals } from './day-totals.js';
import type { BillWarning } from './warnings.js';
import type { UnzipLimits } from './unzip.js';

/**
 * The classes, in the order every output lists them (see classify.ts for the rules): agreement,
 * then differences of content, then of presence (two of three, one of three), then duplicates.
 */
export const RESULT_CLASSES = [
  'matched', 'amountDiffers', 'statusDiffers', 'overRefunded',
  'missingHis', 'missingPlatform', 'missingInsurance', 'unexpectedInsurance',
  'onlyPlatform', 'onlyHis', 'onlyInsurance', 'duplicates',
] as const;
export type ResultClass = (typeof RESULT_CLASSES)[number];

export type Source = 'platform' | 'his' | 'insurance';

/** The amounts compared, by the names the report shows. */
export const AMOUNT_NAMES = { feesumAmt: '费用总额', acctPay: '个人账户', psnCashPay: '现金', fundPaySumamt: '统筹', refundAmt: '退款金额' } as const;
export type AmountKey = keyof typeof AMOUNT_NAMES;

export type KeyName = 'ampTraceId' | 'mchTraceNo' | 'setlId';
export const KEY_NAMES: Record<KeyName, string> = { ampTraceId: '区域医保支付门户单据跟踪号', mchTraceNo: '商户订单号', setlId: '医保结算ID' };

/** cancelled: a cancelled settlement (HIS `cancelled`, platform REVOKED rows), told apart from a refund. */
export type SideStatus = 'paid' | 'refunded' | 'cancelled';

export interface SideView {
  /** Lines (CSV) or record numbers (JSON) in that source. */
  lines: number[];
  status: SideStatus;
  /** yuan strings */
  amounts: Partial<Record<AmountKey, string>>;
  ampTraceId?: string;
  mchTraceNo?: string;
  setlId?: string;
  /** HIS only: its own references of the record (ORG_003 org_trace_no, mch_trace_no, setl_time), where it gives them. */
  refs?: { orgTraceNo?: string; mchTraceNo?: string; setlTime?: string };
}

export interface Difference {
  class: Exclude<ResultClass, 'matched'>;
  key: { name: KeyName; label: string; value: string };
  /** The amounts that disagree, as yuan strings per source (null: the source has none). */
  fields?: { field: string; platform?: string | null; his?: string | null; insurance?: string | null }[];
  /** Statuses per source when they disagree. */
  status?: { platform?: SideStatus; his?: SideStatus; insurance?: SideStatus };
  /** duplicates: which source has the key more than once. */
  duplicateIn?: Source;
  /** The transaction has an insurance part (个人账户 or 统筹 above 0) in a source that holds it. */
  insured?: boolean;
  /** Sources that should hold the transaction and do not (HIS and platform always; insurance when insured). */
  missing?: Source[];
  /** Sources that hold it and should not (insurance, for a self-paid trade). */
  unexpected?: Source[];
  /** Refunds above the trade's 费用总额, per source that shows it (yuan strings). */
  overRefund?: { source: 'platform' | 'his'; trade: string; refunded: string }[];
  /** The group's 费用总额 (yuan): what the class totals add up. */
  amount: string;
  platform?: SideView;
  his?: SideView;
  insurance?: SideView;
}

export type ReconcileSummary = Record<ResultClass, number>;

export interface ReconcileResult {
  summary: ReconcileSummary;
  /** Per class: count and the sum of the groups' 费用总额, exact (yuan string and fen). */
  totals: Record<ResultClass, { count: number; amount: string; fen: number }>;
  differences: Difference[];
  warnings: BillWarning[];
  /** The day's totals per source and their differences (day-totals.ts). */
  dayTotals: DayTotals;
  /** Not part of the CLI's --json: the day and the inputs, for the report. */
  meta: {
    billDate: string;
    /** 机构名称 from the trade file's rows ('' when it has none). */
    orgName: string;
    header: TradeFileHeader;
    sources: { platform: string; his: string; insurance?: string };
    platformRows: number;
    hisRecords: number;
    insuranceRecords?: number;
    summaryOk: boolean;
  };
}

export interface ReconcileInput {
  /** The trade file: a .zip or .csv path (or its bytes). */
  platform: string | Buffer;
  /** The hospital's records: a path (JSON or CSV) or records already read. */
  his: string | HisRecord[];
  insurance?: string | InsuranceRecord[];
  map?: MapFile;
  limits?: UnzipLimits;
  /** Names shown in the report (default: the paths). */
  names?: { platform?: string; his?: string; insurance?: string };
}
