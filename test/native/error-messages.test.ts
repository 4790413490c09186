/**
 * Every entry of the shim's own message table (native/error-messages.json → error-table.gen.c):
 * as rendered by the C code (native/tests/error-table-dump.c: both encodings, escaping, every
 * capacity), and, for every entry a caller can meet, the compiled library producing it
 * against a runtime that misbehaves that way (test/native/fixtures/raw-bridge.cjs), in UTF-8
 * and in GBK ("outputEncoding": "gbk").
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { encodeAnswer, encodeHelloMessage, HELLO_BYTES, RecordOpener, RecordSealer, serverHello, sessionKeys, verifyClientHello } from '../../src/gateway/protocol.js';
import { cstr, loadOneTrans, outText, type OneTransLib } from './koffi-lib.js';
import { LIB_PATH, RELEASE_DIR, ROOT } from './helpers.js';
import { useStagedLibraries } from '../helpers/fake-bridge.js';

interface Entry {
  id: string;
  code: string;
  zh: string;
  en: string;
}
const ENTRIES: Entry[] = JSON.parse(readFileSync(path.join(ROOT, 'native/error-messages.json'), 'utf8')).messages;
const entry = (id: string) => ENTRIES.find((e) => e.id === id)!;
const RAW_BRIDGE = path.join(ROOT, 'test/native/fixtures/raw-bridge.cjs');

const stage = useStagedLibraries({ fakeBridge: false });

/** Decodes an answer the way its caller reads it. */
function decode(raw: Buffer, gbk: boolean): { code: number; message: string } {
  const bytes = raw.subarray(0, raw.indexOf(0));
  if (gbk) {
    expect(bytes.includes(Buffer.from('运行时', 'utf8'))).toBe(false); // no UTF-8 Chinese for a GBK reader
    return JSON.parse(iconv.decode(bytes, 'gbk'));
  }
  return JSON.parse(bytes.toString('utf8'));
}

