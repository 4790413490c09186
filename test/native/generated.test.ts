/**
 * The C side of the shared tables is generated (scripts/gen-native-tables.mjs) and committed:
 * native/error-table.gen.{h,c} from native/error-messages.json (the GBK column made with
 * iconv-lite) and native/limits.gen.h from src/core/limits.json. These fail while a
 * generated file is stale, and prove the check itself can fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import * as limits from '../../src/core/limits.js';
import { ROOT } from './helpers.js';

const SCRIPT = path.join(ROOT, 'scripts/gen-native-tables.mjs');
const FILES = ['native/error-messages.json', 'src/core/limits.json', 'native/error-table.gen.h', 'native/error-table.gen.c', 'native/limits.gen.h'];
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function copyOfRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'onetrans-gen-'));
  temps.push(dir);
  for (const f of FILES) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    cpSync(path.join(ROOT, f), path.join(dir, f));
  }
  return dir;
}

const check = (root: string) => spawnSync(process.execPath, [SCRIPT, '--check', '--root', root], { encoding: 'utf8' });

describe('generated C tables', () => {
  it('are up to date in the repository', () => {
    const r = check(ROOT);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('are reported stale when a message changes and rewritten by the script', () => {
    const dir = copyOfRepo();
    const file = path.join(dir, 'native/error-messages.json');
    const table = JSON.parse(readFileSync(file, 'utf8'));
    table.messages[0].zh = '入参为空值';
    writeFileSync(file, JSON.stringify(table));
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('native/error-table.gen.c is stale');
    execFileSync(process.execPath, [SCRIPT, '--root', dir]);
    expect(check(dir).status).toBe(0);
    // the regenerated GBK column holds the new text's GBK bytes
    const gbkHex = [...iconv.encode('入参为空值', 'gbk')].map((b) => `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    expect(readFileSync(path.join(dir, 'native/error-table.gen.c'), 'utf8')).toContain(gbkHex);
  });

  it('are reported stale when a limit changes', () => {
    const dir = copyOfRepo();
    const file = path.join(dir, 'src/core/limits.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), maxRequestPayload: 1024 }));
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('native/limits.gen.h is stale');
  });

  it('give C the same limits as TypeScript', () => {
    const h = readFileSync(path.join(ROOT, 'native/limits.gen.h'), 'utf8');
    const def = (name: string) => h.match(new RegExp(`#define ${name} (\\S+)`))?.[1];
    expect(def('OT_DEFAULT_CAPACITY')).toBe(`${limits.DEFAULT_CAPACITY}u`);
    expect(def('OT_MAX_REQUEST_PAYLOAD')).toBe(`${limits.MAX_REQUEST_PAYLOAD}u`);
    expect(def('OT_MAX_REPLY_PAYLOAD')).toBe(`${limits.MAX_REPLY_PAYLOAD}u`);
    expect(def('OT_WAIT_MARGIN_MS')).toBe(`${limits.WAIT_MARGIN_MS}u`);
    expect(def('OT_MAX_WAIT_MS')).toBe(`${limits.MAX_WAIT_MS}u`);
    expect(def('OT_MIN_NODE_VERSION')).toBe(JSON.stringify(limits.MIN_NODE_VERSION));
    expect(def('OT_FRAME_VERSION')).toBe(`${limits.FRAME_VERSION}u`);
  });
});
