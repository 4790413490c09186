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
import { FenColumn, HisStore, KeyIndex, StringColumn } from './his-store.js';
import { eachHisRecord, readInsuranceRecords, type ColumnMap, type HisRecord, type InsuranceRecord, type MapFile } from './inputs.js';
import { parseTradeFile, type TradeFileRecord } from './parse.js';
import {
  AMOUNT_NAMES,
  KEY_NAMES,
  RESULT_CLASSES,
  type Difference,
  type KeyName,
  type ReconcileInput,
  type ReconcileResult,
  type ReconcileSummary,
  type ResultClass,
  type SideView,
} from './reconcile-types.js';
import { formatYuan } from './values.js';
import { WarningList } from './warnings.js';

export * from './reconcile-types.js';

type Amounts = Pick<TradeFileRecord, 'feesumAmt' | 'acctPay' | 'psnCashPay' | 'fundPaySumamt'>;

/** What the platform says about one key: the TRADE row and the REFUND rows. */
interface PlatformGroup {
  trade?: Amounts;
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

/** What reconciliation reads of each trade-file row. */
const PLATFORM_FIELDS = ['ampTraceId', 'mchTraceNo', 'setlId', 'feesumAmt', 'acctPay', 'psnCashPay', 'fundPaySumamt', 'tradeType'] as const;

const KEY_KINDS: readonly KeyName[] = ['ampTraceId', 'mchTraceNo', 'setlId'];
const amountsOf = (r: TradeFileRecord): Amounts => ({ feesumAmt: r.feesumAmt, acctPay: r.acctPay, psnCashPay: r.psnCashPay, fundPaySumamt: r.fundPaySumamt });

/**
 * The platform's rows matched to each HIS record, as typed arrays indexed by the record's number
 * (a million matched groups as objects would hold every trade row). The ids are kept only where
 * they differ from the HIS record's own.
 */
class PlatformByHis {
  private readonly tradeRows: Uint8Array;
  private readonly refundRows: Uint16Array;
  private readonly firstLine: Int32Array;
  private readonly keyKind: Uint8Array;
  private readonly fee: FenColumn;
  private readonly acct: FenColumn;
  private readonly cash: FenColumn;
  private readonly fund: FenColumn;
  private readonly refundFen: FenColumn;
  private readonly extraLines = new Map<number, number[]>();
  /** record → index into the id columns, where the platform's ids differ from the HIS record's. */
  private readonly idsAt: Int32Array;
  private readonly ids = { amp: new StringColumn(), mch: new StringColumn(), setl: new StringColumn() };

  constructor(private readonly his: HisStore) {
    const n = his.n;
    this.tradeRows = new Uint8Array(n);
    this.refundRows = new Uint16Array(n);
    this.firstLine = new Int32Array(n);
    this.keyKind = new Uint8Array(n);
    this.idsAt = new Int32Array(n).fill(-1);
    this.fee = new FenColumn(n);
    this.acct = new FenColumn(n);
    this.cash = new FenColumn(n);
    this.fund = new FenColumn(n);
    this.refundFen = new FenColumn(n);
  }

  has(i: number): boolean {
    return this.firstLine[i] !== 0;
  }

  private setIds(i: number, amp: string, mch: string, setl: string): void {
    this.idsAt[i] = this.ids.amp.length;
    this.ids.amp.push(amp);
    this.ids.mch.push(mch);
    this.ids.setl.push(setl);
  }

