/**
 * The hospital's records, held compactly for reconciliation: a day can have a million of them,
 * and as JS objects with their strings they took ~400 bytes each. Here amounts are typed arrays
 * of integer fen, keys live as bytes in one arena per column, and each key column is indexed by
 * an open-addressing table of record numbers, so a million records take tens of MB, and no key
 * keeps alive the text chunk it was read from.
 */
import type { HisRecord, HisStatus, KeyCells } from './inputs.js';
import type { SideStatus } from './reconcile-types.js';

/** Entries per block of a fixed-width column. */
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const SLOT = BLOCK - 1;

/**
 * A column of small integers in blocks of 65,536: it grows a block at a time, never copying or
 * doubling. Grown by doubling, a million records' arrays held up to twice their size, and the
 * outgrown copies until the next collection.
 */
class Blocks<T extends Int32Array | Uint8Array> {
  private readonly blocks: T[] = [];
  constructor(private readonly make: (n: number) => T) {}
  set(i: number, v: number): void {
    const b = i >>> BLOCK_BITS;
    while (b >= this.blocks.length) this.blocks.push(this.make(BLOCK));
    this.blocks[b]![i & SLOT] = v;
  }
  get(i: number): number {
    return this.blocks[i >>> BLOCK_BITS]![i & SLOT]!;
  }
}

/** FNV-1a over UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** First byte of a packed string (even / odd number of digits); a 3-byte character's lead byte is 0x80-0x83. */
const PACKED_EVEN = 0xf0;
const PACKED_ODD = 0xf1;
const MIN_PACKED = 8;

/** The value of each lowercase hex digit's code, 16 for any other code below 128. */
const NIBBLE = (() => {
  const t = new Uint8Array(128).fill(16);
  for (let c = 0; c < 16; c++) t['0123456789abcdef'.charCodeAt(c)] = c;
  return t;
})();
const HEX_CODE = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** The value of the hex digit at s[i], 16 when it is not one. */
function nibble(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? NIBBLE[c]! : 16;
}

/** Character k of the packed string whose marker is at b[a]. */
function packedChar(b: Uint8Array, a: number, k: number): number {
  const x = b[a + 1 + (k >>> 1)]!;
  return HEX_CODE[k & 1 ? x & 15 : x >>> 4]!;
}

/** Bytes per block of a string column; a longer string has a block of its own. */
const BYTES_BITS = 20;
const BYTES_BLOCK = 1 << BYTES_BITS;
const EMPTY = new Uint8Array(0);

/**
 * Strings as bytes: a code unit below 0x80 is one byte, any other three (a lead byte with the top
 * bit set, then two 7-bit payload bytes), so the common ASCII id costs one byte a character. A
 * string of 8 or more lowercase hex digits (the spec's amp_trace_id is 32 of them, setl_id all
 * digits) is packed two digits a byte behind a marker byte that no other string starts with. The
 * bytes live in 1 MiB blocks, a string never split between two; string i starts at `at(i)` (block
 * number << 20 | offset) and ends where string i + 1 starts, or at its block's end when that one
 * is in the next block.
 */
export class StringColumn {
  private readonly blocks: Uint8Array[] = [];
  private readonly views: Buffer[] = [];
  /** Bytes used in each block. */
  private readonly used: number[] = [];
  private cur: Uint8Array = EMPTY;
  private p = 0;
  /** at(i) for i in 0..n: where string i starts (string n: where the next would). */
  private readonly starts = new Blocks((n) => new Int32Array(n));
  private n = 0;
  private ascii = true;

  constructor() {
    this.starts.set(0, 0);
  }

  get length(): number {
    return this.n;
  }

  private newBlock(size: number): void {
    this.cur = new Uint8Array(size);
    this.blocks.push(this.cur);
    this.views.push(Buffer.from(this.cur.buffer, this.cur.byteOffset, this.cur.byteLength));
    this.used.push(0);
    this.p = 0;
    this.starts.set(this.n, (this.blocks.length - 1) << BYTES_BITS);
  }

  push(s: string): void {
    this.pushRange(s, 0, s.length);
  }

