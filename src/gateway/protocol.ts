/**
 * The gateway hop between OneTrans.dll and `onetrans gateway`: handshake, key derivation,
 * authenticated and encrypted records, and the messages inside them. docs/gateway-protocol.md
 * is the description; native/gateway-client.c is the other implementation (same constants).
 *
 * SM4-CTR encrypts, HMAC-SM3 authenticates (encrypt-then-MAC). Node's OpenSSL has no SM4-GCM,
 * and the DLL's copy of the algorithms (native/sm-crypto.c) stays smaller and easier to check
 * with CTR + HMAC, both of which OpenSSL can check byte for byte.
 */
import { createCipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AmpError } from '../core/errors.js';

export const MAGIC = Buffer.from('OTG1', 'ascii');
export const NONCE_BYTES = 16;
export const TAG_BYTES = 32;
/** Client hello and server hello: magic, nonce, tag. */
export const HELLO_BYTES = MAGIC.length + NONCE_BYTES + TAG_BYTES;
/** Record header: ciphertext length (u32 LE), sequence number (u64 LE). */
export const RECORD_HEADER_BYTES = 12;

export const MSG_REQUEST = 0x51; // 'Q'
export const MSG_ANSWER = 0x41; // 'A'
export const MSG_HELLO = 0x48; // 'H'

const LABEL_CLIENT_HELLO = 'onetrans-gateway client hello';
const LABEL_SERVER_HELLO = 'onetrans-gateway server hello';
const LABEL_SESSION = 'onetrans-gateway session';

/** "中文 / English" (either order) as AmpError's two languages; the message stays as written. */
export function bilingual(message: string): [string, string] {
  const at = message.indexOf(' / ');
  return at < 0 ? [message, message] : [message.slice(0, at), message.slice(at + 3)];
}

/** A broken or hostile stream on the gateway hop (000002), like FrameError on the bridge's pipe. */
export class GatewayProtocolError extends AmpError {
  constructor(message: string) {
    super('000002', ...bilingual(message));
    this.message = message;
    this.name = 'GatewayProtocolError';
  }
}

/** The shared key: exactly 32 hex digits (128 bits), as `gatewayKey` and the key file hold it. */
export function parseGatewayKey(text: string): Buffer {
  const t = text.trim();
  if (!/^[0-9a-fA-F]{32}$/.test(t)) throw new GatewayProtocolError('gatewayKey must be exactly 32 hex digits / gatewayKey 须为 32 位十六进制数字');
  return Buffer.from(t, 'hex');
}

const hmac = (key: Buffer, ...parts: (Buffer | string)[]) => {
  const h = createHmac('sm3', key);
  for (const p of parts) h.update(p);
  return h.digest();
};

function tagsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function clientHello(key: Buffer, nonceC = randomBytes(NONCE_BYTES)): { hello: Buffer; nonceC: Buffer } {
  return { hello: Buffer.concat([MAGIC, nonceC, hmac(key, LABEL_CLIENT_HELLO, nonceC)]), nonceC };
}

/** The client's nonce when the hello is genuine, else undefined. */
export function verifyClientHello(key: Buffer, hello: Buffer): Buffer | undefined {
  if (hello.length !== HELLO_BYTES || !hello.subarray(0, 4).equals(MAGIC)) return undefined;
  const nonceC = hello.subarray(4, 4 + NONCE_BYTES);
  return tagsEqual(hello.subarray(4 + NONCE_BYTES), hmac(key, LABEL_CLIENT_HELLO, nonceC)) ? Buffer.from(nonceC) : undefined;
}

export function serverHello(key: Buffer, nonceC: Buffer, nonceS = randomBytes(NONCE_BYTES)): { hello: Buffer; nonceS: Buffer } {
  return { hello: Buffer.concat([MAGIC, nonceS, hmac(key, LABEL_SERVER_HELLO, nonceC, nonceS)]), nonceS };
}

export function verifyServerHello(key: Buffer, nonceC: Buffer, hello: Buffer): Buffer | undefined {
  if (hello.length !== HELLO_BYTES || !hello.subarray(0, 4).equals(MAGIC)) return undefined;
  const nonceS = hello.subarray(4, 4 + NONCE_BYTES);
  return tagsEqual(hello.subarray(4 + NONCE_BYTES), hmac(key, LABEL_SERVER_HELLO, nonceC, nonceS)) ? Buffer.from(nonceS) : undefined;
}

export interface DirectionKeys {
  enc: Buffer; // 16 bytes, SM4
  mac: Buffer; // 32 bytes, HMAC-SM3
}

export interface SessionKeys {
  clientToServer: DirectionKeys;
  serverToClient: DirectionKeys;
}

/** Fresh keys for one connection, from the shared key and both sides' nonces. */
export function sessionKeys(key: Buffer, nonceC: Buffer, nonceS: Buffer): SessionKeys {
  const s = hmac(key, LABEL_SESSION, nonceC, nonceS);
  const dir = (name: string): DirectionKeys => ({ enc: hmac(s, `${name} enc`).subarray(0, 16), mac: hmac(s, `${name} mac`) });
  return { clientToServer: dir('c2s'), serverToClient: dir('s2c') };
}

function ivFor(seq: bigint): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(seq, 0);
  return iv;
}

