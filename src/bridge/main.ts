/**
 * The private Node runtime driven by libOneTrans.so / OneTrans.dll (bundled to
 * dist/onetrans-bridge-body.cjs, which dist/onetrans-bridge.cjs compiles with a V8 code cache:
 * src/bridge/loader.ts; the native shim starts it as `node onetrans-bridge.cjs --lib-dir <dir>`).
 *
 * stdin carries request frames, stdout reply frames (src/bridge/frames.ts), stderr is for
 * logs. Requests are handled concurrently and answered in completion order by request id.
 * The process exits when stdin closes: the host program exited or unloaded the library.
 */
import { writeFrame } from './stdio-guard.js';
import { DEFAULT_CAPACITY, DEFAULT_MAX_WAIT_MS } from '../core/limits.js';
import { FRAME_VERSION, RequestDecoder, encodeHello, encodeReply, FrameError, runtimeClockMs, type RequestFrame } from './frames.js';
import type { MobileTransRuntime } from '../mobiletrans/index.js';
import { errorOutput, type OutputEncoding } from '../mobiletrans/output.js';
import { answerCall } from '../mobiletrans/answer.js';

import pkg from '../../package.json' with { type: 'json' };
import type { LoaderHooks } from './loader.js';

// The loader's hooks: the last parameter of the function tsup.config.ts wraps the body in.
// Not there when this module runs otherwise (the tests import it).
declare const __onetransLoader: LoaderHooks | undefined;
const loaderHooks: LoaderHooks | undefined = typeof __onetransLoader === 'object' ? __onetransLoader : undefined;

const SYSTEM_ERROR = '000002';

export function parseArgs(argv: string[]): { libDir?: string } {
  const i = argv.indexOf('--lib-dir');
  return i >= 0 && argv[i + 1] ? { libDir: argv[i + 1] } : {};
}

function versionString(): string {
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** A runtime that answers every call with why it could not load (bad OneTrans.json…). */
function brokenRuntime(reason: string): MobileTransRuntime {
  return {
    capacity: DEFAULT_CAPACITY,
    maxWaitMs: DEFAULT_MAX_WAIT_MS,
    async call() {
      return {
        code: SYSTEM_ERROR,
        output: errorOutput(SYSTEM_ERROR, 'OneTrans 运行时初始化失败', 'the OneTrans runtime failed to initialise', reason),
      };
    },
    async close() {},
  };
}

interface Loaded {
  runtime: MobileTransRuntime;
  /** How the caller reads pOutData: the bridge's own errors and the shim's follow it. */
  encoding: OutputEncoding;
}

async function loadRuntime(libDir: string | undefined): Promise<Loaded & { ok: boolean }> {
  try {
    const mod = await import('../mobiletrans/index.js');
    // OneTrans.json is read once per runtime start: the same loaded config drives both.
    const loaded = mod.loadConfig({ libDir, env: process.env });
    const encoding: OutputEncoding = loaded.config.outputEncoding === 'gbk' ? 'gbk' : 'utf8';
    return { runtime: mod.createMobileTrans(loaded), encoding, ok: true };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    process.stderr.write(`onetrans-bridge: cannot initialise: ${reason}\n`);
    return { runtime: brokenRuntime(reason), encoding: 'utf8', ok: false };
  }
}

async function handle(runtime: MobileTransRuntime, req: RequestFrame, encoding: OutputEncoding): Promise<Buffer> {
  // The deadline is judged at once (a frame that sat in the pipe while this process was
  // stopped arrives late) and again just before the portal request would start.
  const { code, output } = await answerCall(runtime, req.payload, req.capacity, encoding, req.deadline > 0 ? req.deadline : undefined);
  return encodeReply(req.requestId, code, output);
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { libDir } = parseArgs(argv);
  const { runtime, encoding, ok } = await loadRuntime(libDir);
  // The code cache is written once a real call has run (its functions are compiled then); not
  // by a runtime that could not load, whose calls run almost nothing.
  let cacheHook = ok ? loaderHooks : undefined;
  const capacity = Number.isInteger(runtime.capacity) && runtime.capacity >= 2 ? runtime.capacity : DEFAULT_CAPACITY;
  const maxWaitMs = Number.isFinite(runtime.maxWaitMs) && runtime.maxWaitMs > 0 ? Math.ceil(runtime.maxWaitMs) : DEFAULT_MAX_WAIT_MS;
  await writeFrame(
    encodeHello({ version: versionString(), capacity, maxWaitMs, pid: process.pid, outputEncoding: encoding, frame: FRAME_VERSION, clockMs: Math.floor(runtimeClockMs()) }),
  );

  const decoder = new RequestDecoder();
  let ending = false;
  const finish = async (status: number) => {
    if (ending) return;
    ending = true;
    // The host is gone: nobody will read late answers. Give close() a moment, no more.
    await Promise.race([runtime.close().catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
    process.exit(status);
  };

  process.stdin.on('data', (chunk: Buffer) => {
    let frames: RequestFrame[];
    try {
      frames = decoder.push(chunk);
    } catch (e) {
      // A corrupt stream cannot be resynchronised: exit, the shim starts a fresh runtime.
      process.stderr.write(`onetrans-bridge: ${e instanceof FrameError ? e.message : String(e)}\n`);
      void finish(3);
      return;
    }
    for (const req of frames) {
      if (req.requestId === 0) continue;
      handle(runtime, req, encoding)
        .then((reply) => writeFrame(reply))
        .then(() => {
          cacheHook?.afterFirstReply();
          cacheHook = undefined;
        })
        .catch((e) => {
          // stdout gone (host died): nothing left to do.
          process.stderr.write(`onetrans-bridge: cannot write a reply: ${e instanceof Error ? e.message : String(e)}\n`);
          void finish(0);
        });
    }
  });
  process.stdin.on('end', () => void finish(0));
  process.stdin.on('error', () => void finish(0));
  process.stdout.on('error', () => void finish(0));
}

void main();
