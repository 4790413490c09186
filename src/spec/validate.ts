// Checks business parameters against an interface table. What is checked comes from the
// tables (src/spec/amp-hos-00N.ts, src/spec/org-00N.ts); how severe each finding is in 'warn'
// mode comes from leniency.ts. This file holds no per-field decisions.
//
// Each table is compiled once (per interface and direction) into a checker: the name index,
// each field's dotted key and label, enum sets and the conditional rules of each nested list
// are built on first use and kept; a request then costs one pass over its keys and one over
// the table, and text (paths with indices, messages) is built only when an issue is reported.
import { JsonNumber } from '../core/json-text.js';
import { SpecError } from './errors.js';
import { FORMAT_DESCRIPTION, matchesFormat } from './formats.js';
import { type Check, warnModeSeverity } from './leniency.js';
import { maskText, maskValue } from '../core/mask.js';
import { findOrgInterface } from './org-registry.js';
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

/** Code points, as the spec counts 最大长度; a text never has more of them than UTF-16 units. */
function codePoints(text: string): number {
  // UTF-16 units less the low halves of surrogate pairs, as [...text] counts, without the array.
  let n = text.length;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const p = text.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// --- the compiled form of a table ----------------------------------------------------------

/** What a plain object yields for a key it does not hold (undefined, bar Object.prototype's names). */
const NOTHING: Readonly<Record<string, unknown>> = {};

interface CompiledField {
  readonly spec: FieldSpec;
  // The row's own properties, copied: rows are literals of many shapes (some have enum, format,
  // items, sensitive), so reading them on the row is a megamorphic load on every field of every
  // request; every CompiledField has the one shape.
  readonly name: string;
  readonly type: FieldSpec['type'];
  readonly required: boolean;
  readonly maxLength: number;
  readonly format: FieldSpec['format'] | undefined;
  readonly sensitive: FieldSpec['sensitive'] | undefined;
  /** Where its value is held: the row's index, or the last row of the same name (which wins). */
  readonly slot: number;
  /** The dotted key without indices: what rules and leniency entries name. */
  readonly key: string;
  /** `name（中文）`, as messages show it. */
  readonly label: string;
  readonly enumValues: ReadonlySet<string> | undefined;
  /** For List<JSONObject>: the compiled item table. */
  readonly items: CompiledTable | undefined;
}

interface CompiledRule {
  readonly rule: ConditionalRule;
  readonly target: string;
  /** The target's dotted key without indices. */
  readonly key: string;
  readonly targetField: CompiledField | undefined;
  /** The field the condition reads, when it is one of this table's (not `of: 'request'`). */
  readonly condField: CompiledField | undefined;
  readonly required: boolean;
  readonly forbidden: boolean;
}

interface CompiledTable {
  readonly source: readonly FieldSpec[];
  readonly scope: string;
  readonly fields: readonly CompiledField[];
  readonly byName: ReadonlyMap<string, CompiledField>;
  /** The rules of this direction whose scope is this table. */
  readonly rules: readonly CompiledRule[];
  /** What each field reads as before any key is seen (see NOTHING). */
  readonly blank: readonly unknown[];
  /** The rule list the table was compiled with (a recompile if the spec's changes). */
  readonly rulesOf: readonly ConditionalRule[];
  /**
   * The keys of the last object checked and the field of each (undefined: not a table name).
   * Objects parsed from the same client's JSON have the same keys in the same order: comparing
   * the key list (one pointer comparison a key) replaces a Map lookup a key.
   */
  lastKeys: readonly string[];
  lastLayout: readonly (CompiledField | undefined)[];
}

function compileTable(spec: InterfaceSpec, direction: Direction, table: readonly FieldSpec[], scope: string): CompiledTable {
  const keyOf = (name: string) => (scope === '' ? name : `${scope}.${name}`);
  const last = new Map(table.map((f, index) => [f.name, index]));
  const fields = table.map((f): CompiledField => ({
    spec: f,
    name: f.name,
    type: f.type,
    required: f.required,
    maxLength: f.maxLength ?? -1,
    format: f.format,
    sensitive: f.sensitive,
    slot: last.get(f.name)!,
    key: keyOf(f.name),
    label: `${f.name}（${f.zh}）`,
    enumValues: f.enum ? new Set(f.enum.map((e) => e.value)) : undefined,
    items: f.type === 'List<JSONObject>' ? compileTable(spec, direction, f.items ?? [], keyOf(f.name)) : undefined,
  }));
  // Later rows win on a repeated name, as they did in a Map built from the rows.
  const byName = new Map(fields.map((f) => [f.spec.name, f]));
  const rules = spec.rules
    .filter((r) => r.direction === direction && (r.scope ?? '') === scope)
    .map((rule): CompiledRule => ({
      rule,
      target: rule.then.field,
      key: keyOf(rule.then.field),
      targetField: byName.get(rule.then.field),
      condField: rule.when.of === 'request' ? undefined : byName.get(rule.when.field),
      required: 'required' in rule.then,
      forbidden: 'forbidden' in rule.then,
    }));
  return {
    source: table, scope, fields, byName, rules, blank: fields.map((f) => NOTHING[f.name]), rulesOf: spec.rules, lastKeys: [], lastLayout: [],
  };
}

const compiled = new WeakMap<InterfaceSpec, { request?: CompiledTable; response?: CompiledTable }>();

/** The checker of one table, compiled on first use (tables are data: they are not changed afterwards). */
function checkerOf(spec: InterfaceSpec, direction: Direction): CompiledTable {
  let entry = compiled.get(spec);
  if (!entry) compiled.set(spec, (entry = {}));
  const table = direction === 'request' ? spec.request : spec.response;
  let checker = entry[direction];
  if (!checker || checker.source !== table || checker.rulesOf !== spec.rules) {
    checker = compileTable(spec, direction, table, '');
    entry[direction] = checker;
  }
  return checker;
}

/** The field of each key (see CompiledTable.lastKeys). */
function layoutOf(table: CompiledTable, keys: readonly string[]): readonly (CompiledField | undefined)[] {
  const last = table.lastKeys;
  if (last.length === keys.length) {
    let same = true;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== last[i]) {
        same = false;
        break;
      }
    }
    if (same) return table.lastLayout;
  }
  const layout = keys.map((key) => table.byName.get(key));
  table.lastKeys = keys;
  table.lastLayout = layout;
  return layout;
}

