import { describe, expect, it } from 'vitest';
import {
  encodeHello,
  encodeReply,
  encodeRequest,
  FrameError,
  ReplyDecoder,
  RequestDecoder,
} from '../../src/bridge/frames.js';

function splitEvery(buf: Buffer, n: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += n) parts.push(buf.subarray(i, i + n));
  return parts;
}

describe('frames', () => {
  it('lays a request out as payloadLen | requestId | capacity | deadline (64 bits) | payload, little-endian', () => {
    const f = encodeRequest(0x01020304, 8192, Buffer.from('{"a":1}'), 0x1_0000_0005);
    expect(f.subarray(0, 20).toString('hex')).toBe('07000000' + '04030201' + '00200000' + '05000000' + '01000000');
    expect(f.subarray(20).toString()).toBe('{"a":1}');
    expect(new RequestDecoder().push(f)[0]).toMatchObject({ requestId: 0x01020304, capacity: 8192, deadline: 0x1_0000_0005 });
    // no deadline: 0
    expect(new RequestDecoder().push(encodeRequest(1, 2, Buffer.from('x')))[0]!.deadline).toBe(0);
  });

  it('lays a reply out as payloadLen | requestId | code NUL output', () => {
    const f = encodeReply(5, '000105', Buffer.from('{}'));
    expect(f.readUInt32LE(0)).toBe(6 + 1 + 2);
    expect(f.readUInt32LE(4)).toBe(5);
    expect(f.subarray(8).toString('latin1')).toBe('000105\0{}');
  });

  it('decodes a request split into single bytes', () => {
    const payload = Buffer.from('{"data":{"patientName":"周大鹏"}}');
    const d = new RequestDecoder();
    const got = splitEvery(encodeRequest(9, 100, payload), 1).flatMap((c) => d.push(c));
    expect(got).toHaveLength(1);
    expect(got[0]!.requestId).toBe(9);
    expect(got[0]!.capacity).toBe(100);
    expect(got[0]!.payload.equals(payload)).toBe(true);
    expect(d.pending).toBe(0);
  });

  it('decodes many frames from one chunk, and a frame straddling two chunks', () => {
    const frames = [1, 2, 3, 4].map((i) => encodeRequest(i, 10 * i, Buffer.from(`req-${i}`.repeat(i))));
    const all = Buffer.concat(frames);
    const cut = frames[0]!.length + frames[1]!.length + 5; // inside frame 3's header
    const d = new RequestDecoder();
    const first = d.push(all.subarray(0, cut));
    expect(first.map((f) => f.requestId)).toEqual([1, 2]);
    const rest = d.push(all.subarray(cut));
    expect(rest.map((f) => [f.requestId, f.capacity, f.payload.toString()])).toEqual([
      [3, 30, 'req-3req-3req-3'],
      [4, 40, 'req-4req-4req-4req-4'],
    ]);
  });

  it('decodes a 1 MiB payload arriving in 64 KiB chunks', () => {
    const payload = Buffer.alloc(1024 * 1024, 0x7b);
    const d = new RequestDecoder();
    const got = splitEvery(encodeRequest(1, 8192, payload), 65536).flatMap((c) => d.push(c));
    expect(got).toHaveLength(1);
    expect(got[0]!.payload.length).toBe(payload.length);
    expect(got[0]!.payload.equals(payload)).toBe(true);
  });

  it('accepts an empty payload', () => {
    const d = new RequestDecoder();
    const got = d.push(encodeRequest(3, 16, Buffer.alloc(0)));
    expect(got).toHaveLength(1);
    expect(got[0]!.payload.length).toBe(0);
  });

  it('rejects an absurd length and stays failed (the stream cannot be resynchronised)', () => {
    const d = new RequestDecoder(1024);
    const head = Buffer.alloc(20);
    head.writeUInt32LE(0xfffffff0, 0);
    expect(() => d.push(head)).toThrow(FrameError);
    expect(() => d.push(encodeRequest(1, 1, Buffer.from('x')))).toThrow(/exceeds the limit/);
  });

  it('decodes replies and the hello frame', () => {
    const d = new ReplyDecoder();
    const hello = encodeHello({ version: '1.2.3', capacity: 4096, maxWaitMs: 1234, pid: 42 });
    const reply = encodeReply(7, '000000', Buffer.from('{"code":0}'));
    const got = d.push(Buffer.concat([hello, reply]));
    expect(got).toHaveLength(2);
    expect(got[0]!.requestId).toBe(0);
    expect(JSON.parse(got[0]!.raw.toString())).toEqual({ version: '1.2.3', capacity: 4096, maxWaitMs: 1234, pid: 42 });
    expect(got[1]).toMatchObject({ requestId: 7, code: '000000' });
    expect(got[1]!.output.toString()).toBe('{"code":0}');
  });

  it('refuses reply codes the shim would not accept', () => {
    expect(() => encodeReply(1, '', Buffer.alloc(0))).toThrow(FrameError);
    expect(() => encodeReply(1, '0000000000000000', Buffer.alloc(0))).toThrow(FrameError);
    expect(() => encodeReply(1, '00 00', Buffer.alloc(0))).toThrow(FrameError);
    expect(encodeReply(1, '-1', Buffer.alloc(0)).subarray(8).toString()).toBe('-1\0');
  });
});
