/**
 * Three-way reconciliation (三方对账): the portal's trade file against the hospital's own records
 * (ORG_003 names) and, when given, the insurance centre's (ORG_008 billdetail names).
 *
 * - The platform file streams through; the hospital's and the insurance centre's records are
 *   indexed (they are what the hospital exported, and must be looked up by key).
 * - Platform ↔ HIS keys, in order, whichever both sides have: ampTraceId (amp_trace_id), 商户订单号
 *   (mch_trace_no), 医保结算ID (setl_id). A pair whose higher key is on both sides and differs is
 *   not matched by a lower one. The insurance record joins by setl_id.
 * - A platform transaction is its TRADE row plus the REFUND rows with the same key; it is
 *   `refunded` when it has refund rows. HIS `refunded` and `cancelled` both mean refunded.
 * - Amounts compare exactly in fen: 费用总额, 个人账户, 现金, 统筹 (trade row vs HIS / insurance),
 *   退款金额 (the refund rows' 费用总额 vs HIS refund_amt). A transaction with an insurance part
 *   but no insurance record counts the insurance centre's part as 0.
 * - A key seen twice on one side (two TRADE rows, two HIS records) is a duplicate: reported, not
 *   matched, since it cannot be told which one is meant.
 */
import { parseTradeFile, type TradeFileHeader, type TradeFileRecord } from './parse.js';
import { readHisRecords, readInsuranceRecords, type ColumnMap, type HisRecord, type InsuranceRecord, type MapFile } from './inputs.js';
import { formatYuan } from './values.js';
import { WarningList, type BillWarning } from './warnings.js';
import type { UnzipLimits } from './unzip.js';

export const RESULT_CLASSES = ['matched', 'amountDiffers', 'statusDiffers', 'onlyPlatform', 'onlyHis', 'onlyInsurance', 'duplicates'] as const;
export type ResultClass = (typeof RESULT_CLASSES)[number];

/** The amounts compared, by the names the report shows. */
export const AMOUNT_NAMES = { feesumAmt: '费用总额', acctPay: '个人账户', psnCashPay: '现金', fundPaySumamt: '统筹', refundAmt: '退款金额' } as const;
export type AmountKey = keyof typeof AMOUNT_NAMES;

export type KeyName = 'ampTraceId' | 'mchTraceNo' | 'setlId';
export const KEY_NAMES: Record<KeyName, string> = { ampTraceId: '区域医保支付门户单据跟踪号', mchTraceNo: '商户订单号', setlId: '医保结算ID' };

export type SideStatus = 'paid' | 'refunded';

export interface SideView {
  /** Lines (CSV) or record numbers (JSON) in that source. */
  lines: number[];
  status: SideStatus;
  /** yuan strings */
  amounts: Partial<Record<AmountKey, string>>;
  ampTraceId?: string;
  mchTraceNo?: string;
  setlId?: string;
}

export interface Difference {
  class: Exclude<ResultClass, 'matched'>;
  key: { name: KeyName; label: string; value: string };
  /** The amounts that disagree, as yuan strings per source (null: the source has none). */
  fields?: { field: string; platform?: string | null; his?: string | null; insurance?: string | null }[];
  /** Statuses per source when they disagree. */
  status?: { platform?: SideStatus; his?: SideStatus; insurance?: SideStatus };
  /** duplicates: which source has the key more than once. */
  duplicateIn?: 'platform' | 'his' | 'insurance';
  /** The group's 费用总额 (yuan): what the class totals add up. */
  amount: string;
  platform?: SideView;
  his?: SideView;
  insurance?: SideView;
}

export interface ReconcileSummary {
  matched: number;
  amountDiffers: number;
  statusDiffers: number;
  onlyPlatform: number;
  onlyHis: number;
  onlyInsurance: number;
  duplicates: number;
}