// --- one validation ------------------------------------------------------------------------

/** The state of one validate() call. */
class Run {
  readonly issues: ValidationIssue[] = [];
  constructor(
    readonly spec: InterfaceSpec,
    readonly mode: 'warn' | 'strict',
    readonly direction: Direction,
    readonly tableZh: string,
    readonly request: Record<string, unknown> | undefined,
    readonly failure: boolean,
  ) {}

  report(check: Check, key: string, field: string, value: unknown, zh: string, en: string, ruleId?: string): void {
    const severity = this.mode === 'strict' ? 'error' : warnModeSeverity(this.spec.id, this.direction, key, check, ruleId);
    const rule = RULE_OF_CHECK[check];
    const message = `${zh} / ${en}`;
    // Two literals, not a spread plus a key: that would give each issue a hidden class of its own.
    this.issues.push(ruleId === undefined ? { field, rule, value, message, severity } : { field, rule, value, message, severity, ruleId });
  }

  /**
   * One object against one compiled table. `at` is the path with indices of the object
   * ('unsettlelist[0].'), what issues show.
   */
  checkObject(obj: Record<string, unknown>, table: CompiledTable, at: string): void {
    const { byName, fields } = table;
    // The object's values by table row; keys that differ from a table name only by
    // surrounding spaces (the spec's own examples send "diag_dept " and "drug_medc_way_code ")
    // count as that field, reported once.
    const values = table.blank.slice();
    const keys = Object.keys(obj);
    // One builtin call for every value, in the keys' order: no keyed load a key.
    const given = Object.values(obj);
    const layout = layoutOf(table, keys);
    let unknown: string[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      const field = layout[i];
      if (field !== undefined) {
        values[field.slot] = given[i];
        continue;
      }
      const key = keys[i]!;
      const trimmed = key.trim();
      const spaced = trimmed !== key ? byName.get(trimmed) : undefined;
      if (spaced !== undefined && !(trimmed in obj)) {
        const value = given[i];
        values[spaced.slot] = value;
        this.report(
          'keySpelling', spaced.key, at + trimmed, shown(spaced, value),
          `键名 ${JSON.stringify(key)} 含多余空白，按 ${trimmed} 处理`,
          `key ${JSON.stringify(key)} has stray whitespace; taken as ${trimmed}`,
        );
      } else {
        (unknown ??= []).push(key);
      }
    }

    // Conditional rules first: a field that a rule requires is reported once, by the rule,
    // instead of also as a plain 'required' miss (and once even when two rules require it).
    let coveredByRule: Set<string> | undefined;
    if (!this.failure) {
      for (const r of table.rules) {
        const cond = r.rule.when;
        let raw: unknown;
        if (cond.of === 'request') {
          if (this.request === undefined) continue;
          raw = this.request[cond.field];
        } else {
          raw = r.condField !== undefined ? values[r.condField.slot] : NOTHING[cond.field];
        }
        if (!conditionMatches(cond, raw)) continue;
        const target = r.target;
        const value = r.targetField !== undefined ? values[r.targetField.slot] : NOTHING[target];
        if (r.required && isAbsent(value)) {
          if (coveredByRule?.has(target)) continue;
          (coveredByRule ??= new Set()).add(target);
          const [condZh, condEn] = describeCondition(cond, raw);
          report(this, r, at, value, `${condZh}必须填写 ${nameOf(r)}（${r.rule.note}）`, `${target} is required ${condEn}`);
        } else if (r.forbidden && !isAbsent(value)) {
          const [condZh, condEn] = describeCondition(cond, raw);
          report(this, r, at, value, `${condZh}不允许传入 ${nameOf(r)}（${r.rule.note}）`, `${target} is not allowed ${condEn}`);
        }
      }
    }

    const topFailure = this.failure && table.scope === '';
    for (const field of fields) {
      const value = values[field.slot];
      if (isAbsent(value)) {
        const required = topFailure ? this.spec.failureResponse!.required.includes(field.name) : field.required;
        if (required && !coveredByRule?.has(field.name)) {
          const where = at + field.name;
          this.report('required', field.key, where, value, `缺少必填字段 ${field.label}`, `Missing required field ${where}`);
        }
        continue;
      }
      switch (field.type) {
        case 'String':
          this.checkString(field, at, value);
          break;
        case 'List<JSONObject>':
          this.checkList(field, at, value);
          break;
        case 'Integer':
          this.checkInteger(field, at, value);
          break;
        case 'JSONString':
          this.checkJsonString(field, at, value);
          break;
      }
    }

    if (unknown === undefined) return;
    for (const key of unknown) {
      // The meaning of an unknown key is unknown, so its value is masked like an ID (the Java
      // example's unknown cardNo is a card number, line 94).
      const spec = this.spec;
      this.report(
        'unknownField', table.scope === '' ? key : `${table.scope}.${key}`, at + key, maskValue(obj[key], 'id'),
        `字段 ${key} 不在 ${spec.id}（${spec.name}）的${this.tableZh}表中`,
        `Field ${key} is not in the ${spec.id} (${spec.suffix}) ${this.direction} table`,
      );
    }
  }

