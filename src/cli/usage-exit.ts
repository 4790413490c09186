/**
 * One exit status for every usage error, whichever command it comes from: 2, as docs/cli.md
 * promises ("nothing was sent"). commander's own default is 1 — the same status as "the portal
 * said no" — which would let a script retry a typo as if it were a failed payment call.
 * Applied to the root program before sub-commands are added, so they all inherit it.
 */
import type { Command, CommanderError } from 'commander';

export const USAGE_EXIT = 2;

/** commander's codes for "the command line itself is wrong". */
const USAGE_CODES = new Set([
  'commander.unknownOption',
  'commander.unknownCommand',
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.conflictingOption',
  'commander.excessArguments',
  'commander.invalidArgument',
]);

/** The process exit status for an error commander reports (help and --version stay 0). */
export function exitStatusFor(err: Pick<CommanderError, 'code' | 'exitCode'>): number {
  if (USAGE_CODES.has(err.code)) return USAGE_EXIT;
  // 'commander.help' is both `onetrans help call` (0) and `onetrans bill` with no sub-command
  // (help on stderr, non-zero): only the latter is a usage error.
  if (err.code === 'commander.help' && err.exitCode !== 0) return USAGE_EXIT;
  return err.exitCode;
}

export function usageErrorsExit2(program: Command, exit: (code: number) => never = (c) => process.exit(c)): Command {
  return program.exitOverride((err) => exit(exitStatusFor(err)));
}