export interface ReconcileResult {
  summary: ReconcileSummary;
  /** Per class: count and the sum of the groups' 费用总额, exact (yuan string and fen). */
  totals: Record<ResultClass, { count: number; amount: string; fen: number }>;
  differences: Difference[];
  warnings: BillWarning[];
  /** Not part of the CLI's --json: the day and the inputs, for the report. */
  meta: {
    billDate: string;
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

/** What the platform says about one key: the TRADE row and the REFUND rows. */
interface PlatformGroup {
  trade?: TradeFileRecord;
  tradeRows: number;
  refundRows: number;
  refundFen: number;
  lines: number[];
  setlId: string;
  ampTraceId: string;
  mchTraceNo: string;
  keyName: KeyName;
  keyValue: string;
}

const HIS_REFUNDED = (h: HisRecord) => h.status !== 'settled';

function newGroup(r: TradeFileRecord, keyName: KeyName, keyValue: string): PlatformGroup {
  return { tradeRows: 0, refundRows: 0, refundFen: 0, lines: [], setlId: r.setlId, ampTraceId: r.ampTraceId, mchTraceNo: r.mchTraceNo, keyName, keyValue };
}

function addRow(g: PlatformGroup, r: TradeFileRecord): void {
  g.lines.push(r.line);
  if (!g.setlId && r.setlId) g.setlId = r.setlId;
  if (r.tradeType === 'TRADE') {
    g.tradeRows += 1;
    g.trade ??= r;
  } else {
    g.refundRows += 1;
    g.refundFen += r.feesumAmt;
  }
}

/** Indexes one key of a record list; keys seen twice are remembered as duplicates. */
function index<T>(list: readonly T[], key: (t: T) => string): { map: Map<string, number>; dup: Set<string> } {
  const map = new Map<string, number>();
  const dup = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const k = key(list[i]!);
    if (!k) continue;
    if (map.has(k)) dup.add(k);
    else map.set(k, i);
  }
  return { map, dup };
}

const yuan = (fen: number | undefined | null) => (fen === undefined || fen === null ? null : formatYuan(fen));

export async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
  const pw = new WarningList('platform');
  const hw = new WarningList('his');
  const iw = new WarningList('insurance');
  const map: MapFile = input.map ?? {};
  const his = typeof input.his === 'string' ? await readHisRecords(input.his, hw, map.his as ColumnMap | undefined) : input.his;
  const ins = input.insurance === undefined ? undefined : typeof input.insurance === 'string' ? await readInsuranceRecords(input.insurance, iw, map.insurance) : input.insurance;

  const hisAmp = index(his, (h) => h.ampTraceId);
  const lacksAmp = his.some((h) => !h.ampTraceId);
  const lacksAmpMch = his.some((h) => !h.ampTraceId && !h.mchTraceNo);
  let hisMch: ReturnType<typeof index<HisRecord>> | undefined;
  let hisSetl: ReturnType<typeof index<HisRecord>> | undefined;
  const insSetl = ins ? index(ins, (i) => i.setlId) : undefined;

  // Per HIS record: the platform group matched to it (at most one; a second is a conflict).
  const matchedGroup: (PlatformGroup | undefined)[] = new Array(his.length);
  const unmatched = new Map<string, PlatformGroup>();

  const findHis = (r: TradeFileRecord): [number, KeyName, string] | undefined => {
    if (r.ampTraceId) {
      const i = hisAmp.map.get(r.ampTraceId);
      if (i !== undefined) return [i, 'ampTraceId', r.ampTraceId];
    }
    // A lower key only pairs records where the higher one is missing on a side.
    if (r.mchTraceNo && (lacksAmp || !r.ampTraceId)) {
      hisMch ??= index(his, (h) => h.mchTraceNo);
      const i = hisMch.map.get(r.mchTraceNo);
      if (i !== undefined && (!r.ampTraceId || !his[i]!.ampTraceId)) return [i, 'mchTraceNo', r.mchTraceNo];
    }
    if (r.setlId && (lacksAmpMch || !r.ampTraceId || (!r.mchTraceNo && lacksAmp))) {
      hisSetl ??= index(his, (h) => h.setlId);
      const i = hisSetl.map.get(r.setlId);
      if (i !== undefined) {
        const h = his[i]!;
        const ampBoth = r.ampTraceId && h.ampTraceId;
        const mchBoth = r.mchTraceNo && h.mchTraceNo;
        if (!ampBoth && !mchBoth) return [i, 'setlId', r.setlId];
      }
    }
    return undefined;
  };

