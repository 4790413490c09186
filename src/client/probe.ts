/**
 * Finds the protocol profile a real portal needs, safely: it only ever sends AMP_HOS_003
 * queryRefundResult for an outRefundNo that cannot exist (PROBE-<random>), which reads and
 * changes nothing, never a refund, a push or a trade-file request. Each request is sealed
 * afresh (new timestamp, new number), at most `maxRequests` of them.
 *
 * The search follows what the portal says: 000105 / 010010 point at the timestamp, 000102 at
 * the signature (for SM2 its user id). Once a request is accepted (any code but 000101, 000102,
 * 000105, 010010), one request with a null member and one with a non-ASCII character tell
 * whether the portal needs encDataNulls "drop" and encDataAscii. The answer's signature is then
 * checked under each response-side variant; when none verifies the profile gets
 * responseSignature "warn", and the findings say so loudly.
 */
import { randomBytes } from 'node:crypto';
import { normaliseCode, SUCCESS_CODE } from '../core/codes.js';
import { AmpConfigError } from '../core/errors.js';
import { Envelope } from '../core/envelope.js';
import { DEFAULT_PROFILE, profileDiff, resolveProfile, type ProfileOverrides, type ProtocolProfile } from '../core/profile.js';
import { formatTimestamp, type TimestampFormat } from '../core/time.js';
import type { AmpClientOptions } from './options.js';
import { resolveOptions } from './options.js';
import { readAnswer } from './response.js';
import { Transport } from './transport.js';

export interface ProbeOptions extends Omit<AmpClientOptions, 'validation' | 'onWarning' | 'maxRetries' | 'trace' | 'logger'> {
  /** 机构编号 sent as queryRefundResult's orgCode (required by the interface). */
  orgCode: string;
  /** Upper bound on requests sent (default 8). */
  maxRequests?: number;
  /** Told about each request as it is answered (for progress output). */
  onAttempt?: (attempt: ProbeAttempt) => void;
}

/** The request-side settings one attempt used. */
export interface ProbeSettings {
  timestampFormat: TimestampFormat;
  encDataNulls: 'keep' | 'drop';
  encDataAscii: boolean;
  sm2UserId?: string;
}

export interface ProbeAttempt {
  settings: ProbeSettings;
  /** The portal's code, or the local failure's (000100 for the network). */
  code: string;
  message: string;
}

export interface ProbeResult {
  /** True when some combination was accepted. */
  found: boolean;
  /** The profile block to use: only what differs from the defaults (plus what was given). */
  profile: ProfileOverrides;
  tried: ProbeAttempt[];
  /** True when the accepted answer's signature verified under the profile found. */
  responseVerified: boolean;
  /** What was learnt, one line each, Chinese / English. */
  findings: string[];
}

/** Codes that mean "this combination is wrong"; anything else means the envelope passed. */
export const REJECTING_CODES: ReadonlySet<string> = new Set(['000101', '000102', '000105', '010010']);
/** Codes no setting can fix: wrong credentials, wrong address, no portal. */
const FATAL: Record<string, [string, string]> = {
  '000001': ['门户不认识此 appId（或未知错误）：请核对 appId/appSecret', 'the portal does not know this appId (or unknown error): check appId/appSecret'],
  '404404': ['门户没有此接口：请核对 --url（通常以 /api/amp/hos 结尾）或在 --profile 中设置 suffixes.queryRefundResult', 'the portal has no such interface: check --url (usually ending in /api/amp/hos) or set suffixes.queryRefundResult in --profile'],
  '000100': ['无法连接门户或门户响应不是JSON', 'cannot reach the portal, or its answer is not JSON'],
  '000003': ['门户维护中', 'the portal is under maintenance'],
};

/** Most likely first: the spec's examples, then the family's other clients. */
const TIMESTAMP_ORDER: readonly TimestampFormat[] = ['datetime', 'epochMillis', 'compact', 'epochSeconds'];

function orderFrom<T>(first: T, all: readonly T[]): T[] {
  return [first, ...all.filter((x) => x !== first)];
}

interface Exchange {
  code: string;
  message: string;
  envelope?: Record<string, unknown>;
}

