// Human-readable listing of validation issues, one line each, for error details and logs.
// Values in issues are masked by the validator where the field is sensitive; the shown text is
// masked by pattern too, since an ID or phone typed into the wrong field is not caught by name.
import { maskText } from '../core/mask.js';
import type { ValidationIssue } from './types.js';

const MAX_VALUE = 60;

function showValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  const chars = [...maskText(text)];
  return chars.length > MAX_VALUE ? chars.slice(0, MAX_VALUE - 1).join('') + '…' : text;
}

/**
 * One line per issue: `[error] pushType maxLength value="HOSPITAL_PAYMENT": 中文 / English`.
 * An empty list gives ''.
 */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((i) => `[${i.severity}] ${i.field === '' ? '(params)' : i.field} ${i.rule} value=${showValue(i.value)}: ${i.message}`)
    .join('\n');
}
