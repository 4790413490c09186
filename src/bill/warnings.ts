/**
 * Warnings about a trade file or a reconciliation input: things a reader copes with but a person
 * should know (the spec sample's defects, a summary that disagrees, a row with an empty required
 * field). A million-row file with one systematic defect must not produce a million entries, so
 * each (code, column) keeps its first few occurrences and counts the rest.
 */

export type WarningCode =
  | 'TITLE_DIFFERS'
  | 'HEADER_FIELD_MISSING'
  | 'HEADER_VALUE_INVALID'
  | 'HEADER_UNKNOWN_LINE'
  | 'FILE_NAME_DIFFERS'
  | 'HEADER_MISSING_COMMA'
  | 'COLUMN_MISSING'
  | 'COLUMN_ALIAS'
  | 'COLUMN_UNKNOWN'
  | 'COLUMN_DUPLICATE'
  | 'FIELD_COUNT'
  | 'NO_BACKTICK'
  | 'REQUIRED_EMPTY'
  | 'TOO_LONG'
  | 'BAD_AMOUNT'
  | 'BAD_TIME'
  | 'BAD_VALUE'
  | 'PARTS_DO_NOT_ADD_UP'
  | 'TYPE_STATUS_MISMATCH'
  | 'ROW_SKIPPED'
  | 'SUMMARY_MISSING'
  | 'SUMMARY_EXTRA_TEXT'
  | 'SUMMARY_UNKNOWN_LINE'
  | 'SUMMARY_MISMATCH'
  | 'NO_DETAIL_END'
  | 'INPUT_RECORD_SKIPPED'
  | 'INPUT_UNKNOWN_STATUS'
  | 'MAP_UNUSED'
  | 'DUPLICATE_KEY';

export interface BillWarning {
  code: WarningCode;
  /** Which input: platform / his / insurance (reconciliation), absent for a single file. */
  source?: string;
  /** 1-based line (CSV) or record index (JSON) where it was seen. */
  line?: number;
  /** The column, by its name in the file (or the spec's name). */
  column?: string;
  message: string;
  /** For a summarised entry: how many occurrences it stands for. */
  count?: number;
}

const KEEP_PER_KIND = 5;

export class WarningList {
  private readonly kept: BillWarning[] = [];
  private readonly counts = new Map<string, { first: BillWarning; n: number }>();
  constructor(private readonly source?: string) {}

  add(code: WarningCode, message: string, at: { line?: number; column?: string } = {}): void {
    const kind = `${code}\n${at.column ?? ''}`;
    const c = this.counts.get(kind);
    if (c) {
      c.n += 1;
      if (c.n > KEEP_PER_KIND) return;
    } else {
      this.counts.set(kind, { first: { code, message }, n: 1 });
    }
    const w: BillWarning = { code, message };
    if (this.source) w.source = this.source;
    if (at.line !== undefined) w.line = at.line;
    if (at.column !== undefined) w.column = at.column;
    this.kept.push(w);
  }

  has(code: WarningCode): boolean {
    return [...this.counts.keys()].some((k) => k.startsWith(`${code}\n`));
  }

  /** The kept warnings, plus one entry per kind that had more than were kept. */
  list(): BillWarning[] {
    const out = [...this.kept];
    for (const [kind, c] of this.counts) {
      if (c.n <= KEEP_PER_KIND) continue;
      const column = kind.split('\n')[1] || undefined;
      out.push({
        code: c.first.code,
        ...(this.source ? { source: this.source } : {}),
        ...(column ? { column } : {}),
        count: c.n,
        message: `共 ${c.n} 处（以上仅列出前 ${KEEP_PER_KIND} 处）/ ${c.n} occurrences in all (the first ${KEEP_PER_KIND} are listed)`,
      });
    }
    return out;
  }
}
