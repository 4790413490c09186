/**
 * The clock request deadlines are judged by inside one process: monotonic milliseconds since this
 * module loaded (process.hrtime, the clock performance.now() reads too). It never jumps with the
 * wall clock and keeps running while the process is stopped, so a request that waited out its
 * deadline anywhere — in a pipe, in a queue, in a stalled event loop — is seen as late the moment
 * it is looked at. docs/frame-protocol.md says how the library's deadlines are put on this clock.
 * Not node:perf_hooks: loading it costs the runtime's start ~2.5 ms of CPU (9 built-in modules).
 */
const origin = process.hrtime.bigint();

export function clockMs(): number {
  return Number(process.hrtime.bigint() - origin) / 1e6;
}

/** True when `deadline` (clockMs() milliseconds) is given and has passed. */
export function deadlinePassed(deadline: number | undefined): boolean {
  return deadline !== undefined && clockMs() >= deadline;
}
