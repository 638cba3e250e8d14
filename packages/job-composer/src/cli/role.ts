import { Redactor } from '../events';
import { runRole } from '../playbook/run-role';
import { parseArgs } from './args';
import { COMMON_OPTIONS, IGNORED_FLAGS } from './common';
import { UsageError } from './errors';
import { parseExtraVars } from './extra-vars';
import type { CliIO } from './output';
import { runAndReport } from './report';

export const OPTIONS = COMMON_OPTIONS;

/**
 * One role with the given variables. `roles/<name>/tasks/main.yaml` stubs call this with the
 * play's variables piped as JSON on stdin (`-e @-`), so stock Ansible can run our roles.
 */
export async function roleCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, OPTIONS, IGNORED_FLAGS);
  const json = args.flags.json === true;
  if (args.positionals.length !== 1) throw new UsageError('role needs exactly one role NAME');
  const redactor = new Redactor();
  // The stubs pipe what Ansible rendered: a `{{` in a change message or password is data.
  const vars = parseExtraVars(args.lists['extra-vars'], io.stdin, true);
  const flags = { json, dryRun: args.flags['dry-run'] === true };
  return runAndReport(flags, redactor, io, (sink) =>
    runRole({
      role: args.positionals[0],
      vars,
      dryRun: flags.dryRun,
      sink,
      redactor,
      signal: io.signal,
      resultFile: args.values['result-file'],
    }),
  );
}
