// Checks business parameters against an interface table. What is checked comes from the
// tables (src/spec/amp-hos-00N.ts); how severe each finding is in 'warn' mode comes from
// leniency.ts. This file holds no per-field decisions.
import { JsonNumber } from '../core/json-text.js';
import { SpecError } from './errors.js';
import { FORMAT_DESCRIPTION, matchesFormat } from './formats.js';
import { type Check, warnModeSeverity } from './leniency.js';
import { maskValue } from './mask.js';
import { requireInterface } from './registry.js';
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
} from './types.js';

const MODES: readonly ValidationMode[] = ['off', 'warn', 'strict'];

const RULE_OF_CHECK: Readonly<Record<Check, ValidationRule>> = {
  paramsType: 'type',
  required: 'required',
  type: 'type',
  numberForString: 'type',
  maxLength: 'maxLength',
  enum: 'enum',
  format: 'format',
  conditional: 'conditional',
  unknownField: 'unknownField',
};

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
  if ('equals' in cond) return [`${cond.field}为${cond.equals}时`, `when ${cond.field} is ${cond.equals}`];
  const actual = textOf(params[cond.field]) ?? '';
  if ('in' in cond) return [`${cond.field}为${actual}时`, `when ${cond.field} is ${actual}`];
  return [
    `${cond.field}为${actual}（非${cond.notIn.join('/')}）时`,
    `when ${cond.field} is ${actual} (not ${cond.notIn.join('/')})`,
  ];
}

/**
 * Validates `params` (the business object, without envelope or DLL settings) against the
 * request or response table of an interface.
 *
 * - 'off': no checks, always ok.
 * - 'warn' (default): every deviation is reported; those listed as warnings in leniency.ts
 *   (documented lengths, fields the spec's own examples omit, unknown keys, numbers for
 *   String) do not make the result fail.
 * - 'strict': every deviation is an error.
 *
 * All issues are collected; the validator never stops at the first one. Values of sensitive
 * fields (ID numbers, phones, names, secrets) and of unknown keys are masked in issues.
 * Throws SpecError (000105) for an unknown interface or mode.
 */
