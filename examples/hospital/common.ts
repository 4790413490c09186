/**
 * What every handler of the reference HIS shares: answers, the checks the HIS makes itself
 * before it trusts a request, and finding the patient behind a 就诊凭证.
 *
 * The toolkit already validates each request against the spec's table; the handlers still
 * check what their own logic relies on, so the example stays correct mounted anywhere.
 */
import { yuanToFen } from '../../src/core/index.js';
import type { KeyedLock } from '../../src/hospital/index.js';
import type { DemoData, DemoPatient } from './data.js';
import type { DemoStore } from './store.js';

export type OrgRequest = Record<string, unknown>;
export type OrgResponse = Record<string, unknown>;

/** Thrown by the checks below; the handler wrapper turns it into the answer it carries. */
export class Refusal extends Error {
  constructor(readonly answer: OrgResponse) {
    super(String(answer.ret_msg));
  }
}

export interface DemoContext {
  store: DemoStore;
  data: DemoData;
  /** How long a settlement takes between being accepted and committed (ms). */
  settleDelayMs: number;
  /** In-flight settlements, so that a repeat arriving meanwhile waits for the same outcome. */
  inflight: Map<string, Promise<OrgResponse>>;
  /** One settlement at a time per patient account: the balance is checked and debited in one step. */
  accounts: KeyedLock;
  /** Aborted when the HIS stops: a settlement not yet committed then never commits (as in a crash). */
  stopping: AbortSignal;
}

export const ok = (fields: OrgResponse = {}): OrgResponse => ({ ret_code: '00', ret_msg: '成功', ...fields });

/** ret_code 02 校验失败: the request itself is wrong; nothing was done. */
export const invalid = (zh: string, en: string): Refusal => new Refusal({ ret_code: '02', ret_msg: `${zh} / ${en}` });
/** ret_code 01 请求失败: understood, but cannot be served (unknown patient, wrong hospital). */
export const failed = (zh: string, en: string): Refusal => new Refusal({ ret_code: '01', ret_msg: `${zh} / ${en}` });

export const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** Every named field must be present (the 必填 column). */
export function need(req: OrgRequest, ...fields: string[]): void {
  const missing = fields.filter((f) => text(req[f]) === '');
  if (missing.length) throw invalid(`缺少必填字段：${missing.join(', ')}`, `required field missing: ${missing.join(', ')}`);
}

const DICTS: Record<string, readonly string[]> = {
  mdtrt_cert_type: ['01', '02', '03', '04', '05', '06', '10'],
  account_type: ['01', '02', '03', '04'],
  used_patient_type: ['00', '01'],
  deposit_type: ['ALI', 'WX', 'BANK', 'UP'],
  // channel_type is not checked: the portal's own examples send "01", not a 渠道类型 value.
};

/** A dictionary field, when sent, must hold one of the appendix's values. */
export function checkDicts(req: OrgRequest): void {
  for (const [field, values] of Object.entries(DICTS)) {
    const v = text(req[field]);
    if (v !== '' && !values.includes(v)) {
      throw invalid(`${field} 取值不在字典中（可选：${values.join('/')}）`, `${field} is not a value of its dictionary (${values.join('/')})`);
    }
  }
}

/** Money fields in yuan → fen; an absent one is 0; a malformed one refuses the request. */
export function fen(req: OrgRequest, field: string): number {
  const raw = req[field];
  if (raw === undefined || raw === null || raw === '') return 0;
  const f = yuanToFen(typeof raw === 'number' ? String(raw) : raw);
  if (f === null) throw invalid(`${field} 须为元，最多两位小数`, `${field} must be yuan with at most two decimals`);
  return f;
}

export function checkOrg(ctx: DemoContext, req: OrgRequest): void {
  if (text(req.org_code) !== ctx.data.org_code) throw failed('机构编号与本院不符', 'org_code is not this hospital');
}

/**
 * The patient a 就诊凭证 names: 01 电子凭证 by its token (or, as the spec's own examples send
 * it, the ID number), 02 身份证 by the ID number, 03 社保卡 by the card number, 05 住院号 by
 * ipt_no, 04/06/10 by a hospital card. A cert_no sent beside it must be the same person's.
 */
export function findPatient(ctx: DemoContext, req: OrgRequest): DemoPatient {
  const type = text(req.mdtrt_cert_type);
  const no = text(req.mdtrt_cert_no);
  const p = ctx.data.patients.find((x) => {
    switch (type) {
      case '01':
        return x.ec_token === no || x.cert_no === no;
      case '02':
        return x.cert_no.toUpperCase() === no.toUpperCase();
      case '03':
        return x.ssc_no === no;
      case '05':
        return x.inpatient?.ipt_no === no;
      default:
        return x.cards.some((c) => c.his_cust_id === no);
    }
  });
  const cert = text(req.cert_no);
  if (!p || (cert !== '' && cert.toUpperCase() !== p.cert_no.toUpperCase())) {
    throw failed('未找到该就诊凭证对应的患者', 'no patient found for this mdtrt_cert_type / mdtrt_cert_no / cert_no');
  }
  return p;
}

/** Runs a handler body: a Refusal becomes its answer, anything else propagates (the toolkit maps it). */
export function answer(body: () => OrgResponse | Promise<OrgResponse>): Promise<OrgResponse> {
  return (async () => {
    try {
      return await body();
    } catch (e) {
      if (e instanceof Refusal) return e.answer;
      throw e;
    }
  })();
}
