/**
 * `onetrans portal pay`: the portal's cashier against a hospital (a thin wrapper over
 * payAtHospital in src/portal/cashier.ts). Exit 0 when every bill was settled (and booked),
 * 1 when not, 2 for bad options.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { collectHeader, hisUrl } from './org-options.js';
import { payAtHospital, type CashierOptions } from '../portal/cashier.js';
import { formatOutcome, formatStep } from '../portal/cashier-report.js';

export interface PayCommandIo {
  out?: (line: string) => void;
  exit?: (code: number) => void;
}

const positive = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) === 0) throw new InvalidArgumentError(`${name} 须为正整数 / ${name} must be a positive integer`);
  return Number(v);
};

/** Adds `pay` under the `portal` command. */
export function registerPayCommand(portal: Command, io: PayCommandIo = {}): Command {
  const out = io.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const exit = io.exit ?? ((c: number) => process.exit(c));
  return portal
    .command('pay')
    .description('Play the portal’s cashier against a hospital: ORG_001 → 002 → 007 → 003 (→ 004) (收银台缴费)')
    .requiredOption('--his <url>', 'the hospital’s base URL, with any path prefix, e.g. http://127.0.0.1:8090/his', hisUrl)
    .option('--header <name:value>', 'an HTTP header sent on every ORG call (repeatable), e.g. X-Tenant:H3201', collectHeader)
    .requiredOption('--cert-no <id>', 'the patient’s ID number (证件号)')
    .option('--mdtrt-cert-type <type>', '就诊凭证类型 01 电子凭证 / 02 身份证 / 03 社保卡 …', '02')
    .option('--mdtrt-cert-no <no>', '就诊凭证编号 (default: --cert-no)')
    .option('--bill <org_trace_no...>', 'pay these bills (default: the first listed)')
    .option('--all', 'pay every unsettled bill')
    .addOption(new Option('--patient-type <type>', 'used_patient_type: 00 自费 / 01 医保 (default: the bill’s)').choices(['00', '01']))
    .addOption(new Option('--channel <channel>', 'deposit_type / channel_type').choices(['WX', 'ALI', 'BANK', 'UP']).default('WX'))
    .addOption(new Option('--account-type <type>', '01 门诊 / 02 住院').choices(['01', '02']).default('01'))
    .option('--org-code <code>', 'the hospital’s org_code', 'H323498799997')
    .option('--sub-org-code <code>', 'sub_org_code (分院)')
    .option('--portal <url>', 'a running simulator (onetrans portal): book settled payments there for refund / trade file')
    .option('--timeout <ms>', 'deadline of each call', positive('--timeout'), 10_000)
    .option('--query-tries <n>', 'ORG_004 queries after an unknown outcome', positive('--query-tries'), 10)
    .option('--query-interval <ms>', 'time between ORG_004 queries', positive('--query-interval'), 1000)
    .option('--json', 'print one JSON object (steps and outcome) instead of text')
    .action(async (o: Record<string, any>) => {
      if (o.bill && o.all) {
        out('--bill 与 --all 只能用其一 / use either --bill or --all');
        return exit(2);
      }
      const options: CashierOptions = {
        his: o.his, headers: o.header, certNo: o.certNo, mdtrtCertType: o.mdtrtCertType, mdtrtCertNo: o.mdtrtCertNo,
        orgCode: o.orgCode, subOrgCode: o.subOrgCode, bills: o.all ? 'all' : o.bill, patientType: o.patientType,
        channel: o.channel, accountType: o.accountType, portal: o.portal, timeoutMs: o.timeout,
        queryTries: o.queryTries, queryIntervalMs: o.queryInterval,
        onStep: o.json ? undefined : (s) => formatStep(s).forEach((l) => out(l)),
      };
      const outcome = await payAtHospital(options);
      if (o.json) out(JSON.stringify(outcome, null, 2));
      else formatOutcome(outcome).forEach((l) => out(l));
      exit(outcome.ok ? 0 : 1);
    });
}
