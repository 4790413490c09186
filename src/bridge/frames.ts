/**
 * The framed pipe between the native shim and this runtime: docs/frame-protocol.md.
 */
import { clockMs } from '../core/deadline.js';
import { FRAME_VERSION, MAX_REQUEST_PAYLOAD, MAX_REPLY_PAYLOAD } from '../core/limits.js';
import { AmpError } from '../core/errors.js';

export { FRAME_VERSION };
/** payloadLen · requestId · capacity · deadline (64 bits: low word, high word). */
export const REQUEST_HEADER_BYTES = 20;
export const REPLY_HEADER_BYTES = 8;
/** Largest request and reply payloads, shared with the shim (src/core/limits.json). */
export { MAX_REQUEST_PAYLOAD, MAX_REPLY_PAYLOAD } from '../core/limits.js';
/** requestId of the hello frame; real requests never use it. */
export const HELLO_ID = 0;

export interface RequestFrame {
  requestId: number;
  capacity: number;
  /**
   * The moment the library gives up on this request, in milliseconds of runtimeClockMs(); 0:
   * none. A request is never started (no byte of it sent to the portal) at or after it.
   */
  deadline: number;
  payload: Buffer;
}

/**
 * The runtime's clock for request deadlines (src/core/deadline.ts: monotonic milliseconds; it
 * keeps running while the process is stopped, and never jumps with the wall clock). The hello
 * announces its reading as "clockMs", from which the library converts its own deadlines.
 */
export function runtimeClockMs(): number {
  return clockMs();
}

export interface ReplyFrame {
  requestId: number;
  code: string;
  output: Buffer;
}

/** A corrupt stream on the pipe between the native shim and the runtime: 000002. */
export class FrameError extends AmpError {
  constructor(message: string) {
    super('000002', '运行时通信帧损坏', 'corrupt frame on the runtime pipe', undefined, { detail: message });
    this.name = 'FrameError';
  }
}

export function encodeRequest(requestId: number, capacity: number, payload: Buffer, deadline = 0): Buffer {
  const head = Buffer.allocUnsafe(REQUEST_HEADER_BYTES);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(requestId >>> 0, 4);
  head.writeUInt32LE(capacity >>> 0, 8);
  const d = Math.max(0, Math.floor(deadline));
  head.writeUInt32LE(d % 0x1_0000_0000, 12);
  head.writeUInt32LE(Math.floor(d / 0x1_0000_0000), 16);
  return Buffer.concat([head, payload]);
}

/** What a reply code may be: short printable ASCII (the shim keeps at most 15 bytes). */
export const REPLY_CODE = /^[0-9A-Za-z_-]{1,15}$/;

/** Reply frame: code must match REPLY_CODE. Built in one buffer (one copy of the output). */
export function encodeReply(requestId: number, code: string, output: Buffer): Buffer {
  if (!REPLY_CODE.test(code)) throw new FrameError(`invalid reply code ${JSON.stringify(code)}`);
  // REPLY_CODE admits ASCII only: one byte per character.
  const len = code.length + 1 + output.length;
  if (len > MAX_REPLY_PAYLOAD) throw new FrameError(`reply of ${len} bytes exceeds ${MAX_REPLY_PAYLOAD}`);
  const frame = Buffer.allocUnsafe(REPLY_HEADER_BYTES + len);
  frame.writeUInt32LE(len, 0);
  frame.writeUInt32LE(requestId >>> 0, 4);
  frame.write(code, REPLY_HEADER_BYTES, 'latin1');
  frame[REPLY_HEADER_BYTES + code.length] = 0;
  output.copy(frame, REPLY_HEADER_BYTES + code.length + 1);
  return frame;
}

export interface HelloInfo {
  version: string;
  capacity: number;
  maxWaitMs: number;
  pid: number;
  outputEncoding?: 'utf8' | 'gbk';
  /** The frame layout spoken (FRAME_VERSION). */
  frame?: number;
  /** runtimeClockMs() when the hello was written, whole milliseconds rounded down. */
  clockMs?: number;
}

export function encodeHello(info: HelloInfo): Buffer {
  const payload = Buffer.from(JSON.stringify(info), 'utf8');
  const head = Buffer.allocUnsafe(REPLY_HEADER_BYTES);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(HELLO_ID, 4);
  return Buffer.concat([head, payload]);
}

/**
 * Incremental decoder for either direction: feed it chunks as they arrive (any split, many
 * frames per chunk) and it returns the frames completed so far. A length above the limit
 * means the stream is corrupt: it throws FrameError and stays failed.
 */
class Decoder<T> {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failed: FrameError | undefined;

  constructor(
    private readonly headerBytes: number,
    private readonly maxPayload: number,
    private readonly build: (header: Buffer, payload: Buffer) => T,
  ) {}

  /** Bytes received but not yet part of a complete frame. */
  get pending(): number {
    return this.buffered;
  }

  push(chunk: Buffer): T[] {
    if (this.failed) throw this.failed;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: T[] = [];
    for (;;) {
      if (this.buffered < this.headerBytes) break;
      const header = this.peek(this.headerBytes);
      const len = header.readUInt32LE(0);
      if (len > this.maxPayload) {
        this.failed = new FrameError(`frame length ${len} exceeds the limit of ${this.maxPayload} bytes`);
        throw this.failed;
      }
      if (this.buffered < this.headerBytes + len) break;
      const whole = this.take(this.headerBytes + len);
      out.push(this.build(whole.subarray(0, this.headerBytes), whole.subarray(this.headerBytes)));
    }
    return out;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!.subarray(0, n);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.subarray(0, n);
  }

  private take(n: number): Buffer {
    let first = this.chunks[0]!;
    if (first.length < n) {
      // Join only what the frame needs, so a 1 MiB request arriving in 64 KiB reads is copied once.
      const parts: Buffer[] = [];
      let got = 0;
      while (got < n) {
        const c = this.chunks.shift()!;
        parts.push(c);
        got += c.length;
      }
      first = Buffer.concat(parts, got);
      this.chunks.unshift(first);
    }
    const frame = first.subarray(0, n);
    const rest = first.subarray(n);
    if (rest.length > 0) this.chunks[0] = rest;
    else this.chunks.shift();
    this.buffered -= n;
    return frame;
  }
}

export class RequestDecoder extends Decoder<RequestFrame> {
  constructor(maxPayload = MAX_REQUEST_PAYLOAD) {
    super(REQUEST_HEADER_BYTES, maxPayload, (h, p) => ({
      requestId: h.readUInt32LE(4),
      capacity: h.readUInt32LE(8),
      deadline: h.readUInt32LE(16) * 0x1_0000_0000 + h.readUInt32LE(12),
      payload: p,
    }));
  }
}

/** Decodes replies (and the hello frame, requestId 0, whose payload is JSON: code ''). */
export class ReplyDecoder extends Decoder<ReplyFrame & { raw: Buffer }> {
  constructor(maxPayload = MAX_REPLY_PAYLOAD) {
    super(REPLY_HEADER_BYTES, maxPayload, (h, p) => {
      const requestId = h.readUInt32LE(4);
      if (requestId === HELLO_ID) return { requestId, code: '', output: p, raw: p };
      const nul = p.indexOf(0);
      if (nul < 0) throw new FrameError('reply without a NUL after its code');
      return { requestId, code: p.subarray(0, nul).toString('ascii'), output: p.subarray(nul + 1), raw: p };
    });
  }
}