  const parsed = await parseTradeFile(input.platform, {
    collect: false,
    limits: input.limits,
    source: 'platform',
    onRecord(r) {
      const hit = findHis(r);
      let g: PlatformGroup;
      if (hit) {
        const [i, keyName, keyValue] = hit;
        g = matchedGroup[i] ??= newGroup(r, keyName, keyValue);
      } else {
        const keyName: KeyName = r.ampTraceId ? 'ampTraceId' : r.mchTraceNo ? 'mchTraceNo' : 'setlId';
        const keyValue = r[keyName];
        const k = `${keyName}\n${keyValue}`;
        g = unmatched.get(k) ?? newGroup(r, keyName, keyValue);
        unmatched.set(k, g);
      }
      addRow(g, r);
    },
  });
  if (parsed.header.billType && parsed.header.billType !== 'ALL') {
    pw.add('HEADER_VALUE_INVALID', `对账文件为 ${parsed.header.billType} 账单，不含全部交易；与HIS对账时状态差异可能来自账单类型 / the trade file is a ${parsed.header.billType} bill, not ALL: status differences may come from that`);
  }

  const differences: Difference[] = [];
  const totals = Object.fromEntries(RESULT_CLASSES.map((c) => [c, { count: 0, amount: '0.00', fen: 0 }])) as ReconcileResult['totals'];
  const count = (cls: ResultClass, fen: number) => {
    totals[cls].count += 1;
    totals[cls].fen += fen;
  };
  const usedIns = new Uint8Array(ins?.length ?? 0);

  const platformView = (g: PlatformGroup): SideView => {
    const a: SideView['amounts'] = {};
    if (g.trade) {
      a.feesumAmt = formatYuan(g.trade.feesumAmt);
      a.acctPay = formatYuan(g.trade.acctPay);
      a.psnCashPay = formatYuan(g.trade.psnCashPay);
      a.fundPaySumamt = formatYuan(g.trade.fundPaySumamt);
    }
    if (g.refundRows) a.refundAmt = formatYuan(g.refundFen);
    return { lines: g.lines, status: g.refundRows ? 'refunded' : 'paid', amounts: a, ampTraceId: g.ampTraceId, mchTraceNo: g.mchTraceNo, ...(g.setlId ? { setlId: g.setlId } : {}) };
  };
  const hisView = (h: HisRecord): SideView => ({
    lines: [h.line],
    status: HIS_REFUNDED(h) ? 'refunded' : 'paid',
    amounts: {
      feesumAmt: formatYuan(h.feesumAmt),
      acctPay: formatYuan(h.acctPay),
      psnCashPay: formatYuan(h.psnCashPay),
      fundPaySumamt: formatYuan(h.fundPaySumamt),
      ...(h.refundAmt >= 0 ? { refundAmt: formatYuan(h.refundAmt) } : {}),
    },
    ...(h.ampTraceId ? { ampTraceId: h.ampTraceId } : {}),
    ...(h.mchTraceNo ? { mchTraceNo: h.mchTraceNo } : {}),
    ...(h.setlId ? { setlId: h.setlId } : {}),
  });
  const insView = (i: InsuranceRecord): SideView => ({
    lines: [i.line],
    status: i.refunded ? 'refunded' : 'paid',
    amounts: { feesumAmt: formatYuan(i.medfeeSumamt), acctPay: formatYuan(i.acctPay), psnCashPay: formatYuan(i.psnCashPay), fundPaySumamt: formatYuan(i.fundPaySumamt) },
    setlId: i.setlId,
  });

  const insFor = (setlId: string): InsuranceRecord | 'dup' | undefined => {
    if (!ins || !insSetl || !setlId) return undefined;
    if (insSetl.dup.has(setlId)) return 'dup';
    const i = insSetl.map.get(setlId);
    if (i === undefined) return undefined;
    usedIns[i] = 1;
    return ins[i];
  };