describe('the message table as the C code writes it', () => {
  const dump = execFileSync(path.join(RELEASE_DIR, 'onetrans-error-table-dump'), { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  const detailUtf8 = 'C:\\HIS "x"\n医保? end';
  const fill = (t: string) => {
    let i = 0;
    const args = ['arg-1', 'arg-2 "q"', 'arg-3', 'arg-4'];
    return t.replace(/%s/g, () => args[i++]!);
  };

  it('has one enum value per row, in order', () => {
    const h = readFileSync(path.join(ROOT, 'native/error-table.gen.h'), 'utf8');
    expect([...h.matchAll(/OT_MSG_([A-Z0-9_]+),/g)].map((m) => m[1])).toEqual(ENTRIES.map((e) => e.id));
    expect(dump.filter((l) => /^\d+$/.test(l[0]!)).length).toBe(ENTRIES.length * 2);
  });

  ENTRIES.forEach((e, index) => {
    it(`${e.id}: valid JSON, its code, "${e.zh} / ${e.en}" in UTF-8 and GBK`, () => {
      for (const gbk of [false, true]) {
        const line = dump.find((l) => l[0] === String(index) && l[1] === (gbk ? '1' : '0'));
        const out = decode(Buffer.concat([Buffer.from(line![2]!, 'hex'), Buffer.from([0])]), gbk);
        const detail = gbk ? detailUtf8.replace('医保', '??') : detailUtf8;
        if (e.code) {
          expect(out.code).toBe(Number(e.code));
          expect(out.message).toBe(`${e.zh} / ${e.en}: ${detail}`);
        } else {
          const start = entry('START_FAILED');
          expect(out.code).toBe(2);
          expect(out.message).toBe(`${start.zh} / ${start.en}. ${fill(e.zh)} / ${fill(e.en)}`);
        }
      }
    });
  });

  it('never writes past the capacity, and writes the whole answer or nothing', () => {
    expect(dump.filter((l) => l[0] === 'overflow' || l[0] === 'partial')).toEqual([]);
  });

  it('cuts a detail too long for one message at a character boundary, still one JSON', () => {
    const line = dump.find((l) => l[0] === 'long')!;
    const out = decode(Buffer.concat([Buffer.from(line[2]!, 'hex'), Buffer.from([0])]), false);
    expect(out.message.startsWith(`${entry('START_FAILED').zh} / ${entry('START_FAILED').en}: 路路`)).toBe(true);
    expect(out.message).not.toContain('\ufffd');
  });
});

/** A library folder with the raw runtime in `mode` (or none), configured for the encoding. */
function stageRaw(mode: Record<string, unknown> | null, gbk: boolean, config: Record<string, unknown> = {}): OneTransLib {
  const files: Record<string, string> = { 'OneTrans.json': JSON.stringify({ ...config, outputEncoding: gbk ? 'gbk' : 'utf8' }) };
  if (mode) {
    files['onetrans-bridge.cjs'] = readFileSync(RAW_BRIDGE, 'utf8');
    files['raw-mode.json'] = JSON.stringify({ ...mode, outputEncoding: gbk ? 'gbk' : 'utf8' });
  }
  const dir = stage(false, files);
  return loadOneTrans(path.join(dir, path.basename(LIB_PATH)));
}

/** How a caller meets each entry. BUSY (another caller holds the pipe past this caller's whole
 * deadline) has no deterministic trigger; the table test above covers its text. */
const SCENARIOS: Record<string, (gbk: boolean) => Promise<{ code: string; out: Buffer }>> = {
  IN_NULL: async (gbk) => {
    const out = Buffer.alloc(512);
    return { code: await stageRaw(null, gbk).mobileTrans(null, out), out };
  },
  IN_TOO_LONG: async (gbk) => {
    const out = Buffer.alloc(512);
    const input = Buffer.alloc(64 * 1024 * 1024 + 2, 0x20); // 64 MiB + 1 byte and the NUL
    input[input.length - 1] = 0;
    return { code: await stageRaw(null, gbk).mobileTransEx(input, out, out.length), out };
  },
  START_FAILED: async (gbk) => {
    const out = Buffer.alloc(8192);
    return { code: await stageRaw(null, gbk).mobileTrans(cstr('{}'), out), out };
  },
  START_TIMEOUT: async (gbk) => {
    const out = Buffer.alloc(8192);
    // the start-up wait follows OneTrans.json: 300 + 300 + the margin
    const lib = stageRaw({ mode: 'silent' }, gbk, { connectTimeoutMs: 300, readTimeoutMs: 300 });
    return { code: await lib.mobileTrans(cstr('{}'), out), out };
  },
  UNAVAILABLE: async (gbk) => {
    const out = Buffer.alloc(8192);
    return { code: await stageRaw({ mode: 'gone' }, gbk).mobileTrans(cstr('{}'), out), out };
  },
  SEND_BROKEN: async (gbk) => {
    const out = Buffer.alloc(8192);
    const big = cstr(`{"pad":"${'x'.repeat(1024 * 1024)}"}`); // more than the pipe holds
    return { code: await stageRaw({ mode: 'stall', maxWaitMs: 700 }, gbk).mobileTrans(big, out), out };
  },
  DIED: async (gbk) => {
    const out = Buffer.alloc(8192);
    return { code: await stageRaw({ mode: 'die' }, gbk).mobileTrans(cstr('{}'), out), out };
  },
  BAD_REPLY: async (gbk) => {
    const out = Buffer.alloc(8192);
    return { code: await stageRaw({ mode: 'no-nul' }, gbk).mobileTrans(cstr('{}'), out), out };
  },
  OUT_TOO_SMALL: async (gbk) => {
    const out = Buffer.alloc(600, 0xee);
    const code = await stageRaw({ mode: 'answer' }, gbk).mobileTransEx(cstr('{}'), out, 400);
    expect(out.subarray(400).every((b) => b === 0xee)).toBe(true);
    return { code, out };
  },
  NO_ANSWER: async (gbk) => {
    const out = Buffer.alloc(8192);
    return { code: await stageRaw({ mode: 'stall', maxWaitMs: 700 }, gbk).mobileTrans(cstr('{}'), out), out };
  },
  // Gateway mode (native/gateway-client.c): a gateway that misbehaves after the handshake.
  GW_CONFIG: async (gbk) => {
    const out = Buffer.alloc(8192);
    return { code: await stageRaw(null, gbk, { gateway: ['no-port'] }).mobileTrans(cstr('{}'), out), out };
  },
  GW_UNREACHABLE: async (gbk) => {
    const out = Buffer.alloc(8192);
    return { code: await stageRaw(null, gbk, { gateway: ['127.0.0.1:1'], gatewayKey: GW_KEY.toString('hex') }).mobileTrans(cstr('{}'), out), out };
  },
  GW_LOST: async (gbk) => gatewayScenario('hang-up', gbk),
  GW_NO_ANSWER: async (gbk) => gatewayScenario('silent', gbk),
  GW_BAD_ANSWER: async (gbk) => gatewayScenario('forged', gbk),
};

const GW_KEY = randomBytes(16);

/** One call through a fake gateway that does the handshake, reads the request and then hangs
 * up, says nothing, or answers with a record whose tag is wrong. */
async function gatewayScenario(behaviour: 'hang-up' | 'silent' | 'forged', gbk: boolean): Promise<{ code: string; out: Buffer }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
    let buf = Buffer.alloc(0);
    let opener: RecordOpener | undefined;
    let sealer: RecordSealer | undefined;
    s.on('data', (d: Buffer) => {
      if (!opener) {
        buf = Buffer.concat([buf, d]);
        if (buf.length < HELLO_BYTES) return;
        const nonceC = verifyClientHello(GW_KEY, buf.subarray(0, HELLO_BYTES))!;
        const { hello, nonceS } = serverHello(GW_KEY, nonceC);
        const keys = sessionKeys(GW_KEY, nonceC, nonceS);
        opener = new RecordOpener(keys.clientToServer, 1 << 20);
        sealer = new RecordSealer(keys.serverToClient);
        s.write(Buffer.concat([hello, sealer.seal(encodeHelloMessage({ version: 't', capacity: 8192, maxWaitMs: 700, outputEncoding: 'utf8', maxRequestBytes: 1 << 20, idleTimeoutMs: 60000 }))]));
        d = buf.subarray(HELLO_BYTES);
      }
      if (opener.push(d).length === 0) return;
      if (behaviour === 'hang-up') s.destroy();
      if (behaviour === 'forged') {
        const rec = sealer!.seal(encodeAnswer('000000', Buffer.from('{}')));
        rec[rec.length - 1]! ^= 1;
        s.write(rec);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const out = Buffer.alloc(8192);
    const port = (server.address() as { port: number }).port;
    const lib = stageRaw(null, gbk, { gateway: [`127.0.0.1:${port}`], gatewayKey: GW_KEY.toString('hex'), connectTimeoutMs: 300, readTimeoutMs: 300 });
    return { code: await lib.mobileTrans(cstr('{}'), out), out };
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
}

describe('the library meets each entry', () => {
  it('has a scenario for every error entry but BUSY', () => {
    const errors = ENTRIES.filter((e) => e.code).map((e) => e.id);
    expect(Object.keys(SCENARIOS).sort()).toEqual(errors.filter((id) => id !== 'BUSY').sort());
  });

  for (const [id, run] of Object.entries(SCENARIOS)) {
    for (const gbk of [false, true]) {
      it(`${id} (${gbk ? 'GBK' : 'UTF-8'})`, async () => {
        const e = entry(id);
        const { code, out } = await run(gbk);
        expect(code).toBe(e.code);
        const json = decode(out, gbk);
        expect(json.code).toBe(Number(e.code));
        expect(json.message.startsWith(`${e.zh} / ${e.en}`)).toBe(true);
      }, 20_000);
    }
  }

  it('IN_TOO_LONG names the size and the limit, and nothing of the input', async () => {
    const { out } = await SCENARIOS.IN_TOO_LONG!(false);
    expect(outText(out)).toContain('67108865 bytes, the limit is 67108864');
  });
});
