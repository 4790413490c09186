import { clockMs } from '../core/deadline.js';
import { callBudgetMs } from '../core/limits.js';
import { AmpError, type AmpTrace } from '../core/errors.js';
import { shown } from '../core/mask.js';
import { Redactor } from '../core/redact.js';
import { loadConfig, resolvePath, type LoadedConfig, type OneTransConfig } from './config.js';
import { MobileTransContract } from './contract.js';
import { fitOutput, outputFor } from './output.js';
import { decodeInput, encodeOutput } from '../core/encoding.js';
import { DailyLog, Masked } from './log.js';

export { loadConfig, DEFAULT_CONFIG, type OneTransConfig, type LoadedConfig } from './config.js';
export { MobileTransContract, SETTINGS } from './contract.js';
export { outputFor, errorOutput, fitOutput, type OutputEncoding } from './output.js';
export { decodeInput, encodeOutput } from '../core/encoding.js';
export { DailyLog } from './log.js';
export { maskText } from '../core/mask.js';
export { maskFields } from '../spec/sensitive-fields.js';

/** What the bridge drives: one per process. */
export interface MobileTransRuntime {
  /** Default output capacity in bytes including the NUL. */
  capacity: number;
  /** The longest a call may take (src/core/limits.ts callBudgetMs), announced in the hello. */
  maxWaitMs: number;
  /**
   * Never rejects; `output` fits in `capacity - 1` bytes and holds no NUL. `deadline`: when the
   * library gives up on the call (src/core/deadline.ts clock): nothing is sent at or after it.
   */
  call(input: Buffer, capacity?: number, opts?: { deadline?: number }): Promise<{ code: string; output: Buffer }>;
  close(): Promise<void>;
}


export function createMobileTrans(loaded: LoadedConfig): MobileTransRuntime {
  const config: OneTransConfig = loaded.config;
  const log = new DailyLog(resolvePath(loaded.baseDir, config.logDir), config.logLevel, [config.clientPrvKey]);
  // What masks a message when no request is behind it (the input could not be decoded): the
  // configured secrets and ID/phone patterns, as the log would.
  const secrets = new Redactor([[config.clientPrvKey, 'secret']]);
  for (const p of loaded.problems) log.write('error', { event: 'config', file: loaded.file, problem: p });
  let contract: MobileTransContract | undefined;
  let initError: AmpError | undefined;
  try {
    contract = new MobileTransContract(config, config.caFile ? resolvePath(loaded.baseDir, config.caFile) : undefined, log);
  } catch (e) {
    initError = new AmpError('000002', `OneTrans 初始化失败：${(e as Error).message}`, `OneTrans failed to initialise: ${(e as Error).message}`);
    log.write('error', { event: 'init', problem: initError.message });
  }

  return {
    capacity: config.capacity,
    maxWaitMs: callBudgetMs(config.connectTimeoutMs, config.readTimeoutMs),
    async call(input, capacity = config.capacity, opts = {}) {
      const t0 = clockMs();
      let code = '000001';
      let text: string;
      let iface: string | undefined;
      let orgId: string | undefined;
      let message: string | undefined;
      let trace: AmpTrace | undefined;
      // The call's redactor (src/core/redact.ts) masks pOutData's message and every log field.
      let redactor: Redactor | undefined;
      let outRefundNo: string | undefined;
      try {
        if (initError || !contract) throw initError;
        const { text: decoded, encoding } = decodeInput(input, config.inputEncoding);
        const r = await contract.handle(decoded, encoding, opts.deadline);
        ({ code, iface, orgId, trace, redactor, outRefundNo } = r);
        if (typeof r.output.message === 'string') r.output.message = redactor.redact(r.output.message);
        message = code === '000000' ? undefined : String(r.output.message);
        text = JSON.stringify(r.output);
        if (log.enabled('debug')) log.write('debug', { event: 'input', encoding, bytes: input.length });
      } catch (e) {
        const err = e instanceof AmpError ? e : new AmpError('000002', '系统错误', 'system error', undefined, { detail: shown((e as Error)?.message, 200) });
        code = err.code;
        message = (redactor ?? secrets).redact(err.message);
        text = JSON.stringify(outputFor(err.code, message, null, orgId));
      }
      const fitted = fitOutput(code, encodeOutput(text, config.outputEncoding), capacity, config.outputEncoding, orgId);
      const level = fitted.code === '000000' ? 'info' : 'error';
      // Checked here too, so a disabled log costs no fields and no formatting on each call.
      // The caller's values (iface from its serverAddr, orgId, outRefundNo) and the portal's
      // code are masked by the line's writer; the rest was masked where it was made (message)
      // or holds nothing of the caller's (duration, code, envelope time stamp, signature
      // prefix, HTTP status), so the line does not scan them again.
      if (log.enabled(level)) {
        log.write(level, {
          iface: iface || '-',
          orgId: orgId || '-',
          ms: new Masked((clockMs() - t0).toFixed(1)),
          code: new Masked(fitted.code),
          msg: message === undefined ? undefined : new Masked(message),
          // What the HIS queries a failed refund with (its outcome may be unknown).
          ...(fitted.code !== '000000' && outRefundNo !== undefined ? { outRefundNo } : {}),
          // What support looks a call up by in the portal's logs (AmpTrace).
          ...(trace
            ? { ts: new Masked(trace.timestamp), sig: new Masked(trace.signDataPrefix), http: trace.status, portalCode: trace.portalCode }
            : {}),
        }, redactor ?? secrets);
      }
      return fitted;
    },
    async close() {
      await contract?.close();
      await log.flush();
    },
  };
}

/** Loads OneTrans.json (ONETRANS_CONFIG, else beside the library) and builds the runtime. */
export function loadMobileTrans(opts: { libDir?: string; configPath?: string; env?: NodeJS.ProcessEnv } = {}): MobileTransRuntime {
  return createMobileTrans(loadConfig(opts));
}