  /** Compares whatever sources a group has and records its class. */
  const judge = (key: Difference['key'], g: PlatformGroup | undefined, h: HisRecord | undefined) => {
    const setlId = g?.setlId || h?.setlId || '';
    const insHit = insFor(setlId);
    if (insHit === 'dup') {
      // Mark every insurance record with that setl_id as used; report once.
      for (let j = 0; j < ins!.length; j++) if (ins![j]!.setlId === setlId) usedIns[j] = 1;
    }
    const insRec = insHit === 'dup' ? undefined : insHit;
    const groupFen = g?.trade?.feesumAmt ?? h?.feesumAmt ?? insRec?.medfeeSumamt ?? g?.refundFen ?? 0;
    const base: Omit<Difference, 'class'> = {
      key,
      amount: formatYuan(groupFen),
      ...(g ? { platform: platformView(g) } : {}),
      ...(h ? { his: hisView(h) } : {}),
      ...(insRec ? { insurance: insView(insRec) } : {}),
    };
    if (insHit === 'dup') {
      count('duplicates', groupFen);
      differences.push({ class: 'duplicates', duplicateIn: 'insurance', ...base, key: { name: 'setlId', label: KEY_NAMES.setlId, value: setlId } });
      return;
    }
    const present = (g ? 1 : 0) + (h ? 1 : 0) + (insRec ? 1 : 0);
    if (present === 1 && !insRec) {
      const cls = g ? 'onlyPlatform' : 'onlyHis';
      count(cls, groupFen);
      differences.push({ class: cls, ...base });
      return;
    }
    // Statuses.
    const st: Difference['status'] = {};
    if (g) st.platform = g.refundRows ? 'refunded' : 'paid';
    if (h) st.his = HIS_REFUNDED(h) ? 'refunded' : 'paid';
    if (insRec) st.insurance = insRec.refunded ? 'refunded' : 'paid';
    const statuses = new Set(Object.values(st));
    // Amounts.
    const fields: NonNullable<Difference['fields']> = [];
    const parts = ['feesumAmt', 'acctPay', 'psnCashPay', 'fundPaySumamt'] as const;
    const insuranceGiven = ins !== undefined;
    for (const k of parts) {
      const p = g?.trade ? g.trade[k] : undefined;
      const hv = h ? h[k] : undefined;
      let iv: number | undefined | null = insRec ? (k === 'feesumAmt' ? insRec.medfeeSumamt : insRec[k]) : undefined;
      // No insurance record for a transaction with an insurance part: the centre paid nothing.
      const insPart = (g?.trade ? g.trade.acctPay + g.trade.fundPaySumamt : 0) || (h ? h.acctPay + h.fundPaySumamt : 0);
      if (!insRec && insuranceGiven && insPart > 0 && (k === 'acctPay' || k === 'fundPaySumamt')) iv = null;
      const vals = [p, hv, iv === null ? 0 : iv].filter((v): v is number => v !== undefined);
      if (new Set(vals).size > 1) {
        fields.push({
          field: AMOUNT_NAMES[k],
          ...(g ? { platform: yuan(p) } : {}),
          ...(h ? { his: yuan(hv) } : {}),
          ...(insuranceGiven && (insRec || iv === null) ? { insurance: iv === null ? null : yuan(iv) } : {}),
        });
      }
    }
    if (g && h && g.refundRows && HIS_REFUNDED(h) && h.refundAmt >= 0 && h.refundAmt !== g.refundFen) {
      fields.push({ field: AMOUNT_NAMES.refundAmt, platform: formatYuan(g.refundFen), his: formatYuan(h.refundAmt) });
    }
    let cls: ResultClass = 'matched';
    if (statuses.size > 1) cls = 'statusDiffers';
    else if (fields.length) cls = 'amountDiffers';
    else if (!g && !h && insRec) cls = 'onlyInsurance';
    count(cls, groupFen);
    if (cls === 'matched') return;
    differences.push({
      class: cls as Exclude<ResultClass, 'matched'>,
      ...base,
      ...(fields.length ? { fields } : {}),
      ...(statuses.size > 1 ? { status: st } : {}),
    });
  };

