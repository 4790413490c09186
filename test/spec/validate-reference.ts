// The validator as it was before tables were compiled (kept verbatim as the oracle of
// validate-differential.test.ts: the compiled one must give the same issues, in the same order).
// Checks business parameters against an interface table. What is checked comes from the
// tables (src/spec/amp-hos-00N.ts, src/spec/org-00N.ts); how severe each finding is in 'warn'
// mode comes from leniency.ts. This file holds no per-field decisions.
import { JsonNumber } from '../../src/core/json-text.js';
import { SpecError } from '../../src/spec/errors.js';
import { FORMAT_DESCRIPTION, matchesFormat } from '../../src/spec/formats.js';
import { type Check, warnModeSeverity } from '../../src/spec/leniency.js';
import { maskText, maskValue } from '../../src/core/mask.js';
import { findOrgInterface } from '../../src/spec/org-registry.js';
import { requireInterface } from '../../src/spec/registry.js';
import type {
  ConditionalRule,
  Direction,
  FieldSpec,
  InterfaceSpec,
  RuleCondition,
  ValidationIssue,
  ValidationMode,
  ValidationResult,
  ValidationRule,
} from '../../src/spec/types.js';

const MODES: readonly ValidationMode[] = ['off', 'warn', 'strict'];

const RULE_OF_CHECK: Readonly<Record<Check, ValidationRule>> = {
  paramsType: 'type',
  required: 'required',
  type: 'type',
  numberForString: 'type',
  stringForInteger: 'type',
  objectForJsonString: 'type',
  maxLength: 'maxLength',
  enum: 'enum',
  format: 'format',
  jsonString: 'format',
  conditional: 'conditional',
  unknownField: 'unknownField',
  keySpelling: 'keySpelling',
};

/** Extra context for a validation. */
export interface ValidateOptions {
  /**
   * For a response: the request it answers. Rules whose condition reads the request (`of:
   * 'request'`, e.g. ORG_002's inpatient fields) are evaluated only when it is given.
   */
  readonly request?: unknown;
}

/** undefined, null and "" all mean "not sent" (the DLL example sends "" and null for unused fields). */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** The text a String field carries; numbers count as their decimal text (the Java SDK sends them). */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value instanceof JsonNumber) return value.text;
  return undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

function label(field: FieldSpec): string {
  return `${field.name}（${field.zh}）`;
}

function conditionMatches(cond: RuleCondition, params: Record<string, unknown>): boolean {
  const raw = params[cond.field];
  if (isAbsent(raw)) return false;
  const text = textOf(raw);
  if (text === undefined) return false;
  if ('equals' in cond) return text === cond.equals;
  if ('in' in cond) return cond.in.includes(text);
  return !cond.notIn.includes(text);
}

function describeCondition(cond: RuleCondition, params: Record<string, unknown>): [string, string] {
  const [ofZh, ofEn] = cond.of === 'request' ? ['请求的', 'the request’s '] : ['', ''];
  if ('equals' in cond) return [`${ofZh}${cond.field}为${cond.equals}时`, `when ${ofEn}${cond.field} is ${cond.equals}`];
  const actual = textOf(params[cond.field]) ?? '';
  if ('in' in cond) return [`${ofZh}${cond.field}为${actual}时`, `when ${ofEn}${cond.field} is ${actual}`];
  return [
    `${ofZh}${cond.field}为${actual}（非${cond.notIn.join('/')}）时`,
    `when ${ofEn}${cond.field} is ${actual} (not ${cond.notIn.join('/')})`,
  ];
}