  /**
   * Pushes s[a, b) without cutting it out (the HIS reader hands over ranges of a row's text: a
   * string per key of a million records was a tenth of a reconciliation).
   */
  pushRange(s: string, a: number, b: number): void {
    const len = b - a;
    if (len === 0) {
      // Starts and ends where the next string would start; no block is touched.
      this.n += 1;
      this.starts.set(this.n, this.starts.get(this.n - 1));
      return;
    }
    // Room for the longest form; a run of hex digits is packed as it is read, and written again as
    // bytes at the first character that is not one (one pass over the common 32-digit id).
    if (this.p + len * 3 > this.cur.length) this.newBlock(Math.max(BYTES_BLOCK, len * 3));
    const bl = this.cur;
    let p = this.p;
    let packed = len >= MIN_PACKED;
    if (packed) {
      bl[p++] = len & 1 ? PACKED_ODD : PACKED_EVEN;
      for (let i = a; i < b; i += 2) {
        const hi = nibble(s, i);
        const lo = i + 1 < b ? nibble(s, i + 1) : 0;
        if (hi === 16 || lo === 16) {
          packed = false;
          p = this.p;
          break;
        }
        bl[p++] = (hi << 4) | lo;
      }
    }
    if (!packed) {
      for (let i = a; i < b; i++) {
        const c = s.charCodeAt(i);
        if (c < 0x80) bl[p++] = c;
        else {
          this.ascii = false;
          bl[p++] = 0x80 | (c >>> 14);
          bl[p++] = (c >>> 7) & 0x7f;
          bl[p++] = c & 0x7f;
        }
      }
    }
    const k = this.blocks.length - 1;
    this.used[k] = p;
    this.n += 1;
    if (p >= BYTES_BLOCK || bl.length > BYTES_BLOCK) {
      // A full block, or one of a string's own: the next string starts a new one.
      this.p = bl.length;
      this.starts.set(this.n, (k + 1) << BYTES_BITS);
    } else {
      this.p = p;
      this.starts.set(this.n, (k << BYTES_BITS) | p);
    }
  }

  /** Where `locate` found the last string: block, start, end (one pair of reads, not four; matching a million rows asks for three strings a row). */
  private lk = 0;
  private la = 0;
  private le = 0;
  private locate(i: number): void {
    const at = this.starts.get(i);
    const next = this.starts.get(i + 1);
    const k = at >>> BYTES_BITS;
    this.lk = k;
    this.la = at & (BYTES_BLOCK - 1);
    this.le = next >>> BYTES_BITS === k ? next & (BYTES_BLOCK - 1) : this.used[k]!;
  }

  /** String i's block, start and end. */
  private block(i: number): number {
    return this.starts.get(i) >>> BYTES_BITS;
  }
  private start(i: number): number {
    return this.starts.get(i) & (BYTES_BLOCK - 1);
  }
  private end(i: number): number {
    const next = this.starts.get(i + 1);
    const k = this.starts.get(i) >>> BYTES_BITS;
    return next >>> BYTES_BITS === k ? next & (BYTES_BLOCK - 1) : this.used[k]!;
  }

  isEmpty(i: number): boolean {
    this.locate(i);
    return this.la === this.le;
  }

  /** Characters of the packed string at b[a, e). */
  private static packedLength(b: Uint8Array, a: number, e: number): number {
    return (e - a - 1) * 2 - (b[a] === PACKED_ODD ? 1 : 0);
  }

  get(i: number): string {
    const k = this.block(i);
    const a = this.start(i);
    const e = this.end(i);
    if (a === e) return '';
    const b = this.blocks[k]!;
    if (b[a]! >= PACKED_EVEN) {
      let out = '';
      for (let c = 0, n = StringColumn.packedLength(b, a, e); c < n; c++) out += String.fromCharCode(packedChar(b, a, c));
      return out;
    }
    if (this.ascii) return this.views[k]!.toString('latin1', a, e);
    let out = '';
    for (let p = a; p < e; ) {
      const x = b[p++]!;
      out += String.fromCharCode(x < 0x80 ? x : ((x & 0x7f) << 14) | (b[p++]! << 7) | b[p++]!);
    }
    return out;
  }

  hash(i: number): number {
    const b = this.blocks[this.block(i)]!;
    let h = 0x811c9dc5;
    const a = this.start(i);
    const e = this.end(i);
    if (a < e && b[a]! >= PACKED_EVEN) {
      for (let c = 0, n = StringColumn.packedLength(b, a, e); c < n; c++) h = Math.imul(h ^ packedChar(b, a, c), 0x01000193);
      return h | 0;
    }
    for (let p = a; p < e; ) {
      const x = b[p++]!;
      const c = x < 0x80 ? x : ((x & 0x7f) << 14) | (b[p++]! << 7) | b[p++]!;
      h = Math.imul(h ^ c, 0x01000193);
    }
    return h | 0;
  }