  const keyOf = (name: KeyName, value: string): Difference['key'] => ({ name, label: KEY_NAMES[name], value });
  const hisKey = (h: HisRecord): Difference['key'] =>
    h.ampTraceId ? keyOf('ampTraceId', h.ampTraceId) : h.mchTraceNo ? keyOf('mchTraceNo', h.mchTraceNo) : keyOf('setlId', h.setlId);

  for (let i = 0; i < his.length; i++) {
    const h = his[i]!;
    const g = matchedGroup[i];
    const dupHis = h.ampTraceId ? hisAmp.dup.has(h.ampTraceId) : false;
    if (dupHis || (g && g.tradeRows > 1)) {
      if (dupHis && hisAmp.map.get(h.ampTraceId) !== i) continue; // reported with the first
      const all = dupHis ? his.filter((x) => x.ampTraceId === h.ampTraceId) : [h];
      const fen = g?.trade?.feesumAmt ?? h.feesumAmt;
      count('duplicates', fen);
      differences.push({
        class: 'duplicates',
        duplicateIn: dupHis ? 'his' : 'platform',
        key: hisKey(h),
        amount: formatYuan(fen),
        ...(g ? { platform: platformView(g) } : {}),
        his: { ...hisView(h), lines: all.map((x) => x.line) },
      });
      continue;
    }
    judge(g ? keyOf(g.keyName, g.keyValue) : hisKey(h), g, h);
  }
  for (const g of unmatched.values()) {
    if (g.tradeRows > 1) {
      const fen = g.trade?.feesumAmt ?? 0;
      count('duplicates', fen);
      differences.push({ class: 'duplicates', duplicateIn: 'platform', key: keyOf(g.keyName, g.keyValue), amount: formatYuan(fen), platform: platformView(g) });
      continue;
    }
    judge(keyOf(g.keyName, g.keyValue), g, undefined);
  }
  if (ins) {
    for (let j = 0; j < ins.length; j++) {
      if (usedIns[j]) continue;
      const r = ins[j]!;
      if (insSetl!.dup.has(r.setlId)) {
        const all = ins.filter((x) => x.setlId === r.setlId);
        for (let k = 0; k < ins.length; k++) if (ins[k]!.setlId === r.setlId) usedIns[k] = 1;
        count('duplicates', r.medfeeSumamt);
        differences.push({ class: 'duplicates', duplicateIn: 'insurance', key: keyOf('setlId', r.setlId), amount: formatYuan(r.medfeeSumamt), insurance: { ...insView(r), lines: all.map((x) => x.line) } });
        continue;
      }
      count('onlyInsurance', r.medfeeSumamt);
      differences.push({ class: 'onlyInsurance', key: keyOf('setlId', r.setlId), amount: formatYuan(r.medfeeSumamt), insurance: insView(r) });
    }
  }

  for (const c of RESULT_CLASSES) totals[c].amount = formatYuan(totals[c].fen);
  const summary = Object.fromEntries(RESULT_CLASSES.map((c) => [c, totals[c].count])) as unknown as ReconcileSummary;
  const names = input.names ?? {};
  return {
    summary,
    totals,
    differences,
    warnings: [...parsed.warnings, ...pw.list(), ...hw.list(), ...iw.list()],
    meta: {
      billDate: parsed.header.billDate,
      header: parsed.header,
      sources: {
        platform: names.platform ?? (typeof input.platform === 'string' ? input.platform : parsed.csvName ?? 'platform'),
        his: names.his ?? (typeof input.his === 'string' ? input.his : 'HIS'),
        ...(input.insurance !== undefined ? { insurance: names.insurance ?? (typeof input.insurance === 'string' ? input.insurance : 'insurance') } : {}),
      },
      platformRows: parsed.rowCount,
      hisRecords: his.length,
      ...(ins ? { insuranceRecords: ins.length } : {}),
      summaryOk: parsed.summary.ok,
    },
  };
}

/** Exit status of `onetrans reconcile`: 0 all matched, 1 differences found. */
export function hasDifferences(r: ReconcileResult): boolean {
  return r.differences.length > 0;
}