export function validate(
  iface: InterfaceSpec | string,
  params: unknown,
  mode: ValidationMode = 'warn',
  direction: Direction = 'request',
): ValidationResult {
  if (!MODES.includes(mode)) {
    throw new SpecError(`未知的校验模式 ${String(mode)}，可用 off/warn/strict`, `Unknown validation mode ${String(mode)}; use off, warn or strict`);
  }
  if (direction !== 'request' && direction !== 'response') {
    throw new SpecError(`未知的方向 ${String(direction)}，可用 request/response`, `Unknown direction ${String(direction)}; use request or response`);
  }
  if (mode === 'off') return { ok: true, issues: [] };
  const spec = typeof iface === 'string' ? requireInterface(iface) : iface;
  const tableZh = direction === 'request' ? '请求参数' : '响应参数';

  const issues: ValidationIssue[] = [];
  const report = (
    check: Check,
    field: string,
    value: unknown,
    zh: string,
    en: string,
    ruleId?: string,
  ): void => {
    const severity = mode === 'strict' ? 'error' : warnModeSeverity(spec.id, direction, field, check, ruleId);
    const issue: ValidationIssue = { field, rule: RULE_OF_CHECK[check], value, message: `${zh} / ${en}`, severity };
    issues.push(ruleId === undefined ? issue : { ...issue, ruleId });
  };

  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    // A string here is often the whole request as unparsed JSON, ID numbers included.
    const value = typeof params === 'string' || Array.isArray(params) ? maskValue(params, 'id') : params;
    report(
      'paramsType', '', value,
      `${spec.id} ${tableZh}必须是JSON对象，实际为${kindOf(params)}`,
      `${spec.id} ${direction} parameters must be a JSON object, got ${kindOf(params)}`,
    );
    return { ok: false, issues };
  }
  const obj = params as Record<string, unknown>;
  const table: readonly FieldSpec[] = direction === 'request' ? spec.request : spec.response;
  const byName = new Map(table.map((f) => [f.name, f]));
  const shown = (field: FieldSpec | undefined, value: unknown): unknown =>
    field?.sensitive ? maskValue(value, field.sensitive) : value;

  // Conditional rules first: a field that a rule requires is reported once, by the rule,
  // instead of also as a plain 'required' miss.
  const coveredByRule = new Set<string>();
  const rules: readonly ConditionalRule[] = spec.rules.filter((r) => r.direction === direction);
  for (const rule of rules) {
    if (!conditionMatches(rule.when, obj)) continue;
    const target = rule.then.field;
    const field = byName.get(target);
    const name = field ? label(field) : target;
    const value = obj[target];
    const [condZh, condEn] = describeCondition(rule.when, obj);
    if ('required' in rule.then && isAbsent(value)) {
      coveredByRule.add(target);
      report('conditional', target, shown(field, value), `${condZh}必须填写 ${name}（${rule.note}）`, `${target} is required ${condEn}`, rule.id);
    } else if ('forbidden' in rule.then && !isAbsent(value)) {
      report('conditional', target, shown(field, value), `${condZh}不允许传入 ${name}（${rule.note}）`, `${target} is not allowed ${condEn}`, rule.id);
    }
  }

  for (const field of table) {
    const value = obj[field.name];
    if (isAbsent(value)) {
      if (field.required && !coveredByRule.has(field.name)) {
        report('required', field.name, value, `缺少必填字段 ${label(field)}`, `Missing required field ${field.name}`);
      }
      continue;
    }
    const text = textOf(value);
    if (text === undefined) {
      report('type', field.name, shown(field, value), `${label(field)} 应为字符串，实际为${kindOf(value)}`, `${field.name} must be a String, got ${kindOf(value)}`);
      continue;
    }
    if (typeof value === 'number' || value instanceof JsonNumber) {
      report(
        'numberForString', field.name, shown(field, value),
        `${label(field)} 文档类型为String，收到数字（按字符串 "${String(shown(field, text))}" 处理）`,
        `${field.name} is documented as String, got a number (taken as "${String(shown(field, text))}")`,
      );
    }
    const length = [...text].length;
    if (field.maxLength !== null && length > field.maxLength) {
      report(
        'maxLength', field.name, shown(field, value),
        `${label(field)} 长度为${length}，超过文档最大长度${field.maxLength}`,
        `${field.name} is ${length} characters long; the spec allows at most ${field.maxLength}`,
      );
    }
    if (field.enum && !field.enum.some((e) => e.value === text)) {
      const list = field.enum.map((e) => e.value);
      report(
        'enum', field.name, shown(field, value),
        `${label(field)} 的值 ${JSON.stringify(shown(field, text))} 不在取值范围内：${field.enum.map((e) => `${e.value} ${e.zh}`).join('、')}`,
        `${field.name} value ${JSON.stringify(shown(field, text))} is not one of ${list.join(', ')}`,
      );
    }
    if (field.format && !matchesFormat(field.format, text)) {
      const [fmtZh, fmtEn] = FORMAT_DESCRIPTION[field.format];
      report(
        'format', field.name, shown(field, value),
        `${label(field)} 的值 ${JSON.stringify(shown(field, text))} 应为${fmtZh}`,
        `${field.name} value ${JSON.stringify(shown(field, text))} must be ${fmtEn}`,
      );
    }
  }

  for (const key of Object.keys(obj)) {
    if (byName.has(key)) continue;
    // The meaning of an unknown key is unknown, so its value is masked like an ID (the Java
    // example's unknown cardNo is a card number, line 94).
    report(
      'unknownField', key, maskValue(obj[key], 'id'),
      `字段 ${key} 不在 ${spec.id}（${spec.name}）的${tableZh}表中`,
      `Field ${key} is not in the ${spec.id} (${spec.suffix}) ${direction} table`,
    );
  }

  return { ok: !issues.some((i) => i.severity === 'error'), issues };
}
