/**
 * One JSON POST to a hospital (or to the simulator's own side door), with a deadline and a
 * bounded answer, and every way it can end told apart: an answer, an HTTP error, a body that is
 * not JSON, a timeout, a network failure. Callers must react to each differently (a timeout
 * leaves a payment's outcome unknown; a refused connection means it never left), so this never
 * throws for what the other side does.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type OrgCallOutcome =
  /** HTTP 200 with a JSON object. */
  | { kind: 'answer'; status: number; body: Record<string, unknown>; ms: number }
  /** Any other HTTP status, or a 200 whose body is not a JSON object (text cut to 300 characters). */
  | { kind: 'http'; status: number; text: string; ms: number }
  /** No answer within the deadline: the request may or may not have been processed. */
  | { kind: 'timeout'; ms: number }
  /** Connection refused / reset, DNS: nothing is known either. */
  | { kind: 'network'; message: string; ms: number };

/** Largest answer read (bytes); a longer one ends as kind 'http' without being parsed. */
export const DEFAULT_MAX_ANSWER_BYTES = 8 << 20;

export interface PostJsonOptions {
  /** Deadline of the whole exchange (ms). */
  timeoutMs: number;
  /** Sent on the request besides content-type and content-length (e.g. a tenant code). */
  headers?: Readonly<Record<string, string>>;
  /** Answer size limit (default DEFAULT_MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
  /** Give up this long after the request is on the wire (a client abandoning a slow answer). */
  giveUpAfterSentMs?: number;
}

/** POSTs `body` (an object, or raw text as is: the malformed-request checks send broken JSON). */
export function postJson(url: string, body: unknown, o: PostJsonOptions): Promise<OrgCallOutcome> {
  const started = Date.now();
  const ms = () => Date.now() - started;
  const max = o.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ kind: 'network', message: '地址无效 / invalid URL', ms: 0 });
      return;
    }
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    // eslint-disable-next-line prefer-const
    let req: ReturnType<typeof httpRequest> | undefined;
    const done = (outcome: OrgCallOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      resolve(outcome);
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    try {
      req = send(target, {
        method: 'POST',
        headers: { ...o.headers, 'content-type': 'application/json;charset=UTF-8', 'content-length': payload.length },
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > max) done({ kind: 'http', status: res.statusCode ?? 0, text: `(answer larger than ${max} bytes)`, ms: ms() });
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
    } catch (e) {
      // A header Node refuses (checked earlier by OrgClient; here for direct callers).
      done({ kind: 'network', message: (e as NodeJS.ErrnoException).code ?? 'request refused', ms: 0 });
      return;
    }
    timer = setTimeout(() => done({ kind: 'timeout', ms: ms() }), Math.max(0, o.timeoutMs));
    if (o.giveUpAfterSentMs !== undefined) {
      const after = o.giveUpAfterSentMs;
      req.on('finish', () => {
        clearTimeout(timer);
        timer = setTimeout(() => done({ kind: 'timeout', ms: ms() }), after);
      });
    }
    req.on('error', (e: NodeJS.ErrnoException) => done({ kind: 'network', message: e.code ?? e.message, ms: ms() }));
    req.end(payload);
  });
}
