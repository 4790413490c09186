import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cstTimestamp } from '../core/time.js';
import { maskText } from './mask.js';

export type LogLevel = 'off' | 'error' | 'info' | 'debug';
const RANK: Record<LogLevel, number> = { off: 0, error: 1, info: 2, debug: 3 };

/**
 * The daily log beside the library: `logs/onetrans-YYYYMMDD.log` (CST dates). Writing is
 * best-effort: a folder that cannot be written costs one line on stderr, never a failed call.
 */
export class DailyLog {
  readonly dir: string;
  readonly level: LogLevel;
  #chain: Promise<void> = Promise.resolve();
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

  /** Appends one line (masked again here, whatever the caller did). */
  write(level: Exclude<LogLevel, 'off'>, fields: Record<string, string | number | undefined>): void {
    if (!this.enabled(level)) return;
    const now = new Date();
    const parts = [cstTimestamp(now), level.toUpperCase()];
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') parts.push(`${k}=${maskText(String(v)).replace(/\s+/g, ' ')}`);
    const line = parts.join(' ') + '\n';
    const file = this.fileFor(now);
    this.#chain = this.#chain.then(async () => {
      try {
        if (!this.#madeDir) {
          await mkdir(this.dir, { recursive: true });
          this.#madeDir = true;
        }
        await appendFile(file, line, 'utf8');
      } catch (e) {
        if (!this.#warned) {
          this.#warned = true;
          process.stderr.write(`onetrans: cannot write log ${file}: ${(e as Error).message}\n`);
        }
      }
    });
  }

  /** Resolves when every line written so far is on disk (or given up on). */
  flush(): Promise<void> {
    return this.#chain;
  }
}
