/**
 * How one MobileTrans payload becomes the caller's answer: shared by the local runtime
 * (src/bridge/main.ts, over the shim's pipe) and the gateway (src/gateway/server.ts, over the
 * LAN), so both give the same JSON and codes.
 */
import type { MobileTransRuntime } from './index.js';
import { errorOutput, fitOutput, type OutputEncoding } from './output.js';

const SYSTEM_ERROR = '000002';
/** What a reply code may be: short printable ASCII (the shim keeps at most 15 bytes). */
export const ANSWER_CODE = /^[0-9A-Za-z_-]{1,15}$/;

export async function answerCall(
  runtime: MobileTransRuntime,
  payload: Buffer,
  requestedCapacity: number,
  encoding: OutputEncoding,
  /** When the caller gives up (src/core/deadline.ts clock): nothing is sent at or after it. */
  deadline?: number,
): Promise<{ code: string; output: Buffer; capacity: number }> {
  const capacity = requestedCapacity > 0 ? requestedCapacity : runtime.capacity;
  let code: string;
  let output: Buffer;
  try {
    // The runtime fits its answer to `capacity` (MobileTransRuntime.call's contract): the one
    // place an answer is fitted, so it is not measured again here.
    ({ code, output } = await runtime.call(payload, capacity, deadline !== undefined ? { deadline } : {}));
  } catch (e) {
    // call() promises never to reject; if it does, the caller still gets an answer.
    code = SYSTEM_ERROR;
    const text = errorOutput(SYSTEM_ERROR, '运行时内部错误', 'internal error in the OneTrans runtime', e instanceof Error ? e.message : String(e), encoding);
    output = fitOutput(SYSTEM_ERROR, text, capacity, encoding).output;
  }
  if (!ANSWER_CODE.test(code)) code = SYSTEM_ERROR;
  return { code, output, capacity };
}
