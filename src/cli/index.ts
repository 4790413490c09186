import { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { registerCallCommand } from './call.js';
import { registerPortalCommand } from './portal.js';

export function buildProgram(): Command {
  const program = new Command('onetrans')
    .description('Hospital-side toolkit for the regional medical-insurance payment portal (区域医保支付门户)')
    .version(pkg.version);
  registerCallCommand(program);
  registerPortalCommand(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
