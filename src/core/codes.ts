/**
 * The spec's 响应码说明 (protocol.md §5) as data. `zh` is the spec's own wording; `en` is ours.
 * The spec lists 000001 twice (未知错误 and 请求应用非法，APPID无效); both meanings are kept.
 */
export type CodeLevel = '系统级' | '外部级' | '应用级';

export interface CodeInfo {
  level: CodeLevel;
  zh: string;
  en: string;
}

export const AMP_CODES: Readonly<Record<string, CodeInfo>> = Object.freeze({
  '000000': { level: '系统级', zh: '成功', en: 'success' },
  '000001': { level: '系统级', zh: '未知错误', en: 'unknown error' },
  '000002': { level: '系统级', zh: '系统错误', en: 'system error' },
  '000003': { level: '系统级', zh: '系统维护中，或灰度发布中，请等待恢复', en: 'under maintenance or staged rollout, please wait' },
  '000100': { level: '外部级', zh: '外部接口存在问题，请联系管理员排查', en: 'external interface problem, contact the administrator' },
  '000101': { level: '系统级', zh: '系统接口加密失败', en: 'encryption/decryption failed' },
  '000102': { level: '系统级', zh: '核验签名参数失败，签名无效', en: 'signature verification failed' },
  '000105': { level: '系统级', zh: '参数校验不合法', en: 'invalid parameters' },
  '010010': { level: '系统级', zh: '重放攻击拦截器,请勿重复操作,谢谢您的配合!', en: 'replay rejected: stale timestamp or repeated signature' },
  '-1': { level: '应用级', zh: '业务子系统内未知错误', en: 'unknown error in a business subsystem' },
  '-2': { level: '应用级', zh: '请求参数异常', en: 'request parameter error' },
  '-3': { level: '应用级', zh: '服务端子系统内超时', en: 'timeout inside a server subsystem' },
  '-4': { level: '应用级', zh: '权限校验异常', en: 'permission check failed' },
  '-5': { level: '应用级', zh: '无效的请求地址', en: 'invalid request address' },
  '-6': { level: '应用级', zh: '业务子系统限流，并发数过大，触发限流', en: 'rate limited: too many concurrent requests' },
  '-7': { level: '应用级', zh: '鉴权子系统出现错误或用户子系统内部错误', en: 'authentication or user subsystem error' },
  '-8': { level: '应用级', zh: '应用信息不存在', en: 'application does not exist' },
  '444444': { level: '系统级', zh: '程序存在致命性错误,请先停止使用,并联系系统管理员!', en: 'fatal program error: stop using it and contact the administrator' },
  '404404': { level: '系统级', zh: '该功能未开放', en: 'this function is not open' },
});

/** The second meaning the spec gives 000001, used when the portal rejects an appId. */
export const INVALID_APPID: CodeInfo = { level: '系统级', zh: '请求应用非法，APPID无效', en: 'illegal application: invalid appId' };

export const SUCCESS_CODE = '000000';

/** Decoders also take 0 / "0" as success (protocol.md §4). */
export function normaliseCode(code: unknown): string | undefined {
  if (code === 0 || code === '0') return SUCCESS_CODE;
  if (typeof code === 'number' && Number.isInteger(code)) return String(code);
  if (typeof code === 'string' && code.trim() !== '') return code.trim();
  return undefined;
}

export function describeCode(code: string): CodeInfo | undefined {
  return AMP_CODES[code];
}

