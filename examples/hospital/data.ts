/**
 * The reference HIS's books: patients with their cards and in-hospital balance, the bills they
 * owe, the settlements the portal confirmed (ORG_003) and the pre-orders it wrote back (ORG_007).
 *
 * Money is integer fen inside (`*_fen`); the ORG interfaces carry yuan strings ("12.50") and are
 * converted at the edge. The people are fictitious except the spec's own example patient
 * 周大鹏 (cert_no 35020519870808105X), so that the spec's example requests work as they are.
 */
import { randomUUID } from 'node:crypto';
import { cstDate, cstTimestamp, fenToYuan } from '../../src/core/index.js';

export interface DemoCard {
  his_cust_id: string;
  /** 患者院内证件类型, HIS-defined: 01 就诊卡 */
  his_cust_type: string;
  his_cust_build_time: string;
  patient_type: string;
}

export interface DemoInpatient {
  ipt_no: string;
  disease_area: string;
  adm_bed: string;
  inpatient_start_date: string;
  adm_diag_dscr: string;
  adm_dept_codg: string;
  adm_dept_name: string;
}

export interface DemoPatient {
  psn_name: string;
  /** 证件号 (psn_cert_type 01 居民身份证) */
  cert_no: string;
  gend: string;
  brdy: string;
  naty: string;
  phone: string;
  /** 患者费别: 00 自费, 01 医保 */
  patient_type: '00' | '01';
  /** 医保人员编号, 险种, 参保地: only for 医保 patients */
  psn_no?: string;
  insu_type?: string;
  insu_code?: string;
  /** 电子凭证令牌 (mdtrt_cert_type 01) and 社保卡号 (03) */
  ec_token: string;
  ssc_no?: string;
  /** The default card (his_cust_id) first, then any others. */
  cards: DemoCard[];
  /** 院内余额 (预交金) in fen. */
  balance_fen: number;
  inpatient?: DemoInpatient;
}

export interface DemoRxItem {
  item_name: string;
  med_list_codg: string;
  /** Drugs carry 规格/剂型/取药量; other items do not. */
  drug?: { item_spec: string; dos_form: string; emp_medc_emp: string; drug_to_int: string; drug_to_int_emp: string };
  item_emp: string;
  pric_fen: number;
  cnt: number;
  hi_item: 'Y' | 'N';
}

export type BillState = 'unsettled' | 'settling' | 'settled' | 'cancelled';

export interface DemoBill {
  org_trace_no: string;
  doc_trace_no: string;
  cert_no: string;
  his_cust_id: string;
  /** The bill's 患者费别; a settlement may use another one (used_patient_type). */
  patient_type: '00' | '01';
  /** 01 门诊, 02 住院 */
  account_type: '01' | '02';
  created: string;
  dept_name: string;
  dept_code: string;
  dr_name: string;
  dr_code: string;
  diag_code: string;
  diag_name: string;
  items: DemoRxItem[];
  total_fen: number;
  state: BillState;
}

export type SettleResult = 'succ' | 'fail' | 'exp' | 'closed';

/** One ORG_003 call that was accepted for processing (keyed by org_trace_no + amp_trace_id). */
export interface DemoSettlement {
  org_trace_no: string;
  doc_trace_no: string;
  amp_trace_id: string;
  trace_id: string;
  call_sn: string;
  used_patient_type: string;
  feesum_fen: number;
  deposit_fen: number;
  hosp_balc_fen: number;
  fund_fen: number;
  acct_fen: number;
  setl_id: string;
  mdtrt_id: string;
  deposit_type: string;
  /** exp while in progress; then succ or fail; closed once cancelled (ORG_005) or revoked (ORG_009). */
  result: SettleResult;
  ret_msg: string;
  started: string;
  finished?: string;
  balance_after_fen?: number;
  cancelled?: string;
}

/** What ORG_007 wrote back, per org_trace_no; a later ORG_003 must agree with it. */
export interface DemoPreorder {
  org_trace_no: string;
  doc_trace_no: string;
  call_sn: string;
  feesum_fen: number;
  deposit_fen: number;
  used_patient_type: string;
  trace_id: string;
  at: string;
}

export interface DemoData {
  version: 1;
  org_code: string;
  org_name: string;
  /** Counter for generated numbers (call_sn, bills). */
  seq: number;
  patients: DemoPatient[];
  bills: DemoBill[];
  settlements: DemoSettlement[];
  preorders: DemoPreorder[];
}

/** The spec's ORG examples use this org_code. */
export const DEMO_ORG_CODE = 'H323498799997';
/** The spec's example patient. */
export const DEMO_CERT_NO = '35020519870808105X';

export const uid = () => randomUUID().replace(/-/g, '');

const CATALOGUE: readonly DemoRxItem[] = [
  { item_name: '普通门诊诊查费', med_list_codg: '001101000010000', item_emp: '次', pric_fen: 1000, cnt: 1, hi_item: 'Y' },
  { item_name: '血细胞分析（血常规）', med_list_codg: '002501010010000', item_emp: '项', pric_fen: 2000, cnt: 1, hi_item: 'Y' },
  {
    item_name: '阿莫西林胶囊', med_list_codg: 'XJ01CAA040A001010104463', item_emp: '盒', pric_fen: 1850, cnt: 2, hi_item: 'Y',
    drug: { item_spec: '0.25g*24粒', dos_form: '胶囊剂', emp_medc_emp: 'g', drug_to_int: '2', drug_to_int_emp: '盒' },
  },
  {
    item_name: '复方甘草口服溶液', med_list_codg: 'XR05DAG046X001010100593', item_emp: '瓶', pric_fen: 650, cnt: 1, hi_item: 'Y',
    drug: { item_spec: '100ml', dos_form: '口服溶液剂', emp_medc_emp: 'ml', drug_to_int: '1', drug_to_int_emp: '瓶' },
  },
  { item_name: '一次性使用无菌注射器', med_list_codg: 'C14010502700000000000', item_emp: '支', pric_fen: 80, cnt: 3, hi_item: 'N' },
];