  /** String i equals `s`. */
  equals(i: number, s: string): boolean {
    this.locate(i);
    const b = this.blocks[this.lk]!;
    let p = this.la;
    const e = this.le;
    if (p < e && b[p]! >= PACKED_EVEN) {
      if (StringColumn.packedLength(b, p, e) !== s.length) return false;
      // Two digits of `s` against a byte at a time (a non-digit's 16 matches no byte).
      const n = s.length;
      let q = p + 1;
      for (let c = 0; c + 1 < n; c += 2) {
        const x = b[q++]!;
        if (nibble(s, c) !== x >>> 4 || nibble(s, c + 1) !== (x & 15)) return false;
      }
      return (n & 1) === 0 || nibble(s, n - 1) === b[q]! >>> 4;
    }
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
    const bi = this.blocks[this.block(i)]!;
    const bj = this.blocks[this.block(j)]!;
    const a0 = this.start(i);
    const b0 = this.start(j);
    const len = this.end(i) - a0;
    if (len !== this.end(j) - b0) return false;
    for (let k = 0; k < len; k++) if (bi[a0 + k] !== bj[b0 + k]) return false;
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

/** Integer fen in blocks of 65,536, each int32 while every value in it fits, else float64 (exact to 2^53). */
export class FenColumn {
  private readonly blocks: (Int32Array | Float64Array)[] = [];
  /** Room for records 0..n-1 from the start (reading an unset one gives 0). */
  constructor(n = 0) {
    while (this.blocks.length * BLOCK < n) this.blocks.push(new Int32Array(BLOCK));
  }
  set(i: number, fen: number): void {
    const k = i >>> BLOCK_BITS;
    while (k >= this.blocks.length) this.blocks.push(new Int32Array(BLOCK));
    let a = this.blocks[k]!;
    if (a instanceof Int32Array && (fen | 0) !== fen) this.blocks[k] = a = Float64Array.from(a);
    a[i & SLOT] = fen;
  }
  get(i: number): number {
    return this.blocks[i >>> BLOCK_BITS]![i & SLOT]!;
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
  private readonly status = new Blocks((n) => new Uint8Array(n));
  /**
   * Lines as runs: record i's line is i + the offset of the last run starting at or before i.
   * Records follow one another a line apart (a skipped record or a quoted line break starts a new
   * run), so a million records take a few numbers instead of 4 MB.
   */
  private readonly runStart: number[] = [];
  private readonly runOffset: number[] = [];
  /** Some record has no amp_trace_id / neither amp_trace_id nor mch_trace_no. */
  lacksAmp = false;
  lacksAmpMch = false;

  /** Record r; with `keys`, its keys are taken from there (r's are empty: inputs.ts KeyCells). */
  push(r: HisRecord, keys?: KeyCells): void {
    const i = this.n++;
    let noAmp: boolean;
    let noMch: boolean;
    if (keys) {
      const { value, text, start, end } = keys;
      if (value[0] !== undefined) this.amp.push(value[0]);
      else this.amp.pushRange(text, start[0]!, end[0]!);
      if (value[1] !== undefined) this.mch.push(value[1]);
      else this.mch.pushRange(text, start[1]!, end[1]!);
      if (value[2] !== undefined) this.setl.push(value[2]);
      else this.setl.pushRange(text, start[2]!, end[2]!);
      noAmp = this.amp.isEmpty(i);
      noMch = this.mch.isEmpty(i);
    } else {
      this.amp.push(r.ampTraceId);
      this.mch.push(r.mchTraceNo);
      this.setl.push(r.setlId);
      noAmp = !r.ampTraceId;
      noMch = !r.mchTraceNo;
    }
    this.fee.set(i, r.feesumAmt);
    this.acct.set(i, r.acctPay);
    this.cash.set(i, r.psnCashPay);
    this.fund.set(i, r.fundPaySumamt);
    this.refund.set(i, r.refundAmt);
    this.status.set(i, STATUS.indexOf(r.status));
    const off = r.line - i;
    if (this.runOffset.length === 0 || this.runOffset[this.runOffset.length - 1] !== off) {
      this.runStart.push(i);
      this.runOffset.push(off);
    }
    if (noAmp) {
      this.lacksAmp = true;
      if (noMch) this.lacksAmpMch = true;
    }
  }

  /** HIS refunded and cancelled both mean the money went back. */
  refunded(i: number): boolean {
    return this.status.get(i) !== 0;
  }

  /** The status as the report shows and compares it: a cancelled settlement is not a refund. */
  sideStatus(i: number): SideStatus {
    return SIDE_STATUS[this.status.get(i)]!;
  }

  line(i: number): number {
    const starts = this.runStart;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return i + this.runOffset[lo]!;
  }

  /** Record i as an object (for the report's differences). */
  record(i: number): HisRecord {
    return {
      line: this.line(i),
      ampTraceId: this.amp.get(i),
      mchTraceNo: this.mch.get(i),
      setlId: this.setl.get(i),
      status: STATUS[this.status.get(i)]!,
      feesumAmt: this.fee.get(i),
      acctPay: this.acct.get(i),
      psnCashPay: this.cash.get(i),
      fundPaySumamt: this.fund.get(i),
      refundAmt: this.refund.get(i),
      outRefundNo: '',
    };
  }
}
