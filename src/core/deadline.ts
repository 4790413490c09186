/**
 * The clock request deadlines are judged by inside one process: monotonic milliseconds
 * (performance.now()). It never jumps with the wall clock and keeps running while the process
 * is stopped, so a request that waited out its deadline anywhere — in a pipe, in a queue, in a
 * stalled event loop — is seen as late the moment it is looked at. docs/frame-protocol.md says
 * how the library's deadlines are put on this clock.
 */
import { performance } from 'node:perf_hooks';

export function clockMs(): number {
  return performance.now();
}

/** True when `deadline` (clockMs() milliseconds) is given and has passed. */
export function deadlinePassed(deadline: number | undefined): boolean {
  return deadline !== undefined && clockMs() >= deadline;
}