  checkList(field: CompiledField, at: string, value: unknown): void {
    const { key, label } = field;
    const where = at + field.spec.name;
    if (!Array.isArray(value)) {
      this.report('type', key, where, shown(field, kindOf(value)), `${label} 应为JSON数组，实际为${kindOf(value)}`, `${where} must be a list of objects, got ${kindOf(value)}`);
      return;
    }
    const items = field.items!;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (!isObject(item)) {
        const itemAt = `${where}[${i}]`;
        this.report('type', key, itemAt, kindOf(item), `${label} 的第${i + 1}项应为JSON对象，实际为${kindOf(item)}`, `${itemAt} must be an object, got ${kindOf(item)}`);
      } else {
        this.checkObject(item, items, `${where}[${i}].`);
      }
    }
  }

  checkInteger(field: CompiledField, at: string, value: unknown): void {
    const { key, label, spec } = field;
    const isInt = (typeof value === 'number' && Number.isInteger(value)) || (value instanceof JsonNumber && /^-?\d+$/.test(value.text));
    const isIntText = typeof value === 'string' && /^-?\d+$/.test(value);
    if (!isInt && !isIntText) {
      const where = at + spec.name;
      this.report('type', key, where, shown(field, value), `${label} 应为整数，实际为${kindOf(value)}`, `${where} must be an Integer, got ${kindOf(value)}`);
      return;
    }
    if (isIntText) {
      const where = at + spec.name;
      this.report('stringForInteger', key, where, shown(field, value), `${label} 文档类型为Integer，收到字符串`, `${where} is documented as Integer, got a string`);
    }
    if (spec.maxLength === null) return;
    const digits = (textOf(value) ?? '').replace(/^-/, '').length;
    if (digits > spec.maxLength) {
      const where = at + spec.name;
      this.report('maxLength', key, where, shown(field, value), `${label} 为${digits}位，超过文档最大长度${spec.maxLength}`, `${where} has ${digits} digits; the spec allows at most ${spec.maxLength}`);
    }
  }

  checkJsonString(field: CompiledField, at: string, value: unknown): void {
    const { key, label, spec } = field;
    const where = at + spec.name;
    if (isObject(value) || Array.isArray(value)) {
      this.report('objectForJsonString', key, where, shown(field, kindOf(value)), `${label} 文档类型为JSONString（JSON文本），收到${kindOf(value)}`, `${where} is documented as a JSON string, got an ${kindOf(value)}`);
      return;
    }
    if (typeof value !== 'string') {
      this.report('type', key, where, shown(field, value), `${label} 应为JSON字符串，实际为${kindOf(value)}`, `${where} must be a JSON string, got ${kindOf(value)}`);
      return;
    }
    if (field.maxLength >= 0 && value.length > field.maxLength) {
      const length = codePoints(value);
      if (length > field.maxLength) {
        this.report('maxLength', key, where, shown(field, value), `${label} 长度为${length}，超过文档最大长度${spec.maxLength}`, `${where} is ${length} characters long; the spec allows at most ${spec.maxLength}`);
      }
    }
    try {
      JSON.parse(value);
    } catch {
      this.report('jsonString', key, where, shown(field, value), `${label} 的内容不是有效的JSON`, `${where} does not hold valid JSON`);
    }
  }

  checkString(field: CompiledField, at: string, value: unknown): void {
    const { key, label, spec } = field;
    const text = textOf(value);
    if (text === undefined) {
      const where = at + spec.name;
      this.report('type', key, where, shown(field, value), `${label} 应为字符串，实际为${kindOf(value)}`, `${where} must be a String, got ${kindOf(value)}`);
      return;
    }
    if (typeof value !== 'string') {
      const where = at + spec.name;
      this.report(
        'numberForString', key, where, shown(field, value),
        `${label} 文档类型为String，收到数字（按字符串 "${String(shown(field, text))}" 处理）`,
        `${where} is documented as String, got a number (taken as "${String(shown(field, text))}")`,
      );
    }
    if (field.maxLength >= 0 && text.length > field.maxLength) {
      const length = codePoints(text);
      if (length > field.maxLength) {
        const where = at + spec.name;
        this.report(
          'maxLength', key, where, shown(field, value),
          `${label} 长度为${length}，超过文档最大长度${spec.maxLength}`,
          `${where} is ${length} characters long; the spec allows at most ${spec.maxLength}`,
        );
      }
    }
    if (field.enumValues !== undefined && !field.enumValues.has(text)) {
      const where = at + spec.name;
      const [listZh, listEn] = enumLists(spec);
      this.report(
        'enum', key, where, shown(field, value),
        `${label} 的值 ${JSON.stringify(shown(field, text))} 不在取值范围内：${listZh}`,
        `${where} value ${JSON.stringify(shown(field, text))} is not one of ${listEn}`,
      );
    }
    if (field.format !== undefined && !matchesFormat(field.format, text)) {
      const where = at + spec.name;
      const [fmtZh, fmtEn] = FORMAT_DESCRIPTION[field.format];
      this.report(
        'format', key, where, shown(field, value),
        `${label} 的值 ${JSON.stringify(shown(field, text))} 应为${fmtZh}`,
        `${where} value ${JSON.stringify(shown(field, text))} must be ${fmtEn}`,
      );
    }
  }
}

