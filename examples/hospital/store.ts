/**
 * Where the reference HIS keeps its books: in memory, and in a JSON file when one is named.
 *
 * Every change is written at once to `<file>.<pid>.tmp`, flushed to disk, then renamed over the
 * file: a rename is atomic, so a crash mid-write leaves either the old books or the new ones,
 * never half a file. A real HIS uses its database's transaction for the same guarantee.
 *
 * A process killed mid-write leaves its temporary behind, and it holds the whole books (names,
 * ID numbers). Opening the books removes every `<file>.<pid>.tmp` left there, and nothing else:
 * the books belong to one process at a time. Both files are readable by their owner only.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cstTimestamp } from '../../src/core/index.js';
import { seedData, type DemoData } from './data.js';

export class DemoDataError extends Error {
  readonly code = 'onetrans.hospital.data';
  constructor(zh: string, en: string) {
    super(`${zh} / ${en}`);
    this.name = 'DemoDataError';
  }
}

const LISTS = ['patients', 'bills', 'settlements', 'preorders'] as const;

/** The temporary `save` writes: `<file>.<pid>.tmp`. */
const tmpName = (file: string, pid: number) => `${file}.${pid}.tmp`;

/** Removes the temporaries a killed process left beside `file` (only names `save` makes). */
function removeStaleTemporaries(file: string): void {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no directory yet: nothing left behind
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^\d+\.tmp$/.test(name.slice(prefix.length))) continue;
    rmSync(join(dir, name), { force: true });
  }
}

/** Checks the shape of loaded books (a hand-edited file may be wrong); never quotes the content. */
function checkData(raw: unknown, file: string): DemoData {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DemoDataError(`数据文件 ${file} 须为JSON对象`, `data file ${file} must hold a JSON object`);
  }
  const d = raw as Record<string, unknown>;
  if (d.version !== 1) throw new DemoDataError(`数据文件 ${file} 的 version 须为 1`, `data file ${file}: version must be 1`);
  if (typeof d.org_code !== 'string' || !d.org_code) throw new DemoDataError(`数据文件 ${file} 缺少 org_code`, `data file ${file}: org_code is missing`);
  for (const k of LISTS) {
    if (d[k] === undefined) d[k] = [];
    if (!Array.isArray(d[k])) throw new DemoDataError(`数据文件 ${file} 的 ${k} 须为数组`, `data file ${file}: ${k} must be an array`);
  }
  for (const [i, p] of (d.patients as Record<string, unknown>[]).entries()) {
    if (typeof p?.cert_no !== 'string' || !Array.isArray(p.cards) || p.cards.length === 0 || !Number.isSafeInteger(p.balance_fen)) {
      throw new DemoDataError(
        `数据文件 ${file} 的 patients[${i}] 须有 cert_no、cards（至少一张）和整数 balance_fen`,
        `data file ${file}: patients[${i}] needs cert_no, cards (at least one) and an integer balance_fen`,
      );
    }
  }
  d.seq = Number.isSafeInteger(d.seq) ? d.seq : 0;
  d.org_name = typeof d.org_name === 'string' ? d.org_name : d.org_code;
  return d as unknown as DemoData;
}

export class DemoStore {
  private constructor(
    readonly data: DemoData,
    readonly file: string | undefined,
  ) {}

  /** Books in memory only, freshly seeded. */
  static memory(data: DemoData = seedData()): DemoStore {
    return new DemoStore(data, undefined);
  }

  /**
   * Opens `file`: loads it when it exists, otherwise seeds new books and creates it.
   * A settlement found in progress (the process stopped between accepting and committing it)
   * never committed, so it is recorded as failed and its bill is payable again.
   */
  static open(file: string, org_code?: string): DemoStore {
    removeStaleTemporaries(file);
    let data: DemoData;
    if (existsSync(file)) {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      } catch (e) {
        const why = e instanceof SyntaxError ? '不是合法的JSON / not valid JSON' : (e as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new DemoDataError(`无法读取数据文件 ${file}（${why}）`, `cannot read data file ${file} (${why})`);
      }
      data = checkData(raw, file);
    } else {
      data = seedData(org_code);
    }
    const store = new DemoStore(data, file);
    let changed = !existsSync(file);
    for (const s of data.settlements) {
      if (s.result !== 'exp') continue;
      s.result = 'fail';
      s.ret_msg = '结算未完成（HIS重启前未提交），未扣费';
      s.finished = cstTimestamp();
      const bill = data.bills.find((b) => b.org_trace_no === s.org_trace_no);
      if (bill?.state === 'settling') bill.state = 'unsettled';
      changed = true;
    }
    if (changed) store.save();
    return store;
  }

  /** Writes the books (no-op in memory): temporary file, fsync, rename. */
  save(): void {
    if (!this.file) return;
    const tmp = tmpName(this.file, process.pid);
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(this.data, null, 1));
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw e;
    }
    closeSync(fd);
    renameSync(tmp, this.file);
  }
}
