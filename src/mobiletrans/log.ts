import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cstTimestamp } from '../core/time.js';
import { shown } from '../core/mask.js';

export type LogLevel = 'off' | 'error' | 'info' | 'debug' | 'trace';
const RANK: Record<LogLevel, number> = { off: 0, error: 1, info: 2, debug: 3, trace: 4 };
/** Longest value of one field in a line; messages, config problems and wire-trace lines get more room. */
const MAX_FIELD_CHARS = 120;
const ROOM: Readonly<Record<string, number>> = { msg: 600, problem: 600, trace: 4000 };

/**
 * The daily log beside the library: `logs/onetrans-YYYYMMDD.log` (CST dates). Writing is
 * best-effort: a folder that cannot be written costs one line on stderr, never a failed call.
 * Lines are written synchronously, before the call's answer goes out: the runtime is killed the
 * moment its host exits, and a one-shot program must not lose the line of its only call.
 */
export class DailyLog {
  readonly dir: string;
  readonly level: LogLevel;
  #madeDir = false;
  #warned = false;

  constructor(dir: string, level: LogLevel) {
    this.dir = dir;
    this.level = level;
  }

  enabled(level: Exclude<LogLevel, 'off'>): boolean {
    return RANK[this.level] >= RANK[level];
  }

  fileFor(date = new Date()): string {
    return join(this.dir, `onetrans-${cstTimestamp(date).slice(0, 10).replace(/-/g, '')}.log`);
  }

  /**
   * Appends one line. Every field is masked again here, whatever the caller did, and bounded
   * (a 10 MB serverAddr must not make a 10 MB line).
   */
  write(level: Exclude<LogLevel, 'off'>, fields: Record<string, string | number | undefined>): void {
    if (!this.enabled(level)) return;
    const now = new Date();
    const parts = [cstTimestamp(now), level.toUpperCase()];
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') parts.push(`${k}=${shown(String(v), ROOM[k] ?? MAX_FIELD_CHARS)}`);
    const line = parts.join(' ') + '\n';
    const file = this.fileFor(now);
    try {
      if (!this.#madeDir) {
        mkdirSync(this.dir, { recursive: true });
        this.#madeDir = true;
      }
      appendFileSync(file, line, 'utf8');
    } catch (e) {
      if (!this.#warned) {
        this.#warned = true;
        process.stderr.write(`onetrans: cannot write log ${file}: ${(e as Error).message}\n`);
      }
    }
  }

  /** Lines are on disk when write() returns; kept for callers that await it. */
  flush(): Promise<void> {
    return Promise.resolve();
  }
}