/**
 * A dictionary's values as an enum issue lists them ("01 门诊、02 住院", "01, 02"), joined once per
 * row: the spec's own examples draw an enum warning on every request.
 */
const enumText = new WeakMap<FieldSpec, readonly [string, string]>();
function enumLists(spec: FieldSpec): readonly [string, string] {
  let lists = enumText.get(spec);
  if (lists === undefined) {
    lists = [spec.enum!.map((e) => `${e.value} ${e.zh}`).join('、'), spec.enum!.map((e) => e.value).join(', ')];
    enumText.set(spec, lists);
  }
  return lists;
}

/** A conditional rule's issue. */
function report(run: Run, r: CompiledRule, at: string, value: unknown, zh: string, en: string): void {
  run.report('conditional', r.key, at + r.target, shown(r.targetField, value), zh, en, r.rule.id);
}

function nameOf(r: CompiledRule): string {
  return r.targetField ? r.targetField.label : r.target;
}

// A sensitive field is masked by name; any other text by pattern, since an ID or phone typed
// into the wrong field (a phone as pushType) is not caught by name.
function shown(field: CompiledField | undefined, value: unknown): unknown {
  const sensitive = field?.sensitive;
  return sensitive ? maskValue(value, sensitive) : typeof value === 'string' ? maskText(value) : value;
}