const DEPTS = [
  { dept_name: '呼吸内科', dept_code: 'A03.01', dr_name: '吴医生', dr_code: 'D350200000001', diag_code: 'J06.900', diag_name: '急性上呼吸道感染' },
  { dept_name: '普通外科', dept_code: 'A04.01', dr_name: '郑医生', dr_code: 'D350200000002', diag_code: 'K35.900', diag_name: '急性阑尾炎' },
];

/** A new unsettled bill for `p`; `n` picks the items so that consecutive bills differ. */
export function makeBill(data: DemoData, p: DemoPatient, patient_type: '00' | '01', account_type: '01' | '02' = '01'): DemoBill {
  const n = ++data.seq;
  const dept = DEPTS[account_type === '02' ? 1 : 0]!;
  const items = CATALOGUE.filter((_, i) => i === 0 || (i + n) % 2 === 0).map((it) => ({ ...it }));
  if (account_type === '02') items.push({ item_name: '床位费', med_list_codg: '001102000010000', item_emp: '日', pric_fen: 4500, cnt: 3, hi_item: 'Y' });
  const now = new Date();
  return {
    org_trace_no: uid(),
    doc_trace_no: `MZ${cstDate(now).replace(/-/g, '')}${String(n).padStart(6, '0')}`,
    cert_no: p.cert_no,
    his_cust_id: p.cards[0]!.his_cust_id,
    patient_type,
    account_type,
    created: cstTimestamp(now),
    ...dept,
    items,
    total_fen: items.reduce((s, it) => s + it.pric_fen * it.cnt, 0),
    state: 'unsettled',
  };
}

const ZHOU: DemoPatient = {
  psn_name: '周大鹏', cert_no: DEMO_CERT_NO, gend: '1', brdy: '1987-08-08', naty: '01', phone: '17311113321',
  patient_type: '01', psn_no: '35020519870808105X0000923401', insu_type: '310', insu_code: '350200',
  ec_token: 'ECTK3502000000000000000000000001', ssc_no: 'D35020519870',
  cards: [
    { his_cust_id: 'df6b57f0c6e9499f86a0bae52493cb0d', his_cust_type: '01', his_cust_build_time: '2022-04-21 00:37:23', patient_type: '01' },
    { his_cust_id: '6b92d5d622cf47c58db1356e6570ea2f', his_cust_type: '01', his_cust_build_time: '2022-04-21 00:37:23', patient_type: '01' },
  ],
  balance_fen: 10000,
  inpatient: {
    ipt_no: 'e8ba44dc1be342aa8d33c79df05309e2', disease_area: '外科一病区', adm_bed: '12', inpatient_start_date: '2022-04-21',
    adm_diag_dscr: '急性阑尾炎', adm_dept_codg: 'A04.01', adm_dept_name: '普通外科',
  },
};

const OTHERS: readonly DemoPatient[] = [
  {
    psn_name: '林小梅', cert_no: '350203199502020021', gend: '2', brdy: '1995-02-02', naty: '01', phone: '13900000021',
    patient_type: '00', ec_token: 'ECTK3502000000000000000000000002',
    cards: [{ his_cust_id: 'c755f866c1f24eddabc235c7f067fc3a', his_cust_type: '01', his_cust_build_time: '2023-03-01 09:12:00', patient_type: '00' }],
    balance_fen: 0,
  },
  {
    psn_name: '陈建国', cert_no: '350206195503030013', gend: '1', brdy: '1955-03-03', naty: '01', phone: '13900000013',
    patient_type: '01', psn_no: '35020619550303001300001', insu_type: '390', insu_code: '350200',
    ec_token: 'ECTK3502000000000000000000000003', ssc_no: 'D35020619550',
    cards: [{ his_cust_id: '0646652d56714e7cb4cbabf466b5ebe6', his_cust_type: '01', his_cust_build_time: '2021-11-11 15:30:00', patient_type: '01' }],
    balance_fen: 2000,
  },
];

/** A fresh book: the example patient and two more, each owing a bill or two. */
export function seedData(org_code = DEMO_ORG_CODE): DemoData {
  const data: DemoData = {
    version: 1, org_code, org_name: '厦门市模拟第一医院', seq: 0,
    patients: [structuredClone(ZHOU), ...OTHERS.map((p) => structuredClone(p))],
    bills: [], settlements: [], preorders: [],
  };
  topUpBills(data, data.patients[0]!);
  data.bills.push(makeBill(data, data.patients[0]!, '01', '02'));
  for (const p of data.patients.slice(1)) topUpBills(data, p);
  return data;
}

/**
 * New unsettled bills keep appearing: whenever a patient has no unsettled outpatient bill of a
 * kind they can have (自费 always, 医保 for insured patients), the HIS "issues" one, so that a
 * demo or a conformance run never runs dry. Returns true when it added any.
 */
export function topUpBills(data: DemoData, p: DemoPatient): boolean {
  const kinds: ('00' | '01')[] = p.patient_type === '01' ? ['00', '01'] : ['00'];
  let added = false;
  for (const kind of kinds) {
    const open = data.bills.filter((b) => b.cert_no === p.cert_no && b.state === 'unsettled' && b.account_type === '01' && b.patient_type === kind);
    // Two of each, so that one bill can be settled and another still be listed in the same run.
    for (let i = open.length; i < 2; i++) {
      data.bills.push(makeBill(data, p, kind));
      added = true;
    }
  }
  return added;
}

export const yuan = fenToYuan;
