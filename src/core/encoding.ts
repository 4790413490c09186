import iconv from 'iconv-lite';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * ANSI callers (Delphi 7, PowerBuilder `;ansi`, C with a Chinese Windows code page) send GBK.
 * In 'auto' mode input that is valid UTF-8 is taken as UTF-8 (GBK Chinese text is almost never
 * valid UTF-8), and anything else as GBK.
 */
export function decodeInput(bytes: Uint8Array, mode: 'auto' | 'utf8' | 'gbk'): { text: string; encoding: 'utf8' | 'gbk' } {
  if (mode === 'gbk') return { text: iconv.decode(Buffer.from(bytes), 'gbk'), encoding: 'gbk' };
  if (mode === 'utf8') return { text: Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''), encoding: 'utf8' };
  try {
    return { text: strictUtf8.decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gbk'), encoding: 'gbk' };
  }
}

export function encodeOutput(text: string, encoding: 'utf8' | 'gbk'): Buffer {
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}
