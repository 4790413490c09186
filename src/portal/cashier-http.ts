/**
 * How the portal calls a hospital's ORG endpoints: a plain JSON POST with a deadline, and every
 * way it can end told apart (an answer, an HTTP error, a body that is not JSON, a timeout, a
 * network failure), because the cashier must react to each differently. Also the masking of
 * ORG fields for what the cashier and the conformance checker print.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { maskText } from '../core/mask.js';
import { ORG_INTERFACE_LIST, maskValue, type FieldSpec, type Sensitivity } from '../spec/index.js';

export type OrgCallOutcome =
  /** HTTP 200 with a JSON object. */
  | { kind: 'answer'; status: number; body: Record<string, unknown>; ms: number }
  /** Any other HTTP status, or a 200 whose body is not a JSON object. */
  | { kind: 'http'; status: number; text: string; ms: number }
  /** No answer within the deadline: the request may or may not have been processed. */
  | { kind: 'timeout'; ms: number }
  /** Connection refused / reset, DNS: nothing is known either. */
  | { kind: 'network'; message: string; ms: number };

const MAX_ANSWER = 8 << 20;

/** Joins a hospital base URL and an interface suffix ("/queryAccount"). */
export function orgUrl(base: string, suffix: string): string {
  return `${base.replace(/\/+$/, '')}/${suffix.replace(/^\/+/, '')}`;
}

/**
 * POSTs `body` (an object, or raw text for malformed-request checks) to `url`. Never throws for
 * what the hospital does; `timeoutMs` bounds the whole exchange.
 */
export function postOrg(url: string, body: unknown, timeoutMs: number, opts: { giveUpAfterSentMs?: number } = {}): Promise<OrgCallOutcome> {
  const started = Date.now();
  const ms = () => Date.now() - started;
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: OrgCallOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(o);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ kind: 'network', message: `地址无效 / invalid URL`, ms: 0 });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8', 'content-length': payload.length },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ANSWER) done({ kind: 'http', status: res.statusCode ?? 0, text: '(answer larger than 8 MiB)', ms: ms() });
        else chunks.push(c);
      });
      res.on('error', (e) => done({ kind: 'network', message: e.message, ms: ms() }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch {
          parsed = undefined;
        }
        const status = res.statusCode ?? 0;
        if (status === 200 && typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          done({ kind: 'answer', status, body: parsed as Record<string, unknown>, ms: ms() });
        } else {
          done({ kind: 'http', status, text: text.slice(0, 300), ms: ms() });
        }
      });
    });
    let timer = setTimeout(() => done({ kind: 'timeout', ms: ms() }), Math.max(0, timeoutMs));
    // A client that gives up right after sending (the request is on the wire, the answer not yet).
    if (opts.giveUpAfterSentMs !== undefined) {
      req.on('finish', () => {
        clearTimeout(timer);
        timer = setTimeout(() => done({ kind: 'timeout', ms: ms() }), opts.giveUpAfterSentMs);
      });
    }
    req.on('error', (e: NodeJS.ErrnoException) => done({ kind: 'network', message: e.code ?? e.message, ms: ms() }));
    req.end(payload);
  });
}

/** Field name → how to mask it, from every ORG table (nested lists included). */
const ORG_SENSITIVE: ReadonlyMap<string, Sensitivity> = (() => {
  const m = new Map<string, Sensitivity>([['psn_name', 'name'], ['phone', 'phone'], ['cert_no', 'id'], ['mdtrt_cert_no', 'id'], ['psn_no', 'id']]);
  const walk = (fields: readonly FieldSpec[]) => {
    for (const f of fields) {
      if (f.sensitive) m.set(f.name, f.sensitive);
      if (f.items) walk(f.items);
    }
  };
  for (const i of ORG_INTERFACE_LIST) {
    walk(i.request);
    walk(i.response);
  }
  return m;
})();

/** A copy of an ORG request or answer fit to print: IDs, names, phones masked; free text scanned. */
export function maskOrg(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskOrg(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const how = ORG_SENSITIVE.get(k.trim());
    out[k] = how && (typeof v === 'string' || typeof v === 'number') ? maskValue(v, how) : maskOrg(v, depth + 1);
  }
  return out;
}
