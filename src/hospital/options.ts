// Checks what createHospitalHandler is given, once at start-up, and resolves the paths. A
// misspelt handler or option name is an error that names the one meant, not a silent no-op.
import { unknownName } from '../core/suggest.js';
import type { ValidationMode } from '../spec/index.js';
import { HospitalConfigError } from './errors.js';
import { HOSPITAL_ENDPOINTS, endpointFor, type HospitalEndpoint, type HospitalMethod } from './interfaces.js';
import type { HospitalCallRecord, HospitalHandlerOptions } from './types.js';

const OPTION_NAMES = [
  'basePath', 'paths', 'validation', 'requestValidation', 'responseValidation', 'maxBodyBytes',
  'handlerTimeoutMs', 'serializeByTrace', 'log',
] as const;
const MODES: readonly ValidationMode[] = ['off', 'warn', 'strict'];
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface ResolvedOptions {
  readonly routes: ReadonlyMap<string, HospitalEndpoint>;
  readonly paths: Readonly<Record<HospitalMethod, string>>;
  readonly requestMode: ValidationMode;
  readonly responseMode: ValidationMode;
  readonly maxBodyBytes: number;
  readonly handlerTimeoutMs: number | undefined;
  readonly serializeByTrace: boolean;
  readonly log: ((line: string, record: HospitalCallRecord) => void) | undefined;
}

function unknown(kind: readonly [string, string], name: string, known: readonly string[]): never {
  const [zh, en] = unknownName(kind, name, known);
  throw new HospitalConfigError(`${zh}；可用：${known.join('、')}`, `${en}; known: ${known.join(', ')}`);
}

function checkPath(what: string, path: unknown, allowEmpty: boolean): string {
  if (typeof path !== 'string' || (!allowEmpty && path === '') || (path !== '' && !/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path))) {
    throw new HospitalConfigError(`${what} 必须是以 / 开头的路径`, `${what} must be a path starting with /`);
  }
  return path.replace(/\/+$/, '');
}

function mode(name: string, value: unknown, fallback: ValidationMode): ValidationMode {
  if (value === undefined) return fallback;
  if (!MODES.includes(value as ValidationMode)) {
    throw new HospitalConfigError(`${name} 必须是 off、warn 或 strict`, `${name} must be off, warn or strict`);
  }
  return value as ValidationMode;
}

/**
 * Every key of `options` must be a handler option or one of `extraNames` (the options
 * createHospitalServer takes itself); a misspelt one is named with the one meant.
 */
export function checkOptionNames(options: object, extraNames: readonly string[] = []): void {
  const known = [...OPTION_NAMES, ...extraNames];
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) unknown(['选项', 'option'], name, known);
  }
}

export function resolveOptions(handlers: unknown, options: HospitalHandlerOptions): ResolvedOptions {
  if (typeof handlers !== 'object' || handlers === null) {
    throw new HospitalConfigError('handlers 必须是对象，每个ORG接口一个函数', 'handlers must be an object with one function per ORG interface');
  }
  const methods = HOSPITAL_ENDPOINTS.map((e) => e.method);
  for (const [name, fn] of Object.entries(handlers)) {
    if (!endpointFor(name) || endpointFor(name)!.method !== name) unknown(['处理函数', 'handler'], name, methods);
    if (fn !== undefined && typeof fn !== 'function') {
      throw new HospitalConfigError(`处理函数 ${name} 必须是函数`, `handler ${name} must be a function`);
    }
  }
  for (const e of HOSPITAL_ENDPOINTS) {
    if (!e.spec.optional && typeof (handlers as Record<string, unknown>)[e.method] !== 'function') {
      throw new HospitalConfigError(
        `缺少必需的处理函数 ${e.method}（${e.id} ${e.spec.name}）`,
        `missing required handler ${e.method} (${e.id} ${e.spec.suffix})`,
      );
    }
  }
  if (typeof options !== 'object' || options === null) {
    throw new HospitalConfigError('options 必须是对象', 'options must be an object');
  }
  checkOptionNames(options);

  const base = checkPath('basePath', options.basePath ?? '', true);
  const suffixes = new Map<HospitalMethod, string>(HOSPITAL_ENDPOINTS.map((e) => [e.method, e.spec.suffix]));
  for (const [key, suffix] of Object.entries(options.paths ?? {})) {
    const e = endpointFor(key);
    if (!e) unknown(['接口', 'interface'], key, [...methods, ...HOSPITAL_ENDPOINTS.map((x) => x.id)]);
    suffixes.set(e.method, checkPath(`paths.${key}`, suffix, false));
  }
  const routes = new Map<string, HospitalEndpoint>();
  const paths = {} as Record<HospitalMethod, string>;
  for (const e of HOSPITAL_ENDPOINTS) {
    const full = base + suffixes.get(e.method)!;
    const taken = routes.get(full);
    if (taken) {
      throw new HospitalConfigError(`${e.id} 与 ${taken.id} 的路径相同：${full}`, `${e.id} and ${taken.id} have the same path ${full}`);
    }
    routes.set(full, e);
    paths[e.method] = full;
  }

  const validation = mode('validation', options.validation, 'warn');
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(max) || max < 1) {
    throw new HospitalConfigError('maxBodyBytes 必须是正整数', 'maxBodyBytes must be a positive integer');
  }
  const timeout = options.handlerTimeoutMs;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) {
    throw new HospitalConfigError('handlerTimeoutMs 必须是正数', 'handlerTimeoutMs must be a positive number');
  }
  if (options.log !== undefined && options.log !== false && typeof options.log !== 'function') {
    throw new HospitalConfigError('log 必须是函数或 false', 'log must be a function or false');
  }
  const log = options.log === false ? undefined : (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)));
  return {
    routes,
    paths,
    requestMode: mode('requestValidation', options.requestValidation, validation),
    responseMode: mode('responseValidation', options.responseValidation, validation),
    maxBodyBytes: max,
    handlerTimeoutMs: timeout,
    serializeByTrace: options.serializeByTrace ?? true,
    log,
  };
}