/** Seals plaintexts of one direction, numbering them 1, 2, 3… */
export class RecordSealer {
  private seq = 0n;
  constructor(private readonly keys: DirectionKeys) {}

  seal(plain: Buffer): Buffer {
    this.seq += 1n;
    const head = Buffer.alloc(RECORD_HEADER_BYTES);
    head.writeUInt32LE(plain.length, 0);
    head.writeBigUInt64LE(this.seq, 4);
    const c = createCipheriv('sm4-ctr', this.keys.enc, ivFor(this.seq));
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([head, body, hmac(this.keys.mac, head, body)]);
  }
}

/**
 * Opens the records of one direction as bytes arrive. The length is checked against the limit
 * from the header alone, before any of the body is kept; a record whose tag does not verify or
 * whose number is not the next one (a replayed, dropped or reordered record) fails the stream
 * for good.
 */
export class RecordOpener {
  private seq = 0n;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failed: GatewayProtocolError | undefined;

  constructor(private readonly keys: DirectionKeys, private readonly maxPlain: number) {}

  get pending(): number {
    return this.buffered;
  }

  push(chunk: Buffer): Buffer[] {
    if (this.failed) throw this.failed;
    if (chunk.length) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: Buffer[] = [];
    for (;;) {
      if (this.buffered < RECORD_HEADER_BYTES) break;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      this.chunks = [all];
      const len = all.readUInt32LE(0);
      if (len > this.maxPlain) return this.fail(`record of ${len} bytes exceeds the limit of ${this.maxPlain}`);
      const seq = all.readBigUInt64LE(4);
      const total = RECORD_HEADER_BYTES + len + TAG_BYTES;
      if (this.buffered < total) break;
      const head = all.subarray(0, RECORD_HEADER_BYTES);
      const body = all.subarray(RECORD_HEADER_BYTES, RECORD_HEADER_BYTES + len);
      const tag = all.subarray(RECORD_HEADER_BYTES + len, total);
      if (!tagsEqual(tag, hmac(this.keys.mac, head, body))) return this.fail('record does not authenticate');
      if (seq !== this.seq + 1n) return this.fail(`record number ${seq} where ${this.seq + 1n} was due (replayed or reordered)`);
      this.seq = seq;
      const d = createCipheriv('sm4-ctr', this.keys.enc, ivFor(seq));
      out.push(Buffer.concat([d.update(body), d.final()]));
      const rest = all.subarray(total);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
    }
    return out;
  }

  private fail(why: string): never {
    this.failed = new GatewayProtocolError(why);
    this.chunks = [];
    this.buffered = 0;
    throw this.failed;
  }
}

// ---- messages inside records ----------------------------------------------------------------

export interface GatewayRequest {
  /** Milliseconds left of the caller's deadline when the request was written. */
  deadlineMs: number;
  /** Bytes of the caller's output buffer including the NUL; 0: the gateway's default. */
  capacity: number;
  payload: Buffer;
}

export const REQUEST_HEADER_BYTES = 9;

export function encodeRequest(r: GatewayRequest): Buffer {
  const b = Buffer.allocUnsafe(REQUEST_HEADER_BYTES + r.payload.length);
  b[0] = MSG_REQUEST;
  b.writeUInt32LE(r.deadlineMs >>> 0, 1);
  b.writeUInt32LE(r.capacity >>> 0, 5);
  r.payload.copy(b, REQUEST_HEADER_BYTES);
  return b;
}

export function decodeRequest(m: Buffer): GatewayRequest {
  if (m.length < REQUEST_HEADER_BYTES || m[0] !== MSG_REQUEST) throw new GatewayProtocolError('not a request message');
  return { deadlineMs: m.readUInt32LE(1), capacity: m.readUInt32LE(5), payload: m.subarray(REQUEST_HEADER_BYTES) };
}

export function encodeAnswer(code: string, output: Buffer): Buffer {
  return Buffer.concat([Buffer.from([MSG_ANSWER]), Buffer.from(code, 'latin1'), Buffer.from([0]), output]);
}

export function decodeAnswer(m: Buffer): { code: string; output: Buffer } {
  const nul = m.indexOf(0, 1);
  if (m[0] !== MSG_ANSWER || nul < 0) throw new GatewayProtocolError('not an answer message');
  return { code: m.subarray(1, nul).toString('latin1'), output: m.subarray(nul + 1) };
}

/** What the gateway tells each client right after the handshake. */
export interface GatewayHello {
  version: string;
  capacity: number;
  maxWaitMs: number;
  outputEncoding: 'utf8' | 'gbk';
  /** Largest request payload the gateway takes: the DLL answers 000105 for a longer input without sending it. */
  maxRequestBytes: number;
  /** The gateway closes a connection idle this long; the DLL retires its idle connections before that. */
  idleTimeoutMs: number;
}

export function encodeHelloMessage(h: GatewayHello): Buffer {
  return Buffer.concat([Buffer.from([MSG_HELLO]), Buffer.from(JSON.stringify(h), 'utf8')]);
}

export function decodeHelloMessage(m: Buffer): GatewayHello {
  if (m[0] !== MSG_HELLO) throw new GatewayProtocolError('not a hello message');
  return JSON.parse(m.subarray(1).toString('utf8')) as GatewayHello;
}