/**
 * Validates `params` (the business object, without envelope or DLL settings) against the
 * request or response table of an interface, nested lists included.
 *
 * - 'off': no checks, always ok.
 * - 'warn' (default): every deviation is reported; those listed as warnings in leniency.ts
 *   (documented lengths, fields the spec's own examples omit, unknown keys, numbers for
 *   String, keys with stray spaces) do not make the result fail.
 * - 'strict': every deviation is an error.
 *
 * All issues are collected; the validator never stops at the first one. Values of sensitive
 * fields (ID numbers, phones, names, secrets) and of unknown keys are masked in issues.
 * `iface` is an InterfaceSpec, an AMP_HOS suffix/path/id or an ORG suffix/id.
 * Throws SpecError (000105) for an unknown interface or mode.
 */
export function referenceValidate(
  iface: InterfaceSpec | string,
  params: unknown,
  mode: ValidationMode = 'warn',
  direction: Direction = 'request',
  options: ValidateOptions = {},
): ValidationResult {
  if (!MODES.includes(mode)) {
    throw new SpecError(`未知的校验模式 ${String(mode)}，可用 off/warn/strict`, `Unknown validation mode ${String(mode)}; use off, warn or strict`);
  }
  if (direction !== 'request' && direction !== 'response') {
    throw new SpecError(`未知的方向 ${String(direction)}，可用 request/response`, `Unknown direction ${String(direction)}; use request or response`);
  }
  if (mode === 'off') return { ok: true, issues: [] };
  const spec = typeof iface === 'string' ? (findOrgInterface(iface) ?? requireInterface(iface)) : iface;
  const tableZh = direction === 'request' ? '请求参数' : '响应参数';
  const request = isObject(options.request) ? options.request : undefined;

  const issues: ValidationIssue[] = [];
  const report = (
    check: Check,
    key: string,
    field: string,
    value: unknown,
    zh: string,
    en: string,
    ruleId?: string,
  ): void => {
    const severity = mode === 'strict' ? 'error' : warnModeSeverity(spec.id, direction, key, check, ruleId);
    const issue: ValidationIssue = { field, rule: RULE_OF_CHECK[check], value, message: `${zh} / ${en}`, severity };
    issues.push(ruleId === undefined ? issue : { ...issue, ruleId });
  };

  if (!isObject(params)) {
    // A string here is often the whole request as unparsed JSON, ID numbers included.
    const value = typeof params === 'string' || Array.isArray(params) ? maskValue(params, 'id') : params;
    report(
      'paramsType', '', '', value,
      `${spec.id} ${tableZh}必须是JSON对象，实际为${kindOf(params)}`,
      `${spec.id} ${direction} parameters must be a JSON object, got ${kindOf(params)}`,
    );
    return { ok: false, issues };
  }
  // A sensitive field is masked by name; any other text by pattern, since an ID or phone typed
  // into the wrong field (a phone as pushType) is not caught by name.
  const shown = (field: FieldSpec | undefined, value: unknown): unknown =>
    field?.sensitive ? maskValue(value, field.sensitive) : typeof value === 'string' ? maskText(value) : value;

  const failure = direction === 'response' && spec.failureResponse !== undefined
    && !isAbsent(params[spec.failureResponse.field])
    && textOf(params[spec.failureResponse.field]) !== spec.failureResponse.success;

  /**
   * One object against one table. `scope` is the dotted list path without indices (the key of
   * rules and leniency entries), `at` the same with indices (what issues show).
   */
  const checkObject = (obj: Record<string, unknown>, table: readonly FieldSpec[], scope: string, at: string): void => {
    const keyOf = (name: string) => (scope === '' ? name : `${scope}.${name}`);
    const atOf = (name: string) => `${at}${name}`;
    const byName = new Map(table.map((f) => [f.name, f]));

    // Keys that differ from a table name only by surrounding spaces (the spec's own examples
    // send "diag_dept " and "drug_medc_way_code ") count as that field, reported once.
    const values = new Map<string, unknown>();
    const unknown: string[] = [];
    for (const [key, value] of Object.entries(obj)) {
      if (byName.has(key)) {
        values.set(key, value);
        continue;
      }
      const trimmed = key.trim();
      if (trimmed !== key && byName.has(trimmed) && !(trimmed in obj)) {
        values.set(trimmed, value);
        report(
          'keySpelling', keyOf(trimmed), atOf(trimmed), shown(byName.get(trimmed), value),
          `键名 ${JSON.stringify(key)} 含多余空白，按 ${trimmed} 处理`,
          `key ${JSON.stringify(key)} has stray whitespace; taken as ${trimmed}`,
        );
      } else {
        unknown.push(key);
      }
    }
    const view = Object.fromEntries(values);

    // Conditional rules first: a field that a rule requires is reported once, by the rule,
    // instead of also as a plain 'required' miss (and once even when two rules require it).
    const coveredByRule = new Set<string>();
    const rules: readonly ConditionalRule[] = failure
      ? []
      : spec.rules.filter((r) => r.direction === direction && (r.scope ?? '') === scope);
    for (const rule of rules) {
      const source = rule.when.of === 'request' ? request : view;
      if (source === undefined || !conditionMatches(rule.when, source)) continue;
      const target = rule.then.field;
      const field = byName.get(target);
      const name = field ? label(field) : target;
      const value = view[target];
      const [condZh, condEn] = describeCondition(rule.when, source);
      if ('required' in rule.then && isAbsent(value)) {
        if (coveredByRule.has(target)) continue;
        coveredByRule.add(target);
        report('conditional', keyOf(target), atOf(target), shown(field, value), `${condZh}必须填写 ${name}（${rule.note}）`, `${target} is required ${condEn}`, rule.id);
      } else if ('forbidden' in rule.then && !isAbsent(value)) {
        report('conditional', keyOf(target), atOf(target), shown(field, value), `${condZh}不允许传入 ${name}（${rule.note}）`, `${target} is not allowed ${condEn}`, rule.id);
      }
    }

    const requiredHere = (f: FieldSpec): boolean =>
      failure && scope === '' ? spec.failureResponse!.required.includes(f.name) : f.required;

    for (const field of table) {
      const value = view[field.name];
      const key = keyOf(field.name);
      const where = atOf(field.name);
      if (isAbsent(value)) {
        if (requiredHere(field) && !coveredByRule.has(field.name)) {
          report('required', key, where, value, `缺少必填字段 ${label(field)}`, `Missing required field ${where}`);
        }
        continue;
      }
      switch (field.type) {
        case 'List<JSONObject>': {
          if (!Array.isArray(value)) {
            report('type', key, where, shown(field, kindOf(value)), `${label(field)} 应为JSON数组，实际为${kindOf(value)}`, `${where} must be a list of objects, got ${kindOf(value)}`);
            break;
          }
          value.forEach((item, i) => {
            const itemAt = `${where}[${i}]`;
            if (!isObject(item)) {
              report('type', key, itemAt, kindOf(item), `${label(field)} 的第${i + 1}项应为JSON对象，实际为${kindOf(item)}`, `${itemAt} must be an object, got ${kindOf(item)}`);
            } else {
              checkObject(item, field.items ?? [], key, `${itemAt}.`);
            }
          });
          break;
        }
        case 'Integer': {
          const isInt = (typeof value === 'number' && Number.isInteger(value)) || (value instanceof JsonNumber && /^-?\d+$/.test(value.text));
          const isIntText = typeof value === 'string' && /^-?\d+$/.test(value);
          if (!isInt && !isIntText) {
            report('type', key, where, shown(field, value), `${label(field)} 应为整数，实际为${kindOf(value)}`, `${where} must be an Integer, got ${kindOf(value)}`);
            break;
          }
          if (isIntText) {
            report('stringForInteger', key, where, shown(field, value), `${label(field)} 文档类型为Integer，收到字符串`, `${where} is documented as Integer, got a string`);
          }
          const digits = (textOf(value) ?? '').replace(/^-/, '').length;
          if (field.maxLength !== null && digits > field.maxLength) {
            report('maxLength', key, where, shown(field, value), `${label(field)} 为${digits}位，超过文档最大长度${field.maxLength}`, `${where} has ${digits} digits; the spec allows at most ${field.maxLength}`);
          }
          break;
        }
        case 'JSONString': {
          if (isObject(value) || Array.isArray(value)) {
            report('objectForJsonString', key, where, shown(field, kindOf(value)), `${label(field)} 文档类型为JSONString（JSON文本），收到${kindOf(value)}`, `${where} is documented as a JSON string, got an ${kindOf(value)}`);
            break;
          }
          if (typeof value !== 'string') {
            report('type', key, where, shown(field, value), `${label(field)} 应为JSON字符串，实际为${kindOf(value)}`, `${where} must be a JSON string, got ${kindOf(value)}`);
            break;
          }
          const length = [...value].length;
          if (field.maxLength !== null && length > field.maxLength) {
            report('maxLength', key, where, shown(field, value), `${label(field)} 长度为${length}，超过文档最大长度${field.maxLength}`, `${where} is ${length} characters long; the spec allows at most ${field.maxLength}`);
          }
          try {
            JSON.parse(value);
          } catch {
            report('jsonString', key, where, shown(field, value), `${label(field)} 的内容不是有效的JSON`, `${where} does not hold valid JSON`);
          }
          break;
        }
        case 'String':
          checkString(field, key, where, value);
          break;
      }
    }

    for (const key of unknown) {
      // The meaning of an unknown key is unknown, so its value is masked like an ID (the Java
      // example's unknown cardNo is a card number, line 94).
      report(
        'unknownField', keyOf(key), atOf(key), maskValue(obj[key], 'id'),
        `字段 ${key} 不在 ${spec.id}（${spec.name}）的${tableZh}表中`,
        `Field ${key} is not in the ${spec.id} (${spec.suffix}) ${direction} table`,
      );
    }
  };

  const checkString = (field: FieldSpec, key: string, where: string, value: unknown): void => {
    const text = textOf(value);
    if (text === undefined) {
      report('type', key, where, shown(field, value), `${label(field)} 应为字符串，实际为${kindOf(value)}`, `${where} must be a String, got ${kindOf(value)}`);
      return;
    }
    if (typeof value === 'number' || value instanceof JsonNumber) {
      report(
        'numberForString', key, where, shown(field, value),
        `${label(field)} 文档类型为String，收到数字（按字符串 "${String(shown(field, text))}" 处理）`,
        `${where} is documented as String, got a number (taken as "${String(shown(field, text))}")`,
      );
    }
    const length = [...text].length;
    if (field.maxLength !== null && length > field.maxLength) {
      report(
        'maxLength', key, where, shown(field, value),
        `${label(field)} 长度为${length}，超过文档最大长度${field.maxLength}`,
        `${where} is ${length} characters long; the spec allows at most ${field.maxLength}`,
      );
    }
    if (field.enum && !field.enum.some((e) => e.value === text)) {
      const list = field.enum.map((e) => e.value);
      report(
        'enum', key, where, shown(field, value),
        `${label(field)} 的值 ${JSON.stringify(shown(field, text))} 不在取值范围内：${field.enum.map((e) => `${e.value} ${e.zh}`).join('、')}`,
        `${where} value ${JSON.stringify(shown(field, text))} is not one of ${list.join(', ')}`,
      );
    }
    if (field.format && !matchesFormat(field.format, text)) {
      const [fmtZh, fmtEn] = FORMAT_DESCRIPTION[field.format];
      report(
        'format', key, where, shown(field, value),
        `${label(field)} 的值 ${JSON.stringify(shown(field, text))} 应为${fmtZh}`,
        `${where} value ${JSON.stringify(shown(field, text))} must be ${fmtEn}`,
      );
    }
  };

  checkObject(params, direction === 'request' ? spec.request : spec.response, '', '');
  return { ok: !issues.some((i) => i.severity === 'error'), issues };
}
