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
 *   `refunded` when it has refund rows, `cancelled` when all of them are REVOKED.
 * - Which class: classify.ts (presence first — a transaction absent from a source that should
 *   hold it is never matched — then over-refunds, statuses, amounts).
 * - Amounts compare exactly in fen: 费用总额, 个人账户, 现金, 统筹 (trade row vs HIS / insurance),
 *   退款金额 (the refund rows' 费用总额 vs HIS refund_amt), between the sources that hold it.
 * - A key seen twice on one side (two TRADE rows, two HIS records) is a duplicate: reported, not
 *   matched, since it cannot be told which one is meant.
 */
import { presenceVerdict, statusesAgree } from './classify.js';
import { dayTotals, SourceTally } from './day-totals.js';
import { HisStore, KeyIndex } from './his-store.js';
import { eachHisRecord, readInsuranceRecords, type ColumnMap, type HisRecord, type InsuranceRecord, type KeyCells, type MapFile } from './inputs.js';
import { parseTradeFile, type TradeFileRecord } from './parse.js';
import { addRow, newGroup, PLATFORM_FIELDS, PlatformByHis, type PlatformGroup } from './platform-groups.js';
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
  type SideStatus,
  type SideView,
  type Source,
} from './reconcile-types.js';
import { groupStatus, hisStatus, hisView, insuranceStatus, insuranceView, platformView } from './reconcile-views.js';
import { fenToYuan as formatYuan } from '../core/money.js';
import { WarningList } from './warnings.js';

