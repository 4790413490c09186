/**
 * `--profile <file.json>` of `onetrans call`, `portal` and `probe`: a JSON file holding the
 * protocol profile block, either bare (`{"timestampFormat": "epochMillis"}`) or inside an object
 * with a `profile` key, so OneTrans.json itself and the output of `onetrans probe --json` can be
 * passed as they are.
 */
import { readFileSync } from 'node:fs';
import { resolveProfile, type ProfileOverrides } from '../core/profile.js';

export function readProfileFile(file: string): ProfileOverrides {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`无法读取 --profile 文件 ${file} / cannot read the --profile file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new Error(`--profile 文件不是合法的JSON：${file} / the --profile file is not valid JSON: ${file}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`--profile 文件须为JSON对象：${file} / the --profile file must hold a JSON object: ${file}`);
  }
  const block = profileBlock(parsed as Record<string, unknown>);
  // Checked here, so a typo is reported before anything is sent or served.
  resolveProfile(block);
  return block;
}

/** The profile block of a parsed --profile file: its `profile` member when it has one, else the object itself. */
export function profileBlock(parsed: Record<string, unknown>): ProfileOverrides {
  const inner = parsed.profile;
  return (inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? inner : parsed) as ProfileOverrides;
}
