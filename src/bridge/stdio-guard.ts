/**
 * stdout belongs to the frame protocol: one stray byte from console.log (ours or any
 * dependency's) would desynchronise the native shim. main.ts imports this module before
 * anything else: it keeps the real stdout writer for frames and sends everything else to
 * stderr.
 */
import { Console } from 'node:console';
import { writeSync } from 'node:fs';

const STDOUT_FD = 1;

const stdout = process.stdout;
const realWrite = stdout.write.bind(stdout) as (chunk: Uint8Array, cb?: (err?: Error | null) => void) => boolean;

// Anything that writes to process.stdout directly goes to stderr instead.
stdout.write = ((...args: unknown[]) => (process.stderr.write as (...a: unknown[]) => boolean)(...args)) as typeof stdout.write;

// Every console method (log, info, table, dir…) now prints to stderr.
const toStderr = new Console({ stdout: process.stderr, stderr: process.stderr });
for (const key of Object.keys(toStderr) as (keyof Console)[]) {
  const fn = toStderr[key];
  if (typeof fn === 'function') (console as unknown as Record<string, unknown>)[key] = (fn as (...a: unknown[]) => unknown).bind(toStderr);
}

const DONE = Promise.resolve();
/** Not on Windows: there libuv writes a pipe its own way, and a write of ours could block. */
const DIRECT = process.platform !== 'win32';

/**
 * Writes raw frame bytes to the real stdout; resolves once handed to the OS. A frame is
 * written straight to the descriptor when nothing is queued before it (posix): one write(2)
 * into the pipe, without the stream's buffering, callbacks and ticks on every answer (issue 25).
 * The descriptor is non-blocking (libuv opened it): when the pipe is full the write takes what
 * fits and the stream queues the rest, in order, as before.
 */
export function writeFrame(bytes: Buffer): Promise<void> {
  if (DIRECT && stdout.writableLength === 0 && !stdout.destroyed) {
    let n = 0;
    try {
      n = writeSync(STDOUT_FD, bytes);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return Promise.reject(e);
    }
    if (n === bytes.length) return DONE;
    bytes = bytes.subarray(n);
  }
  return new Promise((resolve, reject) => {
    realWrite(bytes, (err) => (err ? reject(err) : resolve()));
  });
}
