import { formatJobTable, formatOperations, runPipeline } from '../pipeline';
import { parseArgs, type OptionSpec } from './args';
import { COMMON_OPTIONS } from './common';
import { UsageError } from './errors';
import { EXIT_FAILURE, EXIT_SUCCESS, EXIT_USAGE, exitCodeFor } from './exit-codes';
import { ITEM_OPTIONS, checkItemArgs, itemInputs, itemMatchInputs } from './item-inputs';
import { printError, sinkFor, type CliIO } from './output';

export const OPTIONS: OptionSpec[] = [
  ...COMMON_OPTIONS,
  ...ITEM_OPTIONS,
  {
    name: 'state-dir',
    kind: 'value',
    arg: 'DIR',
    help: 'where build records are kept between pipeline runs (for parent artifacts)',
  },
  { name: 'tenant', kind: 'value', arg: 'T', help: 'the tenant name in the builds API' },
  { name: 'serial', kind: 'flag', help: 'run one job at a time instead of in parallel' },
];

/**
 * `zuul-ts run-pipeline PIPELINE`: every job of the project's PIPELINE in dependency order.
 * Output: the job table on stdout (with `--dry-run`, the plan first); `--json`: one event per
 * line plus a `pipeline` result object. Exit 1 when a job failed, 2 on configuration errors.
 */
export async function runPipelineCommand(argv: string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, OPTIONS);
  const json = a.flags.json === true;
  if (a.positionals.length !== 1) throw new UsageError('run-pipeline needs exactly one PIPELINE');
  const projectDir = checkItemArgs(a);
  const { redactor, secretValues, extraVars } = itemInputs(a, io);
  const dryRun = a.flags['dry-run'] === true;
  try {
    const result = await runPipeline({
      pipeline: a.positionals[0],
      projectDir,
      project: a.values.project,
      configPaths: a.lists.config,
      siteConfig: a.lists['site-config'],
      change: a.values.change,
      patchset: a.values.patchset,
      tag: a.values.tag,
      branch: a.values.branch,
      ...itemMatchInputs(a),
      secretValues,
      stateDir: a.values['state-dir'],
      tenant: a.values.tenant,
      extraVars,
      dryRun,
      parallel: a.flags.serial !== true,
      sink: sinkFor(json, redactor, io),
      redactor,
      signal: io.signal,
      onJob: json
        ? undefined
        : (e) =>
            io.stderr(
              `${e.phase === 'start' ? '>>' : '<<'} ${e.job}${e.result ? `: ${e.result}` : ''}\n`,
            ),
    });
    if (json) {
      const summary = {
        kind: 'pipeline',
        phase: 'result',
        name: result.pipeline,
        result: result.result,
        buildset: result.buildset,
        stateDir: result.stateDir,
        jobs: result.jobs.map(({ cause: _cause, ...j }) => j),
      };
      io.stdout(`${JSON.stringify(redactor.redactValue(summary))}\n`);
    } else {
      if (dryRun) io.stdout(redactor.redact(formatOperations(result.operations)));
      io.stdout(redactor.redact(formatJobTable(result)));
    }
    if (result.ok) return EXIT_SUCCESS;
    const codes = result.jobs.filter((j) => j.cause).map((j) => exitCodeFor(j.cause));
    return codes.includes(EXIT_USAGE) ? EXIT_USAGE : EXIT_FAILURE;
  } catch (err) {
    printError(err, redactor, io, json);
    return exitCodeFor(err);
  }
}
