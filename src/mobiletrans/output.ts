import { encodeOutput } from '../core/encoding.js';

/**
 * The pOutData JSON, in one place for the runtime and the bridge (which imports this module
 * statically, so that even a runtime that fails to load answers in the same shape).
 */
export type OutputEncoding = 'utf8' | 'gbk';

/** `code` in pOutData is a number (the spec's C++ example reads it with asInt()). */
export function outputFor(code: string, message: string, data: unknown, orgId: string | undefined, extra = ''): Record<string, unknown> {
  const n = Number(code);
  return { code: Number.isFinite(n) ? n : 1, message, data: data ?? null, extra, orgId: orgId ?? '' };
}

/** An error answer: `message` is "中文 / English: detail". */
export function errorOutput(code: string, zh: string, en: string, detail?: string, encoding: OutputEncoding = 'utf8', orgId = ''): Buffer {
  const message = `${zh} / ${en}${detail ? `: ${detail}` : ''}`;
  return encodeOutput(JSON.stringify(outputFor(code, message, null, orgId)), encoding);
}

/**
 * Makes an answer fit the caller's buffer (capacity includes the NUL): one that does not fit
 * becomes 000002 with a short message, never a truncated JSON; if even that does not fit,
 * nothing (the return code still says 000002).
 */
export function fitOutput(code: string, output: Buffer, capacity: number, encoding: OutputEncoding = 'utf8', orgId?: string): { code: string; output: Buffer } {
  const room = Math.max(0, capacity - 1);
  if (output.length <= room) return { code, output };
  const short = errorOutput(
    '000002',
    '出参缓冲区不足',
    'the answer does not fit in the output buffer',
    `buffer too small (need ${output.length + 1}, have ${capacity})`,
    encoding,
    orgId,
  );
  return { code: '000002', output: short.length <= room ? short : Buffer.alloc(0) };
}
