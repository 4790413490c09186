/**
 * Issue 18 §1: what the library answers by itself. Every such answer is a daily-log line (the
 * runtime cannot write it: it is dead, frozen or never started), and a runtime speaking another
 * frame layout is refused before any request is written to it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstr, loadOneTrans, outText } from './koffi-lib.js';
import { ensureNativeBuild, LIB_PATH, ROOT, stageLibrary } from './helpers.js';

const RAW_BRIDGE = path.join(ROOT, 'test/native/fixtures/raw-bridge.cjs');
const staged: string[] = [];
beforeAll(async () => {
  await ensureNativeBuild({ realBridge: false });
}, 240_000);
afterAll(() => {
  for (const d of staged) rmSync(d, { recursive: true, force: true });
});

function stage(mode: Record<string, unknown> | null, config: Record<string, unknown>) {
  const files: Record<string, string> = { 'OneTrans.json': JSON.stringify(config) };
  if (mode) {
    files['onetrans-bridge.cjs'] = readFileSync(RAW_BRIDGE, 'utf8');
    files['raw-mode.json'] = JSON.stringify(mode);
  }
  const dir = stageLibrary(null, files);
  staged.push(dir);
  return { dir, lib: loadOneTrans(path.join(dir, path.basename(LIB_PATH))) };
}

const request = cstr(JSON.stringify({ data: { serverAddr: 'http://127.0.0.1:9/api/amp/hos/refund', appKey: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM', patientName: '欧阳娜娜', outRefundNo: 'R-LIB-1' }, orgId: 'H46010000000' }));

function logLines(dir: string, sub = 'logs'): string[] {
  const logs = path.join(dir, sub);
  if (!existsSync(logs)) return [];
  return readdirSync(logs).flatMap((f) => readFileSync(path.join(logs, f), 'utf8').split('\n').filter(Boolean));
}

describe('the library logs the answers it gives itself', () => {
  it('a runtime that never starts: one ERROR line by=library naming interface, orgId and outRefundNo, nothing personal', async () => {
    const { dir, lib } = stage(null, { logLevel: 'info', logDir: 'journal' });
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(request, out)).toBe('000002');
    const lines = logLines(dir, 'journal');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ERROR iface=refund orgId=H46010000000 ms=\d+ code=000002 msg=运行时无法启动 \/ the OneTrans runtime could not start.* outRefundNo=R-LIB-1 by=library$/);
    for (const secret of ['St72fYdfk6', '欧阳娜娜']) expect(lines[0]).not.toContain(secret);
  });

  it('ONETRANS_CONFIG in another folder: its relative logDir is read from that folder, as the runtime reads it', async () => {
    const { dir, lib } = stage(null, {});
    mkdirSync(path.join(dir, 'conf'));
    writeFileSync(path.join(dir, 'conf', 'site.json'), JSON.stringify({ logLevel: 'info', logDir: 'journal' }));
    process.env.ONETRANS_CONFIG = 'conf/site.json'; // relative to the library's folder
    try {
      expect(await lib.mobileTrans(request, Buffer.alloc(8192))).toBe('000002');
    } finally {
      delete process.env.ONETRANS_CONFIG;
    }
    expect(logLines(path.join(dir, 'conf'), 'journal').filter((l) => l.includes('by=library'))).toHaveLength(1);
    expect(logLines(dir, 'journal')).toEqual([]);
  });

  it('logs nothing with "logLevel": "off"', async () => {
    const { dir, lib } = stage(null, { logLevel: 'off' });
    expect(await lib.mobileTrans(request, Buffer.alloc(8192))).toBe('000002');
    expect(logLines(dir)).toEqual([]);
  });

  it('a runtime that dies with the request: 000002 naming the outRefundNo, and its line', async () => {
    const { dir, lib } = stage({ mode: 'die' }, {});
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(request, out)).toBe('000002');
    const msg = JSON.parse(outText(out)).message as string;
    expect(msg).toMatch(/^运行时在调用中退出，结果未知 \/ the OneTrans runtime exited during the call; the outcome is unknown/);
    expect(msg).toContain('call queryRefundResult with the same outRefundNo=R-LIB-1');
    expect(logLines(dir).filter((l) => l.includes('by=library') && l.includes('outRefundNo=R-LIB-1') && l.includes('code=000002'))).toHaveLength(1);
  });
});

describe('frame version', () => {
  it('a runtime announcing another frame layout is refused with 000002 "could not start", and nothing is written to it', async () => {
    const { lib } = stage({ mode: 'die', frame: 1 }, { logLevel: 'off' });
    const out = Buffer.alloc(8192);
    expect(await lib.mobileTrans(request, out)).toBe('000002');
    const msg = JSON.parse(outText(out)).message as string;
    // "die" would exit on the first request: "could not start" means none was written
    expect(msg).toMatch(/^运行时无法启动 \/ the OneTrans runtime could not start: the runtime speaks another frame version/);
    expect(msg).not.toContain('nodePath');
  });
});
