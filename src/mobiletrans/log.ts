import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { cstTimestamp } from '../core/time.js';
import { Redactor } from '../core/redact.js';

export type LogLevel = 'off' | 'error' | 'info' | 'debug' | 'trace';
const RANK: Record<LogLevel, number> = { off: 0, error: 1, info: 2, debug: 3, trace: 4 };
/** Longest value of one field in a line; messages, config problems and wire-trace lines get more room. */
const MAX_FIELD_CHARS = 120;
const ROOM: Readonly<Record<string, number>> = { msg: 600, problem: 600, trace: 4000 };

/** Room past the cut that is still redacted, so a secret or name crossing it is masked whole. */
const CUT_MARGIN = 256;

/**
 * A field value that was masked where it was produced (a call's message, masked by the call's
 * redactor before it went into pOutData) or that its producer builds from no input at all (a
 * code, a duration, a status): the line keeps it as it is, only on one line and bounded, instead
 * of scanning it for every sensitive value again (issue 25: mask each value once).
 */
export class Masked {
  constructor(readonly text: string) {}
}

const SPACE = /\s/;
const SPACE_RUN = /\s+/g;

/**
 * A field's value masked (unless it comes masked), on one line and bounded; a huge one is cut
 * before the redactor scans it.
 */
function fieldText(text: string, room: number, redactor: Redactor | undefined): string {
  const cut = text.length <= room + CUT_MARGIN ? text : text.slice(0, room + CUT_MARGIN);
  const masked = redactor ? redactor.redact(cut) : cut;
  const line = SPACE.test(masked) ? masked.replace(SPACE_RUN, ' ') : masked;
  return line.length <= room && text.length <= room + CUT_MARGIN ? line : `${line.slice(0, room)}…(+${Math.max(0, text.length - room)})`;
}

const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * The daily log beside the library: `logs/onetrans-YYYYMMDD.log` (CST dates). Writing is
 * best-effort: a folder that cannot be written costs one line on stderr, never a failed call.
 * Lines are written synchronously, before the call's answer goes out: the runtime is killed the
 * moment its host exits, and a one-shot program must not lose the line of its only call. The
 * day's file stays open (one descriptor, replaced when the CST date changes): a line is one
 * write(2) into the kernel, which keeps it whatever happens to the process next, instead of an
 * open, write and close per line. (A buffered writer such as sonic-boom in async mode would lose
 * what it holds when the runtime is killed; in sync mode it does this same write.)
 */
export class DailyLog {
  readonly dir: string;
  readonly level: LogLevel;
  /** Masks what no call is behind (config problems, start-up): the configured secrets. */
  readonly #base: Redactor;
  #madeDir = false;
  #warned = false;
  /** The open day file: its descriptor and path. */
  #fd: number | undefined;
  #fdFile: string | undefined;
  /** The current second's time stamp and the current CST day's file, made once each. */
  #second = NaN;
  #stamp = '';
  #day = NaN;
  #dayFile = '';

  /** `secrets`: what the configuration holds (private keys…), masked in every line. */
  constructor(dir: string, level: LogLevel, secrets: readonly unknown[] = []) {
    this.dir = dir;
    this.level = level;
    this.#base = new Redactor(secrets.map((s) => [s, 'secret'] as const));
  }


  enabled(level: Exclude<LogLevel, 'off'>): boolean {
    return RANK[this.level] >= RANK[level];
  }

  fileFor(date = new Date()): string {
    return join(this.dir, `onetrans-${cstTimestamp(date).slice(0, 10).replace(/-/g, '')}.log`);
  }

  /**
   * Appends one line. Every field is masked here — by the call's redactor (its request's names,
   * IDs, phones, free text, its appKey and the configured keys: src/mobiletrans/contract.ts),
   * else by the configured secrets, and ID/phone patterns either way — unless it comes as
   * Masked (masked where it was produced, by a redactor at least as strong); and every field
   * is bounded (a 10 MB serverAddr must not make a 10 MB line).
   */
  write(level: Exclude<LogLevel, 'off'>, fields: Record<string, string | number | Masked | undefined>, redactor: Redactor = this.#base): void {
    if (!this.enabled(level)) return;
    const now = Date.now();
    let line = `${this.#stampOf(now)} ${level.toUpperCase()}`;
    for (const k of Object.keys(fields)) {
      const v = fields[k];
      if (v === undefined || v === '') continue;
      const room = ROOM[k] ?? MAX_FIELD_CHARS;
      line += ` ${k}=${v instanceof Masked ? fieldText(v.text, room, undefined) : fieldText(String(v), room, redactor)}`;
    }
    line += '\n';
    const file = this.#fileOf(now);
    try {
      if (this.#fdFile !== file) this.#open(file);
      const bytes = Buffer.from(line, 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(this.#fd!, bytes, done);
    } catch (e) {
      // Opened afresh for the next line: a folder made again, a disk with room again.
      this.close();
      this.#madeDir = false;
      if (!this.#warned) {
        this.#warned = true;
        process.stderr.write(`onetrans: cannot write log ${file}: ${(e as Error).message}\n`);
      }
    }
  }

  /** The line's CST time stamp, formatted once a second. */
  #stampOf(now: number): string {
    const second = Math.floor(now / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#stamp = cstTimestamp(new Date(now));
    }
    return this.#stamp;
  }

  /** The CST day's file, worked out once a day. */
  #fileOf(now: number): string {
    const day = Math.floor((now + CST_OFFSET_MS) / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      this.#dayFile = this.fileFor(new Date(now));
    }
    return this.#dayFile;
  }

  /** Opens `file` for appending, in place of the previous day's. */
  #open(file: string): void {
    this.close();
    if (!this.#madeDir) {
      mkdirSync(this.dir, { recursive: true });
      this.#madeDir = true;
    }
    this.#fd = openSync(file, 'a');
    this.#fdFile = file;
  }

  /** Closes the open day file (the next line opens it again). */
  close(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    this.#fdFile = undefined;
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already gone
      }
    }
  }

  /** Lines are on disk when write() returns; kept for callers that await it. */
  flush(): Promise<void> {
    return Promise.resolve();
  }
}
