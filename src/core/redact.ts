/**
 * The one way text leaves the project (issue 18 §3): a Redactor knows the sensitive values of
 * the current request (names, ID numbers, phones, card numbers, free text) and every secret in
 * play (appKey/appSecret, private keys), and masks each of them wherever it appears in a piece
 * of text, then masks ID and phone patterns as maskText does. The sinks apply it — the daily log
 * writer, the pOutData builder, the client's errors and trace — so a portal message that quotes
 * the patient's name or echoes the appKey is masked whichever call site produced it.
 *
 * Which fields are sensitive is spec data (src/spec/sensitive-fields.ts builds a request's
 * redactor); this module knows only values.
 */
import { maskText, maskValue, type Sensitivity } from './mask.js';

/**
 * Shortest value masked by its text: a shorter one would mask unrelated characters everywhere
 * (a one-character "name", an appKey "1"). Names are at least two characters in practice;
 * everything else is longer.
 */
const MIN_CHARS: Readonly<Record<Sensitivity, number>> = { name: 2, text: 2, id: 4, phone: 4, secret: 4 };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What JSON.stringify writes differently: quotes, backslashes, control characters, lone surrogates. */
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

export class Redactor {
  /** Pattern masking only (ID and phone numbers): for text no request is behind. */
  static readonly NONE = new Redactor([]);

  readonly #how = new Map<string, Sensitivity>();
  /**
   * The alternation of every value, compiled on the first text that holds one of them: most
   * calls mask only texts that hold none ("成功", a code, an address), and compiling a pattern
   * from a new patient's values on every call was most of a redactor's cost (issue 25).
   */
  #re: RegExp | undefined;
  readonly #keep: ReadonlySet<string>;

  /**
   * `values`: [text, how] pairs; empty, too short and non-string values are ignored. `keep`:
   * the request's identifiers a message must be able to name (its outRefundNo) even when they
   * look like an ID or phone number; a sensitive value is masked all the same.
   */
  constructor(values: Iterable<readonly [unknown, Sensitivity]>, keep: Iterable<unknown> = []) {
    const kept = new Set<string>();
    for (const k of keep) if (typeof k === 'string' && k !== '') kept.add(k);
    this.#keep = kept;
    for (const [v, how] of values) {
      if (typeof v !== 'string') continue;
      const t = v.trim();
      // Characters, not UTF-16 units; a string twice the minimum long has enough either way.
      if (t.length < 2 * MIN_CHARS[how] && [...t].length < MIN_CHARS[how]) continue;
      this.#add(t, how);
      // The same value as it appears inside JSON text (a quote or backslash in it is escaped).
      if (JSON_ESCAPED.test(t)) {
        const escaped = JSON.stringify(t).slice(1, -1);
        if (escaped !== t) this.#add(escaped, how);
      }
    }
  }

  #pattern(): RegExp {
    if (!this.#re) {
      // Longest first, so a full name is masked before a shorter value inside it.
      const alternatives = [...this.#how.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.#re = new RegExp(alternatives.join('|'), 'g');
    }
    return this.#re;
  }

  /** Whether `text` holds one of the values (a plain substring scan per value). */
  #holdsValue(text: string): boolean {
    for (const v of this.#how.keys()) if (text.includes(v)) return true;
    return false;
  }

  #add(text: string, how: Sensitivity): void {
    // A value that is both (an appKey equal to an ID…) is masked the stronger way.
    if (this.#how.get(text) !== 'secret') this.#how.set(text, how);
  }

  /** A redactor that also knows these values. */
  with(values: Iterable<readonly [unknown, Sensitivity]>): Redactor {
    return new Redactor([...this.#how.entries(), ...values], this.#keep);
  }

  /** How many values it masks by their text (0: patterns only). */
  get size(): number {
    return this.#how.size;
  }

  /** `text` with every known value and every ID/phone pattern masked. Lengths of non-secrets are kept. */
  redact(text: string): string {
    const known = this.#holdsValue(text) ? text.replace(this.#pattern(), (m) => String(maskValue(m, this.#how.get(m) ?? 'secret'))) : text;
    return maskText(known, this.#keep);
  }
}
