/**
 * The flags and environment variables every portal-calling sub-command shares (call, bill
 * download, probe …), resolved in one place into AmpClient options.
 *
 * Credentials come from the environment first-class: a secret typed on the command line lands
 * in shell history and in `ps`. A flag wins over its variable. Every problem (all missing
 * credentials, unreadable files, bad numbers) is collected into a Problem list and printed at
 * once by formatProblems, in Chinese and English, with exit code 2 and no stack.
 *
 *   addClientOptions(cmd)            // --url --app-id --app-secret --org-id --sign-type …
 *   const options = clientOptionsFrom(cmd.opts(), { env: process.env, problems });
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AmpClientOptions } from '../client/options.js';
import { AmpConfigError } from '../core/errors.js';
import { shown } from '../core/mask.js';
import { profileBlock } from './profile-file.js';

export interface Problem {
  zh: string;
  en: string;
}

/** The environment variable behind each credential flag. */
export const CREDENTIAL_ENV = Object.freeze({
  url: 'ONETRANS_URL',
  appId: 'ONETRANS_APP_ID',
  appSecret: 'ONETRANS_APP_SECRET',
  orgId: 'ONETRANS_ORG_ID',
  clientPrvKey: 'ONETRANS_CLIENT_PRV_KEY',
  serverPubKey: 'ONETRANS_SERVER_PUB_KEY',
});

const REQUIRED: readonly { key: 'url' | 'appId' | 'appSecret' | 'orgId'; flag: string; zh: string; en: string }[] = [
  { key: 'url', flag: '--url', zh: '门户网关地址', en: 'the gateway base URL' },
  { key: 'appId', flag: '--app-id', zh: '应用ID（对接时发放）', en: 'the appId issued by the portal' },
  { key: 'appSecret', flag: '--app-secret', zh: '应用秘钥（对接时发放，DLL 中叫 appKey）', en: 'the appSecret (the DLL calls it appKey)' },
  { key: 'orgId', flag: '--org-id', zh: '平台给机构分配的机构ID', en: 'the orgId issued by the portal' },
];

/** What commander hands over after addClientOptions (all strings; --ca may repeat). */
export interface ClientFlagValues {
  url?: string;
  appId?: string;
  appSecret?: string;
  orgId?: string;
  signType?: string;
  clientPrvKey?: string;
  serverPubKey?: string;
  proxy?: string;
  ca?: string[];
  profile?: string;
  connectTimeout?: string;
  readTimeout?: string;
  validation?: string;
  [other: string]: unknown;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds the shared client flags to a sub-command (help in Chinese and English). */
export function addClientOptions(cmd: Command): Command {
  return cmd
    .option('--url <base>', '门户网关地址；只给 http://主机:端口 时自动补 /api/amp/hos（环境变量 ONETRANS_URL） / gateway base URL; a bare origin gets /api/amp/hos (env ONETRANS_URL)')
    .option('--app-id <id>', '应用ID（环境变量 ONETRANS_APP_ID） / appId (env ONETRANS_APP_ID)')
    .option('--app-secret <secret>', '应用秘钥，建议改用环境变量 ONETRANS_APP_SECRET（命令行参数会留在 shell 历史和 ps 中） / appSecret; prefer env ONETRANS_APP_SECRET (flags land in shell history and ps)')
    .option('--org-id <orgId>', '机构ID（环境变量 ONETRANS_ORG_ID） / orgId (env ONETRANS_ORG_ID)')
    .option('--sign-type <type>', '签名方式 SM3（默认）或 SM2 / signature type: SM3 (default) or SM2')
    .option('--client-prv-key <base64>', 'SM2 客户端私钥（环境变量 ONETRANS_CLIENT_PRV_KEY） / SM2 client private key (env ONETRANS_CLIENT_PRV_KEY)')
    .option('--server-pub-key <base64>', 'SM2 门户公钥（环境变量 ONETRANS_SERVER_PUB_KEY） / SM2 portal public key (env ONETRANS_SERVER_PUB_KEY)')
    .option('--proxy <url>', 'HTTP 代理，如 http://10.0.0.1:3128 / HTTP proxy, e.g. http://10.0.0.1:3128')
    .option('--ca <file.pem>', '额外信任的 CA 证书（PEM，可重复） / extra trusted CA certificate (PEM, repeatable)', collect)
    .option('--profile <file.json>', '协议配置（JSON，对应 AmpClient 的 profile 选项） / protocol profile (JSON, AmpClient\'s profile option)')
    .option('--connect-timeout <ms>', '连接超时（毫秒，默认 6000） / connect timeout in ms (default 6000)')
    .option('--read-timeout <ms>', '读取超时（毫秒，默认 30000） / read timeout in ms (default 30000)')
    .option('--validation <mode>', '本地校验：off | warn（默认）| strict / local validation: off | warn (default) | strict');
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** A flag, else its environment variable, else undefined. */
export function flagOrEnv(flag: unknown, env: NodeJS.ProcessEnv, name: string): string | undefined {
  if (typeof flag === 'string' && flag.trim() !== '') return flag;
  return envValue(env, name);
}

function describeFsError(err: unknown): Problem {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { zh: '文件不存在', en: 'no such file' };
  if (code === 'EACCES' || code === 'EPERM') return { zh: '没有读取权限', en: 'permission denied' };
  if (code === 'EISDIR') return { zh: '这是一个目录', en: 'it is a directory' };
  return { zh: `读取失败（${code ?? 'error'}）`, en: `cannot be read (${code ?? 'error'})` };
}

/** Reads a file named by a flag; a failure becomes a bilingual problem naming the flag and the file. */
export function readFlagFile(flag: string, file: string, problems: Problem[]): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const why = describeFsError(err);
    problems.push({ zh: `${flag} 指定的文件 ${shown(file)} ${why.zh}`, en: `${flag} file ${shown(file)}: ${why.en}` });
    return undefined;
  }
}

