/**
 * A TypeScript client of the gateway hop: what tests, the benchmark and `onetrans` tooling use
 * to talk to a gateway the way OneTrans.dll does (native/gateway-client.c is the DLL's).
 * One connection, one call at a time.
 */
import { connect, type Socket } from 'node:net';
import {
  HELLO_BYTES,
  RecordOpener,
  RecordSealer,
  clientHello,
  decodeAnswer,
  decodeHelloMessage,
  encodeRequest,
  sessionKeys,
  verifyServerHello,
  type GatewayHello,
} from './protocol.js';
import { MAX_REPLY_PAYLOAD } from '../core/limits.js';

export class GatewayConnection {
  private waiter: { resolve: (m: Buffer) => void; reject: (e: Error) => void } | undefined;
  private closedWith: Error | undefined;
  /** Every record this connection sent, as written (tests replay them). */
  readonly sent: Buffer[] = [];

  private constructor(
    readonly socket: Socket,
    readonly hello: GatewayHello,
    private readonly sealer: RecordSealer,
    private readonly opener: RecordOpener,
    pending: Buffer,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.fail(new Error('the gateway closed the connection')));
    socket.on('error', (e) => this.fail(e));
    if (pending.length) this.onData(pending);
  }

  static async open(host: string, port: number, key: Buffer, timeoutMs = 5000): Promise<GatewayConnection> {
    const socket = connect({ host, port, noDelay: true });
    const { hello, nonceC } = clientHello(key);
    return new Promise((resolve, reject) => {
      let buf = Buffer.alloc(0);
      const timer = setTimeout(() => fail(new Error('no handshake in time')), timeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(e);
      };
      socket.once('error', fail);
      socket.once('close', () => fail(new Error('the gateway closed the connection during the handshake')));
      socket.on('connect', () => socket.write(hello));
      let opener: RecordOpener | undefined;
      let sealer: RecordSealer | undefined;
      const onData = (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        if (!opener) {
          if (buf.length < HELLO_BYTES) return;
          const nonceS = verifyServerHello(key, nonceC, buf.subarray(0, HELLO_BYTES));
          if (!nonceS) return fail(new Error('the gateway\'s hello does not authenticate'));
          const keys = sessionKeys(key, nonceC, nonceS);
          opener = new RecordOpener(keys.serverToClient, MAX_REPLY_PAYLOAD + 16);
          sealer = new RecordSealer(keys.clientToServer);
          buf = buf.subarray(HELLO_BYTES);
        }
        let msgs: Buffer[];
        try {
          msgs = opener.push(buf);
          buf = Buffer.alloc(0);
        } catch (e) {
          return fail(e as Error);
        }
        if (msgs.length === 0) return;
        clearTimeout(timer);
        socket.removeAllListeners('data');
        socket.removeAllListeners('error');
        socket.removeAllListeners('close');
        const rest = msgs.slice(1);
        const conn = new GatewayConnection(socket, decodeHelloMessage(msgs[0]!), sealer!, opener, Buffer.alloc(0));
        if (rest.length) conn.fail(new Error('unexpected record after the hello'));
        resolve(conn);
      };
      socket.on('data', onData);
    });
  }

  private onData(chunk: Buffer): void {
    let msgs: Buffer[];
    try {
      msgs = this.opener.push(chunk);
    } catch (e) {
      this.fail(e as Error);
      this.socket.destroy();
      return;
    }
    for (const m of msgs) {
      const w = this.waiter;
      this.waiter = undefined;
      if (w) w.resolve(m);
      else this.fail(new Error('an answer nobody asked for'));
    }
  }

  private fail(e: Error): void {
    this.closedWith ??= e;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(e);
  }

  /** Writes raw bytes (tests: replays, garbage). */
  writeRaw(b: Buffer): void {
    this.socket.write(b);
  }

  /** One MobileTrans call: the payload as pInData bytes, the deadline as milliseconds left. */
  async call(payload: Buffer, opts: { deadlineMs?: number; capacity?: number } = {}): Promise<{ code: string; output: Buffer }> {
    if (this.closedWith) throw this.closedWith;
    if (this.waiter) throw new Error('one call at a time per connection');
    const record = this.sealer.seal(encodeRequest({ deadlineMs: opts.deadlineMs ?? this.hello.maxWaitMs, capacity: opts.capacity ?? 0, payload }));
    this.sent.push(record);
    const answer = new Promise<Buffer>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
    this.socket.write(record);
    return decodeAnswer(await answer);
  }

  close(): void {
    this.socket.destroy();
  }
}
