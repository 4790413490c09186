/**
 * `onetrans hospital demo`: runs the reference HIS until SIGINT/SIGTERM (or `io.signal` aborts).
 * A thin wrapper over startDemoHospital(); the behaviour lives in examples/hospital/.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { maskText, shown } from '../core/mask.js';
import { existsSync, readFileSync } from 'node:fs';
import { DEMO_CERT_NO, exportBooks, startDemoHospital, type DemoData, type DemoHospital } from '../../examples/hospital/index.js';
import { cstDate, isValidDate } from '../core/time.js';
import { writeFileAtomic } from './atomic-file.js';
import { serveUntilStopped, startErrorText } from './serve-until-stopped.js';

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
        return cmd.error(`onetrans hospital demo: ${startErrorText(err)}`, { exitCode: 2, code: 'onetrans.hospital.config' });
      }
      const banner = [
        `Reference HIS (参考HIS) listening on ${his.url}`,
        `  org_code ${his.store.data.org_code}, ${his.store.data.patients.length} patients, books ${opts.data ? `in ${opts.data}` : 'in memory'}`,
        `  example patient: cert_no ${maskText(DEMO_CERT_NO)} (the spec's; mdtrt_cert_type 02 with the ID number)`,
        `  try: onetrans portal pay --his ${his.url} --cert-no <cert_no>   |   onetrans conformance --his ${his.url} --cert-no <cert_no>`,
        '  Ctrl+C to stop',
      ];
      await serveUntilStopped(his, banner, 'Reference HIS stopped', { out, onStarted: io.onStarted, signal: io.signal });
    });
  hospital
    .command('export')
    .description('该日的账（已结算、已撤销）导出为对账用的HIS记录（ORG_003 字段名，JSON） / the day\'s books as HIS records for `onetrans reconcile`')
    .requiredOption('--data <file.json>', 'the reference HIS\'s books (its --data file)')
    .option('--date <yyyy-MM-dd>', 'the day, UTC+8 (default today); also "yesterday"')
    .option('--out <file.json>', 'write here (replaced atomically) instead of standard output')
    .action(async (opts: { data: string; date?: string; out?: string }, cmd: Command) => {
      const out = io.out ?? ((line: string) => process.stdout.write(line + '\n'));
      const date = opts.date === undefined ? cstDate() : opts.date === 'yesterday' ? cstDate(new Date(Date.now() - 86_400_000)) : opts.date;
      if (!isValidDate(date)) return cmd.error('onetrans hospital export: --date 须为 yyyy-MM-dd 的真实日期或 yesterday / --date must be a real yyyy-MM-dd or yesterday', { exitCode: 2, code: 'onetrans.hospital.usage' });
      if (!existsSync(opts.data)) return cmd.error(`onetrans hospital export: 找不到账本文件 / no such books file: ${shown(opts.data)}`, { exitCode: 2, code: 'onetrans.hospital.usage' });
      // Read only (DemoStore.open would settle the books of a running HIS: in-progress → failed).
      let records;
      try {
        const data = JSON.parse(readFileSync(opts.data, 'utf8').replace(/^\uFEFF/, '')) as DemoData;
        if (!Array.isArray(data?.settlements)) throw new Error('no settlements');
        records = exportBooks(data, date);
      } catch {
        return cmd.error(`onetrans hospital export: 账本文件不是参考HIS的数据文件 / not the reference HIS's books: ${shown(opts.data)}`, { exitCode: 2, code: 'onetrans.hospital.config' });
      }
      const text = JSON.stringify(records, null, 2) + '\n';
      if (opts.out) await writeFileAtomic(opts.out, text);
      else out(text.trimEnd());
    });
  return hospital;
}
