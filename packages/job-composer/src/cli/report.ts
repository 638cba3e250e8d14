import type { Redactor } from '../events';
import type { RunResult } from '../playbook/run-api';
import { EXIT_FAILURE, EXIT_SUCCESS, exitCodeFor } from './exit-codes';
import { printError, printPlan, sinkFor, type CliIO } from './output';
import type { EventSink } from '../events';

export interface RunFlags {
  json: boolean;
  dryRun: boolean;
}

/**
 * Runs a playbook-level command and turns its outcome into output and an exit code: the
 * dry-run plan on stdout, role results with --json, the redacted error on failure.
 */
export async function runAndReport(
  flags: RunFlags,
  redactor: Redactor,
  io: CliIO,
  run: (sink: EventSink) => Promise<RunResult>,
): Promise<number> {
  try {
    const result = await run(sinkFor(flags.json, redactor, io));
    if (flags.dryRun && !flags.json) printPlan(result.plan, redactor, io);
    if (flags.json) {
      for (const r of result.roles) {
        const line = {
          kind: 'role',
          phase: 'result',
          name: r.role,
          host: r.host,
          summary: r.summary,
          result: r.result,
        };
        io.stdout(`${JSON.stringify(redactor.redactValue(line))}\n`);
      }
    }
    if (result.ok) return EXIT_SUCCESS;
    printError(result.error, redactor, io, flags.json);
    return result.error ? exitCodeFor(result.error) : EXIT_FAILURE;
  } catch (err) {
    printError(err, redactor, io, flags.json);
    return exitCodeFor(err);
  }
}
