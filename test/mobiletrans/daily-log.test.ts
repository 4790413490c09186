// The daily log keeps the day's file open: one descriptor however many calls, a new file (and
// the old one closed) when the CST date changes, and every line in the file when write()
// returns.
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DailyLog, Masked } from '../../src/mobiletrans/log.js';
import { requestRedactor } from '../../src/spec/sensitive-fields.js';

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function logDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'onetrans-daily-log-'));
  dirs.push(d);
  return path.join(d, 'logs');
}

/** The files this process holds open (Linux). */
function openFiles(): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      out.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed while listed (the listing's own descriptor)
    }
  }
  return out;
}

describe('DailyLog', () => {
  it('writes every line to the day’s file through one open descriptor', () => {
    const dir = logDir();
    const log = new DailyLog(dir, 'info');
    for (let i = 0; i < 200; i++) log.write('info', { call: 'pushMsg', n: i });
    const [file, ...others] = readdirSync(dir);
    expect(others).toEqual([]);
    const lines = readFileSync(path.join(dir, file!), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(200);
    expect(lines[199]).toMatch(/ INFO call=pushMsg n=199$/);
    if (process.platform === 'linux') {
      expect(openFiles().filter((p) => p.startsWith(dir))).toEqual([path.join(dir, file!)]);
    }
    log.close();
    if (process.platform === 'linux') expect(openFiles().filter((p) => p.startsWith(dir))).toEqual([]);
  });

  it('moves to a new file when the CST date changes, closing the old one', () => {
    const dir = logDir();
    const log = new DailyLog(dir, 'info');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T15:59:59.000Z')); // 23:59:59 CST
    log.write('info', { call: 'first' });
    vi.setSystemTime(new Date('2026-03-01T16:00:01.000Z')); // 00:00:01 CST, the next day
    log.write('info', { call: 'second' });
    expect(readdirSync(dir).sort()).toEqual(['onetrans-20260301.log', 'onetrans-20260302.log']);
    expect(readFileSync(path.join(dir, 'onetrans-20260301.log'), 'utf8')).toMatch(/call=first\n$/);
    expect(readFileSync(path.join(dir, 'onetrans-20260302.log'), 'utf8')).toMatch(/^2026-03-02 00:00:01 INFO call=second\n$/);
    if (process.platform === 'linux') {
      expect(openFiles().filter((p) => p.startsWith(dir))).toEqual([path.join(dir, 'onetrans-20260302.log')]);
    }
    log.close();
  });

  it('masks each field by the call’s redactor, except what was masked where it was made; every field on one line, bounded', () => {
    const dir = logDir();
    const log = new DailyLog(dir, 'info');
    const redactor = requestRedactor({ data: { patientName: '欧阳娜娜', appKey: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM' } });
    log.write(
      'info',
      {
        iface: 'pushMsg/欧阳娜娜',
        orgId: 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM',
        phone: 'call 13907551234',
        msg: new Masked('患者欧*** 参数\n不合法'),
        code: new Masked('000105'),
        long: 'x'.repeat(500),
      },
      redactor,
    );
    const line = readFileSync(path.join(dir, readdirSync(dir)[0]!), 'utf8');
    expect(line).toMatch(/ INFO iface=pushMsg\/欧\*\*\* orgId=\*\*\*\*\*\* phone=call 139\*\*\*\*1234 msg=患者欧\*\*\* 参数 不合法 code=000105 long=x{120}…\(\+380\)\n$/);
    log.close();
  });

  it('a folder that cannot be made costs one warning, never a failed call, and is tried again', () => {
    const base = logDir();
    const blocker = path.dirname(base);
    const dir = path.join(blocker, 'file-not-folder', 'logs');
    writeFileSync(path.join(blocker, 'file-not-folder'), 'x');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = new DailyLog(dir, 'info');
    expect(() => log.write('info', { call: 'a' })).not.toThrow();
    expect(() => log.write('info', { call: 'b' })).not.toThrow();
    expect(stderr.mock.calls.filter(([t]) => String(t).includes('cannot write log'))).toHaveLength(1);
    stderr.mockRestore();
    rmSync(path.join(blocker, 'file-not-folder'));
    log.write('info', { call: 'c' });
    expect(existsSync(dir)).toBe(true);
    expect(readFileSync(path.join(dir, readdirSync(dir)[0]!), 'utf8')).toMatch(/call=c\n$/);
    log.close();
  });
});
