import { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { registerBillCommand } from './bill.js';
import { registerCallCommand } from './call.js';
import { bilingualHelp } from './help.js';
import { usageErrorsExit2 } from './usage-exit.js';
import { registerPortalCommand } from './portal.js';
import { registerHospitalCommand } from './hospital.js';
import { registerProbeCommand } from './probe.js';
import { registerReconcileCommand } from './reconcile.js';
import { registerPayCommand } from './pay.js';
import { registerConformanceCommand } from './conformance.js';
import { registerGatewayCommand } from './gateway.js';

export function buildProgram(): Command {
  const program = usageErrorsExit2(bilingualHelp(new Command('onetrans')))
    .description('区域医保支付门户医院端工具 / Hospital-side toolkit for the regional medical-insurance payment portal (AMP)')
    .version(pkg.version, '-V, --version', '显示版本 / output the version')
    .addHelpText(
      'after',
      '\n凭据可放在环境变量 / credentials may come from the environment: ONETRANS_URL ONETRANS_APP_ID ONETRANS_APP_SECRET ONETRANS_ORG_ID',
    );
  registerCallCommand(program);
  registerPayCommand(registerPortalCommand(program));
  registerHospitalCommand(program);
  registerBillCommand(program);
  registerProbeCommand(program);
  registerReconcileCommand(program);
  registerConformanceCommand(program);
  registerGatewayCommand(program);
  return program;
}

// `onetrans … | head -1`: once the reader is gone there is nobody to tell anything; leave
// quietly as a Unix tool does on SIGPIPE instead of crashing with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

await buildProgram().parseAsync(process.argv);
