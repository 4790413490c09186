/**
 * `onetrans hospital demo`: runs the reference HIS until SIGINT/SIGTERM (or `io.signal` aborts).
 * A thin wrapper over startDemoHospital(); the behaviour lives in examples/hospital/.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { maskText } from '../core/mask.js';
import { DEMO_CERT_NO, startDemoHospital, type DemoHospital } from '../../examples/hospital/index.js';

export interface HospitalCommandIo {
  out?: (line: string) => void;
  onStarted?: (his: DemoHospital) => void;
  signal?: AbortSignal;
}

function nonNegativeInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} 须为非负整数 / ${name} must be a non-negative integer`);
    return Number(value);
  };
}

export function registerHospitalCommand(program: Command, io: HospitalCommandIo = {}): Command {
  const hospital = program.command('hospital').description('The hospital side (ORG_001..009): a reference HIS to test against');
  hospital
    .command('demo')
    .description('Run the reference HIS (参考HIS): ORG_001..009 with seeded patients and bills')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', nonNegativeInt('--port'), 0)
    .option('--data <file.json>', 'keep the books in this file (created and seeded when missing; survives restarts)')
    .option('--org-code <code>', 'org_code of this hospital for new books (default H323498799997, the spec’s)')
    .option('--settle-delay <ms>', 'time a settlement stays in progress before it commits', nonNegativeInt('--settle-delay'), 0)
    .option('--quiet', 'do not log calls')
    .action(async (opts: { host: string; port: number; data?: string; orgCode?: string; settleDelay: number; quiet?: boolean }, cmd: Command) => {
      const out = io.out ?? ((line: string) => process.stdout.write(line + '\n'));
      let his: DemoHospital;
      try {
        his = await startDemoHospital({
          host: opts.host,
          port: opts.port,
          dataFile: opts.data,
          orgCode: opts.orgCode,
          settleDelayMs: opts.settleDelay,
          log: opts.quiet ? undefined : (line) => out(`${new Date().toISOString()} ${maskText(line)}`),
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const text = e.code === 'EADDRINUSE' ? `端口已被占用 / address in use: ${e.message}` : e.message;
        return cmd.error(`onetrans hospital demo: ${text}`, { exitCode: 2, code: 'onetrans.hospital.config' });
      }
      out(`Reference HIS (参考HIS) listening on ${his.url}`);
      out(`  org_code ${his.store.data.org_code}, ${his.store.data.patients.length} patients, books ${opts.data ? `in ${opts.data}` : 'in memory'}`);
      out(`  example patient: cert_no ${maskText(DEMO_CERT_NO)} (the spec's; mdtrt_cert_type 02 with the ID number)`);
      out(`  try: onetrans portal pay --his ${his.url} --cert-no <cert_no>   |   onetrans conformance --his ${his.url} --cert-no <cert_no>`);
      out('  Ctrl+C to stop');
      io.onStarted?.(his);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          io.signal?.removeEventListener('abort', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        if (io.signal?.aborted) stop();
        else io.signal?.addEventListener('abort', stop);
      });
      await his.close();
      out('Reference HIS stopped');
    });
  return hospital;
}