export async function probeProfile(opts: ProbeOptions): Promise<ProbeResult> {
  const { orgCode, maxRequests = 8, onAttempt, ...clientOpts } = opts;
  if (typeof orgCode !== 'string' || orgCode.trim() === '') throw new AmpConfigError('probe: orgCode（机构编号）必填', 'probe: orgCode is required');
  const o = resolveOptions({ ...clientOpts, validation: 'off' });
  const given = resolveProfile(o.profile);
  const sm2 = o.signType === 'SM2';
  const transport = new Transport({ connectTimeoutMs: o.connectTimeoutMs, readTimeoutMs: o.readTimeoutMs, proxy: o.proxy, ca: o.ca, headers: o.headers });
  if (!o.url) throw new AmpConfigError('probe: 须配置 url（网关地址）', 'probe: url (the gateway base) is required');
  const url = `${o.url.replace(/\/+$/, '')}${given.suffixes.queryRefundResult}`;
  const tried: ProbeAttempt[] = [];
  const findings: string[] = [];

  const envelopeFor = (profile: ProtocolProfile) =>
    new Envelope({ appId: o.appId, appSecret: o.appSecret, signType: o.signType, signPrivateKey: o.clientPrvKey, verifyPublicKey: o.serverPubKey, profile });

  const send = async (s: ProbeSettings, nonAscii: boolean, withNull: boolean): Promise<Exchange> => {
    const profile = resolveProfile({ ...profileDiff(given), ...s, responseSignature: 'off' });
    const params: Record<string, unknown> = { orgCode, outRefundNo: `PROBE-${nonAscii ? '探测-' : ''}${randomBytes(8).toString('hex')}` };
    if (withNull) params.subOrgCode = null;
    let ex: Exchange;
    try {
      const env = envelopeFor(profile);
      const sealed = env.seal(params, { orgId: o.orgId, timestamp: formatTimestamp(new Date(), s.timestampFormat), version: o.version });
      const res = await transport.post(url, JSON.stringify(sealed));
      const { obj, code, message } = readAnswer(res.text);
      if (res.status !== 200 && !(code && code !== SUCCESS_CODE)) ex = { code: res.status === 503 ? '000003' : '000100', message: `HTTP ${res.status}` };
      else if (!code) ex = { code: '000100', message: 'answer is not a JSON object with a code' };
      else ex = { code, message, envelope: obj };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      ex = { code: typeof err.code === 'string' ? err.code : '000100', message: err.message ?? String(e) };
    }
    const attempt: ProbeAttempt = { settings: { ...s }, code: ex.code, message: ex.message };
    tried.push(attempt);
    onAttempt?.(attempt);
    return ex;
  };

  try {
    // Stage 1: timestamp format and (SM2) user id, guided by the codes.
    const stamps = orderFrom(given.timestampFormat, TIMESTAMP_ORDER);
    const ids = sm2 ? [...new Set([given.sm2UserId, DEFAULT_PROFILE.sm2UserId, 'appSecret'])] : [given.sm2UserId];
    let ti = 0;
    let ii = 0;
    let accepted: { settings: ProbeSettings; ex: Exchange } | undefined;
    let fatal: string | undefined;
    while (tried.length < maxRequests && ti < stamps.length && ii < ids.length) {
      const s: ProbeSettings = { timestampFormat: stamps[ti]!, encDataNulls: given.encDataNulls, encDataAscii: given.encDataAscii, ...(sm2 ? { sm2UserId: ids[ii]! } : {}) };
      const ex = await send(s, false, false);
      if (!REJECTING_CODES.has(ex.code)) {
        if (FATAL[ex.code] || !/^-?\d+$/.test(ex.code)) fatal = ex.code;
        else accepted = { settings: s, ex };
        break;
      }
      if (ex.code === '000101') {
        fatal = '000101';
        break;
      }
      // 000102: the signature; 000105 / 010010: the timestamp. Move the setting the code points at.
      if (ex.code === '000102' && sm2 && ii + 1 < ids.length) ii++;
      else ti++;
    }
    if (!accepted) {
      const last = tried.at(-1);
      if (fatal === '000101') {
        findings.push('门户无法解密请求（000101）：请核对 appId 与 appSecret，协议配置无法修正此问题 / the portal cannot decrypt the request (000101): check appId and appSecret; no profile setting fixes this');
      } else if (fatal) {
        const [zh, en] = FATAL[fatal] ?? ['无法继续探测', 'cannot probe further'];
        findings.push(`${fatal}：${zh} / ${en}${last?.message ? ` (${last.message})` : ''}`);
      } else {
        findings.push(`未找到门户接受的组合（已试 ${tried.length} 种），请把 --json 输出和门户日志交给门户方核对 / no combination was accepted (${tried.length} tried); give the --json output and the portal team's log to the portal team`);
        if (last?.code === '000102' && !sm2) findings.push('SM3 签名被拒：请核对 appSecret；若确认无误，请向门户方索取其签名串样例 / the SM3 signature was refused: check appSecret, then ask the portal team for a sample sign string');
      }
      return { found: false, profile: profileDiff(given), tried, responseVerified: false, findings };
    }

    let settings = accepted.settings;
    findings.push(`时间戳格式 timestampFormat = ${settings.timestampFormat} / the portal accepts timestamps as ${settings.timestampFormat}`);
    if (sm2) findings.push(`SM2 用户ID sm2UserId = ${settings.sm2UserId === 'appSecret' ? 'appSecret（应用秘钥）' : settings.sm2UserId} / SM2 user id: ${settings.sm2UserId}`);
    let answer = accepted.ex;

    // Stage 2: a null member, then a non-ASCII character (only once the basics are known).
    if (tried.length < maxRequests) {
      const ex = await send(settings, false, true);
      if (!REJECTING_CODES.has(ex.code)) findings.push('null 字段可以随 encData 发送（encDataNulls = keep） / null members may travel in encData (encDataNulls keep)');
      else if (settings.encDataNulls === 'keep') {
        settings = { ...settings, encDataNulls: 'drop' };
        findings.push(`带 null 字段的请求被拒（${ex.code}）：encDataNulls = drop / a request with a null member was refused (${ex.code}): encDataNulls drop`);
      }
    }
    if (tried.length < maxRequests) {
      const ex = await send(settings, true, false);
      if (!REJECTING_CODES.has(ex.code)) findings.push('非ASCII字符可原样发送（encDataAscii = false） / non-ASCII characters may travel raw (encDataAscii false)');
      else if (tried.length < maxRequests) {
        const flipped = { ...settings, encDataAscii: !settings.encDataAscii };
        const ex2 = await send(flipped, true, false);
        if (!REJECTING_CODES.has(ex2.code)) {
          settings = flipped;
          findings.push(`原样的非ASCII字符被拒（${ex.code}）：encDataAscii = ${flipped.encDataAscii} / raw non-ASCII was refused (${ex.code}): encDataAscii ${flipped.encDataAscii}`);
        } else {
          findings.push(`含非ASCII字符的请求两种写法都被拒（${ex.code}/${ex2.code}），保留 encDataAscii = ${settings.encDataAscii}；门户可能不接受中文单号 / a request with non-ASCII was refused both ways (${ex.code}/${ex2.code}); encDataAscii left at ${settings.encDataAscii}`);
        }
      }
    }
    findings.push('topLevelOrder：AMP 的字段名按码点与不区分大小写排序结果相同，无需设置 / topLevelOrder: AMP\'s field names sort alike either way; nothing to set');

    // Stage 3: the answer's signature under each response-side variant.
    const base = { ...profileDiff(given), ...settings };
    let responseVerified = false;
    let profile = resolveProfile(base);
    if (answer.code === SUCCESS_CODE && answer.envelope && typeof answer.envelope.encData === 'string') {
      const variants: ProfileOverrides[] = [{}, { topLevelOrder: profile.topLevelOrder === 'codepoint' ? 'caseInsensitive' : 'codepoint' }];
      if (sm2) for (const id of ids) if (id !== settings.sm2UserId) variants.push({ sm2UserId: id });
      let decrypted = true;
      for (const v of variants) {
        const candidate = resolveProfile({ ...base, ...v });
        try {
          const opened = envelopeFor(candidate).open(answer.envelope, { signature: 'warn' });
          if (opened.signatureVerified) {
            responseVerified = true;
            profile = candidate;
            break;
          }
        } catch {
          decrypted = false;
          break;
        }
      }
      if (!decrypted) {
        findings.push('!!! 门户响应的 encData 无法解密：请把 --json 输出交给门户方 / !!! the answer\'s encData does not decrypt: give the --json output to the portal team');
      } else if (responseVerified) {
        findings.push('门户响应签名验证通过 / the answer\'s signature verifies');
      } else {
        profile = resolveProfile({ ...base, responseSignature: 'warn' });
        findings.push(
          '!!! 注意：门户响应的签名在任何已知规则下都无法验证，已设置 responseSignature = "warn"（照常交付、记录日志并标记 signatureVerified:false）。请向门户方索取响应签名规则 / ' +
            '!!! WARNING: the portal\'s answer signature verifies under no known rule; responseSignature is set to "warn" (answers delivered, logged and marked signatureVerified:false). Ask the portal team for their response signing rule',
        );
      }
    } else {
      findings.push(`门户以 ${answer.code} 作答，未带签名数据，无法核对响应签名 / the portal answered ${answer.code} without signed data; the answer's signature could not be checked`);
    }
    return { found: true, profile: profileDiff(profile), tried, responseVerified, findings };
  } finally {
    await transport.close();
  }
}

/** The profile block as it goes into OneTrans.json and into `new AmpClient({ … })`. */
export function profileSnippets(profile: ProfileOverrides): { oneTransJson: string; ampClient: string } {
  const json = JSON.stringify(profile, null, 2);
  return {
    oneTransJson: `"profile": ${json}`,
    ampClient: `new AmpClient({ url, appId, appSecret, orgId, profile: ${JSON.stringify(profile)} })`,
  };
}
