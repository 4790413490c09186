// Reads and parses a portal request body: UTF-8 JSON object, bounded in size. Every failure is
// a reason in both languages that never quotes the body (it holds ID numbers).
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly zh: string; readonly en: string; readonly tooLarge?: boolean };

/** How much of an oversized body is drained before the connection is dropped instead. */
const DRAIN_FACTOR = 8;

const failure = (zh: string, en: string, tooLarge = false): BodyResult => ({ ok: false, zh, en, tooLarge });

/** The raw bytes, or null when over `limit` (then the rest is drained, up to a bound). */
function readRaw(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        // Keep reading so that the client sees our answer rather than a reset, but not forever.
        if (size > limit * DRAIN_FACTOR) req.destroy();
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      resolve(over ? null : Buffer.concat(chunks));
    });
    // A client that goes away mid-body: settle, so that the call is logged and nothing waits forever.
    req.on('close', () => {
      if (over) resolve(null);
      else if (!ended) reject(new Error('request aborted'));
    });
    req.on('error', (err) => (over ? resolve(null) : reject(err)));
  });
}

function charsetOf(req: IncomingMessage): string | undefined {
  const type = req.headers['content-type'];
  if (typeof type !== 'string') return undefined;
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(type);
  return m ? m[1]!.toLowerCase() : undefined;
}

function parse(text: string): BodyResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return failure('请求体为空，应为JSON对象', 'the request body is empty; a JSON object is expected');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return failure('请求体不是有效的JSON', 'the request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failure('请求体必须是JSON对象', 'the request body must be a JSON object');
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * The request's JSON object. A body already read by a framework (Express's express.json(),
 * a Fastify hook) is taken from `req.body` when the stream has been consumed.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const charset = charsetOf(req);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return failure('字符集必须为UTF-8', 'the charset must be UTF-8');
  }
  const parsed = (req as { body?: unknown }).body;
  if (parsed !== undefined && req.readableEnded) {
    if (typeof parsed === 'string') return parse(parsed);
    if (Buffer.isBuffer(parsed)) return decode(parsed, limit);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { ok: true, value: parsed as Record<string, unknown> };
    return failure('请求体必须是JSON对象', 'the request body must be a JSON object');
  }
  let raw: Buffer | null;
  try {
    raw = await readRaw(req, limit);
  } catch {
    return failure('读取请求体失败', 'reading the request body failed');
  }
  if (raw === null) return failure(`请求体超过${limit}字节`, `the request body exceeds ${limit} bytes`, true);
  return decode(raw, limit);
}

function decode(raw: Buffer, limit: number): BodyResult {
  if (raw.length > limit) return failure(`请求体超过${limit}字节`, `the request body exceeds ${limit} bytes`, true);
  // What a fatal TextDecoder gives (one leading BOM dropped, invalid UTF-8 refused), without
  // a decoder object per request.
  const bom = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  const bytes = bom ? raw.subarray(3) : raw;
  if (!isUtf8(bytes)) return failure('请求体不是有效的UTF-8文本', 'the request body is not valid UTF-8');
  return parse(bytes.toString('utf8'));
}
