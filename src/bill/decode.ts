/**
 * The trade file's text encoding (protocol.md §10): UTF-8 with or without a BOM, or GBK, told
 * apart on the first 64 KiB (the header block is Chinese, so GBK text is never valid UTF-8 there).
 * The output is UTF-8 bytes, streamed, for the CSV parser: UTF-8 input passes through checked
 * (a file that stops being valid UTF-8 midway is refused, not silently patched with U+FFFD), GBK
 * input is transcoded with iconv-lite.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { BillError } from './errors.js';

export type TextEncodingName = 'utf8' | 'gbk';

export interface DecodeInfo {
  encoding: TextEncodingName;
  bom: boolean;
}

const SNIFF_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);

/** How many leading bytes of `buf` end on a whole UTF-8 character (the rest waits for more). */
function completeUtf8Length(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Which file is being read, for the messages: e.g. { zh: 'HIS文件 his.csv', en: 'the HIS file his.csv' }. */
export interface FileLabel {
  zh: string;
  en: string;
}

const TRADE_FILE: FileLabel = { zh: '对账文件', en: 'the trade file' };

/** Offset of the first byte of `buf` that does not belong to a valid UTF-8 sequence (buf.length if none). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

const badUtf8 = (label: FileLabel, offset: number) =>
  new BillError(
    'BAD_ENCODING',
    `${label.zh}在第 ${offset} 字节处不是有效的UTF-8（编码中途改变，例如后半部分是GBK）`,
    `${label.en} is not valid UTF-8 at byte ${offset} (the encoding changes midway, e.g. to GBK)`,
    { offset },
  );

/**
 * A whole file's text (JSON inputs): UTF-8 (BOM or not), or GBK when it is not UTF-8 and reads as
 * GBK without a single undecodable byte; anything else is refused with BAD_ENCODING naming the file.
 */
export function decodeWhole(buf: Buffer, label: FileLabel): { text: string; encoding: TextEncodingName } {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new BillError('BAD_ENCODING', `${label.zh}是UTF-16编码，应为UTF-8或GBK`, `${label.en} is UTF-16; it must be UTF-8 or GBK`);
  }
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  if (isUtf8(body)) return { text: body.toString('utf8'), encoding: 'utf8' };
  if (bom) throw badUtf8(label, 3 + firstInvalidUtf8(body));
  const text = iconv.decode(body, 'gbk');
  if (text.includes('\uFFFD')) {
    throw new BillError('BAD_ENCODING', `${label.zh}既不是UTF-8也不是GBK`, `${label.en} is neither UTF-8 nor GBK`);
  }
  return { text, encoding: 'gbk' };
}

/**
 * Decodes `source` to UTF-8 chunks; `info` is filled in once the encoding is known (before the
 * first chunk is yielded). `label` names the file in refusals (default: the trade file). A chunk
 * yielded may share memory with the source's: use it before asking for the next.
 */
export async function* toUtf8(source: AsyncIterable<Buffer | Uint8Array>, info: Partial<DecodeInfo> = {}, label: FileLabel = TRADE_FILE): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let done = false;
  while (head.length < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head = head.length ? Buffer.concat([head, Buffer.from(r.value)]) : Buffer.from(r.value);
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new BillError('BAD_ENCODING', `${label.zh}是UTF-16编码，应为UTF-8或GBK`, `${label.en} is UTF-16; it must be UTF-8 or GBK`);
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (bom) head = head.subarray(3);
  const sniff = head.length > SNIFF_BYTES ? head.subarray(0, SNIFF_BYTES) : head;
  const cut = done && sniff === head ? sniff.length : completeUtf8Length(sniff);
  const encoding: TextEncodingName = bom || isUtf8(sniff.subarray(0, cut)) ? 'utf8' : 'gbk';
  info.encoding = encoding;
  info.bom = bom;

  if (encoding === 'gbk') {
    const dec = iconv.getDecoder('gbk');
    const out = (b: Buffer) => Buffer.from(dec.write(b), 'utf8');
    if (head.length) yield out(head);
    while (!done) {
      const r = await it.next();
      if (r.done) break;
      yield out(Buffer.from(r.value));
    }
    const tail = dec.end();
    if (tail) yield Buffer.from(tail, 'utf8');
    return;
  }

  // UTF-8: pass whole characters through, checked; keep a split character for the next chunk.
  let offset = bom ? 3 : 0;
  let carry: Buffer = head;
  for (;;) {
    const n = done ? carry.length : completeUtf8Length(carry);
    const ready = carry.subarray(0, n);
    if (ready.length) {
      if (!isUtf8(ready)) throw badUtf8(label, offset + firstInvalidUtf8(ready));
      offset += ready.length;
      yield ready;
    }
    carry = n < carry.length ? Buffer.from(carry.subarray(n)) : EMPTY;
    if (done) break;
    const r = await it.next();
    if (r.done) {
      done = true;
      continue;
    }
    // The source may read every chunk into the same buffer (file-chunks.ts): what is kept past
    // the next read (a character split between chunks, at most 3 bytes) is copied.
    carry = carry.length ? Buffer.concat([carry, r.value]) : Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
  }
  if (carry.length) throw badUtf8(label, offset);
}
