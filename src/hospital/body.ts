// Reads and parses a portal request body: UTF-8 JSON object, bounded in size. Every failure is
// a reason in both languages that never quotes the body (it holds ID numbers).
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly zh: string; readonly en: string; readonly tooLarge?: boolean };

const failure = (zh: string, en: string, tooLarge = false): BodyResult => ({ ok: false, zh, en, tooLarge });

/**
 * The body read and decoded, or the over-limit failure as soon as the bytes pass `limit`. The
 * rest is not read: the caller answers at once and closes the connection. (Reading on to the
 * end would let any client make us take in a body of any size; dropping the connection
 * unanswered is a TCP reset to the portal.) One promise per request: it settles with the
 * decoded result, never rejects.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settled = true;
        chunks.length = 0;
        req.off('data', onData);
        req.pause();
        resolve(overLimit(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), limit));
    });
    // A client that goes away mid-body: settle, so that the call is logged and nothing waits forever.
    const broken = () => {
      if (settled) return;
      settled = true;
      resolve(failure('读取请求体失败', 'reading the request body failed'));
    };
    req.on('close', broken);
    req.on('error', broken);
  });
}

/** A Content-Length that already says the body is over `limit`. */
function announcedOver(req: IncomingMessage, limit: number): boolean {
  const length = req.headers['content-length'];
  return typeof length === 'string' && Number(length) > limit && /^\d+$/.test(length);
}

function charsetOf(req: IncomingMessage): string | undefined {
  const type = req.headers['content-type'];
  // Most requests name no charset (or application/json;charset=UTF-8): no regex for the former.
  if (typeof type !== 'string' || !/charset/i.test(type)) return undefined;
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(type);
  return m ? m[1]!.toLowerCase() : undefined;
}

function parse(text: string): BodyResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // An empty (or blank) body fails to parse too: told apart only then, not on every request.
    if (body.trim() === '') return failure('请求体为空，应为JSON对象', 'the request body is empty; a JSON object is expected');
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
export function readJsonBody(req: IncomingMessage, limit: number): BodyResult | Promise<BodyResult> {
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
  if (announcedOver(req, limit)) return overLimit(limit);
  return readBody(req, limit);
}

const overLimit = (limit: number) => failure(`请求体超过${limit}字节`, `the request body exceeds ${limit} bytes`, true);

function decode(raw: Buffer, limit: number): BodyResult {
  if (raw.length > limit) return overLimit(limit);
  // What a fatal TextDecoder gives (one leading BOM dropped, invalid UTF-8 refused), without
  // a decoder object per request.
  const bom = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  const bytes = bom ? raw.subarray(3) : raw;
  if (!isUtf8(bytes)) return failure('请求体不是有效的UTF-8文本', 'the request body is not valid UTF-8');
  return parse(bytes.toString('utf8'));
}
