/**
 * stdout belongs to the frame protocol: one stray byte from console.log (ours or any
 * dependency's) would desynchronise the native shim. main.ts imports this module before
 * anything else: it keeps the real stdout writer for frames and sends everything else to
 * stderr.
 */
import { Console } from 'node:console';

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

/** Writes raw frame bytes to the real stdout; resolves once handed to the OS. */
export function writeFrame(bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    realWrite(bytes, (err) => (err ? reject(err) : resolve()));
  });
}