  add(i: number, r: TradeFileRecord, keyName: KeyName): void {
    const h = this.his;
    if (this.firstLine[i] === 0) {
      this.firstLine[i] = r.line;
      this.keyKind[i] = KEY_KINDS.indexOf(keyName);
      if (!h.amp.equals(i, r.ampTraceId) || !h.mch.equals(i, r.mchTraceNo) || !h.setl.equals(i, r.setlId)) this.setIds(i, r.ampTraceId, r.mchTraceNo, r.setlId);
    } else {
      const more = this.extraLines.get(i);
      if (more) more.push(r.line);
      else this.extraLines.set(i, [r.line]);
      // The group's 医保结算ID comes from a later row when the first had none.
      const k = this.idsAt[i]!;
      const setlEmpty = k >= 0 ? this.ids.setl.isEmpty(k) : h.setl.isEmpty(i);
      if (setlEmpty && r.setlId) this.setIds(i, k >= 0 ? this.ids.amp.get(k) : h.amp.get(i), k >= 0 ? this.ids.mch.get(k) : h.mch.get(i), r.setlId);
    }
    if (r.tradeType === 'TRADE') {
      if (this.tradeRows[i] === 0) {
        this.fee.set(i, r.feesumAmt);
        this.acct.set(i, r.acctPay);
        this.cash.set(i, r.psnCashPay);
        this.fund.set(i, r.fundPaySumamt);
      }
      if (this.tradeRows[i]! < 255) this.tradeRows[i]! += 1;
    } else {
      if (this.refundRows[i]! < 65535) this.refundRows[i]! += 1;
      this.refundFen.set(i, this.refundFen.get(i) + r.feesumAmt);
    }
  }

  /** More than one TRADE row for the record's key. */
  duplicated(i: number): boolean {
    return this.tradeRows[i]! > 1;
  }

  /**
   * The common case without building anything: platform and HIS agree on the status and on every
   * amount (no insurance records given). Returns the group's 费用总额, or -1.
   */
  agreedFen(i: number): number {
    const h = this.his;
    const refunded = this.refundRows[i]! > 0;
    if (refunded !== h.refunded(i)) return -1;
    if (this.tradeRows[i]! > 0) {
      if (this.fee.get(i) !== h.fee.get(i) || this.acct.get(i) !== h.acct.get(i) || this.cash.get(i) !== h.cash.get(i) || this.fund.get(i) !== h.fund.get(i)) return -1;
    }
    const hr = h.refund.get(i);
    if (refunded && hr >= 0 && hr !== this.refundFen.get(i)) return -1;
    return this.tradeRows[i]! > 0 ? this.fee.get(i) : h.fee.get(i);
  }

