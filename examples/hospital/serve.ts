/**
 * Mounts the reference HIS's handlers on HTTP. Interim: until the toolkit's
 * createHospitalServer lands this does the minimum the toolkit does (route by suffix, parse
 * JSON, ret_code 02 for a body that is not JSON, 01 for a handler that throws, one log line).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OrgRequest, OrgResponse } from './common.js';

export interface ServedHospital {
  /** http://host:port — the hospital base URL the portal is configured with. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.resume();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function serveHandlers(
  handlers: Record<string, (r: OrgRequest) => Promise<OrgResponse>>,
  opts: { host?: string; port?: number; log?: (line: string) => void },
): Promise<ServedHospital> {
  const log = opts.log ?? (() => {});
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+|\/+$/g, '');
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler || req.method !== 'POST') {
      req.resume();
      return send(res, 404, { ret_code: '01', ret_msg: `未提供该接口 / no such interface: ${name}` });
    }
    const started = Date.now();
    void (async () => {
      let answer: OrgResponse;
      const body = await readBody(req);
      let parsed: unknown;
      try {
        parsed = body === null ? undefined : JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
      } catch {
        parsed = undefined;
      }
      if (body === null) answer = { ret_code: '02', ret_msg: '请求体过大 / request body too large' };
      else if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) answer = { ret_code: '02', ret_msg: '请求体不是JSON对象 / request body is not a JSON object' };
      else {
        try {
          answer = await handler(parsed as OrgRequest);
        } catch (e) {
          answer = { ret_code: '01', ret_msg: `处理失败 / handler failed: ${(e as Error).message}` };
        }
      }
      log(`/${name} ret_code=${String(answer.ret_code)} result=${String(answer.result ?? '-')} ${Date.now() - started}ms`);
      send(res, 200, answer);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
