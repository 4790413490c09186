/** HTTP plumbing of the simulator: JSON answers, bounded bodies, failure messages, listening. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AMP_CODES, INVALID_APPID } from '../core/index.js';

/** Largest request body read; a larger one is answered 413 on a closing connection. */
export const MAX_BODY = 1024 * 1024;

export type Json = Record<string, unknown>;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The body, or null when it is larger than MAX_BODY (the rest is drained, not kept). */
export function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        // Stop keeping it, drain the rest, and let the caller answer 413 on a closing connection.
        req.off('data', onData);
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `000105` + details → "参数校验不合法：<zh> / invalid parameters: <en>" */
export function failureMessage(code: string, zh?: string, en?: string): string {
  const info = code === '000001' ? INVALID_APPID : AMP_CODES[code];
  const baseZh = info?.zh ?? '未知错误';
  const baseEn = info?.en ?? 'unknown error';
  if (!zh) return baseZh;
  return `${baseZh}：${zh} / ${baseEn}: ${en ?? zh}`;
}

/** Listens and returns the base URL a client on this machine uses (no trailing slash). */
export async function listen(server: Server, host: string, port: number): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${actual}`, port: actual };
}
