/**
 * The hospital's records, held compactly for reconciliation: a day can have a million of them,
 * and as JS objects with their strings they took ~400 bytes each. Here amounts are typed arrays
 * of integer fen, keys live as bytes in one arena per column, and each key column is indexed by
 * an open-addressing table of record numbers, so a million records take tens of MB, and no key
 * keeps alive the text chunk it was read from.
 */
import type { HisRecord, HisStatus } from './inputs.js';
import type { SideStatus } from './reconcile-types.js';

function grown<T extends Int32Array | Uint8Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** FNV-1a over UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Strings as bytes: a code unit below 0x80 is one byte, any other three (a lead byte with the top
 * bit set, then two 7-bit payload bytes), so the common ASCII id costs one byte a character.
 */
export class StringColumn {
  private bytes = new Uint8Array(1 << 16);
  /** start of string i; starts[i + 1] is its end. */
  private starts = new Int32Array(1024);
  private used = 0;
  private n = 0;
  private ascii = true;

  get length(): number {
    return this.n;
  }

  push(s: string): void {
    this.bytes = grown(this.bytes, this.used + s.length * 3);
    this.starts = grown(this.starts, this.n + 2);
    const b = this.bytes;
    let p = this.used;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) b[p++] = c;
      else {
        this.ascii = false;
        b[p++] = 0x80 | (c >>> 14);
        b[p++] = (c >>> 7) & 0x7f;
        b[p++] = c & 0x7f;
      }
    }
    this.used = p;
    this.n += 1;
    this.starts[this.n] = p;
  }

  isEmpty(i: number): boolean {
    return this.starts[i] === this.starts[i + 1];
  }

  get(i: number): string {
    const a = this.starts[i]!;
    const e = this.starts[i + 1]!;
    const b = this.bytes;
    if (this.ascii) return Buffer.from(b.buffer, b.byteOffset, this.used).toString('latin1', a, e);
    let out = '';
    for (let p = a; p < e; ) {
      const x = b[p++]!;
      out += String.fromCharCode(x < 0x80 ? x : ((x & 0x7f) << 14) | (b[p++]! << 7) | b[p++]!);
    }
    return out;
  }

  hash(i: number): number {
    const b = this.bytes;
    let h = 0x811c9dc5;
    for (let p = this.starts[i]!, e = this.starts[i + 1]!; p < e; ) {
      const x = b[p++]!;
      const c = x < 0x80 ? x : ((x & 0x7f) << 14) | (b[p++]! << 7) | b[p++]!;
      h = Math.imul(h ^ c, 0x01000193);
    }
    return h | 0;
  }

  /** String i equals `s`. */
  equals(i: number, s: string): boolean {
    const b = this.bytes;
    let p = this.starts[i]!;
    const e = this.starts[i + 1]!;
    if (this.ascii && e - p !== s.length) return false;
    for (let k = 0; k < s.length; k++) {
      if (p >= e) return false;
      const x = b[p++]!;
      const c = x < 0x80 ? x : ((x & 0x7f) << 14) | (b[p++]! << 7) | b[p++]!;
      if (c !== s.charCodeAt(k)) return false;
    }
    return p === e;
  }

  /** Strings i and j are equal. */
  same(i: number, j: number): boolean {
    const b = this.bytes;
    const a0 = this.starts[i]!;
    const b0 = this.starts[j]!;
    const len = this.starts[i + 1]! - a0;
    if (len !== this.starts[j + 1]! - b0) return false;
    for (let k = 0; k < len; k++) if (b[a0 + k] !== b[b0 + k]) return false;
    return true;
  }
}

/**
 * Record numbers by key, over one StringColumn; empty keys are not indexed. A key held by more
 * than one record is a duplicate: `find` gives the first, `group` all of them.
 */
export class KeyIndex {
  private readonly slots: Int32Array;
  /** The top 8 bits of the key's hash in each slot: most probes of another key stop there (1 byte, not 4, a slot). */
  private readonly tags: Uint8Array;
  private readonly mask: number;
  /** first record of a duplicated key → every record with it. */
  readonly dupGroups = new Map<number, number[]>();
  /** 1 for a record whose key another record has too. */
  readonly dup: Uint8Array;