  group(i: number): PlatformGroup | undefined {
    if (this.firstLine[i] === 0) return undefined;
    const h = this.his;
    const k = this.idsAt[i]!;
    const keyName = KEY_KINDS[this.keyKind[i]!]!;
    const col = keyName === 'ampTraceId' ? h.amp : keyName === 'mchTraceNo' ? h.mch : h.setl;
    return {
      ...(this.tradeRows[i]! > 0 ? { trade: { feesumAmt: this.fee.get(i), acctPay: this.acct.get(i), psnCashPay: this.cash.get(i), fundPaySumamt: this.fund.get(i) } } : {}),
      tradeRows: this.tradeRows[i]!,
      refundRows: this.refundRows[i]!,
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

function newGroup(r: TradeFileRecord, keyName: KeyName, keyValue: string): PlatformGroup {
  return { tradeRows: 0, refundRows: 0, refundFen: 0, lines: [], setlId: r.setlId, ampTraceId: r.ampTraceId, mchTraceNo: r.mchTraceNo, keyName, keyValue };
}

function addRow(g: PlatformGroup, r: TradeFileRecord): void {
  g.lines.push(r.line);
  if (!g.setlId && r.setlId) g.setlId = r.setlId;
  if (r.tradeType === 'TRADE') {
    g.tradeRows += 1;
    g.trade ??= amountsOf(r);
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

const HIS_REFUNDED = (h: HisRecord) => h.status !== 'settled';

const yuan = (fen: number | undefined | null) => (fen === undefined || fen === null ? null : formatYuan(fen));

export async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
  const pw = new WarningList('platform');
  const hw = new WarningList('his');
  const iw = new WarningList('insurance');
  const map: MapFile = input.map ?? {};
  const store = new HisStore();
  if (typeof input.his === 'string') await eachHisRecord(input.his, hw, map.his as ColumnMap | undefined, (r) => store.push(r));
  else for (const r of input.his) store.push(r);
  const ins = input.insurance === undefined ? undefined : typeof input.insurance === 'string' ? await readInsuranceRecords(input.insurance, iw, map.insurance) : input.insurance;

  const hisAmp = new KeyIndex(store.amp);
  let hisMch: KeyIndex | undefined;
  let hisSetl: KeyIndex | undefined;
  const insSetl = ins ? index(ins, (i) => i.setlId) : undefined;

  // Per HIS record: the platform rows matched to it.
  const matched = new PlatformByHis(store);
  const unmatched = new Map<string, PlatformGroup>();

  const findHis = (r: TradeFileRecord): [number, KeyName] | undefined => {
    if (r.ampTraceId) {
      const i = hisAmp.find(r.ampTraceId);
      if (i >= 0) return [i, 'ampTraceId'];
    }
    // A lower key only pairs records where the higher one is missing on a side.
    if (r.mchTraceNo && (store.lacksAmp || !r.ampTraceId)) {
      hisMch ??= new KeyIndex(store.mch);
      const i = hisMch.find(r.mchTraceNo);
      if (i >= 0 && (!r.ampTraceId || store.amp.isEmpty(i))) return [i, 'mchTraceNo'];
    }
    if (r.setlId && (store.lacksAmpMch || !r.ampTraceId || (!r.mchTraceNo && store.lacksAmp))) {
      hisSetl ??= new KeyIndex(store.setl);
      const i = hisSetl.find(r.setlId);
      if (i >= 0) {
        const ampBoth = r.ampTraceId && !store.amp.isEmpty(i);
        const mchBoth = r.mchTraceNo && !store.mch.isEmpty(i);
        if (!ampBoth && !mchBoth) return [i, 'setlId'];
      }
    }
    return undefined;
  };

  const parsed = await parseTradeFile(input.platform, {
    collect: false,
    limits: input.limits,
    source: 'platform',
    only: PLATFORM_FIELDS,
    onRecord(r) {
      const hit = findHis(r);
      if (hit) return matched.add(hit[0], r, hit[1]);
      const keyName: KeyName = r.ampTraceId ? 'ampTraceId' : r.mchTraceNo ? 'mchTraceNo' : 'setlId';
      const keyValue = r[keyName];
      const k = `${keyName}\n${keyValue}`;
      const g = unmatched.get(k) ?? newGroup(r, keyName, keyValue);
      unmatched.set(k, g);
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

  for (let i = 0; i < store.n; i++) {
    const dupHis = hisAmp.dup[i] === 1;
    if (dupHis || matched.duplicated(i)) {
      if (dupHis && !hisAmp.dupGroups.has(i)) continue; // reported with the first
      const h = store.record(i);
      const g = matched.group(i);
      const all = dupHis ? hisAmp.dupGroups.get(i)! : [i];
      const fen = g?.trade?.feesumAmt ?? h.feesumAmt;
      count('duplicates', fen);
      differences.push({
        class: 'duplicates',
        duplicateIn: dupHis ? 'his' : 'platform',
        key: hisKey(h),
        amount: formatYuan(fen),
        ...(g ? { platform: platformView(g) } : {}),
        his: { ...hisView(h), lines: all.map((x) => store.line(x)) },
      });
      continue;
    }
    if (!ins && matched.has(i)) {
      const fen = matched.agreedFen(i);
      if (fen >= 0) {
        count('matched', fen);
        continue;
      }
    }
    const h = store.record(i);
    const g = matched.group(i);
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
      hisRecords: store.n,
      ...(ins ? { insuranceRecords: ins.length } : {}),
      summaryOk: parsed.summary.ok,
    },
  };
}

/** Exit status of `onetrans reconcile`: 0 all matched, 1 differences found. */
export function hasDifferences(r: ReconcileResult): boolean {
  return r.differences.length > 0;
}