function conditionMatches(cond: RuleCondition, raw: unknown): boolean {
  if (isAbsent(raw)) return false;
  const text = textOf(raw);
  if (text === undefined) return false;
  if ('equals' in cond) return text === cond.equals;
  if ('in' in cond) return cond.in.includes(text);
  return !cond.notIn.includes(text);
}

function describeCondition(cond: RuleCondition, raw: unknown): [string, string] {
  const [ofZh, ofEn] = cond.of === 'request' ? ['请求的', 'the request’s '] : ['', ''];
  if ('equals' in cond) return [`${ofZh}${cond.field}为${cond.equals}时`, `when ${ofEn}${cond.field} is ${cond.equals}`];
  const actual = textOf(raw) ?? '';
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
export function validate(
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

  if (!isObject(params)) {
    const run = new Run(spec, mode, direction, tableZh, request, false);
    // A string here is often the whole request as unparsed JSON, ID numbers included.
    const value = typeof params === 'string' || Array.isArray(params) ? maskValue(params, 'id') : params;
    run.report(
      'paramsType', '', '', value,
      `${spec.id} ${tableZh}必须是JSON对象，实际为${kindOf(params)}`,
      `${spec.id} ${direction} parameters must be a JSON object, got ${kindOf(params)}`,
    );
    return { ok: false, issues: run.issues };
  }

  const failure = direction === 'response' && spec.failureResponse !== undefined
    && !isAbsent(params[spec.failureResponse.field])
    && textOf(params[spec.failureResponse.field]) !== spec.failureResponse.success;

  const run = new Run(spec, mode, direction, tableZh, request, failure);
  run.checkObject(params, checkerOf(spec, direction), '');
  let ok = true;
  for (const issue of run.issues) if (issue.severity === 'error') ok = false;
  return { ok, issues: run.issues };
}
