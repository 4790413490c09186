/**
 * The lifecycle the long-running commands share (`onetrans portal`, `onetrans hospital demo`):
 * print the banner (its first line names the URL, which scripts and tests read), serve until
 * SIGINT/SIGTERM or the caller's AbortSignal, then close and say so. Returning normally is what
 * makes the process exit 0 once the server is closed; a server that cannot start is the caller's
 * to report (exit 2), with startErrorText() as the reason.
 */

export interface ServeUntilStoppedIo<T> {
  /** Where the banner and the closing line go. */
  out: (line: string) => void;
  /** Called once the banner is out (tests wait on it). */
  onStarted?: (server: T) => void;
  /** Stops the server when aborted (tests); SIGINT/SIGTERM always do. */
  signal?: AbortSignal;
}

export async function serveUntilStopped<T extends { close(): Promise<void> }>(
  server: T,
  banner: readonly string[],
  stoppedLine: string,
  io: ServeUntilStoppedIo<T>,
): Promise<void> {
  for (const line of banner) io.out(line);
  io.onStarted?.(server);
  await stopRequested(io.signal);
  await server.close();
  io.out(stoppedLine);
}

/** The one-line reason a server could not start; a busy port is named as such in both languages. */
export function startErrorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code === 'EADDRINUSE' ? `端口已被占用 / address in use: ${e.message}` : e.message;
}

/** Resolves on the first SIGINT, SIGTERM or abort, and leaves no listener behind. */
function stopRequested(signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
}