function positiveInt(flag: string, value: string | undefined, problems: Problem[]): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    problems.push({ zh: `${flag} 须为正整数（毫秒）`, en: `${flag} must be a positive integer (milliseconds)` });
    return undefined;
  }
  return Number(value);
}

export interface ResolveContext {
  env?: NodeJS.ProcessEnv;
  /** Problems are appended here (so a command can add its own and report all at once). */
  problems?: Problem[];
  /** Told once when a secret came from the command line. */
  onNote?: (note: Problem) => void;
  /** The command's own required flags, reported in the same list as the credentials. */
  alsoRequired?: readonly { flag: string; present: boolean; zh: string; en: string }[];
}

/**
 * Flags + environment → AmpClient options. Throws one AmpConfigError (000105) listing every problem unless
 * `ctx.problems` is given, in which case problems are appended there and the caller throws.
 */
export function clientOptionsFrom(values: ClientFlagValues, ctx: ResolveContext = {}): AmpClientOptions {
  const env = ctx.env ?? process.env;
  const problems = ctx.problems ?? [];
  const own = ctx.problems === undefined;

  const got: Partial<Record<'url' | 'appId' | 'appSecret' | 'orgId', string>> = {};
  const missing: Problem[] = [];
  for (const r of REQUIRED) {
    const v = flagOrEnv(values[r.key], env, CREDENTIAL_ENV[r.key]);
    if (v === undefined) {
      missing.push({ zh: `${r.flag}（或环境变量 ${CREDENTIAL_ENV[r.key]}）：${r.zh}`, en: `${r.flag} (or ${CREDENTIAL_ENV[r.key]}): ${r.en}` });
    } else got[r.key] = v;
  }
  for (const r of ctx.alsoRequired ?? []) if (!r.present) missing.push({ zh: `${r.flag}：${r.zh}`, en: `${r.flag}: ${r.en}` });
  if (missing.length) {
    problems.push({
      zh: `缺少 ${missing.length} 项必填配置：\n  ${missing.map((m) => m.zh).join('\n  ')}`,
      en: `missing ${missing.length} required setting(s):\n  ${missing.map((m) => m.en).join('\n  ')}`,
    });
  }
  if (typeof values.appSecret === 'string' && values.appSecret !== '') {
    ctx.onNote?.({
      zh: '提示：--app-secret 会留在 shell 历史和 ps 中，建议改用环境变量 ONETRANS_APP_SECRET',
      en: 'note: --app-secret lands in shell history and ps; prefer the ONETRANS_APP_SECRET environment variable',
    });
  }
  if (got.url !== undefined && !/^https?:\/\/[^/]/i.test(got.url)) {
    problems.push({ zh: '--url 须以 http:// 或 https:// 开头，如 http://127.0.0.1:8080', en: '--url must start with http:// or https://, e.g. http://127.0.0.1:8080' });
  }

  const options: AmpClientOptions = { url: got.url ?? '', appId: got.appId ?? '', appSecret: got.appSecret ?? '', orgId: got.orgId ?? '' };

  if (values.signType !== undefined) {
    const t = values.signType.toUpperCase();
    if (t !== 'SM3' && t !== 'SM2') problems.push({ zh: '--sign-type 只能是 SM3 或 SM2', en: '--sign-type must be SM3 or SM2' });
    else options.signType = t;
  }
  const prv = flagOrEnv(values.clientPrvKey, env, CREDENTIAL_ENV.clientPrvKey);
  const pub = flagOrEnv(values.serverPubKey, env, CREDENTIAL_ENV.serverPubKey);
  if (prv) options.clientPrvKey = prv;
  if (pub) options.serverPubKey = pub;
  if (options.signType === 'SM2' && !prv) {
    problems.push({
      zh: '--sign-type SM2 需要客户端私钥：环境变量 ONETRANS_CLIENT_PRV_KEY 或 --client-prv-key（对接时发放）',
      en: '--sign-type SM2 needs the client private key: ONETRANS_CLIENT_PRV_KEY or --client-prv-key',
    });
  }

  if (values.proxy !== undefined) {
    if (!/^(https?:\/\/)?[^\s/:]+:\d+\/?$/i.test(values.proxy)) {
      problems.push({ zh: '--proxy 须形如 http://主机:端口', en: '--proxy must look like http://host:port' });
    } else options.proxy = values.proxy;
  }
  if (values.ca?.length) {
    const pems = values.ca.map((f) => readFlagFile('--ca', f, problems)).filter((p): p is string => p !== undefined);
    pems.forEach((pem, i) => {
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        problems.push({ zh: `--ca 文件 ${shown(values.ca![i])} 不是 PEM 证书`, en: `--ca file ${shown(values.ca![i])} is not a PEM certificate` });
      }
    });
    if (pems.length === values.ca.length) options.ca = pems;
  }
  if (values.profile !== undefined) {
    const text = readFlagFile('--profile', values.profile, problems);
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch {
        parsed = undefined;
        problems.push({ zh: `--profile 文件 ${shown(values.profile)} 不是合法的JSON`, en: `--profile file ${shown(values.profile)} is not valid JSON` });
      }
      if (parsed !== undefined) {
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          problems.push({ zh: `--profile 文件 ${shown(values.profile)} 须为JSON对象`, en: `--profile file ${shown(values.profile)} must hold a JSON object` });
        } else options.profile = profileBlock(parsed as Record<string, unknown>);
      }
    }
  }
  const connect = positiveInt('--connect-timeout', values.connectTimeout, problems);
  const read = positiveInt('--read-timeout', values.readTimeout, problems);
  if (connect !== undefined) options.connectTimeoutMs = connect;
  if (read !== undefined) options.readTimeoutMs = read;
  if (values.validation !== undefined) {
    if (!['off', 'warn', 'strict'].includes(values.validation)) {
      problems.push({ zh: '--validation 只能是 off、warn 或 strict', en: '--validation must be off, warn or strict' });
    } else options.validation = values.validation as AmpClientOptions['validation'];
  }

  if (own && problems.length) throw new AmpConfigError('命令行设置有误', 'invalid command-line settings', problems.map((p) => `${p.zh} / ${p.en}`));
  return options;
}

/** `onetrans call: 中文…` then the English, one block per problem. */
export function formatProblems(command: string, problems: readonly Problem[]): string {
  return problems.map((p) => `onetrans ${command}: ${p.zh}\n  ${p.en.replace(/\n/g, '\n  ')}`).join('\n');
}