export * from './reconcile-types.js';

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
  const store = new HisStore();
  const platformTally = new SourceTally(true);
  const hisTally = new SourceTally();
  const addHis = (r: HisRecord, keys?: KeyCells) => {
    store.push(r, keys);
    hisTally.his(r);
  };
  // The records' own references (org_trace_no, setl_time) are read later, for the few that differ;
  // the keys go into the store from the rows' text, with no string made for them.
  if (typeof input.his === 'string') await eachHisRecord(input.his, hw, map.his as ColumnMap | undefined, addHis, { refs: false, keyCells: true });
  else for (const r of input.his) addHis(r);
  const ins = input.insurance === undefined ? undefined : typeof input.insurance === 'string' ? await readInsuranceRecords(input.insurance, iw, map.insurance) : input.insurance;
  let insuranceTally: SourceTally | undefined;
  if (ins) {
    insuranceTally = new SourceTally();
    for (const r of ins) insuranceTally.insurance(r);
  }
  let orgName = '';

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
    // Nothing below keeps the record: matched rows are copied into typed arrays, unmatched into groups.
    reuseRecord: true,
    onRecord(r) {
      if (r.tradeType === 'TRADE') platformTally.trade(r.feesumAmt, r.fundPaySumamt, r.acctPay, r.psnCashPay, r.depositType);
      else platformTally.refund(r.feesumAmt, r.depositType);
      if (!orgName && r.orgName) orgName = r.orgName;
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
      ...(insRec ? { insurance: insuranceView(insRec) } : {}),
    };
    if (insHit === 'dup') {
      count('duplicates', groupFen);
      differences.push({ class: 'duplicates', duplicateIn: 'insurance', ...base, key: { name: 'setlId', label: KEY_NAMES.setlId, value: setlId } });
      return;
    }
    const insured =
      (g?.trade !== undefined && g.trade.acctPay + g.trade.fundPaySumamt > 0) ||
      (h !== undefined && h.acctPay + h.fundPaySumamt > 0) ||
      (insRec !== undefined && insRec.acctPay + insRec.fundPaySumamt > 0);
    const verdict = presenceVerdict({ platform: !!g, his: !!h, insurance: !!insRec }, insured, ins !== undefined);
    // Statuses.
    const st: Partial<Record<Source, SideStatus>> = {};
    if (g) st.platform = groupStatus(g);
    if (h) st.his = hisStatus(h);
    if (insRec) st.insurance = insuranceStatus(insRec);
    const statusOk = statusesAgree(st);
    // Amounts, between the sources that hold the transaction.
    const fields: NonNullable<Difference['fields']> = [];
    for (const k of ['feesumAmt', 'acctPay', 'psnCashPay', 'fundPaySumamt'] as const) {
      const p = g?.trade ? g.trade[k] : undefined;
      const hv = h ? h[k] : undefined;
      const iv = insRec ? (k === 'feesumAmt' ? insRec.medfeeSumamt : insRec[k]) : undefined;
      const vals = [p, hv, iv].filter((v): v is number => v !== undefined);
      if (new Set(vals).size > 1) {
        fields.push({ field: AMOUNT_NAMES[k], ...(g ? { platform: yuan(p) } : {}), ...(h ? { his: yuan(hv) } : {}), ...(insRec ? { insurance: yuan(iv) } : {}) });
      }
    }
    if (g && h && g.refundRows && st.his !== 'paid' && h.refundAmt >= 0 && h.refundAmt !== g.refundFen) {
      fields.push({ field: AMOUNT_NAMES.refundAmt, platform: formatYuan(g.refundFen), his: formatYuan(h.refundAmt) });
    }
    // Refunds above the trade: the money out exceeds the money in, whatever the sources agree on.
    const overRefund: NonNullable<Difference['overRefund']> = [];
    if (g?.trade && g.refundFen > g.trade.feesumAmt) overRefund.push({ source: 'platform', trade: formatYuan(g.trade.feesumAmt), refunded: formatYuan(g.refundFen) });
    if (h && h.refundAmt > h.feesumAmt) overRefund.push({ source: 'his', trade: formatYuan(h.feesumAmt), refunded: formatYuan(h.refundAmt) });
    const cls: ResultClass = verdict.cls ?? (overRefund.length ? 'overRefunded' : !statusOk ? 'statusDiffers' : fields.length ? 'amountDiffers' : 'matched');
    count(cls, groupFen);
    if (cls === 'matched') return;
    differences.push({
      class: cls as Exclude<ResultClass, 'matched'>,
      ...base,
      insured,
      ...(verdict.missing.length ? { missing: verdict.missing } : {}),
      ...(verdict.unexpected.length ? { unexpected: verdict.unexpected } : {}),
      ...(overRefund.length ? { overRefund } : {}),
      ...(fields.length ? { fields } : {}),
      ...(!statusOk ? { status: st } : {}),
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
        differences.push({ class: 'duplicates', duplicateIn: 'insurance', key: keyOf('setlId', r.setlId), amount: formatYuan(r.medfeeSumamt), insurance: { ...insuranceView(r), lines: all.map((x) => x.line) } });
        continue;
      }
      const insured = r.acctPay + r.fundPaySumamt > 0;
      const verdict = presenceVerdict({ platform: false, his: false, insurance: true }, insured, true);
      count('onlyInsurance', r.medfeeSumamt);
      differences.push({
        class: 'onlyInsurance', key: keyOf('setlId', r.setlId), amount: formatYuan(r.medfeeSumamt), insured,
        missing: verdict.missing, ...(verdict.unexpected.length ? { unexpected: verdict.unexpected } : {}), insurance: insuranceView(r),
      });
    }
  }

  for (const c of RESULT_CLASSES) totals[c].amount = formatYuan(totals[c].fen);
  // The HIS's own references of the records that differ, read again from the file (kept out of
  // the compact store: a million records' trace numbers and times for a few differences).
  if (typeof input.his === 'string') {
    const want = new Map<number, SideView>();
    for (const d of differences) if (d.his) for (const l of d.his.lines) want.set(l, d.his);
    if (want.size) {
      await eachHisRecord(input.his, new WarningList('his'), map.his as ColumnMap | undefined, (r) => {
        const v = want.get(r.line);
        if (v && v.lines[0] === r.line) v.refs = { ...(r.orgTraceNo ? { orgTraceNo: r.orgTraceNo } : {}), ...(r.mchTraceNo ? { mchTraceNo: r.mchTraceNo } : {}), ...(r.setlTime ? { setlTime: r.setlTime } : {}) };
      }, { only: want });
    }
  } else {
    const byLine = new Map<number, HisRecord>();
    for (const x of input.his) if (!byLine.has(x.line)) byLine.set(x.line, x);
    for (const d of differences) {
      const h = d.his && byLine.get(d.his.lines[0]!);
      if (h && d.his) d.his.refs = { ...(h.orgTraceNo ? { orgTraceNo: h.orgTraceNo } : {}), ...(h.mchTraceNo ? { mchTraceNo: h.mchTraceNo } : {}), ...(h.setlTime ? { setlTime: h.setlTime } : {}) };
    }
  }
  const summary = Object.fromEntries(RESULT_CLASSES.map((c) => [c, totals[c].count])) as unknown as ReconcileSummary;
  const names = input.names ?? {};
  return {
    summary,
    totals,
    differences,
    warnings: [...parsed.warnings, ...pw.list(), ...hw.list(), ...iw.list()],
    dayTotals: dayTotals(platformTally, hisTally, insuranceTally),
    meta: {
      orgName,
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
