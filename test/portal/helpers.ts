// Shared by the portal tests: a client that speaks the envelope through src/core, and an
// independent one written from protocol.md with sm-crypto only, so that the simulator is not
// checked solely against the code it is built on.
import smCrypto from 'sm-crypto';
import { Envelope, cstTimestamp } from '../../src/core/index.js';
import type { PortalHandle } from '../../src/portal/index.js';

export const DEMO_APP_ID = 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN';
export const DEMO_SECRET = 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM';
export const ORG_ID = 'H46010000000';

export type Json = Record<string, any>;

export interface CallResult {
  status: number;
  body: Json;
  /** Decrypted and verified response parameters (success only). */
  data?: Json;
}

export async function postRaw(url: string, body: string | Json): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json;charset=UTF-8' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** Seals with src/core, posts, and opens a success answer with the same Envelope. */
export async function call(
  portal: PortalHandle,
  suffix: string,
  data: unknown,
  opts: { appId?: string; appSecret?: string; timestamp?: string; orgId?: string; mutate?: (env: Json) => void } = {},
): Promise<CallResult> {
  const env = new Envelope({ appId: opts.appId ?? DEMO_APP_ID, appSecret: opts.appSecret ?? DEMO_SECRET });
  const sealed = env.seal(data, { orgId: opts.orgId ?? ORG_ID, timestamp: opts.timestamp ?? cstTimestamp() }) as Json;
  opts.mutate?.(sealed);
  const { status, text } = await postRaw(`${portal.url}/api/amp/hos${suffix}`, sealed);
  const body = JSON.parse(text) as Json;
  const out: CallResult = { status, body };
  if (body.code === '000000') out.data = env.open(body).data as Json;
  return out;
}

// ---- independent envelope (protocol.md §2-§3) with sm-crypto --------------------------------

function secKeyHex(appId: string, appSecret: string): string {
  const k1 = Buffer.from(appId.slice(0, 16), 'utf8').toString('hex');
  const cipher = smCrypto.sm4.encrypt(appSecret, k1, { padding: 'pkcs#7' }).toUpperCase();
  return Buffer.from(cipher.slice(0, 16), 'latin1').toString('hex');
}

/** Canonical JSON for flat objects of strings (all these tests send): keys sorted, "" dropped. */
function flatCanonical(obj: Json): string {
  const keys = Object.keys(obj).filter((k) => obj[k] !== '' && obj[k] !== null && obj[k] !== undefined).sort();
  return '{' + keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(obj[k]))}`).join(',') + '}';
}

function signOf(head: Json, data: Json, appSecret: string): string {
  const fields: Json = { data: flatCanonical(data) };
  for (const [k, v] of Object.entries(head)) {
    if (['signData', 'encData', 'extra'].includes(k) || v === '' || v === null || v === undefined) continue;
    fields[k] = v;
  }
  const s = Object.keys(fields).sort().map((k) => `${k}=${fields[k]}`).join('&') + `&key=${appSecret}`;
  return smCrypto.sm3(s);
}

export function independentSeal(appId: string, appSecret: string, data: Json, orgId: string, timestamp = cstTimestamp()): Json {
  const head: Json = { appId, orgId, encryptType: 'SM4', signType: 'SM3', timestamp, version: '1.0.0' };
  const encData = smCrypto.sm4.encrypt(JSON.stringify(data), secKeyHex(appId, appSecret), { padding: 'pkcs#7' }).toUpperCase();
  return { ...head, encData, signData: signOf(head, data, appSecret) };
}

/** Decrypts a response and checks its signature without src/core; throws on a bad signature. */
export function independentOpen(appSecret: string, env: Json): Json {
  const plain = smCrypto.sm4.decrypt(String(env.encData).toLowerCase(), secKeyHex(String(env.appId), appSecret), { padding: 'pkcs#7' });
  const data = JSON.parse(plain) as Json;
  const expected = signOf(env, data, appSecret);
  if (String(env.signData).toLowerCase() !== expected) throw new Error(`signature mismatch: ${env.signData} != ${expected}`);
  return data;
}

export function pushMsgParams(over: Json = {}): Json {
  return {
    hisCustType: '01',
    hisCustId: 'P000123',
    phone: '13800138000',
    appType: '01',
    medOrgOrd: `ORD-${Math.random().toString(36).slice(2, 10)}`,
    orderStatus: 'MERCHANT_WAIT_PAY',
    orgCode: 'H46040100001',
    patientName: '张三',
    idType: '01',
    idNo: '460400199003151234',
    pushType: 'HOSPITAL_PAYMENT',
    amount: '36.80',
    ...over,
  };
}

/** Polls `probe` until it returns a value, at most `tries` times `everyMs` apart. */
export async function pollUntil<T>(probe: (attempt: number) => Promise<T | undefined>, tries = 100, everyMs = 20): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe(i);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met after ${tries} tries`);
}
