import { Redactor } from '../events';
import { runRole } from '../playbook/run-role';
import { parseArgs } from './args';
import { COMMON_OPTIONS, IGNORED_FLAGS } from './common';
import { UsageError } from './errors';
import { EXIT_FAILURE, EXIT_SUCCESS, exitCodeFor } from './exit-codes';
import { parseExtraVars } from './extra-vars';
import { printError, printPlan, sinkFor, type CliIO } from './output';

export const ROLE_USAGE =
  'zuul-ts role NAME [-e k=v | -e @file | -e @-]... [--dry-run] [--json] [--result-file PATH]';

/**
 * One role with the given variables. `roles/<name>/tasks/main.yaml` stubs call this with the
 * play's variables piped as JSON on stdin (`-e @-`), so stock Ansible can run our roles.
 */
export async function roleCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, COMMON_OPTIONS, IGNORED_FLAGS);
  const json = args.flags.json === true;
  if (args.positionals.length !== 1) throw new UsageError('role needs exactly one role NAME');
  const redactor = new Redactor();
  const vars = parseExtraVars(args.lists['extra-vars'], io.stdin);
  try {
    const result = await runRole({
      role: args.positionals[0],
      vars,
      dryRun: args.flags['dry-run'] === true,
      sink: sinkFor(json, redactor, io),
      redactor,
      resultFile: args.values['result-file'],
    });
    if (args.flags['dry-run'] && !json) printPlan(result.plan, redactor, io);
    if (!result.ok) {
      printError(result.error, redactor, io, json);
      return result.error ? exitCodeFor(result.error) : EXIT_FAILURE;
    }
    if (json) {
      for (const r of result.roles) {
        io.stdout(
          `${JSON.stringify(redactor.redactValue({ kind: 'role', phase: 'result', name: r.role, host: r.host, summary: r.summary, result: r.result }))}\n`,
        );
      }
    }
    return EXIT_SUCCESS;
  } catch (err) {
    printError(err, redactor, io, json);
    return exitCodeFor(err);
  }
}
