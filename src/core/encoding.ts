import iconv from 'iconv-lite';
import { AmpError } from './errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export type InputEncoding = 'auto' | 'utf8' | 'gbk';

interface Utf8Scan {
  /** Well-formed multi-byte sequences. */
  good: number;
  /** Bytes that start no well-formed sequence. */
  bad: number;
  /** Offset of the first such byte, -1 when none. */
  firstBad: number;
}

/** Counts well-formed UTF-8 multi-byte sequences and stray bytes (overlongs, surrogates, > U+10FFFF are stray). */
function scanUtf8(b: Uint8Array): Utf8Scan {
  let good = 0;
  let bad = 0;
  let firstBad = -1;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    }
    let ok = n > 0;
    for (let k = 1; ok && k <= n; k++) {
      const t = b[i + k];
      if (t === undefined || t < (k === 1 ? lo : 0x80) || t > (k === 1 ? hi : 0xbf)) ok = false;
    }
    if (ok) {
      good++;
      i += n + 1;
    } else {
      bad++;
      if (firstBad < 0) firstBad = i;
      i++;
    }
  }
  return { good, bad, firstBad };
}

/** Offset of the first byte that is not part of a GBK (CP936) character, -1 when the whole input is GBK. */
function firstNonGbk(b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c <= 0x80) continue; // ASCII, and 0x80 (€ in CP936)
    if (c === 0xff) return i;
    const t = b[i + 1];
    if (t === undefined || t < 0x40 || t === 0x7f || t === 0xff) return i;
    i++;
  }
  return -1;
}

function undecodable(offset: number, mode: InputEncoding): AmpError {
  const [zh, en] =
    mode === 'gbk'
      ? ['入参不是合法的GBK编码', 'pInData is not valid GBK']
      : mode === 'utf8'
        ? ['入参不是合法的UTF-8编码', 'pInData is not valid UTF-8']
        : ['入参既不是合法的UTF-8也不是GBK编码（多为一个错误字节；请检查该处的字符或 OneTrans.json 的 inputEncoding）', 'pInData is neither valid UTF-8 nor GBK (usually one wrong byte; check the character there, or inputEncoding in OneTrans.json)'];
  return new AmpError('000105', zh, en, { offset }, { detail: `byte offset ${offset}` });
}

function gbk(bytes: Uint8Array, mode: InputEncoding): { text: string; encoding: 'gbk' } {
  const bad = firstNonGbk(bytes);
  if (bad >= 0) throw undecodable(bad, mode);
  const text = iconv.decode(Buffer.from(bytes), 'gbk');
  // A well-formed pair with no character assigned decodes to U+FFFD: garbled, so refused too.
  const hole = text.indexOf('\uFFFD');
  if (hole >= 0) throw undecodable(iconv.encode(text.slice(0, hole), 'gbk').length, mode);
  return { text, encoding: 'gbk' };
}

/**
 * ANSI callers (Delphi 7, PowerBuilder `;ansi`, C with a Chinese Windows code page) send GBK.
 * 'auto' takes valid UTF-8 as UTF-8; otherwise GBK only when the whole input is valid GBK and
 * it is not mostly UTF-8 (one stray byte in UTF-8 Chinese text must not turn every name into
 * 鎬婚櫌…). Input that is neither is refused with 000105 naming the byte offset: a call never
 * succeeds with garbled text. The explicit modes refuse what does not decode the same way.
 * Throws AmpError 000105.
 */
export function decodeInput(bytes: Uint8Array, mode: InputEncoding): { text: string; encoding: 'utf8' | 'gbk' } {
  if (mode === 'gbk') return gbk(bytes, mode);
  try {
    return { text: strictUtf8.decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf8' };
  } catch {
    const scan = scanUtf8(bytes);
    // Mostly UTF-8 (as many well-formed sequences as stray bytes): a damaged UTF-8 text, never GBK.
    if (mode === 'utf8' || scan.good >= scan.bad) throw undecodable(scan.firstBad, mode);
    return gbk(bytes, mode);
  }
}

export function encodeOutput(text: string, encoding: 'utf8' | 'gbk'): Buffer {
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}