  constructor(private readonly col: StringColumn) {
    const n = col.length;
    let size = 16;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.tags = new Uint8Array(size);
    this.mask = size - 1;
    this.dup = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (col.isEmpty(i)) continue;
      const h = col.hash(i);
      let s = h & this.mask;
      for (;;) {
        const j = this.slots[s]! - 1;
        if (j < 0) {
          this.slots[s] = i + 1;
          this.tags[s] = h >>> 24;
          break;
        }
        if (this.tags[s] === h >>> 24 && col.same(j, i)) {
          this.dup[i] = 1;
          this.dup[j] = 1;
          const g = this.dupGroups.get(j);
          if (g) g.push(i);
          else this.dupGroups.set(j, [j, i]);
          break;
        }
        s = (s + 1) & this.mask;
      }
    }
  }

  /** The first record with key `key`, or -1. */
  find(key: string): number {
    if (!key) return -1;
    const h = hashString(key);
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const j = this.slots[s]! - 1;
      if (j < 0) return -1;
      if (this.tags[s] === h >>> 24 && this.col.equals(j, key)) return j;
    }
  }
}

/** Integer fen, as int32 while every value fits, else as float64 (exact to 2^53). */
export class FenColumn {
  private a: Int32Array | Float64Array;
  constructor(n = 1024) {
    this.a = new Int32Array(n);
  }
  set(i: number, fen: number): void {
    if (i >= this.a.length) this.a = grown(this.a, i + 1);
    if (this.a instanceof Int32Array && (fen | 0) !== fen) this.a = Float64Array.from(this.a);
    this.a[i] = fen;
  }
  get(i: number): number {
    return this.a[i]!;
  }
}

const STATUS: HisStatus[] = ['settled', 'refunded', 'cancelled'];
const SIDE_STATUS: SideStatus[] = ['paid', 'refunded', 'cancelled'];

export class HisStore {
  n = 0;
  readonly amp = new StringColumn();
  readonly mch = new StringColumn();
  readonly setl = new StringColumn();
  readonly fee = new FenColumn();
  readonly acct = new FenColumn();
  readonly cash = new FenColumn();
  readonly fund = new FenColumn();
  /** -1: the record gives no refund amount. */
  readonly refund = new FenColumn();
  private status = new Uint8Array(1024);
  private lines = new Int32Array(1024);
  /** Some record has no amp_trace_id / neither amp_trace_id nor mch_trace_no. */
  lacksAmp = false;
  lacksAmpMch = false;

  push(r: HisRecord): void {
    const i = this.n++;
    this.amp.push(r.ampTraceId);
    this.mch.push(r.mchTraceNo);
    this.setl.push(r.setlId);
    this.fee.set(i, r.feesumAmt);
    this.acct.set(i, r.acctPay);
    this.cash.set(i, r.psnCashPay);
    this.fund.set(i, r.fundPaySumamt);
    this.refund.set(i, r.refundAmt);
    this.status = grown(this.status, i + 1);
    this.lines = grown(this.lines, i + 1);
    this.status[i] = STATUS.indexOf(r.status);
    this.lines[i] = r.line;
    if (!r.ampTraceId) {
      this.lacksAmp = true;
      if (!r.mchTraceNo) this.lacksAmpMch = true;
    }
  }

  /** HIS refunded and cancelled both mean the money went back. */
  refunded(i: number): boolean {
    return this.status[i] !== 0;
  }

  /** The status as the report shows and compares it: a cancelled settlement is not a refund. */
  sideStatus(i: number): SideStatus {
    return SIDE_STATUS[this.status[i]!]!;
  }

  line(i: number): number {
    return this.lines[i]!;
  }

  /** Record i as an object (for the report's differences). */
  record(i: number): HisRecord {
    return {
      line: this.lines[i]!,
      ampTraceId: this.amp.get(i),
      mchTraceNo: this.mch.get(i),
      setlId: this.setl.get(i),
      status: STATUS[this.status[i]!]!,
      feesumAmt: this.fee.get(i),
      acctPay: this.acct.get(i),
      psnCashPay: this.cash.get(i),
      fundPaySumamt: this.fund.get(i),
      refundAmt: this.refund.get(i),
      outRefundNo: '',
    };
  }
}
